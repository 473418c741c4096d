import { z } from 'zod';
import type { Action } from './request-lifecycle.ts';
import { paragraphsField } from '../text/single-line.ts';

const version = z.number('validation.version').int().positive('validation.version').optional();
const text = (min: number, max: number, key: string) => paragraphsField(min, max, key);
const reason = text(3, 5_000, 'validation.reason');
const message = text(1, 20_000, 'validation.message');
const objectId = z.string('validation.oneOf').regex(/^[0-9a-f]{24}$/, 'validation.oneOf');
/** The documents one message or answer may cite. */
export const MAX_ATTACHMENTS = 10;
const attachments = z.array(objectId).max(MAX_ATTACHMENTS, 'validation.attachments').default([]);

/** The body each action takes (`version` for optimistic concurrency). */
export const ACTION_BODIES = {
  acknowledge: z.object({ version }),
  assign: z.object({ version, assignee: objectId.nullable() }),
  clarify: z.object({ version, question: text(3, 20_000, 'validation.message') }),
  reply: z.object({ version, message, attachments }),
  message: z.object({ version, message, attachments }),
  note: z.object({ version, note: text(1, 20_000, 'validation.note') }),
  extend: z.object({ version, reason }),
  transfer: z.object({
    version,
    agency: z.string('validation.agency').min(2, 'validation.agency').max(60, 'validation.agency'),
    reason,
  }),
  answer: z.object({
    version,
    outcome: z.enum(['granted', 'partially_granted', 'refused', 'not_held'], 'validation.outcome'),
    legalGrounds: z.array(z.string().max(60)).max(20).default([]),
    reason: paragraphsField(0, 20_000, 'validation.reason').optional(),
    attachments,
    /** A public request's answer is published (redacted) unless this is false. */
    publish: z.boolean('validation.oneOf').default(true),
    /**
     * The released documents' public copies wait for an officer's review before they are
     * published (the web form sets it); otherwise each is published once ready, with the
     * rules' boxes, and may be reviewed afterwards.
     */
    reviewDocuments: z.boolean('validation.oneOf').default(false),
    /** Rule redactions the officer lifted in the preview, as `start-end` of the answer's text. */
    unhide: z
      .array(z.string().regex(/^\d{1,5}-\d{1,5}$/, 'validation.oneOf'))
      .max(100)
      .default([]),
    /** Further words the officer hides, wherever they appear in the answer. */
    hide: z
      .array(z.string().trim().min(2, 'validation.hide').max(200, 'validation.hide'))
      .max(20, 'validation.hide')
      .default([]),
  }),
  unpublish: z.object({ version, reason }),
  withdraw: z.object({ version }),
  // Each message speaks to who reads it: the requester appeals, the appeal body decides.
  appeal: z.object({ version, reason: text(3, 5_000, 'validation.appealReason') }),
  'decide-appeal': z.object({
    version,
    decision: z.enum(['upheld', 'overturned', 'partially_overturned'], 'validation.decision'),
    /** The law's articles the decision relies on (a refusal upheld, in whole or in part). */
    legalGrounds: z.array(z.string().max(60)).max(20).default([]),
    reason: text(3, 5_000, 'validation.decisionReason'),
  }),
  close: z.object({ version, reason: reason.optional() }),
} as const satisfies Record<Action, z.ZodType>;

export type ActionBodies = { [A in Action]: z.infer<(typeof ACTION_BODIES)[A]> };

/** Several requests extended or closed at once, each as its own transition. */
export const bulkBody = z.object({
  action: z.enum(['extend', 'close'], 'validation.bulkAction'),
  refs: z
    .array(z.string().regex(/^[A-Z]{2}-\d{4}-\d{6,10}$/, 'validation.oneOf'), 'validation.refs')
    .min(1, 'validation.refs')
    .max(100, 'validation.refs'),
  reason,
});
