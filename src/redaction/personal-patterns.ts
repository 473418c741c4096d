import { notPersonalNumber } from './context-words.ts';

/**
 * Personal data found by its shape (pure, no I/O): e-mail addresses, also
 * written to fool a robot (`name [at] example [dot] jo`); addresses of a
 * person's page; IBANs whose check digits hold; national identity numbers in
 * each country's format, or any number a word names as one. Patterns read the
 * matching text (matching-text.ts): Latin digits, no zero-width characters.
 */

type PatternKind = 'email' | 'url' | 'iban' | 'national_id';

/** A rule found by a pattern: its name, what it hides, and a further check on each match. */
export interface PatternRule<Kind extends string = PatternKind> {
  rule: string;
  kind: Kind;
  pattern: RegExp;
  /** A further check on the match (a checksum, or the words beside a bare number). */
  valid?: (match: string, text: string, start: number, end: number) => boolean;
}

/** Whether an IBAN's check digits hold (ISO 13616, mod 97). */
export function ibanChecks(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const moved = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const char of moved) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// ── E-mail addresses ──
// A local part starts where a run of its characters starts: a match is tried once per run,
// not at every character of it (a long run of letters would otherwise cost quadratic time).
const LOCAL_CHAR = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]";
const LOCAL = `(?<!${LOCAL_CHAR})${LOCAL_CHAR}+`;
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const TLD = '\\p{L}{2,}';
const bracketed = (word: string) => `\\s?[\\[({<]\\s?(?:${word})\\s?[\\])}>]\\s?`;
const AT = `(?:\\s?@\\s?|${bracketed('at|arobase|arroba|آت')})`;
const DOT = `(?:\\.|${bracketed('dot|point|نقطة')})`;
const MAIL_WORDS =
  '(?:e-?mail|mail|courriel|mél|adresse électronique|بريد|البريد|بريدي|ايميل|إيميل|الايميل|الإيميل)';

const EMAIL_RULES: readonly PatternRule[] = [
  {
    rule: 'global:email',
    kind: 'email',
    pattern: new RegExp(`${LOCAL}${AT}${LABEL}(?:${DOT}${LABEL})*${DOT}${TLD}`, 'giu'),
  },
  {
    // Spelt out: `name at example dot jo`.
    rule: 'global:email',
    kind: 'email',
    pattern: new RegExp(`${LOCAL} at ${LABEL}(?: dot ${LABEL})* dot ${TLD}`, 'giu'),
  },
  {
    // `name at example.jo`, where a word says it is an address.
    rule: 'global:email',
    kind: 'email',
    // The cheap test first (a run of address characters, then " at "), the word behind last.
    pattern: new RegExp(
      `(?<!${LOCAL_CHAR})(?=${LOCAL_CHAR}+ at )(?<=${MAIL_WORDS}[^\\n]{0,25})${LOCAL} at ${LABEL}(?:\\.${LABEL})*\\.${TLD}`,
      'giu',
    ),
  },
];

// ── A person's page ──
const PERSONAL_HOSTS =
  '(?:facebook|fb|instagram|twitter|x|tiktok|linkedin|t\\.me|wa\\.me|youtube|snapchat)\\.com|t\\.me|wa\\.me';
const URL_RULE: PatternRule = {
  // A profile on a social network, or a path naming a person (~user, /users/, /profile/).
  // It starts where a run of address characters starts (tried once per run: linear time).
  rule: 'global:url',
  kind: 'url',
  pattern: new RegExp(
    `(?<![\\w.\\/-])(?:https?:\\/\\/)?(?:www\\.)?(?:(?:${PERSONAL_HOSTS})\\/[^\\s<>"]+|[\\w.-]+\\.[a-z]{2,}\\/(?:~|(?:users?|profiles?|people|members?|u|in)\\/)[^\\s<>"]+)`,
    'giu',
  ),
};

