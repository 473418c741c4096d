/** The two digit systems of Arabic text: Arabic-Indic (٠١٢٣) and Latin (0123). */
const NUMERALS = ['arab', 'latn'] as const;
export type Numerals = (typeof NUMERALS)[number];

export function isNumerals(value: unknown): value is Numerals {
  return typeof value === 'string' && (NUMERALS as readonly string[]).includes(value);
}

/**
 * The digits a page writes: Latin on English pages; on Arabic ones, the
 * reader's own choice if they made one, else the custom of the jurisdiction
 * the page is about (Arabic-Indic in the Mashriq, Latin in the Maghreb), else Latin.
 */
export function numeralsFor(
  locale: 'ar' | 'en',
  custom: Numerals | undefined,
  preference: Numerals | undefined,
): Numerals {
  if (locale !== 'ar') return 'latn';
  return preference ?? custom ?? 'latn';
}

/** `text` written in `numerals` (its Latin digits replaced where Arabic-Indic ones are wanted). */
export function withNumerals(text: string, numerals: Numerals): string {
  return numerals === 'arab'
    ? text.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)))
    : text;
}
