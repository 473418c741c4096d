import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import type { SessionUser } from '../users/user-store.ts';
import type { bulkBody } from './request-action-bodies.ts';
import { applyAction, type TransitionDeps } from './request-transitions.ts';

export type BulkResult =
  | { ref: string; ok: true; status: string; dueAt: string; version: number }
  | {
      ref: string;
      ok: false;
      status: number;
      code: string;
      messageKey: string;
      vars?: Record<string, string | number>;
    };

/** A bulk result as an answer says it: a refusal's message in `locale`. */
export function bulkResultIn(locale: Locale, result: BulkResult) {
  if (result.ok) return result;
  const { messageKey, vars, ...rest } = result;
  return { ...rest, message: t(locale, messageKey, vars) };
}

/**
 * Extends or closes several requests, each as its own transition with its own
 * event and mails, one after the other. One request's refusal (not found,
 * another agency's, illegal, past the law's limit) is reported beside the
 * others and stops nothing.
 */
export async function applyBulk(
  deps: TransitionDeps,
  user: SessionUser,
  input: z.infer<typeof bulkBody>,
  now: Date,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const ref of new Set(input.refs)) {
    try {
      const updated =
        input.action === 'extend'
          ? await applyAction(deps, user, ref, 'extend', { reason: input.reason }, now)
          : await applyAction(deps, user, ref, 'close', { reason: input.reason }, now);
      results.push({
        ref,
        ok: true,
        status: updated.status,
        dueAt: updated.dueAt.toISOString(),
        version: updated.version,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({
        ref,
        ok: false,
        status: error.status,
        code: error.code,
        messageKey: error.messageKey,
        vars: error.vars,
      });
    }
  }
  return results;
}
