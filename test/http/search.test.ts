import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { fileAsCitizens } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface Found {
  items: { ref: string; subject: string; url: string; snippet: string; status: string }[];
  total: number;
  next: string | null;
}

/**
 * Search of the published requests on a small Arabic and English corpus with
 * spelling variants: each expected request ranks first; private requests and
 * redacted words are never found.
 */
describe('search of the published requests', () => {
  let harness: TestApp;
  const refs: Record<string, string> = {};

  before(async () => {
    harness = await startTestApp('search');
    await seedDemoData({});
    const corpus = {
      budget: {
        agency: 'JO-MOH',
        subject: 'موازنة مستشفى البشير',
        body: 'أرجو تزويدي بموازنة مستشفى البشير الحكومي لعام 2025 مفصلة حسب البنود.',
      },
      schools: {
        agency: 'JO-MOE',
        subject: 'عقود صيانة المدارس الحكومية',
        body: 'أطلب نسخًا من عقود صيانة المدارس في محافظة إربد والمبالغ المدفوعة.',
      },
      doctors: {
        agency: 'JO-MOH',
        subject: 'أعداد الأطباء',
        body: 'كم عدد الأطباء العاملين في المستشفيات الحكومية في كل محافظة؟',
      },
      water: {
        agency: 'JO-MWI',
        subject: 'Water tariffs in Amman',
        body: 'Please send the water tariffs applied to households in Amman since 2020.',
      },
      phone: {
        agency: 'JO-GAM',
        subject: 'رخص البناء في عمّان',
        body: 'أرجو إرسال عدد رخص البناء الصادرة، ويمكن الاتصال بي على 0791234567 أو sara@example.org.',
      },
      secret: {
        agency: 'JO-MOF',
        subject: 'موازنة سرية للطلب الخاص',
        body: 'طلب خاص عن موازنة سرية لا يظهر في البحث أبدًا.',
        visibility: 'private' as const,
      },
    };
    Object.assign(refs, await fileAsCitizens(harness.app, corpus));
  });
  after(() => harness.close());

  const search = async (query: Record<string, string>) =>
    (await request(harness.app).get('/api/v1/search').query(query).expect(200)).body as Found;
  const first = async (q: string) => (await search({ q })).items[0]?.ref;

  it('finds each request by its words in any spelling: hamza, ة/ه, the article, clitics, digits', async () => {
    assert.equal(await first('الموازنه '), refs.budget);
    assert.equal(await first('بموازنة '), refs.budget);
    assert.equal(await first('مدارس '), refs.schools);
    assert.equal(await first('اطباء '), refs.doctors);
    assert.equal(await first('الأطبّاء '), refs.doctors);
    assert.equal(await first('٢٠٢٥ '), refs.budget);
    assert.equal(await first('Tariff '), refs.water);
  });

  it('matches the last word as a prefix while typing, and ranks by words matched, the subject weighing more', async () => {
    // "مستشفيات" is in the doctors' text only; "مستشفى" in the budget's subject.
    const both = await search({ q: 'مستشف' });
    assert.deepEqual(both.items.map((i) => i.ref).sort(), [refs.budget, refs.doctors].sort());
    // Once the word is whole, a match in the subject ranks above one in the text.
    const whole = await search({ q: 'مستشفى ' });
    assert.equal(whole.items[0]?.ref, refs.budget, 'a match in the subject ranks first');
    assert.equal(whole.items[1]?.ref, refs.doctors);
    // A request holding every word ranks above one holding some, across pages too.
    const first = await search({ q: 'موازنة مستشفى ', limit: '1' });
    assert.deepEqual(
      first.items.map((i) => i.ref),
      [refs.budget],
    );
    assert.ok(first.next);
    const second = await search({ q: 'موازنة مستشفى ', limit: '1', cursor: first.next });
    assert.deepEqual(
      second.items.map((i) => i.ref),
      [refs.doctors],
    );
    assert.equal(second.next, null);
    const found = await search({ q: 'عقود صيانة ' });
    assert.equal(found.items[0]?.ref, refs.schools);
    assert.match(found.items[0]?.snippet ?? '', /<mark>عقود<\/mark> <mark>صيانة<\/mark>/);
    assert.equal(found.items[0]?.url, `/requests/${String(refs.schools)}`);
  });

  it('never finds a private request, nor the words redacted from a public one', async () => {
    const secret = await search({ q: 'سرية ' });
    assert.equal(secret.total, 0);
    assert.equal(
      (await search({ q: '' })).items.some((i) => i.ref === refs.secret),
      false,
    );
    assert.equal((await search({ q: '0791234567 ' })).total, 0);
    assert.equal((await search({ q: 'sara ' })).total, 0);
    const permits = await search({ q: 'رخص البناء ' });
    assert.equal(permits.items[0]?.ref, refs.phone);
    assert.doesNotMatch(JSON.stringify(permits), /0791234567|sara@example/);
    // The public page shows the redacted text to visitors, the original to the requester.
    const page = await request(harness.app)
      .get(`/requests/${String(refs.phone)}`)
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.doesNotMatch(page.text, /0791234567|sara@example/);
    assert.match(page.text, /<span class="redacted"[^>]*>\[حُذف رقم هاتف\]<\/span>/);
    const stored = await RequestModel.findOne({ ref: refs.phone }).lean();
    assert.match(stored?.body ?? '', /0791234567/, 'the original is kept for the parties');
  });

  it('filters, counts, pages with a cursor, and refuses a bad query with a 400 naming it', async () => {
    const all = await search({ q: '', jurisdiction: 'JO', limit: '2' });
    assert.equal(all.total, 5);
    const seen = new Set(all.items.map((i) => i.ref));
    let next = all.next;
    while (next) {
      const more = await search({ q: '', jurisdiction: 'JO', limit: '2', cursor: next });
      for (const item of more.items) {
        assert.ok(!seen.has(item.ref), 'no repeats');
        seen.add(item.ref);
      }
      next = more.next;
    }
    assert.equal(seen.size, 5);
    assert.equal((await search({ q: '', agency: 'JO-MOH' })).total, 2);
    assert.equal((await search({ q: '', status: 'answered' })).total, 0);
    assert.equal((await search({ q: '', jurisdiction: 'TN' })).total, 0);
    const bad = await request(harness.app)
      .get('/api/v1/search')
      .query({ status: 'nope' })
      .expect(400);
    assert.match(JSON.stringify(bad.body), /status/);
  });

  it('the page, in both languages, for anonymous visitors', async () => {
    const ar = await request(harness.app)
      .get('/search')
      .query({ q: 'الموازنه' })
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(ar.text, /dir="rtl"/);
    assert.match(ar.text, /طلب واحد/);
    assert.match(ar.text, new RegExp(`href="/requests/${String(refs.budget)}"`));
    assert.match(ar.text, /<mark>بموازنة<\/mark>/);
    const en = await request(harness.app)
      .get('/search')
      .query({ q: 'water' })
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(en.text, /1 request found/);
  });
});
