import {
  applyRedactions,
  mergeRedactions,
  redactionMarker,
  type Redaction,
} from '../redaction/redaction.ts';
import {
  union,
  ZERO,
  type Box,
  type PageLine,
  type Piece,
  type ProposedBox,
} from './page-types.ts';
import { unsureStretches, unsureWords } from './unsure-readings.ts';

/**
 * `text` with each run of digits written backwards, in place. Some PDF
 * writers store a run of Arabic-Indic digits in an Arabic line in the order it
 * is seen (٧٦٥٤٣٢١٩٧٠ for ٠٧٩١٢٣٤٥٦٧); the rules read both orders, and a run
 * keeps its place, so what they find maps back onto the same characters.
 */
export function reverseDigitRuns(text: string): string {
  return text.replace(/\p{Nd}+/gu, (run) => Array.from(run).reverse().join(''));
}

/** A line's text, and for each of its characters the piece it belongs to (-1 for a joiner). */
function lineText(line: PageLine): { text: string; owner: number[] } {
  let text = '';
  const owner: number[] = [];
  line.pieces.forEach((piece, i) => {
    if (i > 0 && line.joiner) {
      text += line.joiner;
      owner.push(-1);
    }
    text += piece.text;
    for (let k = 0; k < piece.text.length; k++) owner.push(i);
  });
  return { text, owner };
}

/** The boxes that cover one stretch: one per run of neighbouring pieces it touches. */
function boxesOfStretch(line: PageLine, owner: readonly number[], stretch: Redaction): Box[] {
  const touched = [...new Set(owner.slice(stretch.start, stretch.end).filter((i) => i >= 0))].sort(
    (a, b) => a - b,
  );
  const groups: number[][] = [];
  for (const i of touched) {
    const last = groups.at(-1);
    if (last && last.at(-1) === i - 1) last.push(i);
    else groups.push([i]);
  }
  return groups.map((group) => union(group.map((i) => line.pieces[i]?.box ?? ZERO)));
}

/** A stretch grown to the whole pieces it touches: the text hides what the image hides. */
function widened(stretch: Redaction, owner: readonly number[]): Redaction {
  let { start, end } = stretch;
  const first = owner[start] ?? -1;
  const last = owner[end - 1] ?? -1;
  while (first >= 0 && start > 0 && owner[start - 1] === first) start--;
  while (last >= 0 && end < owner.length && owner[end] === last) end++;
  return { ...stretch, start, end };
}

/**
 * What a page shows that must not reach the public, as boxes over the pieces
 * that hold it (a whole OCR word when the rules find part of one). `find` is
 * the request's redaction rules; a machine-read page also has its unsure runs
 * boxed, and every line's digit runs are read in both orders.
 */
export function findLineBoxes(
  lines: readonly PageLine[],
  find: (text: string) => Redaction[],
  machineRead: boolean,
): ProposedBox[] {
  const boxes: ProposedBox[] = [];
  for (const line of lines) {
    const { text, owner } = lineText(line);
    const stretches = mergeRedactions(
      [
        ...find(text),
        ...find(reverseDigitRuns(text)),
        ...(machineRead ? unsureStretches(text) : []),
        ...(machineRead ? unsureWords(line, owner) : []),
      ].map((stretch) => widened(stretch, owner)),
    );
    for (const stretch of stretches)
      for (const box of boxesOfStretch(line, owner, stretch))
        boxes.push({ box, kind: stretch.kind, rule: stretch.rule });
  }
  return boxes;
}

const inside = (box: Box, piece: Piece) => {
  const x = (piece.box.x0 + piece.box.x1) / 2;
  const y = (piece.box.y0 + piece.box.y1) / 2;
  return x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1;
};

/**
 * The page's words as the public reads them, one line each: every piece whose
 * middle lies under a box is replaced by the box's marker (⟦kind⟧, one for a
 * run of hidden pieces), whichever reading found it. The page's own text
 * never shows what its image hides.
 */
export function markedText(lines: readonly PageLine[], boxes: readonly ProposedBox[]): string {
  return lines.map((line) => markedLine(line, boxes)).join('\n');
}

function markedLine(line: PageLine, boxes: readonly ProposedBox[]): string {
  let out = '';
  let last: ProposedBox['kind'] | null = null;
  let first = true;
  // Spaces wait: dropped inside a hidden run, kept around it.
  let spaces = '';
  for (const piece of line.pieces) {
    if (/^\s+$/u.test(piece.text)) {
      spaces += piece.text;
      continue;
    }
    const hit = boxes.find((b) => inside(b.box, piece))?.kind ?? null;
    if (hit && hit === last) {
      spaces = '';
      continue;
    }
    // A piece's own ⟦ ⟧ are made plain by applyRedactions: only a box writes a marker.
    out += (first ? '' : line.joiner) + spaces;
    out += hit ? redactionMarker(hit) : applyRedactions(piece.text, []);
    spaces = '';
    last = hit;
    first = false;
  }
  return out + spaces;
}

/** The words of the pieces under `box`, as the page holds them: what it hides. */
export function wordsUnder(lines: readonly PageLine[], box: Box): string {
  return lines
    .map((line) =>
      line.pieces
        .filter((piece) => inside(box, piece))
        .map((piece) => piece.text)
        .join(line.joiner),
    )
    .filter((text) => text.trim())
    .join(' ')
    .trim();
}

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Boxes of the same kind that overlap, joined into one: the text layer and
 * OCR often find the same number, a little apart. The first one's rule stays.
 */
export function joinOverlapping<T extends ProposedBox>(boxes: readonly T[]): T[] {
  const joined: T[] = [];
  for (const box of boxes) {
    const same = joined.find((b) => b.kind === box.kind && overlap(b.box, box.box));
    if (same) same.box = union([same.box, box.box]);
    else joined.push({ ...box, box: { ...box.box } });
  }
  return joined;
}
