import type { Response } from 'supertest';

/**
 * A supertest parser that keeps the body as the bytes sent (`.buffer(true).parse(asBytes)`):
 * files, CSV with its BOM, anything compared byte for byte.
 */
export function asBytes(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
  });
  stream.on('end', () => {
    done(null, Buffer.concat(chunks));
  });
}
