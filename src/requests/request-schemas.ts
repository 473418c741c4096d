import { z } from 'zod';
import type { Request } from 'express';
import { NotFoundError } from '../errors.ts';
import { paragraphsField, singleLineField } from '../text/single-line.ts';

/** `POST /api/v1/requests` from a citizen (DESIGN §9). */
export const filingBody = z.object({
  jurisdiction: z.string('validation.required').regex(/^[A-Z]{2}$/, 'validation.oneOf'),
  agency: z.string('validation.required').min(2, 'validation.agency').max(60, 'validation.agency'),
  subject: singleLineField(5, 300, 'validation.subject'),
  body: paragraphsField(20, 20_000, 'validation.body'),
  visibility: z.enum(['public', 'private'], 'validation.oneOf'),
  urgent: z.boolean('validation.oneOf').default(false),
  urgentReason: z.string().trim().max(2_000, 'validation.urgentReason').optional(),
  language: z.enum(['ar', 'en'], 'validation.oneOf').optional(),
  /** The name shown publicly on a public request (optional: "a citizen" otherwise). */
  displayName: singleLineField(2, 60, 'validation.displayName').optional(),
});
export type FilingInput = z.infer<typeof filingBody>;

/**
 * An officer logging a request received outside the system: its real receipt
 * time (the deadline runs from it), the channel and the requester. The agency
 * is the officer's own, so `agency` and `jurisdiction` may be left out.
 */
export const loggedFilingBody = filingBody.extend({
  jurisdiction: filingBody.shape.jurisdiction.optional(),
  agency: filingBody.shape.agency.optional(),
  receivedAt: z.iso
    .datetime({ offset: true, error: 'validation.instant' })
    .max(40, 'validation.instant')
    .transform((value) => new Date(value)),
  channel: z.enum(['paper', 'phone', 'email', 'in_person'], 'validation.oneOf'),
  requester: z.object(
    {
      name: singleLineField(1, 200, 'validation.name'),
      email: z.email('validation.email').max(254, 'validation.email').optional(),
    },
    'validation.required',
  ),
});
export type LoggedFilingInput = z.infer<typeof loggedFilingBody>;

/** What the filing form asks before submitting: suggested agencies and likely duplicates. */
export const filingCheckBody = z.object({
  jurisdiction: filingBody.shape.jurisdiction,
  agency: z.string().max(60).optional(),
  subject: z.string().trim().max(300).default(''),
  body: z.string().trim().max(20_000).default(''),
});

/** A human reference, `JO-2026-000123`. */
export const refParam = z.string().regex(/^[A-Z]{2}-\d{4}-\d{6,10}$/);

/** The `:ref` of a route, or a 404 (a malformed ref names no request). */
export function refOf(req: Request): string {
  const ref = refParam.safeParse(req.params.ref);
  if (!ref.success) throw new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');
  return ref.data;
}
