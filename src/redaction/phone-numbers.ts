import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { contactWordNear, notPersonalNumber } from './context-words.ts';

/**
 * Phone numbers in a text, as people write them (pure, no I/O): groups of
 * digits joined by spaces, dashes, dots or brackets, in national form for the
 * request's country or in international form (`+`, `00`, or the country code
 * written bare) for any country. Whether digits are a number in use comes from
 * libphonenumber's numbering plans (the `max` metadata: mobile and fixed ranges
 * per country), so every jurisdiction's plan is covered without rules of ours.
 *
 * A number in international form is always hidden. A number in national form
 * is hidden unless the words beside it make it an amount, a count or a legal
 * reference (context-words.ts), or it is written as a date or a span of years.
 * Bare digits must be in a range the plan has in use; with a contact word
 * beside them, or a trunk 0 before them, a length the plan allows is enough.
 */

/** The kinds of number that belong to a person or may (shared-cost and toll-free numbers are an office's). */
const PERSONAL_TYPES: ReadonlySet<string> = new Set([
  'MOBILE',
  'FIXED_LINE',
  'FIXED_LINE_OR_MOBILE',
  'PERSONAL_NUMBER',
  'VOIP',
  'PAGER',
]);

// What may stand between two groups of one number: a space, a dash or a dot
// (spaces around it allowed), or a bracket closing or opening an area code.
const GAP = /^ ?(?:[.-]|\) ?[.-]?|\()? ?$/;
const MAX_GAP = 3;
const MAX_GROUPS = 6;
// Written before the first group: `+`, `(+`, `+ (`.
const INTERNATIONAL_BEFORE = /\+[ (]{0,2}$/;
// Letters, digits and marks that glue a number to a word, an address or a reference.
const GLUED_BEFORE = /[\p{L}\p{N}_@/\\#]$/u;
const GLUED_AFTER = /^[\p{L}\p{N}_@/\\%٪]/u;

const DATE =
  /^(?:(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d|(?:19|20)\d\d([./-])(?:0?[1-9]|1[0-2])\2(?:0?[1-9]|[12]\d|3[01]))$/;
const YEAR_SPAN = /^(?:19|20)\d\d ?[-/] ?(?:19|20)\d\d$/;

interface Group {
  start: number;
  end: number;
  digits: string;
}

/** Runs of digit groups joined by what numbers are written with. */
function runsOf(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  for (const match of text.matchAll(/\d+/g)) {
    const group = { start: match.index, end: match.index + match[0].length, digits: match[0] };
    const last = run.at(-1);
    const gap = last ? text.slice(last.end, group.start) : '';
    if (last && gap.length <= MAX_GAP && GAP.test(gap)) run.push(group);
    else {
      if (run.length > 0) runs.push(run);
      run = [group];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Whether `digits` are a person's number: in a numbering plan's ranges in use
 * (`strict`), or merely of a length the plan allows, where the way it is
 * written already says it is a phone (a `+`, or a contact word beside it).
 */
function personal(digits: string, country: CountryCode | undefined, strict: boolean): boolean {
  const parsed = parsePhoneNumberFromString(digits, country);
  if (!parsed) return false;
  if (parsed.isValid()) return PERSONAL_TYPES.has(parsed.getType() ?? '');
  return !strict && parsed.isPossible();
}

/** How `digits` (7 to 15 of them) read as a phone number: international, national, or not one. */
function reading(
  digits: string,
  international: boolean,
  country: CountryCode | undefined,
  strict: boolean,
): 'international' | 'national' | null {
  if (international || digits.startsWith('00')) {
    return personal(`+${digits.replace(/^00/, '')}`, undefined, false) ? 'international' : null;
  }
  if (country && personal(digits, country, strict)) return 'national';
  // Another country's number with its code written bare (216 98 765 432).
  return digits.length >= 10 && personal(`+${digits}`, undefined, true) ? 'national' : null;
}

/** libphonenumber's name for a jurisdiction, when it has a numbering plan for it. */
const countryOf = (jurisdiction: string): CountryCode | undefined =>
  /^[A-Z]{2}$/.test(jurisdiction) ? (jurisdiction as CountryCode) : undefined;

/**
 * Where a number written from group `first` to group `last` begins and ends:
 * with its `+` or `(+` in international form, its brackets around an area
 * code, and whether a `+` stands before it.
 */
function writtenStretch(text: string, first: Group, last: Group) {
  const headFrom = Math.max(0, first.start - 4);
  const head = text.slice(headFrom, first.start);
  const international = INTERNATIONAL_BEFORE.test(head);
  const opening = international
    ? headFrom + head.lastIndexOf('+')
    : head.endsWith('(')
      ? first.start - 1
      : first.start;
  const from = text[opening - 1] === '(' && international ? opening - 1 : opening;
  const inside = text.slice(from, last.end);
  const closes = text[last.end] === ')' && inside.split('(').length > inside.split(')').length;
  return { from, to: closes ? last.end + 1 : last.end, international };
}

/** The stretch groups `i` to `j` of `run` make, if they are written as a personal phone number. */
function phoneAt(
  text: string,
  run: readonly Group[],
  i: number,
  j: number,
  country: CountryCode | undefined,
): { start: number; end: number } | null {
  const first = run[i];
  const last = run[j];
  if (!first || !last) return null;
  const digits = run
    .slice(i, j + 1)
    .map((g) => g.digits)
    .join('');
  if (digits.length < 7 || digits.length > 15) return null;
  const { from, to, international } = writtenStretch(text, first, last);
  if (GLUED_BEFORE.test(text.slice(Math.max(0, from - 1), from))) return null;
  if (GLUED_AFTER.test(text.slice(to, to + 1))) return null;
  // A contact word, or a trunk 0 (no amount or count starts with 0), says it is a phone.
  const said = contactWordNear(text, from, to) || digits.startsWith('0');
  const kind = reading(digits, international, country, !said);
  if (!kind) return null;
  if (kind === 'national') {
    const written = text.slice(first.start, last.end);
    if (DATE.test(written) || YEAR_SPAN.test(written)) return null;
    if (notPersonalNumber(text, from, to)) return null;
  }
  return { start: from, end: to };
}

/**
 * The stretches of `text` (a matching text: Latin digits, one space between
 * words) that are personal phone numbers, for a request of `jurisdiction`.
 * Each run of groups is read from its first group: the longest number that
 * starts there is taken, then the reading goes on after it.
 */
export function phoneStretches(
  text: string,
  jurisdiction: string,
): { start: number; end: number }[] {
  const country = countryOf(jurisdiction);
  const found: { start: number; end: number }[] = [];
  for (const run of runsOf(text)) {
    let i = 0;
    while (i < run.length) {
      let next = i + 1;
      for (let j = Math.min(run.length, i + MAX_GROUPS) - 1; j >= i; j -= 1) {
        const phone = phoneAt(text, run, i, j, country);
        if (phone) {
          found.push(phone);
          next = j + 1;
          break;
        }
      }
      i = next;
    }
  }
  return found;
}
