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

/**
 * The message `key` in `locale`, with `{name}` placeholders filled from `vars`.
 * A missing key is a bug (a test keeps both files complete), so it shows the key
 * itself rather than silently falling back to the other language.
 */
export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const template = MESSAGES[locale][key];
  if (template === undefined) return key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
