import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

describe('jurisdictions API and deadline calculator', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('jurisdictions_api');
  });
  after(() => harness.close());

  it('lists every jurisdiction with its rules summary and unverified fields', async () => {
    const res = await request(harness.app).get('/api/v1/jurisdictions').expect(200);
    const body = res.body as {
      jurisdictions: {
        code: string;
        rulesVersion: string;
        acceptsFiling: boolean;
        unverified: string[];
        reference: boolean;
        response: { days: number; dayType: string };
      }[];
    };
    const codes = body.jurisdictions.map((j) => j.code).sort();
    assert.deepEqual(codes, ['GB', 'JO', 'LB', 'MA', 'TN', 'US', 'YE']);
    const jo = body.jurisdictions.find((j) => j.code === 'JO')!;
    assert.equal(jo.rulesVersion, 'JO-2024');
    assert.deepEqual(jo.response, { days: 15, dayType: 'working' });
    assert.ok(jo.acceptsFiling);
    assert.ok(jo.unverified.includes('response.days'));
    assert.equal(body.jurisdictions.find((j) => j.code === 'GB')!.reference, true);
  });

  it('computes a deadline with its explanation in both languages', async () => {
    const res = await request(harness.app)
      .get('/api/v1/jurisdictions/JO/deadline')
      .query({ received: '2026-03-16T17:00:00+03:00', kind: 'response' })
      .expect(200);
    const body = res.body as Record<string, unknown> & {
      skipped: { date: string; reason: string; name: { ar: string; en: string } }[];
      explanation: { ar: string; en: string };
    };
    assert.equal(body.jurisdiction, 'JO');
    assert.equal(body.rulesVersion, 'JO-2024');
    assert.equal(body.kind, 'response');
    assert.equal(body.receivedAt, '2026-03-16T14:00:00.000Z');
    assert.equal(body.effectiveReceivedAt, '2026-03-16T21:00:00.000Z');
    assert.equal(body.dueAt, '2026-04-09T20:59:59.999Z');
    assert.equal(body.dueDate, '2026-04-09');
    assert.equal(body.days, 15);
    assert.equal(body.dayType, 'working');
    assert.deepEqual(
      body.skipped.filter((day) => day.reason === 'holiday').map((day) => [day.date, day.name.en]),
      [
        ['2026-03-22', 'Eid al-Fitr'],
        ['2026-03-23', 'Eid al-Fitr'],
      ],
    );
    assert.equal(body.skipped.filter((day) => day.reason === 'weekend').length, 6);
    assert.match(body.explanation.en, /after the office's closing time/);
    assert.match(body.explanation.en, /15 working days/);
    assert.match(body.explanation.en, /Not yet verified/);
    assert.match(body.explanation.ar, /عيد الفطر/);
    assert.match(body.explanation.ar, /9 نيسان 2026/);
  });

  it('an extension counts from the original due date given as from=', async () => {
    const res = await request(harness.app)
      .get('/api/v1/jurisdictions/jo/deadline')
      .query({ received: '2026-03-02T09:00:00+03:00', kind: 'extension', from: '2026-03-25' })
      .expect(200);
    assert.equal((res.body as { dueDate: string }).dueDate, '2026-04-05');
  });

  it('urgent requests in Tunisia are due 48 hours after receipt', async () => {
    const res = await request(harness.app)
      .get('/api/v1/jurisdictions/TN/deadline')
      .query({ received: '2026-03-18T10:00:00Z', kind: 'urgent' })
      .expect(200);
    assert.equal((res.body as { dueAt: string }).dueAt, '2026-03-20T10:00:00.000Z');
    assert.equal((res.body as { dayType: string }).dayType, 'hours');
  });

  it('an unknown jurisdiction is a 404 JSON error', async () => {
    const res = await request(harness.app)
      .get('/api/v1/jurisdictions/XX/deadline')
      .query({ received: '2026-03-02T09:00:00Z' })
      .expect(404);
    assert.equal((res.body as ErrorBody).error.code, 'JURISDICTION.NOT_FOUND');
  });

  it('a missing or bad received, kind or from is a 400 naming the field', async () => {
    const missing = await request(harness.app)
      .get('/api/v1/jurisdictions/JO/deadline')
      .set('Cookie', 'haqq_lang=en')
      .expect(400);
    assert.deepEqual(Object.keys((missing.body as ErrorBody).error.fields ?? {}), ['received']);
    const bad = await request(harness.app)
      .get('/api/v1/jurisdictions/JO/deadline')
      .query({ received: '2026-13-45', kind: 'soon' })
      .expect(400);
    assert.deepEqual(Object.keys((bad.body as ErrorBody).error.fields ?? {}).sort(), [
      'kind',
      'received',
    ]);
    const noOffset = await request(harness.app)
      .get('/api/v1/jurisdictions/JO/deadline')
      .query({ received: '2026-03-02T09:00' })
      .expect(400);
    assert.ok((noOffset.body as ErrorBody).error.fields?.received);
    const noFrom = await request(harness.app)
      .get('/api/v1/jurisdictions/JO/deadline')
      .query({ received: '2026-03-02T09:00:00Z', kind: 'extension' })
      .expect(400);
    assert.deepEqual(Object.keys((noFrom.body as ErrorBody).error.fields ?? {}), ['from']);
    const operator = await request(harness.app)
      .get('/api/v1/jurisdictions/JO/deadline?received[$gt]=')
      .expect(400);
    assert.ok((operator.body as ErrorBody).error.fields?.received);
  });

  it('a period the law does not give is a 422 with the reason', async () => {
    const res = await request(harness.app)
      .get('/api/v1/jurisdictions/LB/deadline')
      .set('Cookie', 'haqq_lang=en')
      .query({ received: '2026-03-02T09:00:00Z', kind: 'urgent' })
      .expect(422);
    assert.equal((res.body as ErrorBody).error.code, 'DEADLINE.NO_URGENT_TRACK');
    assert.match((res.body as ErrorBody).error.message, /no urgent track/);
  });

  it('the calculator page shows the same date, with the Hijri date, in both languages', async () => {
    const query = { jurisdiction: 'JO', received: '2026-03-16T17:00', kind: 'response' };
    const en = await request(harness.app)
      .get('/deadline-calculator')
      .set('Cookie', 'haqq_lang=en')
      .query(query)
      .expect(200);
    assert.match(en.text, /Thursday, 9 April 2026 \(21 Shawwal 1447 AH\)/);
    assert.match(en.text, /datetime="2026-04-09T20:59:59.999Z"/);
    const ar = await request(harness.app)
      .get('/deadline-calculator')
      .set('Cookie', 'haqq_lang=ar')
      .query({ ...query, digits: 'arab' })
      .expect(200);
    assert.match(ar.text, /<html lang="ar" dir="rtl"[ >]/);
    assert.match(ar.text, /الخميس، ٩ نيسان ٢٠٢٦/);
  });

  it('the calculator page keeps the values and explains a bad input with 422', async () => {
    const res = await request(harness.app)
      .get('/deadline-calculator')
      .set('Cookie', 'haqq_lang=en')
      .query({ jurisdiction: 'JO', received: 'yesterday' })
      .expect(422);
    assert.match(res.text, /value="yesterday"/);
    assert.match(res.text, /Enter a real date and time/);
    await request(harness.app).get('/deadline-calculator').expect(200);
  });
});

describe('jurisdiction pages', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('jurisdiction_pages');
  });
  after(() => harness.close());

  it('lists every jurisdiction', async () => {
    const res = await request(harness.app)
      .get('/jurisdictions')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    for (const name of [
      'Jordan',
      'Tunisia',
      'Morocco',
      'Lebanon',
      'Yemen',
      'United Kingdom',
      'United States',
    ])
      assert.match(res.text, new RegExp(name));
  });

  it("shows a jurisdiction's rules, marking what is not yet verified, in both languages", async () => {
    const en = await request(harness.app)
      .get('/jurisdictions/TN')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(
      en.text,
      /20 calendar days <strong class="unverified">\(not yet verified\)<\/strong>/,
    );
    assert.match(en.text, /48 hours/);
    assert.match(en.text, /Access to Information Authority \(INAI\)/);
    assert.match(en.text, /Saturday; Sunday/);
    const ar = await request(harness.app)
      .get('/jurisdictions/tn')
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(ar.text, /<html lang="ar" dir="rtl"[ >]/);
    assert.match(ar.text, /لم يُتحقق منه بعد/);
    await request(harness.app).get('/jurisdictions/XX').expect(404);
  });
});
