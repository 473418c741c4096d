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

describe('GET /metrics', () => {
  const TOKEN = 'metrics-token-for-the-tests-0123456789';
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('metrics', { METRICS_TOKEN: TOKEN });
    await redisReady(harness.redis);
  });
  after(() => harness.close());

  it('a scraper on this host reads latency by route pattern, the queues and the process', async () => {
    await request(harness.app).get('/jurisdictions/JO').expect(200);
    await request(harness.app).get('/requests/JO-2026-999999').expect(404);
    const res = await request(harness.app).get('/metrics').expect(200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const text = res.text;
    assert.match(
      text,
      /haqq_http_request_duration_seconds_count\{method="GET",route="\/jurisdictions\/:code",status="200"\} 1/,
    );
    // Paths never become labels: the unknown ref is counted under its pattern.
    assert.doesNotMatch(text, /JO-2026-999999/);
    assert.match(text, /haqq_queue_jobs\{queue="mail",state="waiting"\} \d+/);
    assert.match(text, /haqq_process_resident_memory_bytes \d+/);
    assert.match(text, /# TYPE haqq_mail_total counter/);
    assert.match(text, /# TYPE haqq_jobs_total counter/);
  });

  it('through a proxy or from elsewhere: a 404 as for any unknown page; a wrong token is refused; the token reads', async () => {
    await request(harness.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(404);
    await request(harness.app)
      .get('/metrics')
      .set('X-Forwarded-For', '203.0.113.9')
      .set('Authorization', 'Bearer wrong-token-of-the-same-length-0123456')
      .expect(401);
    await request(harness.app)
      .get('/metrics')
      .set('X-Forwarded-For', '203.0.113.9')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
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

  it('signing in needs Redis (the login limits): 503 with Retry-After, within 5 s', async () => {
    const started = Date.now();
    const res = await request(harness.app)
      .post('/api/v1/session')
      .send({ email: 'someone@example.org', password: 'a password of some length' })
      .expect(503);
    assert.ok(Date.now() - started < 5_000);
    assert.equal(res.headers['retry-after'], '5');
    assert.equal((res.body as { error: { code: string } }).error.code, 'SERVICE_UNAVAILABLE');
  });
});
