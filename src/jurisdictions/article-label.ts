import { isolate, type Locale } from '../i18n/i18n.ts';

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
 * articles in one canonical form ("Art. 13(a)", "Art. 9 (as amended by Law
 * No. 3 of 2024)"), which stays the stored value; Arabic pages read
 * "المادة 13 (أ)" and "المادة 9 (بصيغتها المعدّلة بالقانون رقم 3 لسنة 2024)".
 * Other forms (the United States' "§ 552(b)", the United Kingdom's "s. 10")
 * are shown as they are, isolated (FSI … PDI) so that their brackets and
 * numbers keep their order inside an Arabic sentence. Pure.
 */
export function articleLabel(locale: Locale, article: string): string {
  if (locale !== 'ar') return article;
  const match =
    /^Art\. (\d+)((?:\([a-j]\))*)(?: \(as amended by Law No\. (\d+) of (\d{4})\))?$/.exec(article);
  if (!match) return isolate(article);
  const paragraphs = [...(match[2] ?? '').matchAll(/\(([a-j])\)/g)]
    .map((m) => ` (${ABJAD[m[1] ?? ''] ?? ''})`)
    .join('');
  const amended = match[3]
    ? ` (بصيغتها المعدّلة بالقانون رقم ${match[3]} لسنة ${match[4] ?? ''})`
    : '';
  return `المادة ${match[1] ?? ''}${paragraphs}${amended}`;
}
