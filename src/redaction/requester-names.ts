import { escapeRegExp } from '../text/regexp-escape.ts';
import { latinNameSource, withoutMarks } from './latin-names.ts';

/**
 * Where a text names the requester (pure, no I/O). Their name is cut into its
 * parts (عبد الله, أبو خالد and بن علي are one part each); the text hides:
 *
 * - any two parts or more written next to each other, in any order and any
 *   spelling (محمد الحداد, الحداد محمد, Haddad, Layla);
 * - the family name (the last part) wherever it stands alone;
 * - each in Arabic (any hamza, ta marbuta, alef maqsura or ya spelling, with
 *   or without the article and a clitic before it) or in Latin letters
 *   (latin-names.ts). A lone Latin family name must start with a capital.
 *
 * A first name alone is left: it names too many people to be the requester's.
 * The text is a matching text (matching-text.ts): no marks, no tatweel.
 */

const ARABIC_VARIANTS: Readonly<Record<string, string>> = {
  ا: '[اأإآٱ]',
  أ: '[اأإآٱ]',
  إ: '[اأإآٱ]',
  آ: '[اأإآٱ]',
  ٱ: '[اأإآٱ]',
  ة: '[ةه]',
  ه: '[ةه]',
  ى: '[ىيا]',
  ي: '[ىيئ]',
  ئ: '[ئيء]',
  ؤ: '[ؤوء]',
};
// Words that make one part with the word after them.
const JOINED = new Set([
  'عبد',
  'أبو',
  'ابو',
  'أبي',
  'ابي',
  'بن',
  'ابن',
  'بنت',
  'آل',
  'ال',
  'ولد',
  'أم',
  'ام',
]);
const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{N}])';
// What may stand between two parts of a name written together: a space, a comma, a dash.
const BETWEEN = /^(?: |\s?[,،]\s?|\s?-\s?)$/u;

/** The parts of a name: its words, with عبد, أبو, بن… joined to the word after them. */
function nameParts(name: string): string[] {
  const words = withoutMarks(name).split(/\s+/).filter(Boolean);
  const parts: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if (JOINED.has(word) && next) {
      parts.push(`${word} ${next}`);
      i += 1;
    } else parts.push(word);
  }
  return parts;
}

/** An Arabic part as a pattern's source: letter variants, optional space inside, article and clitic. */
function arabicSource(part: string): string {
  const bare = part.startsWith('ال') && part.length > 4 ? part.slice(2) : part;
  const letters = Array.from(bare, (char) =>
    char === ' ' ? '\\s?' : (ARABIC_VARIANTS[char] ?? escapeRegExp(char)),
  ).join('');
  // الحداد is also written حداد, والحداد, للحداد; other names take و or ف before them.
  return bare === part ? `[وف]?${letters}` : `(?:[وفبك]?ال|لل)?${letters}`;
}

/** A part in Latin letters (the requester wrote their name so), with al- or el- before it. */
function latinSource(part: string): string {
  return `(?:(?:al|el)[- ]?)?${part.split(/\s+/).map(escapeRegExp).join("[- ']?")}`;
}

interface Occurrence {
  start: number;
  end: number;
  part: number;
}

/** Every place a part of the name stands in `text`. */
function occurrences(text: string, parts: readonly string[]): Occurrence[] {
  const found: Occurrence[] = [];
  parts.forEach((part, index) => {
    const isArabic = /[\u0621-\u064a]/.test(part);
    const sources = isArabic ? [arabicSource(part), latinNameSource(part)] : [latinSource(part)];
    for (const source of sources) {
      if (!source) continue;
      const pattern = new RegExp(`${NOT_LETTER_BEFORE}(?:${source})${NOT_LETTER_AFTER}`, 'giu');
      for (const match of text.matchAll(pattern))
        found.push({ start: match.index, end: match.index + match[0].length, part: index });
    }
  });
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * The index of the first occurrence (from `from` on, sorted by start) that starts
 * at or after `position`: a binary search, so a text naming the requester
 * thousands of times costs no more than its length (a scan from each one was quadratic).
 */
function firstStartingAt(found: readonly Occurrence[], position: number, from: number): number {
  let low = from;
  let high = found.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((found[middle]?.start ?? Infinity) < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether a Latin occurrence starts with a capital (after al-/el-): a name, not a word. */
const capitalised = (text: string, at: Occurrence) => {
  const word = text.slice(at.start, at.end).replace(/^[AaEe][Ll][- ']?(?=\p{Lu})/u, '');
  return !/^\p{Ll}/u.test(word);
};

/** The stretches of `text` that name the requester `name`. */
export function nameStretches(text: string, name: string): { start: number; end: number }[] {
  const parts = nameParts(name).filter((part) => part.replace(/\s/g, '').length >= 2);
  if (parts.length === 0) return [];
  const family = parts.length - 1;
  const found = occurrences(text, parts);
  const hidden: { start: number; end: number }[] = [];
  found.forEach((at, i) => {
    // Two different parts side by side: both are hidden.
    const next = found[firstStartingAt(found, at.end, i + 1)];
    if (next && next.part !== at.part && BETWEEN.test(text.slice(at.end, next.start))) {
      hidden.push({ start: at.start, end: next.end });
    }
    if (
      at.part === family &&
      (parts.length === 1 ||
        /[\u0621-\u064a]/.test(text.slice(at.start, at.end)) ||
        capitalised(text, at))
    )
      hidden.push(at);
  });
  return hidden.map(({ start, end }) => ({ start, end }));
}
