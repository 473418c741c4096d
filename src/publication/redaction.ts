/**
 * Redaction of personal data before anything is published (pure, no I/O).
 * Rules work at three levels: global (e-mail addresses, URLs with personal
 * paths, IBANs, the requester's own name and contacts), jurisdiction (phone
 * numbers and national identity numbers in the formats of JO, TN, MA, LB and
 * YE) and agency (patterns an agency adds for its own file numbers). Arabic-Indic
 * digits are matched as Latin ones: the text is read through a copy whose
 * digits are Latin, one UTF-16 unit for one, so offsets stay the same.
 */

export const REDACTION_KINDS = [
  'email',
  'url',
  'phone',
  'national_id',
  'iban',
  'requester',
  'agency_rule',
  'manual',
] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** One stretch of text to hide, why, and which rule found it. */
export interface Redaction {
  start: number;
  end: number;
  kind: RedactionKind;
  /** `global:email`, `JO:national_id`, `agency:<id>`, `manual`. */
  rule: string;
}

/** An agency's own pattern (a regular expression's source), e.g. its file numbers. */
export interface AgencyRedactionRule {
  id: string;
  pattern: string;
}

export interface RedactionContext {
  jurisdiction: string;
  /** The requester's own details: hidden wherever they appear. */
  requester?: { name?: string | null; email?: string | null; phone?: string | null };
  agencyRules?: readonly AgencyRedactionRule[];
}

/** Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits read as Latin ones, same length. */
export function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

// A digit boundary that also holds next to Arabic letters (\b does not know them).
const NOT_DIGIT_BEFORE = '(?<![\\d\\w])';
const NOT_DIGIT_AFTER = '(?![\\d\\w])';
const SEP = '[\\s.\\-]?';

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

interface PatternRule {
  rule: string;
  kind: RedactionKind;
  pattern: RegExp;
  /** A further check on the match (a checksum). */
  valid?: (match: string) => boolean;
}

const PERSONAL_HOSTS =
  '(?:facebook|fb|instagram|twitter|x|tiktok|linkedin|t\\.me|wa\\.me|youtube|snapchat)\\.com|t\\.me|wa\\.me';

