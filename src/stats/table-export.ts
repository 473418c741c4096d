import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { recordSecurityEvent } from '../security/security-log.ts';
import { t, type Locale } from '../i18n/i18n.ts';

/** A column of an exported table: its key (JSON), its heading (an i18n key, CSV) and its value. */
export interface Column<T> {
  key: string;
  heading: string;
  value: (row: T) => string | number | boolean | null;
}

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

async function* records<T>(columns: readonly Column<T>[], rows: Iterable<T> | AsyncIterable<T>) {
  for await (const row of rows)
    yield Object.fromEntries(columns.map((column) => [column.key, column.value(row)]));
}

async function* jsonArray<T>(columns: readonly Column<T>[], rows: Iterable<T> | AsyncIterable<T>) {
  yield '[';
  let first = true;
  for await (const item of records(columns, rows)) {
    yield `${first ? '' : ','}\n${JSON.stringify(item)}`;
    first = false;
  }
  yield '\n]\n';
}

/**
 * Streams a table as CSV (UTF-8 with a byte-order mark, so spreadsheet
 * programs read Arabic right; cells that would start a formula are escaped)
 * or JSON, row by row, after recording who exported what in the security
 * audit log. `rows` may be a cursor: nothing is held whole in memory.
 */
export async function sendExport<T>(
  req: Request,
  res: Response,
  options: {
    format: ExportFormat;
    /** The file name without extension, such as `haqq-stats-JO-2026-01-01-2026-12-31`. */
    name: string;
    /** What was exported, for the audit log (the table and its query). */
    what: Record<string, unknown>;
    locale: Locale;
  },
  columns: readonly Column<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
): Promise<void> {
  await recordSecurityEvent({
    type: 'stats_export',
    actor: req.user?.id ?? null,
    ip: req.ip ?? null,
    target: options.name,
    data: { format: options.format, ...options.what },
  });
  const file = `${options.name.replace(/[^A-Za-z0-9._-]/g, '_')}.${options.format}`;
  res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.type(
    options.format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
  );
  // Headers go out at once: the first row may take a while (a large range), and
  // clients and proxies must not time out waiting for them.
  res.flushHeaders();
  await pipeline([...tableStages(options.format, options.locale, columns, rows), res]);
}

/**
 * A table as the stages of a stream (for `pipeline`, which carries errors
 * through them all): CSV (UTF-8 with a byte-order mark; cells that would start
 * a formula escaped; each heading in `locale` with its key) or JSON.
 */
export function tableStages<T>(
  format: ExportFormat,
  locale: Locale,
  columns: readonly Column<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
): [Readable] | [Readable, NodeJS.ReadWriteStream] {
  if (format === 'json') return [Readable.from(jsonArray(columns, rows))];
  return [
    Readable.from(records(columns, rows)),
    stringify({
      bom: true,
      header: true,
      escape_formulas: true,
      columns: columns.map((column) => ({
        key: column.key,
        header: `${t(locale, column.heading)} (${column.key})`,
      })),
      cast: { boolean: (value) => (value ? 'true' : 'false') },
    }),
  ];
}
