import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TTL_MS = 10_000;
// The test searches many times a second from one address: the per-address limit raised.
const SETTINGS = { SEARCH_CACHE_MS: String(TTL_MS), RATE_LIMIT_MULTIPLIER: '1000' };

/**
 * The search cache (src/search/search-cache.ts) as the web process runs it:
 * a search's ranking is reused for SEARCH_CACHE_MS and computed once for
 * callers that come together, while a takedown in any process leaves the
 * results and the counts of every process within a second.
 */
describe('search with its cache', () => {
  let harness: TestApp;
  let citizen: Awaited<ReturnType<typeof signIn>>;
  let officer: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    harness = await startTestApp('search-cache', SETTINGS);
    await seedDemoData({});
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
  });
  let other: TestApp | undefined;
  after(async () => {
    await other?.close();
    await harness.close();
  });

  const search = async (q: string) =>
    (await request(harness.app).get('/api/v1/search').query({ q }).expect(200)).body as {
      items: { ref: string }[];
      total: number;
    };
  const refs = async (q: string) => (await search(q)).items.map((item) => item.ref);

  it('reuses a ranking until it expires', async () => {
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
    const meanwhile = await search('ambulance ');
    assert.ok(Date.now() - cachedAt < TTL_MS, 'still within the cache’s time (a slow machine?)');
    assert.equal(meanwhile.total, 1, 'the counts are the cached ones');
    // Once the ranking expires, the new request is found and the counts are current.
    const later = await eventually(
      'the cached ranking to expire',
      async () => {
        const found = await search('ambulance ');
        return found.total === 2 ? found : undefined;
      },
      TTL_MS + 10_000,
    );
    assert.deepEqual(later.items.map((item) => item.ref).sort(), [first, second].sort());
  });

  it('forgets its rankings in every process at a takedown in any of them', async () => {
    // A second web process: its own cache, the same database and Redis (closed with the first:
    // closing it deletes the file's Redis keys, the first one's sessions with them).
    other = await startTestApp('search-cache', SETTINGS);
    const second = other;
    const ref = await fileThroughApi(citizen, {
      subject: 'Dialysis waiting lists',
      body: 'Please send the dialysis waiting lists.',
    });
    const inOther = async () =>
      (await request(second.app).get('/api/v1/search').query({ q: 'dialysis ' }).expect(200))
        .body as { items: { ref: string }[]; total: number };
    assert.equal((await search('dialysis ')).total, 1);
    assert.equal((await inOther()).total, 1);
    await act(officer, ref, 'answer', { outcome: 'granted', reason: 'Attached.' }).expect(200);
    await act(officer, ref, 'unpublish', { reason: 'A name was left in.' }).expect(200);
    // Within the cache's time, neither process shows it any more, nor counts it.
    const takenAt = Date.now();
    const gone = await eventually(
      'the other process to forget',
      async () => {
        const found = await inOther();
        return found.total === 0 ? found : undefined;
      },
      5_000,
    );
    assert.ok(Date.now() - takenAt < TTL_MS, 'forgotten before the cache’s time ran out');
    assert.deepEqual(gone.items, []);
    assert.equal((await search('dialysis ')).total, 0);
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
