import type { Redaction } from '../redaction/redaction.ts';
import type { PageLine } from './page-types.ts';

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
export function unsureWords(line: PageLine, owner: readonly number[]): Redaction[] {
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
