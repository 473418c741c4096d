import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileAsCitizens, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { asBytes } from '../support/bytes.ts';

/**
 * Open data: daily snapshots of the published requests (CSV with a BOM, JSON)
 * and the monthly figures, with ETag and Last-Modified; nothing private, taken
 * down or redacted, and no spreadsheet formula.
 */
describe('open data', () => {
  let harness: TestApp;
  const refs: Record<string, string> = {};
  before(async () => {
    harness = await startTestApp('open_data');
    await seedDemoData({});
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    Object.assign(
      refs,
      await fileAsCitizens(harness.app, {
        public: {
          subject: 'عقود النظافة في المستشفيات',
          body: 'أرجو إرسال عقود النظافة؛ للتواصل 0791234567.',
        },
        formula: {
          subject: '=HYPERLINK("http://evil.example")',
          body: 'A subject that looks like a formula.',
        },
        private: {
          subject: 'My own file',
          body: 'Please send my own file, thank you.',
          visibility: 'private',
        },
        down: {
          subject: 'Staff names list',
          body: 'Please send the names of the staff.',
        },
      }),
    );
    await act(officer, refs.down ?? '', 'answer', { outcome: 'granted', reason: 'Listed.' }).expect(
      200,
    );
    await act(officer, refs.down ?? '', 'unpublish', { reason: 'Names of people.' }).expect(200);
  });
  after(() => harness.close());

  it('the published requests as CSV: a BOM, headings with their keys, no private, taken-down or redacted text, no formula', async () => {
    const res = await request(harness.app)
      .get('/open-data/requests.csv')
      .buffer(true)
      .parse(asBytes)
      .expect(200);
    const bytes = res.body as Buffer;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
    const text = bytes.toString('utf8');
    assert.match(text, /Reference \(ref\),Country \(jurisdiction\)/);
    assert.match(text, new RegExp(String(refs.public)));
    assert.match(text, /عقود النظافة في المستشفيات/);
    assert.doesNotMatch(
      text,
      new RegExp(`${String(refs.private)}|${String(refs.down)}|0791234567|My own file`),
    );
    assert.match(text, /"'=HYPERLINK\(""http:\/\/evil\.example""\)"/, 'a formula is escaped');
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.ok(res.headers.etag && res.headers['last-modified']);
    // The same bytes all day, and a conditional request is answered 304.
    const again = await request(harness.app).get('/open-data/requests.csv').expect(200);
    assert.equal(again.headers.etag, res.headers.etag);
    await request(harness.app)
      .get('/open-data/requests.csv')
      .set('If-None-Match', res.headers.etag)
      .expect(304);
  });

  it('the same as JSON; the monthly figures as CSV; each day kept at its own address', async () => {
    const json = await request(harness.app).get('/open-data/requests.json').expect(200);
    const rows = json.body as Record<string, unknown>[];
    assert.deepEqual(Object.keys(rows[0] ?? {}).slice(0, 3), ['ref', 'jurisdiction', 'agency']);
    assert.deepEqual(rows.map((r) => r.ref).sort(), [refs.public, refs.formula].sort());
    const stats = await request(harness.app).get('/open-data/statistics.csv').expect(200);
    assert.match(stats.text, /Month \(month\),Received \(received\)/);
    assert.match(stats.text, /JO,JO-MOH,\d{4}-\d{2},/);
    const today = new Date().toISOString().slice(0, 10);
    const page = await request(harness.app)
      .get('/open-data')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(page.text, /CC-BY-4\.0/);
    assert.match(page.text, new RegExp(`href="/open-data/${today}/requests\\.csv"`));
    const kept = await request(harness.app).get(`/open-data/${today}/requests.json`).expect(200);
    assert.equal(kept.headers.etag, json.headers.etag);
    await request(harness.app).get('/open-data/people.csv').expect(404);
    await request(harness.app).get('/open-data/2020-01-01/requests.csv').expect(404);
  });
});