const IBAN_RULE: PatternRule = {
  rule: 'global:iban',
  kind: 'iban',
  pattern: /(?<![A-Z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?![A-Z0-9])/g,
  valid: (match) => ibanChecks(match),
};

// ── Identity numbers ──
/** Words that name an identity document or its number (Arabic, English, French). */
const ID_WORDS =
  '(?:الرقم الوطني|رقم وطني|الرقم القومي|الرقم الشخصي|بطاقة التعريف|ب\\.?ت\\.?و|بطاقة الهوية|بطاقة هوية|رقم الهوية|هويتي|الهوية|البطاقة الشخصية|بطاقة شخصية|البطاقة الوطنية|بطاقتي|جواز السفر|جواز سفري|رقم الجواز|السجل المدني|رقم القيد|الإقامة|رقم الإقامة|c\\.?i\\.?n\\.?e?|carte nationale|carte d.identité|pièce d.identité|passeport|passport|national (?:id|number|identity|insurance)|identity (?:card|number)|id (?:card|number|no)|ssn|social security|nino|ni number)';

const NO_DIGIT_BEFORE = '(?<![\\p{L}\\p{N}])';
const NO_DIGIT_AFTER = '(?![\\p{L}\\p{N}])';
const whole = (body: string, flags = 'gu') =>
  new RegExp(`${NO_DIGIT_BEFORE}${body}${NO_DIGIT_AFTER}`, flags);
/** A bare number in an id's format: hidden unless it reads as an amount or a reference. */
const bare = (rule: string, body: string, flags?: string): PatternRule => ({
  rule,
  kind: 'national_id',
  pattern: whole(body, flags),
  valid: (_match, text, start, end) => !notPersonalNumber(text, start, end),
});

const NAMED_ID: PatternRule = {
  // Any number (letters before it allowed) a word names as an identity number.
  rule: 'global:national_id',
  kind: 'national_id',
  pattern: new RegExp(
    // The cheap test first (a number starts here), the word behind last.
    `${NO_DIGIT_BEFORE}(?=(?:[A-Z]{1,2}[ -]?)?\\d)(?<=${ID_WORDS}[^\\d\\n]{0,24})(?:[A-Z]{1,2}[ -]?)?\\d(?:[ -]?\\d){4,15}(?:[ -]?[A-Z])?${NO_DIGIT_AFTER}`,
    'giu',
  ),
};

/** Each country's identity number formats, when written without a word that names them. */
const ID_RULES: Readonly<Record<string, readonly PatternRule[]>> = {
  // The national number: ten digits, 9… for those born before 2000, 2… after.
  JO: [bare('JO:national_id', `[29](?:[ -]?\\d){9}`)],
  // The CIN: eight digits, issued from 0 and 1.
  TN: [bare('TN:national_id', `[01]\\d(?:[ ]?\\d){6}`)],
  // The CIN: one or two capital letters, then five or six digits (BE654321, J 12345).
  MA: [bare('MA:national_id', '[A-Z]{1,2}[ -]?\\d{5,6}', 'g')],
  // The National Insurance number: QQ 12 34 56 C.
  GB: [
    bare(
      'GB:national_id',
      '[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]',
      'g',
    ),
  ],
  // The Social Security number: 123-45-6789 (no area 000, 666 or 9xx).
  US: [bare('US:national_id', `(?!000|666|9)\\d{3}[ -]\\d{2}[ -]\\d{4}`)],
};

/** The shape rules for a request of `jurisdiction`: e-mails, pages, IBANs and identity numbers. */
export function patternRules(jurisdiction: string): readonly PatternRule[] {
  return [...EMAIL_RULES, URL_RULE, IBAN_RULE, NAMED_ID, ...(ID_RULES[jurisdiction] ?? [])];
}

/** Every shape rule of every jurisdiction (for the tests that check each runs in linear time). */
export function everyPatternRule(): readonly PatternRule[] {
  return [...EMAIL_RULES, URL_RULE, IBAN_RULE, NAMED_ID, ...Object.values(ID_RULES).flat()];
}
