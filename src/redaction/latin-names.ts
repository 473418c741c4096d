import { escapeRegExp } from '../text/regexp-escape.ts';
/**
 * Arabic names as people write them in Latin letters (pure, no I/O). There is
 * no one transliteration: محمد is Mohammed, Muhammad, Mohamed or Mhamed, and
 * الحداد is Haddad, Al-Haddad, El Haddad or Alhaddad. So a name becomes a
 * pattern: each letter with the Latin spellings it is written with (English
 * and French habits, and the Arabizi digits 3 and 7), the short vowels Arabic
 * does not write allowed between letters, the article as al-, el- or an
 * assimilated e- (Ennajjar), and the spellings no rule gives taken from a table.
 */

/** The Latin spellings of each Arabic letter. */
const LETTERS: Readonly<Record<string, string>> = {
  ب: 'bb?|p',
  ت: 'tt?',
  ث: 'th|t|s',
  ج: 'dj|j|g|jj',
  ح: 'hh?|7',
  خ: 'kh|k|h|x|5',
  د: 'dd?|dh',
  ذ: 'dh|th|z|d',
  ر: 'rr?',
  ز: 'zz?|s',
  س: 'ss?|c|ç',
  ش: 'sh|ch|sch|ş|s',
  ص: 'ss?|c',
  ض: 'dh|d|z',
  ط: 'tt?|6',
  ظ: 'dh|z|th|d',
  غ: 'gh|g|r',
  ف: 'ff?|ph',
  ق: 'q|k|g|kk|9',
  ك: 'kk?|ck|c|q',
  ل: 'll?',
  م: 'mm?',
  ن: 'nn?',
  ه: 'h',
  و: 'ou|oo|ow|aw|w|o|u|v|ô',
  ي: 'iy|ee|ie|ey|ei|ai|y|i|e|j',
  ى: 'aa|ah|a|y|i|e',
  ا: 'aa|â|a|e',
  // Hamza and ain are written as a vowel, an apostrophe, 3, or not at all.
  ع: "aa|a|e|i|o|u|3|'|‘|ʿ",
  ء: "a|e|i|o|u|'",
  أ: 'a|e|i|o|u',
  إ: 'i|e',
  آ: 'aa|a',
  ئ: "y|i|e|'",
  ؤ: "ou|u|o|'",
};
/** Letters whose Latin spelling may be left out (a vowel, ain, hamza, a final h). */
const OPTIONAL = new Set(['ا', 'ع', 'ء', 'أ', 'إ', 'آ', 'ئ', 'ؤ', 'ه']);
const VOWEL = '[aeiouyéèâôî]?';
const ARTICLE = "(?:[aeiu]l[- ']?|[ae](?=[a-zç]))";

/**
 * Spellings no letter-by-letter rule gives: abbreviations, and names whose
 * usual Latin form comes from another language. Keys are Arabic names without
 * marks; values are matched whole, case aside.
 */
export const LATIN_NAME_TABLE: Readonly<Record<string, readonly string[]>> = {
  محمد: [
    'Mohammed',
    'Muhammad',
    'Mohamed',
    'Mohammad',
    'Mohamad',
    'Muhammed',
    'Mhamed',
    'Mohd',
    'Mhd',
    'Md',
    'Mehmet',
  ],
  أحمد: ['Ahmad', 'Ahmed', 'Ahmet'],
  يوسف: ['Youssef', 'Yousef', 'Yusuf', 'Youcef', 'Yousif', 'Joseph'],
  إبراهيم: ['Ibrahim', 'Ebrahim', 'Brahim', 'Abraham'],
  عيسى: ['Issa', 'Eissa', 'Isa', 'Aissa'],
  موسى: ['Musa', 'Moussa', 'Mousa', 'Moses'],
  عبدالله: ['Abdullah', 'Abdallah', 'Abdellah', 'Abd Allah', 'Abdalla', 'Abdulla'],
  الحداد: ['Haddad', 'Al-Haddad', 'El Haddad', 'Alhaddad', 'El-Haddad'],
  مصطفى: ['Mustafa', 'Moustafa', 'Mostafa', 'Mustapha'],
  جورج: ['George', 'Georges', 'Jurj'],
  ميشال: ['Michel', 'Michael', 'Mishal'],
  بطرس: ['Boutros', 'Butrus', 'Peter', 'Pierre'],
  يعقوب: ['Yacoub', 'Yaqub', 'Jacob', 'Yacoob'],
};

const MARKS = /[\u064b-\u065f\u0670\u0640]/g;
/** An Arabic name without its marks (tashkeel, dagger alef) and tatweel. */
export const withoutMarks = (name: string) => name.replace(MARKS, '');

/** One Arabic word (no article) as a Latin pattern's source. */
function wordPattern(word: string): string {
  const letters = Array.from(word);
  return letters
    .map((letter, i) => {
      const last = i === letters.length - 1;
      if (letter === 'ة') return '(?:ah|eh|at|et|a|e|h)?';
      const spellings = LETTERS[letter];
      if (!spellings) return escapeRegExp(letter);
      const optional = OPTIONAL.has(letter) || (last && letter === 'ه');
      return `(?:${spellings})${optional ? '?' : ''}`;
    })
    .join(VOWEL);
}

/**
 * The source of a pattern for an Arabic name (one word, or a compound such as
 * عبد الله or بن علي) in Latin letters: the table's spellings, and the letter
 * rules with the article optional (written, left out, or assimilated).
 */
export function latinNameSource(name: string): string | null {
  const plain = withoutMarks(name).trim();
  if (!/^[\u0621-\u064a\s]+$/.test(plain) || plain.replace(/\s/g, '').length < 2) return null;
  const words = plain.split(/\s+/);
  const ruled = words
    .map((word) => {
      const bare = word.startsWith('ال') && word.length > 3 ? word.slice(2) : word;
      return `${bare === word ? '' : `${ARTICLE}?`}${wordPattern(bare)}`;
    })
    .join("[- ']?");
  // The table's keys are written without spaces (عبدالله).
  const table = (LATIN_NAME_TABLE[plain.replace(/\s/g, '')] ?? []).map(escapeRegExp);
  return [...table, `${ruled}[aeiouy]{0,2}`].join('|');
}
