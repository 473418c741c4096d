import { z } from 'zod';

/** `POST /api/v1/requests` from a citizen (DESIGN §9). */
export const filingBody = z.object({
  jurisdiction: z.string('validation.required').regex(/^[A-Z]{2}$/, 'validation.oneOf'),
  agency: z.string('validation.required').min(2, 'validation.agency').max(60, 'validation.agency'),
  subject: z
    .string('validation.required')
    .trim()
    .min(5, 'validation.subject')
    .max(300, 'validation.subject'),
  body: z
    .string('validation.required')
    .trim()
    .min(20, 'validation.body')
    .max(20_000, 'validation.body'),
  visibility: z.enum(['public', 'private'], 'validation.oneOf'),
  urgent: z.boolean('validation.oneOf').default(false),
  urgentReason: z.string().trim().max(2_000, 'validation.urgentReason').optional(),
  language: z.enum(['ar', 'en'], 'validation.oneOf').optional(),
});
export type FilingInput = z.infer<typeof filingBody>;

/** A human reference, `JO-2026-000123`. */
export const refParam = z.string().regex(/^[A-Z]{2}-\d{4}-\d{6,}$/);
