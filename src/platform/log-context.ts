import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line written while serving one HTTP request or running one job
 * says about it: the request id (`X-Request-Id`) that started the work, carried
 * from the web process into the jobs it queued and the jobs those queued in turn,
 * and the queue and job being run.
 */
export interface LogContext {
  reqId?: string;
  queue?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` (and everything it awaits or schedules) inside `context`. */
export function runInLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the work in progress, if any (pino's `mixin` adds it to every line). */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/** A job's payload with the request id of the work that queues it, when there is one. */
export function withRequestId<T>(data: T): T {
  const reqId = storage.getStore()?.reqId;
  if (!reqId || typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  if ('reqId' in data) return data;
  return { ...data, reqId };
}

/** The request id a job carries (set by {@link withRequestId}), if any. */
export function requestIdOf(data: unknown): string | undefined {
  const reqId = (data as { reqId?: unknown } | null)?.reqId;
  return typeof reqId === 'string' ? reqId : undefined;
}
