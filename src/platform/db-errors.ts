import { ConflictError } from '../errors.ts';

/**
 * True for a unique-index violation from MongoDB (11000/11001 on any write) or
 * FerretDB v1 (11000 on insert; code 1 with the backend's constraint message on
 * update). `keyValue` is never relied on: FerretDB does not set it.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === 11000 || code === 11001) return true;
  return (
    code === 1 &&
    typeof message === 'string' &&
    /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(message)
  );
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
