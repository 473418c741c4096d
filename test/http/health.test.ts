import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { redisReady, startTestApp, type TestApp } from '../support/test-app.ts';

/** A port nothing listens on: bound, read, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

describe('health endpoints', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('health');
    await redisReady(harness.redis);
  });
  after(() => harness.close());

  it('GET /healthz answers while the process lives', async () => {
    const res = await request(harness.app).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('GET /readyz is 200 with MongoDB and Redis both up', async () => {
    const res = await request(harness.app).get('/readyz').expect(200);
    assert.deepEqual(res.body, { status: 'ok', mongo: 'ok', redis: 'ok' });
  });
});

describe('readiness with Redis down', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('health_down', {
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
    });
  });
  after(() => harness.close());

  it('GET /readyz is 503 and names Redis', async () => {
    const res = await request(harness.app).get('/readyz').expect(503);
    assert.deepEqual(res.body, { status: 'unavailable', mongo: 'ok', redis: 'down' });
  });

  it('pages that do not need Redis still work', async () => {
    await request(harness.app).get('/healthz').expect(200);
  });
});
