import { union, ZERO, type PageLine, type Piece } from './page-types.ts';

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
