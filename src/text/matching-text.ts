/**
 * A text read the way rules that look for personal data should read it (pure,
 * no I/O), with a map from every unit of the copy back to the original, so a
 * stretch found in the copy can be hidden in the original:
 *
 * - NFKC, so full-width `０７９` and `＠` are `079` and `@`, and ligatures are letters;
 * - format characters (zero-width spaces and joiners, direction marks, the soft
 *   hyphen), tatweel, and marks left uncomposed (Arabic tashkeel) removed;
 * - every decimal digit, of any script, read as its Latin digit;
 * - Persian `ی` and `ک` read as Arabic `ي` and `ك`;
 * - every dash read as `-`, every space as ` `, and a run of spaces as one.
 */
export interface MatchingText {
  /** The normalised copy. */
  text: string;
  /** For each UTF-16 unit of `text`: where the original stretch it came from starts. */
  starts: readonly number[];
  /** …and where it ends (exclusive). */
  ends: readonly number[];
}

// Each cluster is a character with its combining marks, so NFKC can compose them.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/suy;
const COMBINING = /\p{M}/u;
// Format characters, tatweel, and the marks NFKC did not compose into a letter (Arabic tashkeel).
const DROPPED = /[\p{Cf}\p{Mn}\u0640]/gu;
const DASH = /\p{Pd}/u;
const SPACE = /[^\S\n]/u;
const DIGIT = /\p{Nd}/u;
const LETTER_FOLD: Readonly<Record<string, string>> = { ی: 'ي', ک: 'ك' };

/**
 * The value of a decimal digit of any script: Unicode gives each script its
 * digits as one run of ten code points, zero first, so the value is how far
 * the digit lies from the start of its run.
 */
function latinDigit(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0x39) return char;
  let start = code;
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return String((code - start) % 10);
}

/** One normalised character as it should be read, or '' to drop it. */
function readAs(char: string): string {
  if (DIGIT.test(char)) return latinDigit(char);
  if (DASH.test(char)) return '-';
  if (SPACE.test(char)) return ' ';
  return LETTER_FOLD[char] ?? char;
}

/** An ASCII character as it is read (NFKC leaves it as it is): tab, CR and the like as a space. */
const readAscii = (code: number, char: string) =>
  code === 0x20 || (code >= 0x09 && code <= 0x0d && code !== 0x0a) ? ' ' : char;

/** The text as matching rules read it, with the map back to the original. */
export function matchingText(original: string): MatchingText {
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (unit: string, from: number, to: number) => {
    // A run of spaces is read as one: the first stands for the whole run.
    if (unit === ' ' && units.at(-1) === ' ') {
      ends[ends.length - 1] = to;
      return;
    }
    for (let i = 0; i < unit.length; i += 1) {
      units.push(i === 0 ? unit : '');
      starts.push(from);
      ends.push(to);
    }
  };
  let at = 0;
  while (at < original.length) {
    const code = original.charCodeAt(at);
    const next = original.charCodeAt(at + 1);
    // Most characters are ASCII or Arabic letters with no mark after them: NFKC leaves them.
    const plain =
      code < 0x80 || (code >= 0x0621 && code <= 0x063a) || (code >= 0x0641 && code <= 0x064a);
    if (plain && !(next >= 0x300 && COMBINING.test(original.charAt(at + 1)))) {
      push(code < 0x80 ? readAscii(code, original.charAt(at)) : original.charAt(at), at, at + 1);
      at += 1;
      continue;
    }
    CLUSTER.lastIndex = at;
    const cluster = CLUSTER.exec(original)?.[0] ?? original.charAt(at);
    const to = at + cluster.length;
    const read = Array.from(cluster.normalize('NFKC').replace(DROPPED, ''), readAs);
    for (const unit of read.join('')) push(unit, at, to);
    at = to;
  }
  return { text: units.join(''), starts, ends };
}

/** The stretch of the original that `start`–`end` of the copy came from. */
export function originalStretch(
  matching: MatchingText,
  start: number,
  end: number,
): { start: number; end: number } {
  const last = Math.max(start, end - 1);
  return { start: matching.starts[start] ?? 0, end: matching.ends[last] ?? 0 };
}
