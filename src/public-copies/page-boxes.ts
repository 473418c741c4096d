import {
  applyRedactions,
  mergeRedactions,
  redactionMarker,
  type Redaction,
} from '../redaction/redaction.ts';

/** A rectangle on a page, in PDF points from the page's top left corner. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A piece of a line as the page holds it: a word read by OCR, or one character of a text layer. */
export interface Piece {
  text: string;
  box: Box;
  /** OCR's confidence in a word (0–100); none for a text layer's character. */
  confidence?: number;
}

/** A line of a page in reading order, and what joins its pieces (a space between OCR words). */
export interface PageLine {
  pieces: readonly Piece[];
  joiner: '' | ' ';
}

/** Why a box hides what it covers: a redaction rule's kind, or a run OCR may have misread. */
type BoxKind = Redaction['kind'];

export interface ProposedBox {
  box: Box;
  kind: BoxKind;
  /** `global:email`, `JO:phone`, `review:digits`, `manual`… */
  rule: string;
}

/** Six or more digits of any script, with single spaces or hyphens between them. */
const DIGIT_RUN = /\p{Nd}(?:[ -]?\p{Nd}){5,}/gu;
/** A date written with hyphens (2026-12-01, 01-12-2026): a run, but no one's number. */
const HYPHEN_DATE = /^(?:\p{Nd}{4}-\p{Nd}{1,2}-\p{Nd}{1,2}|\p{Nd}{1,2}-\p{Nd}{1,2}-\p{Nd}{4})$/u;
/** A word with an @ in it: what OCR left of an e-mail address it could not read whole. */
const ADDRESS_LIKE = /[^\s@]*@[^\s@]*/gu;

/**
 * What a machine-read line holds that OCR may have misread and the rules may
 * therefore have missed: every run of six or more digits (a personal number
 * read with a digit wrong is no longer a valid phone or id, but is still
 * someone's number) and every word with an @. They are boxed for the
 * officer's review, so that none of them reaches the public unseen.
 */
export function unsureStretches(text: string): Redaction[] {
  const found: Redaction[] = [];
  for (const match of text.matchAll(DIGIT_RUN))
    if (!HYPHEN_DATE.test(match[0]))
      found.push({
        start: match.index,
        end: match.index + match[0].length,
        kind: 'unsure_digits',
        rule: 'review:digits',
      });
  for (const match of text.matchAll(ADDRESS_LIKE))
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      kind: 'unsure_address',
      rule: 'review:address',
    });
  return found;
}

/** Below this confidence, OCR's reading of a word with a digit in it is a guess. */
const SURE = 70;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/**
 * Runs of words OCR was unsure of that hold a digit, with the marks around
 * them it could not read either (a phone written in Arabic-Indic digits came
 * back as `€ 001۳|`): a number misread is no longer one the rules or a run of
 * digits can find, so each such run is boxed for review.
 */
function unsureWords(line: PageLine, owner: readonly number[]): Redaction[] {
  const unsure = line.pieces.map(
    (piece) =>
      (piece.confidence ?? 100) < SURE && (DIGIT.test(piece.text) || !LETTER.test(piece.text)),
  );
  const found: Redaction[] = [];
  let i = 0;
  while (i < line.pieces.length) {
    if (!unsure[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < line.pieces.length && unsure[j + 1]) j++;
    if (line.pieces.slice(i, j + 1).some((piece) => DIGIT.test(piece.text))) {
      const start = owner.indexOf(i);
      const end = owner.lastIndexOf(j) + 1;
      found.push({ start, end, kind: 'unsure_digits', rule: 'review:unsure' });
    }
    i = j + 1;
  }
  return found;
}

/**
 * `text` with each run of digits written backwards, in place. Some PDF
 * writers store a run of Arabic-Indic digits in an Arabic line in the order it
 * is seen (٧٦٥٤٣٢١٩٧٠ for ٠٧٩١٢٣٤٥٦٧); the rules read both orders, and a run
 * keeps its place, so what they find maps back onto the same characters.
 */
export function reverseDigitRuns(text: string): string {
  return text.replace(/\p{Nd}+/gu, (run) => Array.from(run).reverse().join(''));
}

const union = (boxes: readonly Box[]): Box => ({
  x0: Math.min(...boxes.map((b) => b.x0)),
  y0: Math.min(...boxes.map((b) => b.y0)),
  x1: Math.max(...boxes.map((b) => b.x1)),
  y1: Math.max(...boxes.map((b) => b.y1)),
});

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

const ZERO: Box = { x0: 0, y0: 0, x1: 0, y1: 0 };

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

const CLOSING_MARK = /^[.,:;!?،؛؟]$/u;

export const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/u;

/**
 * A text layer's line in reading order. PDF writers store an Arabic line's
 * words in the order they are seen, left to right, each word's letters in
 * reading order: the words of a line with Arabic letters in it are turned
 * round (a Latin line is left as it is).
 */
export function logicalLine(line: PageLine): PageLine {
  if (line.joiner !== '' || !line.pieces.some((p) => ARABIC_LETTER.test(p.text))) return line;
  const words: Piece[][] = [];
  let word: Piece[] = [];
  for (const piece of line.pieces) {
    if (/^\s$/u.test(piece.text)) {
      if (word.length) words.push(word);
      word = [];
    } else word.push(piece);
  }
  if (word.length) words.push(word);
  const space = (a: Piece[], b: Piece[]): Piece => ({
    text: ' ',
    box: union([a.at(-1)?.box ?? ZERO, b[0]?.box ?? ZERO]),
  });
  // A word's closing mark (a colon, a comma) is seen on its left, so it is stored first.
  for (const w of words) {
    let lead = 0;
    while (lead < w.length - 1 && CLOSING_MARK.test(w[lead]?.text ?? '')) lead++;
    w.push(...w.splice(0, lead));
  }
  const reversed = words.reverse();
  const pieces = reversed.flatMap((w, i) => {
    const next = reversed[i + 1];
    return next ? [...w, space(w, next)] : w;
  });
  return { pieces, joiner: '' };
}

/** The officer's changes to the rules' boxes, applied at each preparation of a copy. */
export interface CopyAdjustments {
  /** Keys of boxes left visible (boxKey). */
  lifted: string[];
  /** Words hidden wherever they appear. */
  words: string[];
  /** Boxes drawn by hand, on page `page` (from 1). */
  added: Array<{ page: number; box: Box }>;
}

/**
 * What a box is known by across preparations of the same document: its page,
 * its rule and its corner to the point (the same file read the same way gives
 * the same boxes).
 */
export const boxKey = (page: number, box: Pick<ProposedBox, 'rule' | 'box'>) =>
  `${String(page)}:${box.rule}:${String(Math.round(box.box.x0))}:${String(Math.round(box.box.y0))}`;

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