const GLOBAL_RULES: readonly PatternRule[] = [
  {
    rule: 'global:email',
    kind: 'email',
    // The local part may hold any of RFC 5322's atom characters.
    pattern:
      /[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[\p{L}\p{N}-]{2,}/gu,
  },
  {
    // A profile on a social network, or a path naming a person (~user, /users/, /profile/).
    rule: 'global:url',
    kind: 'url',
    pattern: new RegExp(
      `(?:https?:\\/\\/)?(?:www\\.)?(?:(?:${PERSONAL_HOSTS})\\/[^\\s<>"]+|[\\w.-]+\\.[a-z]{2,}\\/(?:~|(?:users?|profiles?|people|members?|u|in)\\/)[^\\s<>"]+)`,
      'giu',
    ),
  },
  {
    rule: 'global:iban',
    kind: 'iban',
    pattern:
      /(?<![A-Z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?![A-Z0-9])/g,
    valid: ibanChecks,
  },
  {
    // Any number in international form: +CC or 00CC, then 7 to 12 more digits.
    rule: 'global:phone',
    kind: 'phone',
    pattern: new RegExp(
      `${NOT_DIGIT_BEFORE}(?:\\+|00)[1-9]\\d{0,2}${SEP}\\(?\\d{1,4}\\)?(?:${SEP}\\d){6,11}${NOT_DIGIT_AFTER}`,
      'g',
    ),
  },
];

/** Words that say a number is a phone or an identity number (Arabic and English). */
const PHONE_WORDS = '(?:هاتف|الهاتف|جوال|الجوال|موبايل|خلوي|نقال|tel|phone|mobile|gsm)';
const ID_WORDS =
  '(?:الرقم الوطني|رقم وطني|بطاقة التعريف|ب\\.?ت\\.?و|بطاقة الهوية|رقم الهوية|الهوية|cin|national (?:id|number)|identity card|id card)';

/** Numbers written as a whole, with the word that names them within a few words before. */
const named = (words: string, body: string) =>
  new RegExp(`(?<=${words}[^\\d\\n]{0,20})${NOT_DIGIT_BEFORE}${body}${NOT_DIGIT_AFTER}`, 'giu');
const whole = (body: string, flags = 'g') =>
  new RegExp(`${NOT_DIGIT_BEFORE}${body}${NOT_DIGIT_AFTER}`, flags);

/**
 * Each jurisdiction's phone and identity formats. Where a bare number could be
 * an amount (8 digits in Tunisia), it is hidden only when grouped as phones are
 * written, or when a word names it.
 */
const JURISDICTION_RULES: Readonly<Record<string, readonly PatternRule[]>> = {
  JO: [
    // Mobiles 07[789] and seven digits; landlines 0[2-6] and seven digits.
    { rule: 'JO:phone', kind: 'phone', pattern: whole(`07[789]${SEP}\\d{3}${SEP}\\d{4}`) },
    { rule: 'JO:phone', kind: 'phone', pattern: whole(`0[2-6]${SEP}\\d{3}${SEP}\\d{4}`) },
    // The national number: ten digits (no published checksum).
    { rule: 'JO:national_id', kind: 'national_id', pattern: whole('\\d{10}') },
  ],
  TN: [
    { rule: 'TN:phone', kind: 'phone', pattern: whole(`[2-9]\\d[\\s.]\\d{3}[\\s.]\\d{3}`) },
    { rule: 'TN:phone', kind: 'phone', pattern: named(PHONE_WORDS, '[2-9]\\d{7}') },
    // The CIN: eight digits; named, or starting with 0 or 1 as issued numbers do.
    { rule: 'TN:national_id', kind: 'national_id', pattern: whole('[01]\\d{7}') },
    { rule: 'TN:national_id', kind: 'national_id', pattern: named(ID_WORDS, '\\d{8}') },
  ],
  MA: [
    // Mobiles 06/07 and landlines 05, ten digits, often in pairs.
    { rule: 'MA:phone', kind: 'phone', pattern: whole(`0[567](?:${SEP}\\d{2}){4}`) },
    // The CIN: one or two letters then five or six digits (AB123456, J12345).
    {
      rule: 'MA:national_id',
      kind: 'national_id',
      pattern: /(?<![\p{L}\p{N}])[A-Z]{1,2}\d{5,6}(?![\p{L}\p{N}])/gu,
    },
  ],
  LB: [
    // Mobiles 03 or 7x/81 and six digits; landlines 0[1-9] and six digits.
    {
      rule: 'LB:phone',
      kind: 'phone',
      pattern: whole(`(?:03|7[0169]|81)${SEP}\\d{3}${SEP}\\d{3}`),
    },
    { rule: 'LB:phone', kind: 'phone', pattern: whole(`0[1-9]${SEP}\\d{3}${SEP}\\d{3}`) },
    // No public format for the identity card number: named numbers only.
    { rule: 'LB:national_id', kind: 'national_id', pattern: named(ID_WORDS, '\\d{6,12}') },
  ],
  YE: [
    // Mobiles 7[0137] and seven digits; landlines 0[1-7] and six or seven digits.
    { rule: 'YE:phone', kind: 'phone', pattern: whole(`7[0137]\\d${SEP}\\d{3}${SEP}\\d{3}`) },
    { rule: 'YE:phone', kind: 'phone', pattern: whole(`0[1-7]${SEP}\\d{3}${SEP}\\d{3,4}`) },
    // No public format for the national identity number: named numbers only.
    { rule: 'YE:national_id', kind: 'national_id', pattern: named(ID_WORDS, '\\d{8,12}') },
  ],
};

/** The jurisdictions whose phone and identity formats the rules know. */
export const REDACTION_JURISDICTIONS = Object.keys(JURISDICTION_RULES);

// Letters Arabic writers spell in more than one way, and marks that may sit between letters.
const ARABIC_VARIANTS: Readonly<Record<string, string>> = {
  ا: '[اأإآٱ]',
  أ: '[اأإآٱ]',
  إ: '[اأإآٱ]',
  آ: '[اأإآٱ]',
  ة: '[ةه]',
  ه: '[ةه]',
  ى: '[ىي]',
  ي: '[ىيئ]',
};
const MARKS = '[\\u064b-\\u065f\\u0670\\u0640]*';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A name as a pattern that tolerates hamza, ta marbuta and alef maqsura spellings, marks and spacing. */
function namePattern(name: string): RegExp | null {
  const words = name
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .split(/\s+/)
    .filter((word) => word.length > 0);
  if (words.length === 0 || words.join('').length < 3) return null;
  const body = words
    .map((word) =>
      Array.from(word, (char) => `${ARABIC_VARIANTS[char] ?? escape(char)}${MARKS}`).join(''),
    )
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{M}])${body}(?![\\p{L}\\p{M}])`, 'giu');
}

/** The requester's own name (whole, and first with last), e-mail and phone. */
function requesterRules(requester: RedactionContext['requester']): PatternRule[] {
  if (!requester) return [];
  const rules: PatternRule[] = [];
  const name = requester.name?.trim() ?? '';
  const parts = name.split(/\s+/).filter(Boolean);
  const names = new Set([name, parts.length > 2 ? `${parts[0] ?? ''} ${parts.at(-1) ?? ''}` : '']);
  for (const each of names) {
    const pattern = each ? namePattern(each) : null;
    if (pattern) rules.push({ rule: 'requester:name', kind: 'requester', pattern });
  }
  for (const contact of [requester.email, requester.phone]) {
    const value = contact?.trim();
    if (value && value.length >= 5)
      rules.push({
        rule: 'requester:contact',
        kind: 'requester',
        pattern: new RegExp(escape(value), 'gi'),
      });
  }
  return rules;
}

function agencyRules(list: readonly AgencyRedactionRule[] | undefined): PatternRule[] {
  return (list ?? []).flatMap((rule) => {
    try {
      return [
        {
          rule: `agency:${rule.id}`,
          kind: 'agency_rule' as const,
          pattern: new RegExp(rule.pattern, 'gu'),
        },
      ];
    } catch {
      // A rule that does not compile is refused when it is saved; here it is skipped.
      return [];
    }
  });
}

/** Sorted, with overlapping or touching stretches joined (the first kind found is kept). */
export function mergeRedactions(list: readonly Redaction[]): Redaction[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Redaction[] = [];
  for (const item of sorted) {
    const last = merged.at(-1);
    if (last && item.start <= last.end) last.end = Math.max(last.end, item.end);
    else merged.push({ ...item });
  }
  return merged;
}

/** Every stretch of `text` the rules would hide, merged and in order. */
export function findRedactions(text: string, context: RedactionContext): Redaction[] {
  const readable = latinDigits(text);
  const rules = [
    ...requesterRules(context.requester),
    ...GLOBAL_RULES,
    ...(JURISDICTION_RULES[context.jurisdiction] ?? []),
    ...agencyRules(context.agencyRules),
  ];
  const found: Redaction[] = [];
  for (const { rule, kind, pattern, valid } of rules) {
    for (const match of readable.matchAll(new RegExp(pattern.source, pattern.flags))) {
      const value = match[0];
      if (value.length === 0 || (valid && !valid(value))) continue;
      found.push({ start: match.index, end: match.index + value.length, kind, rule });
    }
  }
  return mergeRedactions(found);
}

/** The marker a published text holds in place of a hidden stretch: `⟦email⟧`. */
export const redactionMarker = (kind: RedactionKind) => `⟦${kind}⟧`;

/**
 * `text` with every redaction replaced by its marker. Brackets that look like
 * markers in the original are changed first, so nobody can forge one.
 */
export function applyRedactions(text: string, redactions: readonly Redaction[]): string {
  let out = '';
  let at = 0;
  for (const r of mergeRedactions(redactions)) {
    out += unforgeable(text.slice(at, r.start)) + redactionMarker(r.kind);
    at = r.end;
  }
  out += unforgeable(text.slice(at));
  return out;
}

/** The original text's own ⟦ and ⟧ made plain: only a redaction writes a marker. */
const unforgeable = (text: string) => text.replace(/⟦/g, '[').replace(/⟧/g, ']');

/** A published text on one line for a title, a card, a feed or a cell: each hidden stretch as `marker`. */
export function plainPublished(text: string | null | undefined, marker = '…'): string {
  return (text ?? '')
    .replace(/⟦[a-z_]+⟧/g, marker)
    .replace(/\s+/g, ' ')
    .trim();
}
