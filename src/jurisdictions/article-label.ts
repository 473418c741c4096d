import type { Locale } from '../i18n/i18n.ts';

/** Paragraph letters as Arabic laws number them (أ، ب، ج، د، هـ، و، ز، ح، ط، ي). */
const ABJAD: Readonly<Record<string, string>> = {
  a: 'أ',
  b: 'ب',
  c: 'ج',
  d: 'د',
  e: 'هـ',
  f: 'و',
  g: 'ز',
  h: 'ح',
  i: 'ط',
  j: 'ي',
};

/**
 * An article of an Arab law as its readers cite it. The rules files name
 * articles in one canonical form ("Art. 13(a)"), which stays the stored value;
 * Arabic pages read "المادة 13 (أ)". Other forms (the United States' "§ 552(b)",
 * the United Kingdom's "s. 10") are shown as they are. Pure.
 */
export function articleLabel(locale: Locale, article: string): string {
  if (locale !== 'ar') return article;
  const match = /^Art\. (\d+)((?:\([a-j]\))*)$/.exec(article);
  if (!match) return article;
  const paragraphs = [...(match[2] ?? '').matchAll(/\(([a-j])\)/g)]
    .map((m) => ` (${ABJAD[m[1] ?? ''] ?? ''})`)
    .join('');
  return `المادة ${match[1] ?? ''}${paragraphs}`;
}
