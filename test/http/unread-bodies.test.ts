import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { seedDemoData } from '../../src/seed/seed.ts';
import { routesOf } from '../support/routes.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ANNOUNCED = 50 * 1024 * 1024;
const ANSWER_WITHIN_MS = 5_000;

/**
 * The class of the portal finding (issue 30): a request that announces a body
 * far over any limit, and sends none of it, is answered at once (too large,
 * or refused first) and its connection closed, on every route the app
 * answers and whatever the body's type: no route waits for, or reads, a body
 * it will not take.
 */
describe('a body announced far over the limit is never waited for', () => {
  let harness: TestApp;
  let server: Server;
  let port = 0;
  let routes: string[] = [];
  before(async () => {
    harness = await startTestApp('unread-bodies');
    await seedDemoData({});
    server = createServer(harness.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    routes = routesOf(harness.app).filter((route) => /^(POST|PUT|PATCH|DELETE) /.test(route));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  /** The status, and whether the connection is to close, or `timeout`. */
  const announce = (method: string, path: string, type: string) =>
    new Promise<{ status: number; close: boolean } | 'timeout'>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { 'Content-Type': type, 'Content-Length': String(ANNOUNCED) },
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve('timeout');
      }, ANSWER_WITHIN_MS);
      req.once('response', (res) => {
        clearTimeout(timer);
        res.resume();
        resolve({ status: res.statusCode ?? 0, close: res.headers.connection === 'close' });
        req.destroy();
      });
      req.once('error', () => undefined);
      req.flushHeaders();
    });

  it('on every route, for JSON, forms and files', async () => {
    assert.ok(routes.length > 60, `only ${String(routes.length)} routes`);
    const waited: string[] = [];
    for (const route of routes) {
      const [method = 'POST', pattern = ''] = route.split(' ');
      const path = pattern.replace(/:([A-Za-z]+)/g, 'JO-MOH');
      for (const type of [
        'application/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const answer = await announce(method, path, type);
        if (answer === 'timeout' || !answer.close || answer.status < 400)
          waited.push(`${route} (${type}): ${JSON.stringify(answer)}`);
      }
    }
    assert.deepEqual(waited, []);
  });
});
