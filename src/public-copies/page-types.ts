import type { Redaction } from '../redaction/redaction.ts';

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

/** The smallest box holding every one of `boxes`. */
export const union = (boxes: readonly Box[]): Box => ({
  x0: Math.min(...boxes.map((b) => b.x0)),
  y0: Math.min(...boxes.map((b) => b.y0)),
  x1: Math.max(...boxes.map((b) => b.x1)),
  y1: Math.max(...boxes.map((b) => b.y1)),
});

export const ZERO: Box = { x0: 0, y0: 0, x1: 0, y1: 0 };

/**
 * A box found on a page: why, its key across preparations, the words it hides
 * (for the agency's staff only), and whether the officer left it visible (then
 * it is listed for review but not burned in).
 */
interface CopyBox extends ProposedBox {
  key: string;
  words: string;
  lifted: boolean;
}

/** One page of a public copy: what the public reads, and its boxes. */
export interface CopyPage {
  /** 1 for the first page. */
  page: number;
  /** Read by OCR (a scan or a photo) rather than from the document's own text. */
  machineRead: boolean;
  /** The words the public may read, each hidden stretch a marker (⟦kind⟧). */
  text: string;
  boxes: CopyBox[];
  /** OCR's mean confidence (0–100); null for a page with its own text. */
  confidence: number | null;
  /** The page's size in points (the preview's boxes are drawn in proportion). */
  width: number;
  height: number;
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

/** A spreadsheet's sheet published as CSV: its place, its name (null when it held personal data), its file, and how many cells were hidden. */
export interface SheetCopy {
  n: number;
  name: string | null;
  file: string;
  hidden: number;
}
