import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface ErrorBody {
  error?: { code: string; fields?: Record<string, string> };
}

/** A malformed or absurd statistics range is a 400 naming the field, for everyone. */
describe('statistics ranges: bad input is a 400 naming the field, never a 500', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('stats_range');
    await seedDemoData({});
  });
  after(() => harness.close());

  const BAD: readonly [string, string][] = [
    ['from=0&to=99999999', 'from'],
    ['from=2026-01-01&to=99999999', 'to'],
    ['from=2026-02-30', 'from'],
    ['to=2026-13-01', 'to'],
    ['from=0000-01-01&to=2026-01-01', 'from'],
    ['from=9999-01-01&to=9999-12-31', 'from'],
    ['from=2026-05-01&to=2026-04-01', 'to'],
    ['from=1990-01-01&to=2026-01-01', 'from'],
    ['from=2026-01-01&from=2026-02-01', 'from'],
    ['to=2026-01-01T00:00:00Z', 'to'],
    ['jurisdiction=jo', 'jurisdiction'],
  ];

  it('anonymous visitors and every role get 400 with the field named', async () => {
    const callers: { get: (url: string) => request.Test }[] = [request(harness.app)];
    for (const role of ['citizen', 'auditor', 'admin'] as const)
      callers.push((await signIn(harness.app, (await createUser(role)).email)).agent);
    const failures: string[] = [];
    for (const caller of callers)
      for (const [query, field] of BAD) {
        const res = await caller.get(`/api/v1/stats?${query}`);
        const fields = (res.body as ErrorBody).error?.fields ?? {};
        if (res.status !== 400 || !(field in fields))
          failures.push(`${query} → ${String(res.status)} ${JSON.stringify(fields)}`);
      }
    assert.deepEqual(failures, []);
    await request(harness.app).get('/api/v1/stats?from=2026-01-01&to=2026-03-31').expect(200);
  });
});
