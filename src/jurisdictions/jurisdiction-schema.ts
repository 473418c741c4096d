import { z } from 'zod';

const localized = z.object({ ar: z.string().min(1), en: z.string().min(1) });

/**
 * The shape of `config/jurisdictions/<code>.json`. This is the foundation's
 * subset (identity, law, time zone); the deadline rules extend it.
 */
export const jurisdictionSchema = z
  .object({
    code: z.string().regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166-1 alpha-2)'),
    name: localized,
    timeZone: z.string().refine(isTimeZone, 'not an IANA time zone known to this Node.js'),
    law: z
      .object({
        name: localized,
        sources: z.array(z.url()).min(1),
      })
      .strict(),
  })
  .strict();

export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
