import type { Readable, Transform } from 'node:stream';

/**
 * Splits a stream of BSON documents written one after another (mongodump's
 * `.bson` files) into one Buffer per document, without holding more than one
 * document and one chunk in memory. Each document starts with its own length
 * (int32, little-endian, the length included). Throws on a truncated stream.
 */
export async function* bsonDocuments(stream: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (pending.length - offset >= 4) {
      const size = pending.readInt32LE(offset);
      if (size < 5) throw new Error(`bad BSON document length ${String(size)}`);
      if (pending.length - offset < size) break;
      yield pending.subarray(offset, offset + size);
      offset += size;
    }
    pending = pending.subarray(offset);
  }
  if (pending.length > 0)
    throw new Error(
      `the BSON stream ends inside a document (${String(pending.length)} bytes left)`,
    );
}

/** `source` piped into `transform`, an error of either ending the other (what compose would do). */
export function through(source: Readable, transform: Transform): Transform {
  source.once('error', (error) => transform.destroy(error));
  transform.once('error', (error: Error) => source.destroy(error));
  return source.pipe(transform);
}
