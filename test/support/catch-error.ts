/** The error `fn` throws (or the rejection of the promise it returns); fails when there is none. */
export async function catchError(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}
