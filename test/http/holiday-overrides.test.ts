import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { rulesByVersion } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { createWorkingCalendar } from '../../src/jurisdictions/working-calendar.ts';
import { requestDeadline } from '../../src/requests/request-deadline.ts';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { createRequest, createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface ErrorBody {
  error: { code: string; fields?: Record<string, string> };
}

const jo = loadJurisdictions().get('JO')!;
/** The due date the calendar without overrides gives (as filing would have stored it). */
function dueAt(receivedAt: Date): Date {
  return requestDeadline(
    { receivedAt, urgent: false, extensionCount: 0, pauses: [] },
    rulesByVersion(jo, 'JO-2024')!,
    createWorkingCalendar(jo),
  )!.dueAt;
}

describe('holiday overrides by admins', () => {
  let harness: TestApp;
  let admin: Agent;
  let citizen: Agent;
  before(async () => {
    harness = await startTestApp('holiday_overrides');
    admin = await signIn(harness.app, (await createUser('admin')).email);
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
  });
  after(() => harness.close());

  it('only admins may see or change overrides', async () => {
    await request(harness.app).get('/api/v1/admin/jurisdictions/JO/holiday-overrides').expect(401);
    await citizen.agent.get('/api/v1/admin/jurisdictions/JO/holiday-overrides').expect(403);
    const page = await request(harness.app).get('/admin/holidays/JO').expect(303);
    assert.equal(page.headers.location, '/login?next=%2Fadmin%2Fholidays%2FJO');
    await admin.agent.get('/api/v1/admin/jurisdictions/JO/holiday-overrides').expect(200);
  });

  it('an added day off moves exactly the open deadlines it falls in, each with a deadline_recomputed event', async () => {
    const receivedAt = new Date('2026-05-10T07:00:00Z');
    assert.equal(dueAt(receivedAt).toISOString(), '2026-06-04T20:59:59.999Z');
    const affected = await createRequest({
      ref: 'JO-2026-000101',
      receivedAt,
      dueAt: dueAt(receivedAt),
    });
    const later = new Date('2026-07-01T07:00:00Z');
    const unaffected = await createRequest({
      ref: 'JO-2026-000102',
      receivedAt: later,
      dueAt: dueAt(later),
    });
    const answered = await createRequest({
      ref: 'JO-2026-000103',
      receivedAt,
      dueAt: dueAt(receivedAt),
      status: 'answered',
    });

    const res = await admin.agent
      .post('/api/v1/admin/jurisdictions/JO/holiday-overrides')
      .set('X-CSRF-Token', admin.csrf)
      .send({
        action: 'add',
        date: '2026-06-02',
        name: { ar: 'عطلة استثنائية', en: 'Exceptional day off' },
        status: 'confirmed',
        note: 'Prime Minister’s bulletin',
      })
      .expect(201);
    const body = res.body as {
      override: { id: string };
      recompute: { checked: number; changed: { ref: string; from: string; to: string }[] };
    };
    assert.equal(body.recompute.checked, 2);
    assert.deepEqual(body.recompute.changed, [
      { ref: 'JO-2026-000101', from: '2026-06-04T20:59:59.999Z', to: '2026-06-07T20:59:59.999Z' },
    ]);

    const moved = await RequestModel.findById(affected._id).lean();
    assert.equal(moved?.dueAt.toISOString(), '2026-06-07T20:59:59.999Z');
    assert.equal(moved.version, 2);
    const event = await RequestEventModel.findOne({ requestId: affected._id, seq: 2 }).lean();
    assert.equal(event?.type, 'deadline_recomputed');
    const data = event.data as { previousDueAt: Date; dueAt: Date };
    assert.equal(new Date(data.previousDueAt).toISOString(), '2026-06-04T20:59:59.999Z');
    assert.equal(new Date(data.dueAt).toISOString(), '2026-06-07T20:59:59.999Z');
    assert.equal((await RequestModel.findById(unaffected._id).lean())?.version, 1);
    assert.equal((await RequestModel.findById(answered._id).lean())?.version, 1);

    const api = await request(harness.app)
      .get('/api/v1/jurisdictions/JO/deadline')
      .query({ received: '2026-05-10T10:00:00+03:00' })
      .expect(200);
    const deadline = api.body as {
      dueDate: string;
      skipped: { date: string; name: { en: string } }[];
    };
    assert.equal(deadline.dueDate, '2026-06-07');
    assert.ok(
      deadline.skipped.some(
        (day) => day.date === '2026-06-02' && day.name.en === 'Exceptional day off',
      ),
    );

    // Removing it moves the deadline back, as a third event.
    const removed = await admin.agent
      .delete(`/api/v1/admin/jurisdictions/JO/holiday-overrides/${body.override.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .expect(200);
    assert.equal(
      (removed.body as { recompute: { changed: unknown[] } }).recompute.changed.length,
      1,
    );
    const back = await RequestModel.findById(affected._id).lean();
    assert.equal(back?.dueAt.toISOString(), '2026-06-04T20:59:59.999Z');
    assert.equal(back.version, 3);
  });

  it('explains bad overrides field by field', async () => {
    const post = (body: object) =>
      admin.agent
        .post('/api/v1/admin/jurisdictions/JO/holiday-overrides')
        .set('X-CSRF-Token', admin.csrf)
        .send(body);
    const noTarget = await post({ action: 'move', date: '2026-06-02' }).expect(422);
    assert.deepEqual(Object.keys((noTarget.body as ErrorBody).error.fields ?? {}), ['to']);
    const noName = await post({ action: 'add', date: '2026-06-02' }).expect(422);
    assert.deepEqual(Object.keys((noName.body as ErrorBody).error.fields ?? {}), ['name']);
    const badDate = await post({ action: 'remove', date: '2026-02-30' }).expect(422);
    assert.deepEqual(Object.keys((badDate.body as ErrorBody).error.fields ?? {}), ['date']);
    await admin.agent
      .post('/api/v1/admin/jurisdictions/XX/holiday-overrides')
      .set('X-CSRF-Token', admin.csrf)
      .send({ action: 'remove', date: '2026-06-02' })
      .expect(404);
    await admin.agent
      .delete('/api/v1/admin/jurisdictions/JO/holiday-overrides/000000000000000000000000')
      .set('X-CSRF-Token', admin.csrf)
      .expect(404);
    await admin.agent
      .delete('/api/v1/admin/jurisdictions/JO/holiday-overrides/not-an-id')
      .set('X-CSRF-Token', admin.csrf)
      .expect(404);
  });

  it('the admin page lists the year and saves a correction from its form', async () => {
    const page = await admin.agent
      .get('/admin/holidays/MA?year=2026')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(page.text, /Public holidays · Morocco/);
    assert.match(page.text, /Eid al-Adha/);
    assert.match(page.text, /Umm al-Qura calendar/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const saved = await admin.agent
      .post('/admin/holidays/MA')
      .type('form')
      .send({
        _csrf: csrf,
        action: 'move',
        date: '2026-05-28',
        to: '2026-05-27',
        status: 'confirmed',
      })
      .expect(303);
    assert.equal(saved.headers.location, '/admin/holidays/MA?year=2026&recomputed=0');
    const after = await admin.agent
      .get('/admin/holidays/MA?year=2026')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(after.text, /Move a day off/);
    const invalid = await admin.agent
      .post('/admin/holidays/MA')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: csrf, action: 'add', date: '2026-05-28' })
      .expect(422);
    assert.match(invalid.text, /Give the holiday&#x27;s name in Arabic and in English/);
  });
});
