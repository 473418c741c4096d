import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Redaction } from '../redaction/redaction.ts';

/** What a hidden cell reads in a published sheet (the marker of a redacted text file). */
export const CELL_REMOVED = '[حُذف · removed]';

/**
 * A sheet (CSV) redacted cell by cell: each cell is read by the rules on its
 * own and after its column's heading ("Phone: 795551234", so that the words
 * naming a number count), and a cell where they find anything is replaced
 * whole. Returns the sheet and how many cells were hidden.
 */
export function redactSheet(
  csv: string,
  find: (text: string) => Redaction[],
): { csv: string; hidden: number } {
  const rows: string[][] = parse(csv, { relaxColumnCount: true, bom: true });
  const header = rows[0] ?? [];
  let hidden = 0;
  const redacted = rows.map((row, r) =>
    row.map((cell, c) => {
      const heading = r > 0 ? (header[c] ?? '') : '';
      const labelled = heading ? `${heading}: ${cell}` : cell;
      const from = labelled.length - cell.length;
      const personal =
        find(cell).length > 0 || find(labelled).some((stretch) => stretch.end > from);
      if (!personal || cell.trim() === '') return cell;
      hidden += 1;
      return CELL_REMOVED;
    }),
  );
  return { csv: stringify(redacted), hidden };
}
