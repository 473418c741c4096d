/**
 * Search normalisation for Arabic and English text (pure, no I/O). Arabic:
 * tashkeel and tatweel removed, alef and hamza forms folded, ة→ه, ى→ي, the
 * article and common clitics stripped lightly. English: lower-cased, light
 * plural and verb-ending stemming. Digits of either script become Latin.
 */

const TASHKEEL = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const ARABIC_FOLD: Readonly<Record<string, string>> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ؤ: 'و',
  ئ: 'ي',
  ء: '',
  ة: 'ه',
  ى: 'ي',
  // Persian forms, as Persian keyboards and OCR's Arabic-script model write them.
  ی: 'ي',
  ک: 'ك',
};
const ARABIC_LETTERS = /[\u0621-\u064a\u06a9\u06cc]/;

const STOPWORDS = new Set([
  // Arabic (after folding)
  'في',
  'من',
  'علي',
  'الي',
  'عن',
  'ما',
  'هذا',
  'هذه',
  'التي',
  'الذي',
  'او',
  'ان',
  'كل',
  'مع',
  'لي',
  'ارجو',
  'يرجي',
  // English (after stemming)
  'the',
  'a',
  'an',
  'of',
  'to',
  'in',
  'for',
  'and',
  'or',
  'on',
  'with',
  'by',
  'is',
  'are',
  'be',
  'from',
  'about',
  'all',
  'every',
  'please',
  'send',
  'me',
  'my',
  'i',
  'thi',
  'that',
]);

/** Folds one Arabic word: diacritics and tatweel out, letter variants to one form. */
export function foldArabic(word: string): string {
  return word
    .replace(TASHKEEL, '')
    .replace(/[أإآٱؤئءةىیک]/g, (letter) => ARABIC_FOLD[letter] ?? letter);
}

const ARABIC_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
// Plurals, pronouns, and the ه that folding leaves of ة (موازنه and موازنات share موازن).
const ARABIC_SUFFIXES = ['ات', 'ون', 'ين', 'ها', 'هم', 'ه'];

/** Strips one leading article/clitic and one plural or pronoun ending, keeping a stem of 3 letters or more. */
function stemArabic(word: string): string {
  let stem = word;
  const prefix = ARABIC_PREFIXES.find((p) => stem.startsWith(p) && stem.length - p.length >= 3);
  if (prefix) stem = stem.slice(prefix.length);
  const suffix = ARABIC_SUFFIXES.find((s) => stem.endsWith(s) && stem.length - s.length >= 3);
  if (suffix) stem = stem.slice(0, -suffix.length);
  return stem;
}

/** Light English stemming: plurals, possessives and the commonest verb endings. */
function stemEnglish(word: string): string {
  let stem = word.replace(/'s$/, '');
  if (stem.length > 4 && stem.endsWith('ies')) return `${stem.slice(0, -3)}y`;
  if (stem.length > 4 && /(ss|x|z|ch|sh)es$/.test(stem)) return stem.slice(0, -2);
  if (stem.length > 3 && stem.endsWith('s') && !/(ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  if (stem.length > 5 && stem.endsWith('ing')) return stem.slice(0, -3);
  if (stem.length > 4 && stem.endsWith('ed')) return stem.slice(0, -2);
  return stem;
}

const toLatinDigits = (text: string) =>
  text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));

/** One word in its normal form (Arabic or English), or '' for a stop word. */
export function normaliseWord(word: string): string {
  const lower = toLatinDigits(word.normalize('NFC')).toLowerCase();
  const folded = ARABIC_LETTERS.test(lower) ? stemArabic(foldArabic(lower)) : stemEnglish(lower);
  return STOPWORDS.has(folded) ? '' : folded;
}

/** The normalised words of a text, in order, stop words and one-letter words left out. */
export function normaliseText(text: string): string[] {
  const words = toLatinDigits(text)
    .replace(TASHKEEL, '')
    .split(/[^\p{L}\p{N}']+/u)
    .map((word) => normaliseWord(word.replace(/^'+|'+$/g, '')));
  return words.filter((word) => word.length > 1);
}

/** The distinct normalised words of a text: what search and matching compare. */
export function searchTokens(text: string): string[] {
  return [...new Set(normaliseText(text))];
}

/** Jaccard similarity of two texts' normalised words, 0 (nothing shared) to 1 (the same words). */
export function textSimilarity(a: string, b: string): number {
  const left = new Set(normaliseText(a));
  const right = new Set(normaliseText(b));
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared);
}

const ARABIC_CLITICS = 'وبلفك';

/**
 * Whether a normalised text word is the normalised keyword, allowing one
 * leading Arabic clitic (و ب ل ف ك) on the text's word: بموازنه matches موازنه.
 */
export function matchesWord(word: string, keyword: string): boolean {
  if (word === keyword) return true;
  return (
    word.length === keyword.length + 1 &&
    ARABIC_CLITICS.includes(word[0] ?? '') &&
    word.slice(1) === keyword
  );
}
