import type { PageLine } from './page-types.ts';

/** A page as Tesseract read it: its lines of words (reading order) and how sure it was. */
export interface OcrPage {
  lines: PageLine[];
  words: number;
  /** The mean confidence (0–100) of the words read; 0 when none. */
  confidence: number;
}

/**
 * Tesseract's TSV output (one row per block, paragraph, line and word, with
 * its box in pixels and a confidence) as lines of words with their boxes in
 * PDF points, for a page rendered at `dpi`. Tesseract lists a line's words in
 * reading order, right to left for Arabic, so a line's text is its words
 * joined by spaces, as a reader would type it.
 */
export function ocrPageOf(tsv: string, dpi: number): OcrPage {
  const scale = 72 / dpi;
  const lines = new Map<string, PageLine & { pieces: PageLine['pieces'][number][] }>();
  let words = 0;
  let confidence = 0;
  for (const row of tsv.split('\n').slice(1)) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] !== '5') continue;
    const text = (cells.slice(11).join('\t') || '').trim();
    if (!text) continue;
    const [left, top, width, height, conf] = cells.slice(6, 11).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const key = cells.slice(1, 5).join('.');
    let line = lines.get(key);
    if (!line) {
      line = { pieces: [], joiner: ' ' };
      lines.set(key, line);
    }
    line.pieces.push({
      text,
      confidence: conf,
      box: {
        x0: left * scale,
        y0: top * scale,
        x1: (left + width) * scale,
        y1: (top + height) * scale,
      },
    });
    words += 1;
    confidence += Math.max(0, conf);
  }
  return { lines: [...lines.values()], words, confidence: words ? confidence / words : 0 };
}
