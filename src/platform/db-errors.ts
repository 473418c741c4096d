import { ConflictError } from '../errors.ts';

/** True for a unique-index violation (MongoDB's codes 11000 and 11001, which FerretDB 2 keeps). */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === 11000 || code === 11001;
}

/**
 * True for a write that lost to a concurrent one and may simply be tried
 * again: MongoDB's WriteConflict (112), and the engine gap below. FerretDB 2.7
 * over DocumentDB answers an insert racing another of the same unique key
 * with PostgreSQL's `deadlock detected` (code 16908292) where MongoDB answers
 * E11000: 117 of 600 losers of three-way races on one (requestId, seq) here,
 * and one CI run's racing-writers test (test/integration/request-store.test.ts).
 * PostgreSQL rolled that statement back, so trying it again is safe.
 */
export function isTransientWriteConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 112 || code === 16908292 || message === 'deadlock detected';
}

const TRANSIENT_TRIES = 3;
const TRANSIENT_BACKOFF_MS = 150;

/**
 * Runs `write`, trying it again (at most three times in all) while it fails with
 * a transient conflict, after a random pause that grows with each try: writers
 * that deadlocked together must not meet again at the same instant (PostgreSQL
 * looks for a deadlock after `deadlock_timeout`, 1 s, so each meeting costs one).
 */
export async function retryTransient<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= TRANSIENT_TRIES || !isTransientWriteConflict(error)) throw error;
      const pause = TRANSIENT_BACKOFF_MS * attempt * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Runs a write and turns a duplicate key into a clear 409 with a stable code. */
export async function withDuplicateAsConflict<T>(
  write: () => Promise<T>,
  code: string,
  messageKey = 'error.duplicate.message',
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new ConflictError(code, messageKey, error);
    throw error;
  }
}
