import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createPortal } from '../../src/portals/portal-service.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const PATH = '/api/portal/components/JO-MOH/requests';
const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A POST whose headers go out at once and whose body is sent only as asked:
 * `declared` bytes in Content-Length (or chunked when null), `send` bytes
 * written before the answer is awaited. Resolves with the answer, and how
 * many bytes had been written when it came.
 */
function post(
  port: number,
  options: { secret?: string; declared: number | null; send: number },
): { answer: Promise<Answer & { written: number }>; abort: () => void } {
  let written = 0;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.secret) headers['FOIA-API-SECRET'] = options.secret;
  if (options.declared !== null) headers['Content-Length'] = String(options.declared);
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: PATH, headers });
  const answer = new Promise<Answer & { written: number }>((resolve, reject) => {
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          written,
        });
      });
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      // The server closed the connection while we were still writing: fine once it answered.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
  });
  req.flushHeaders();
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const write = () => {
    while (written < options.send && !req.destroyed) {
      const size = Math.min(chunk.length, options.send - written);
      written += size;
      if (!req.write(chunk.subarray(0, size))) {
        req.once('drain', write);
        return;
      }
    }
  };
  write();
  return { answer, abort: () => req.destroy() };
}

/**
 * The portal intake before it reads a body (issue 30): the secret is checked
 * from the headers (a wrong one answered before the body is sent, and the
 * connection closed), the byte limit from Content-Length and while the body
 * streams, at most PORTAL_CONCURRENT_BODIES bodies read at once, and
 * addresses that keep failing the secret are held off.
 */
describe('portal intake: nothing read before the secret, and never too much', () => {
  let harness: TestApp;
  let server: Server;
  let port = 0;
  let secret = '';
  before(async () => {
    harness = await startTestApp('portal-guard', {
      PORTAL_BODY_LIMIT_MB: '1',
      PORTAL_CONCURRENT_BODIES: '2',
    });
    await seedDemoData({});
    secret = (await createPortal({ name: 'Guard portal', agencies: ['JO-MOH'] }, null)).secret;
    server = createServer(harness.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  it('answers a missing or wrong secret before the body is sent, and closes the connection', async () => {
    for (const [given, status] of [
      [undefined, 401],
      ['wrong-secret', 403],
    ] as const) {
      // 29 MB announced, not one byte of it sent.
      const { answer, abort } = post(port, { secret: given, declared: 29 * MB, send: 0 });
      const res = await answer;
      abort();
      assert.equal(res.status, status);
      assert.equal(res.headers.connection, 'close');
      assert.equal(res.written, 0);
    }
  });

  it('refuses a body over the limit from its Content-Length, and a chunked one as it streams', async () => {
    const declared = post(port, { secret, declared: 2 * MB, send: 0 });
    const tooLarge = await declared.answer;
    declared.abort();
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.headers.connection, 'close');
    // 40 MB offered: the server stops reading at 1 MB, so the socket's buffers fill and the
    // client cannot write it all.
    const streamed = post(port, { secret, declared: null, send: 40 * MB });
    const cut = await streamed.answer;
    streamed.abort();
    assert.equal(cut.status, 413);
    assert.ok(cut.written < 20 * MB, `answered after ${String(cut.written)} bytes`);
  });

  it('reads at most two bodies at once; the third gets 503 with Retry-After, then a slot frees', async () => {
    const held = [0, 1].map(() => post(port, { secret, declared: 512 * 1024, send: 1024 }));
    // Both are being read (their slots taken) once the server has their headers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const third = post(port, { secret, declared: 512 * 1024, send: 0 });
    const busy = await third.answer;
    third.abort();
    assert.equal(busy.status, 503);
    assert.equal(busy.headers['retry-after'], '5');
    assert.equal((JSON.parse(busy.body) as { code: string }).code, 'PORTAL.BUSY');
    for (const upload of held) upload.abort();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = post(port, { secret, declared: 2, send: 2 });
    const res = await next.answer;
    assert.equal(res.status, 400, 'read (and found wanting), not turned away');
  });

  it('holds off an address after ten wrong secrets, with Retry-After', async () => {
    // One wrong secret was sent above, and one missing: eight more make ten.
    const once = async (given: string) =>
      post(port, { secret: given, declared: 2, send: 2 }).answer;
    for (let i = 0; i < 8; i += 1) assert.equal((await once('wrong')).status, 403);
    const eleventh = await once('wrong');
    assert.equal(eleventh.status, 429);
    assert.ok(Number(eleventh.headers['retry-after']) > 0);
    assert.equal((await once(secret)).status, 429, 'even with the right secret, for a while');
  });
});
