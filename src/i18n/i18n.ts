import { withNumerals, type Numerals } from './numerals.ts';
import ar from './ar.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

export const LOCALES = ['ar', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { ar, en };

/** Text direction of each locale, for `<html dir>`. */
export const DIRECTION: Readonly<Record<Locale, 'rtl' | 'ltr'>> = { ar: 'rtl', en: 'ltr' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/**
 * The form of `forms` ("one:# day|other:# days") that the language's plural
 * rules choose for `value`, with `#` standing for the number: Arabic has six
 * (يوم واحد، يومان، 3 أيام، 11 يومًا، 100 يوم), English two.
 */
function pluralForm(locale: Locale, value: string | number, forms: string): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const chosen = new Map(
    forms.split('|').map((form) => {
      const colon = form.indexOf(':');
      return [form.slice(0, colon), form.slice(colon + 1)] as const;
    }),
  );
  const form = chosen.get(rules.select(Number(value))) ?? chosen.get('other') ?? '#';
  return form.replaceAll('#', String(value));
}

/**
 * The message `key` in `locale`, with `{name}` placeholders filled from `vars`,
 * and `{name|one:…|two:…|few:…|many:…|other:…}` choosing the plural form of
 * `vars.name` by `Intl.PluralRules`. A missing key is a bug (a test keeps both
 * files complete), so it shows the key itself rather than silently falling
 * back to the other language.
 */
export function t(
  locale: Locale,
  key: string,
  vars: Record<string, string | number> = {},
  numerals: Numerals = 'latn',
): string {
  const template = MESSAGES[locale][key];
  if (template === undefined) return key;
  // The message's own digits and its numbers follow the page's digits; texts put in it
  // (a ref, a name, a date already written) stay as they were given.
  const digits = (text: string) => (locale === 'ar' ? withNumerals(text, numerals) : text);
  return template
    .split(/(\{\w+(?:\|[^{}]*)?\})/)
    .map((part) => {
      const placeholder = /^\{(\w+)(?:\|([^{}]*))?\}$/.exec(part);
      if (!placeholder) return digits(part);
      const [, name = '', forms] = placeholder;
      if (!(name in vars)) return part;
      const value = vars[name] as string | number;
      if (forms !== undefined) return digits(pluralForm(locale, value, forms));
      return typeof value === 'number' ? digits(String(value)) : value;
    })
    .join('');
}

/** The label of a status, an event, an outcome or a decision in `locale`. */
export const label = (locale: Locale, kind: string, value: string | null | undefined) =>
  value ? t(locale, `request.${kind}.${value}`) : '';

/**
 * A fragment isolated from the text around it (Unicode FSI … PDI), so a name,
 * an address or a ref in the other direction reads whole inside a sentence.
 */
export const isolate = (fragment: string) => `\u2068${fragment}\u2069`;
