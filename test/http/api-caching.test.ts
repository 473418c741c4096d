import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Reads a client can cache: an ETag on request, agency and statistics reads,
 * a 304 for `If-None-Match` while nothing changed and the new body once it
 * did; and the versioning policy's Deprecation and Sunset headers.
 */
describe('API reads a client can cache, and the versioning headers', () => {
  let harness: TestApp;
  let deprecated: TestApp;
  before(async () => {
    harness = await startTestApp('api-caching');
    await seedDemoData({});
    deprecated = await startTestApp('api-caching-deprecated', {
      API_V1_DEPRECATED_AT: '2027-01-01',
      API_V1_SUNSET_AT: '2027-07-01',
    });
  });
  after(async () => {
    await deprecated.close();
    await harness.close();
  });

  it('an unchanged read answers 304 to its ETag; a changed one the new body', async () => {
    const citizen = await signIn(harness.app, (await createUser('citizen')).email);
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    const auditor = await signIn(harness.app, (await createUser('auditor')).email);
    const ref = await fileThroughApi(citizen);
    const reads = [
      { agent: officer.agent, path: `/api/v1/requests/${ref}` },
      { agent: request.agent(harness.app), path: '/api/v1/agencies?jurisdiction=JO' },
      { agent: auditor.agent, path: '/api/v1/stats?jurisdiction=JO' },
    ];
    for (const { agent, path } of reads) {
      const first = await agent.get(path).expect(200);
      const etag = first.headers.etag;
      assert.ok(etag, `${path} has an ETag`);
      const again = await agent.get(path).set('If-None-Match', etag).expect(304);
      assert.equal(again.text, '');
    }
    const before = await officer.agent.get(`/api/v1/requests/${ref}`).expect(200);
    await officer.agent
      .post(`/api/v1/requests/${ref}/acknowledge`)
      .set('X-CSRF-Token', officer.csrf)
      .send({})
      .expect(200);
    const changed = await officer.agent
      .get(`/api/v1/requests/${ref}`)
      .set('If-None-Match', String(before.headers.etag))
      .expect(200);
    assert.equal((changed.body as { status: string }).status, 'acknowledged');
  });

  it('lists page with a keyset cursor: every item once, in order; a forged cursor is a 400', async () => {
    const admin = await signIn(harness.app, (await createUser('admin')).email);
    for (let i = 0; i < 5; i += 1) await createUser('citizen');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (
        await admin.agent
          .get('/api/v1/admin/users')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .expect(200)
      ).body as { users: { email: string }[]; next: string | null };
      seen.push(...page.users.map((u) => u.email));
      cursor = page.next;
      pages += 1;
    } while (cursor && pages < 50);
    const all = (await admin.agent.get('/api/v1/admin/users').query({ limit: 200 }).expect(200))
      .body as { users: { email: string }[]; next: string | null };
    assert.equal(all.next, null);
    assert.deepEqual(
      seen,
      all.users.map((u) => u.email),
    );
    assert.ok(pages >= 4);
    const agencies = (
      await request(harness.app)
        .get('/api/v1/agencies')
        .query({ jurisdiction: 'JO', limit: 3 })
        .expect(200)
    ).body as { items: unknown[]; next: string };
    assert.equal(agencies.items.length, 3);
    const rest = (
      await request(harness.app)
        .get('/api/v1/agencies')
        .query({ jurisdiction: 'JO', limit: 3, cursor: agencies.next })
        .expect(200)
    ).body as { items: { code: string }[] };
    assert.ok(rest.items.length > 0);
    const bad = await admin.agent
      .get('/api/v1/admin/users')
      .query({ cursor: 'bm90IGEgY3Vyc29y' })
      .expect(400);
    assert.match(JSON.stringify(bad.body), /cursor/);
  });

  it('no version headers while /api/v1 is current; Deprecation and Sunset once it is not', async () => {
    const current = await request(harness.app).get('/api/v1/jurisdictions').expect(200);
    assert.equal(current.headers.deprecation, undefined);
    assert.equal(current.headers.sunset, undefined);
    const old = await request(deprecated.app).get('/api/v1/jurisdictions').expect(200);
    assert.equal(old.headers.deprecation, `@${String(Date.UTC(2027, 0, 1) / 1000)}`);
    assert.equal(old.headers.sunset, 'Thu, 01 Jul 2027 00:00:00 GMT');
    const page = await request(deprecated.app).get('/jurisdictions').expect(200);
    assert.equal(page.headers.deprecation, undefined, 'pages are not the API');
  });
});
