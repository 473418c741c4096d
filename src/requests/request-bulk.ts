import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { t } from '../i18n/i18n.ts';
import type { SessionUser } from '../users/user-store.ts';
import type { bulkBody } from './request-action-bodies.ts';
import { applyAction, type TransitionDeps } from './request-transitions.ts';

export type BulkResult =
  | { ref: string; ok: true; status: string; dueAt: string; version: number }
  | { ref: string; ok: false; status: number; code: string; message: string };

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
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const ref of new Set(input.refs)) {
    try {
      const updated =
        input.action === 'extend'
          ? await applyAction(deps, user, ref, 'extend', { reason: input.reason }, new Date())
          : await applyAction(deps, user, ref, 'close', { reason: input.reason }, new Date());
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
        message: t(user.locale, error.messageKey, error.vars),
      });
    }
  }
  return results;
}
