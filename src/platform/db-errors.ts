import { ConflictError } from '../errors.ts';

/** True for a unique-index violation (MongoDB's codes 11000 and 11001, which FerretDB 2 keeps). */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === 11000 || code === 11001;
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
