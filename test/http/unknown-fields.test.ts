import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { z } from 'zod';
import { unknownFields } from '../../src/http/api/unknown-fields.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { startTestApp } from '../support/test-app.ts';

/**
 * A JSON body's field that its /api/v1 operation does not know is a 400 naming it (issue 31):
 * an answer sent with `message` instead of `reason` once published no text and said nothing.
 */
describe('fields an API operation does not know', () => {
  it('are found at any depth, through optional, array and union, never in a loose object', () => {
    const schema = z.object({
      reason: z.string().optional(),
      requester: z.object({ name: z.string(), email: z.string().nullable() }).optional(),
      grounds: z.array(z.object({ article: z.string() })).default([]),
      either: z.union([z.object({ a: z.number() }), z.object({ b: z.number() })]).optional(),
      extra: z.looseObject({ known: z.string() }).optional(),
    });
    assert.deepEqual(unknownFields(schema, { reason: 'x' }), []);
    assert.deepEqual(
      unknownFields(schema, {
        message: 'x',
        requester: { name: 'n', phone: '1' },
        grounds: [{ article: '7' }, { article: '8', text: 't' }],
        either: { b: 1 },
        extra: { anything: 1 },
      }),
      ['message', 'requester.phone', 'grounds.1.text'],
    );
    assert.deepEqual(unknownFields(schema, { either: { a: 1, c: 2 } }), ['either.c']);
    assert.deepEqual(unknownFields(schema, 'not an object'), []);
    // A name every object inherits is no field (the API fuzzer's {"valueOf": null} was a 500).
    assert.deepEqual(
      unknownFields(schema, JSON.parse('{"valueOf":null,"constructor":1,"__proto__":{}}')),
      ['valueOf', 'constructor', '__proto__'],
    );
  });

  let harness: Awaited<ReturnType<typeof startTestApp>>;
  let officer: Awaited<ReturnType<typeof signIn>>;
  let citizen: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    harness = await startTestApp('unknown-fields');
    await seedDemoData({});
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
  });
  after(() => harness.close());

  it('answers 400 naming the field, and changes nothing; the right name then works', async () => {
    const ref = await fileThroughApi(citizen, { visibility: 'public' });
    const wrong = await act(officer, ref, 'answer', {
      outcome: 'granted',
      message: 'The figures are attached.',
    }).expect(400);
    const body = wrong.body as { error: { code: string; fields: Record<string, string> } };
    assert.equal(body.error.code, 'VALIDATION.UNKNOWN_FIELD');
    assert.deepEqual(Object.keys(body.error.fields), ['message']);
    // In the caller's language (Arabic here, the default).
    assert.match(body.error.fields.message ?? '', /لا تعرف هذه العملية حقلًا بهذا الاسم/);
    assert.equal((await RequestModel.findOne({ ref }).lean())?.status, 'submitted');
    await act(officer, ref, 'answer', {
      outcome: 'granted',
      reason: 'The figures are attached.',
    }).expect(200);
  });

  it('in Arabic too, and at any depth of a filing', async () => {
    const res = await citizen.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', citizen.csrf)
      .set('Accept-Language', 'ar')
      .set('Cookie', 'haqq_lang=ar')
      .send({
        jurisdiction: 'JO',
        agency: 'JO-MOH',
        subject: 'Budgets',
        body: 'The clinic budgets of 2025, please.',
        visibility: 'public',
        urgnt: true,
      })
      .expect(400);
    const fields = (res.body as { error: { fields: Record<string, string> } }).error.fields;
    assert.deepEqual(Object.keys(fields), ['urgnt']);
    assert.match(fields.urgnt ?? '', /لا تعرف هذه العملية/);
  });

  it('comes after who may call: anonymous is still 401, the wrong role 403', async () => {
    await request(harness.app)
      .post('/api/v1/requests/JO-2026-000001/answer')
      .send({ outcome: 'granted', message: 'x' })
      .expect(401);
    const ref = await fileThroughApi(citizen, {});
    await act(citizen, ref, 'answer', { outcome: 'granted', message: 'x' }).expect(403);
  });
});
