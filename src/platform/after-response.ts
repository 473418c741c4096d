import type { Logger } from './logger.ts';

const pending = new Set<Promise<void>>();

/**
 * Runs `work` without making the caller wait for it: account mails whose
 * sending (or not sending, for an unknown address) must not show in the
 * answer's timing. A failure is logged, never thrown. Shutdown waits for what
 * is still running (settleAfterResponse).
 */
export function afterResponse(logger: Logger, label: string, work: () => Promise<void>): void {
  // Started on the next turn of the event loop, once the caller has answered:
  // not one query of it runs beside the answer's own work.
  const run = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .catch((error: unknown) => {
      logger.error({ err: (error as Error).message, label }, 'background work failed');
    })
    .finally(() => pending.delete(run));
  pending.add(run);
}

/** Waits until every piece of work started by afterResponse has ended. */
export async function settleAfterResponse(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
