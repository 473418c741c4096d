import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TTL_MS = 10_000;

/**
 * The search cache (src/search/search-cache.ts) as the web process runs it:
 * a search's ranking is reused for SEARCH_CACHE_MS and computed once for
 * callers that come together, while a takedown leaves the results at once.
 */
describe('search with its cache', () => {
  let harness: TestApp;
  let citizen: Awaited<ReturnType<typeof signIn>>;
  let officer: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    harness = await startTestApp('search-cache', { SEARCH_CACHE_MS: String(TTL_MS) });
    await seedDemoData({});
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
  });
  after(() => harness.close());

  const search = async (q: string) =>
    (await request(harness.app).get('/api/v1/search').query({ q }).expect(200)).body as {
      items: { ref: string }[];
      total: number;
    };
  const refs = async (q: string) => (await search(q)).items.map((item) => item.ref);

  it('reuses a ranking until it expires; a takedown leaves the results at once', async () => {
    const first = await fileThroughApi(citizen, {
      subject: 'Ambulance response times',
      body: 'Please send the ambulance response times for 2025.',
    });
    const cachedAt = Date.now();
    assert.deepEqual(await refs('ambulance '), [first]);
    const second = await fileThroughApi(citizen, {
      subject: 'Ambulance fleet',
      body: 'Please send the list of ambulances in service.',
    });
    await act(officer, first, 'answer', { outcome: 'granted', reason: 'Twelve minutes.' }).expect(
      200,
    );
    await act(officer, first, 'unpublish', { reason: 'A name was left in.' }).expect(200);
    const meanwhile = await search('ambulance ');
    assert.ok(Date.now() - cachedAt < TTL_MS, 'still within the cache’s time (a slow machine?)');
    assert.deepEqual(meanwhile.items, [], 'the taken-down request is gone at once');
    assert.equal(meanwhile.total, 1, 'the counts are the cached ones');
    // Once the ranking expires, the new request is found and the counts are current.
    const later = await eventually(
      'the cached ranking to expire',
      async () => {
        const found = await search('ambulance ');
        return found.items.length > 0 ? found : undefined;
      },
      TTL_MS + 10_000,
    );
    assert.deepEqual(
      later.items.map((item) => item.ref),
      [second],
    );
    assert.equal(later.total, 1);
  });

  it('ranks a search once for callers that come together, and apart for other words', async () => {
    await fileThroughApi(citizen, {
      subject: 'Vaccination schedule',
      body: 'Please send the vaccination schedule of the clinics.',
    });
    let aggregates = 0;
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === 'requests' && method === 'aggregate') aggregates += 1;
    });
    try {
      const all = await Promise.all(Array.from({ length: 20 }, () => refs('vaccination ')));
      assert.equal(new Set(all.map((found) => found.join())).size, 1, 'the same answer');
      assert.equal(all[0]!.length, 1);
      // One ranking of one word: the page's tier and the counts.
      assert.equal(aggregates, 2);
      assert.equal((await refs('clinics ')).length, 1, 'other words are their own search');
      assert.equal(aggregates, 4);
    } finally {
      mongoose.set('debug', false);
    }
  });
});
