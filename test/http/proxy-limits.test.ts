import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** Seven registrations, each claiming another client address in X-Forwarded-For. */
async function registerFromSevenAddresses(harness: TestApp, tag: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 1; i <= 7; i += 1) {
    const res = await request(harness.app)
      .post('/api/v1/users')
      .set('X-Forwarded-For', `203.0.113.${String(i)}`)
      .send({
        name: `Person ${String(i)}`,
        email: `${tag}-${String(i)}@example.org`,
        password: 'a long enough password',
      });
    statuses.push(res.status);
  }
  return statuses;
}

/**
 * Limits that hold behind proxies (issue 30): X-Forwarded-For is believed only
 * from the proxies TRUST_PROXY names, so a client cannot pick its own address
 * for the limits, and behind a trusted proxy each client has its own bucket.
 * Anonymous search, feeds and open data are limited per address; a 429 says
 * when to come back (Retry-After) and every answer carries the RateLimit
 * fields of draft-ietf-httpapi-ratelimit-headers-10.
 */
describe('rate limits behind proxies, and on public reads', () => {
  let direct: TestApp;
  before(async () => {
    // Production, and no TRUST_PROXY: the default (production trusted one hop before).
    direct = await startTestApp('limits-direct', {
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
    });
    await seedDemoData({});
  });
  after(() => direct.close());

  it('does not believe X-Forwarded-For from an untrusted client: forged addresses share one bucket', async () => {
    const statuses = await registerFromSevenAddresses(direct, 'direct');
    // Five registrations an hour from one address; the forged addresses did not make seven.
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429]);
  });

  it('behind a trusted proxy, keys each client by the address the proxy saw', async () => {
    const behind = await startTestApp('limits-behind', { TRUST_PROXY: 'loopback' });
    try {
      assert.deepEqual(await registerFromSevenAddresses(behind, 'behind'), Array(7).fill(202));
    } finally {
      await behind.close();
    }
  });

  it('limits anonymous search, feeds and open data per address, with Retry-After and RateLimit fields', async () => {
    for (const [path, quota, policy] of [
      ['/api/v1/search?q=budget', 60, 'search-ip'],
      ['/feeds/jurisdictions/JO.atom', 60, 'feeds-ip'],
      ['/open-data/requests.json', 30, 'open-data-ip'],
    ] as const) {
      const first = await request(direct.app).get(path).expect(200);
      assert.equal(first.headers['ratelimit-policy'], `"${policy}";q=${String(quota)};w=60`);
      assert.match(
        String(first.headers.ratelimit),
        new RegExp(`^"${policy}";r=${String(quota - 1)};t=\\d+$`),
      );
      for (let i = 1; i < quota; i += 1) await request(direct.app).get(path).expect(200);
      const held = await request(direct.app).get(path).expect(429);
      assert.ok(Number(held.headers['retry-after']) > 0, path);
      assert.match(String(held.headers.ratelimit), new RegExp(`^"${policy}";r=0;t=\\d+$`));
    }
    // A signed-in user is not counted there: their own limits apply.
    const citizen = await signIn(direct.app, (await createUser('citizen')).email);
    await citizen.agent.get('/api/v1/search?q=budget').expect(200);
  });
});
