import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createUser, PASSWORD } from '../support/factories.ts';
import { startPrivateRedis } from '../support/private-redis.ts';
import { redisReady, startTestApp, type TestApp } from '../support/test-app.ts';

/** One GET on `agent`'s connection: the status, and whether it went on a connection already used. */
function get(agent: http.Agent, url: string, cookie: string) {
  return new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
    const req = http.get(url, { agent, headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * Redis failing between a signed-in request's session read and the renewal of
 * that session as the answer ends (a Redis restart under load): the answer is
 * whole, and so is the connection it came on. Express's final handler used to
 * get the renewal's error and destroy the socket, which cut the next request the
 * client sent on it (`npm run bench -- faults`, Redis restart: "other side closed").
 * Here the private Redis's ACL takes writes away from the app's connection
 * between the two steps, which fails every renewal the same way, each time.
 */
describe('a session that cannot be renewed after the answer', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let harness: TestApp;
  let server: http.Server;
  let base: string;
  let keeper: Redis;
  before(async () => {
    redis = await startPrivateRedis();
    const setup = new Redis(redis.url);
    await setup.call('ACL', 'SETUSER', 'keeper', 'on', '>keeper-password', '~*', '&*', '+@all');
    await setup.quit();
    keeper = new Redis(`redis://keeper:keeper-password@127.0.0.1:${String(redis.port)}`);
    harness = await startTestApp('session_renewal', { REDIS_URL: redis.url });
    await redisReady(harness.redis);
    server = harness.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  after(async () => {
    await keeper.call('ACL', 'SETUSER', 'default', '+@all');
    await keeper.quit();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
    await redis.stop();
  });

  it('an error page for a signed-in user comes whole, and the connection carries the next request', async () => {
    const user = await createUser('citizen');
    const signedIn = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    assert.equal(signedIn.status, 200);
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // The session is read; then no write reaches Redis, so its renewal fails after the answer.
      await keeper.call('ACL', 'SETUSER', 'default', '-@write');
      const missing = await get(agent, `${base}/no-such-page`, cookie);
      assert.equal(missing.status, 404);
      // Time for the server to have closed the connection, if it were going to.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const next = await get(agent, `${base}/healthz`, cookie);
      assert.equal(next.status, 200);
      assert.equal(next.reused, true, 'the second request went on the same connection');
    } finally {
      agent.destroy();
    }
  });
});
