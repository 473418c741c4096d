import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import request from 'supertest';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { rebuildAgencyDay } from '../../src/stats/rollup-store.ts';
import { RollupModel } from '../../src/stats/rollup-model.ts';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { wallClock } from '../../src/time/local-date.ts';
import { createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;

/**
 * The sample payload of the FOIA.gov agency API 1.1.0, exactly as its spec
 * publishes it (https://www.foia.gov/developer/agency-api/), with its sample
 * attachment: 27556 bytes declared, a short line of text in fact, not a PDF.
 */
const FOIA_GOV_SAMPLE = `{
    "version": "1.1.0",
    "request_id": 1534,
    "address_city": "Mount Vernon",
    "address_country": "United States",
    "address_line1": "1800 F Street",
    "address_line2": "Suite 400",
    "address_state_province": "Virginia",
    "address_zip_postal_code": "98273",
    "agency_component_name": "Office of Information Policy",
    "agency": "Department of Justice",
    "attachments_supporting_documentation": [{"filename": "letter.pdf", "content_type": "application/pdf", "filesize": 27556, "filedata": "YSBiYXNlNjQgZW5jb2RlZCBmaWxlCg=="}],
    "company_organization": "Newspaper Inc",
    "email": "george.washington@example.com",
    "expedited_processing_explanation": "The request should be given expedited processing because…",
    "expedited_processing": "no",
    "fax_number": "+15551234589",
    "fee_amount_willing": "25",
    "fee_waiver_explanation": "As a journalist organization, I am requesting these records on behalf of the public and intend to make these records accesible to the public.",
    "fee_waiver": "no",
    "name_first": "George",
    "name_last": "Washington",
    "phone_number": "+15551234567",
    "request_category": "individual",
    "request_description": "I am seeking records pertaining to ..."
}`;

const ARABIC_DESCRIPTION =
  'أرجو تزويدي بعقود صيانة المستشفيات الحكومية في صفاقس لعام ٢٠٢٥،\nمع المبالغ المدفوعة لكل عقد.';

describe('intake from national portals (FOIA.gov agency API 1.1.0)', () => {
  let harness: TestApp;
  let admin: Agent;
  let officer: Agent;
  let secret: string;
  before(async () => {
    // Five pushes race in one test: more than the default four bodies read at once.
    harness = await startTestApp('portal-intake', { PORTAL_CONCURRENT_BODIES: '8' });
    await seedDemoData({});
    admin = await signIn(harness.app, (await createUser('admin')).email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
    const created = await admin.agent
      .post('/api/v1/admin/portals')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: 'National e-government portal' })
      .expect(201);
    secret = (created.body as { secret: string }).secret;
  });
  after(() => harness.close());

  const push = (agency: string, body: string | object, key: string | null = secret) => {
    const call = request(harness.app)
      .post(`/api/portal/components/${agency}/requests`)
      .set('Content-Type', 'application/json');
    if (key !== null) call.set('FOIA-API-SECRET', key);
    return call.send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const sample = (changes: Record<string, unknown> = {}) => ({
    ...(JSON.parse(FOIA_GOV_SAMPLE) as Record<string, unknown>),
    ...changes,
  });

  it('takes the spec’s sample as published: a private portal request with its deadline, its file kept but flagged', async () => {
    const res = await push('JO-MOH', FOIA_GOV_SAMPLE).expect(200);
    const body = res.body as { id: string; status_tracking_number: string };
    assert.deepEqual(Object.keys(body).sort(), ['id', 'status_tracking_number']);
    assert.match(body.status_tracking_number, /^JO-\d{4}-\d{6}$/);
    const stored = await RequestModel.findOne({ ref: body.status_tracking_number }).lean();
    assert.ok(stored);
    assert.equal(stored._id.toString(), body.id);
    assert.equal(stored.channel, 'portal');
    assert.equal(stored.visibility, 'private');
    assert.equal(stored.test, false);
    assert.equal(stored.urgent, false);
    assert.ok(stored.requester);
    assert.equal(stored.requester.name, 'George Washington');
    assert.equal(stored.requester.email, 'george.washington@example.com');
    assert.equal(stored.body, 'I am seeking records pertaining to ...');
    assert.ok(stored.dueAt.getTime() > stored.receivedAt.getTime());
    const intake = stored.intake;
    assert.ok(intake);
    assert.deepEqual(intake.address, [
      '1800 F Street',
      'Suite 400',
      '98273 Mount Vernon',
      'Virginia',
      'United States',
    ]);
    assert.equal(intake.feeAmountWilling, '25');
    assert.equal(stored.searchTokens.length, 0, 'never found by search');
    const [file] = intake.documents;
    assert.ok(file);
    assert.equal(file.flagged, true, 'its bytes are not a PDF');
    assert.equal(file.declaredType, 'application/pdf');

    // The agency's officer reads what the portal sent; the file downloads as an opaque file.
    const page = await officer.agent
      .get(`/requests/${body.status_tracking_number}`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(page.text, /Sent by the portal/);
    assert.match(page.text, /Newspaper Inc/);
    assert.match(page.text, /Check before opening/);
    const download = await officer.agent
      .get(`/api/v1/requests/${body.status_tracking_number}/documents/${file.id.toString()}`)
      .expect(200);
    assert.equal(download.headers['content-type'], 'application/octet-stream');
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    // Nobody else: a visitor finds nothing (a private request).
    await request(harness.app).get(`/requests/${body.status_tracking_number}`).expect(404);
  });

  it('the same request_id twice, or five times at once, is one request with one ref', async () => {
    const payload = sample({ request_id: 90_001 });
    const first = (await push('JO-MOH', payload).expect(200)).body as {
      id: string;
      status_tracking_number: string;
    };
    const again = (await push('JO-MOH', payload).expect(200)).body as typeof first;
    assert.deepEqual(again, first);
    const racing = sample({ request_id: 90_002 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => push('JO-MOH', racing).expect(200)),
    );
    const refs = new Set(results.map((r) => (r.body as typeof first).status_tracking_number));
    assert.equal(refs.size, 1);
    assert.equal(await RequestModel.countDocuments({ 'intake.requestId': '90002' }), 1);
  });

  it('an Arabic request round-trips exactly; expedited processing takes the urgent track where the law has one', async () => {
    const arabic = {
      version: '1.1.0',
      request_id: 'tn-7781',
      agency: 'وزارة الصحة',
      agency_component_name: 'الإدارة العامة للصحة',
      name_first: 'ليلى',
      name_last: 'بن سالم',
      request_description: ARABIC_DESCRIPTION,
      email: 'leila@example.org',
      expedited_processing: 'yes',
      expedited_processing_explanation: 'تحقيق صحفي ينشر قبل نهاية الشهر',
      fee_waiver: 'yes',
      testing: false,
      بلدية: 'صفاقس',
    };
    const tn = (await push('TN-MS', arabic).expect(200)).body as { status_tracking_number: string };
    const stored = await RequestModel.findOne({ ref: tn.status_tracking_number }).lean();
    assert.ok(stored);
    assert.equal(stored.body, ARABIC_DESCRIPTION, 'every character as sent');
    assert.equal(stored.subject, 'أرجو تزويدي بعقود صيانة المستشفيات الحكومية في صفاقس لعام ٢٠٢٥،');
    assert.equal(stored.language, 'ar');
    assert.equal(stored.requester?.name, 'ليلى بن سالم');
    assert.equal(stored.urgent, true, 'Tunisia’s law has an urgent track');
    assert.equal(stored.urgentReason, 'تحقيق صحفي ينشر قبل نهاية الشهر');
    assert.deepEqual(stored.intake?.extra, [{ name: 'بلدية', value: '"صفاقس"' }]);
    // Jordan's law has none: the usual deadline, and the ask noted for the officer.
    const jo = (await push('JO-MOH', { ...arabic, request_id: 'jo-7782' }).expect(200)).body as {
      status_tracking_number: string;
    };
    const noTrack = await RequestModel.findOne({ ref: jo.status_tracking_number }).lean();
    assert.ok(noTrack?.intake);
    assert.equal(noTrack.urgent, false);
    assert.equal(noTrack.intake.expedited, true);
    assert.equal(noTrack.intake.expeditedApplied, false);
    const page = await officer.agent.get(`/requests/${jo.status_tracking_number}`).expect(200);
    assert.match(page.text, /لا مسار مستعجلًا في هذا القانون/);
  });

  it('a test submission is kept and marked, and counts in no statistic', async () => {
    const res = (await push('JO-MOH', sample({ request_id: 'test-1', testing: true })).expect(200))
      .body as { status_tracking_number: string };
    const stored = await RequestModel.findOne({ ref: res.status_tracking_number }).lean();
    assert.equal(stored?.test, true);
    assert.ok(stored);
    const calendars = createJurisdictionCalendars(loadJurisdictions());
    const dayOf = (at: Date) => wallClock(at, 'Asia/Amman').date;
    const day = dayOf(stored.receivedAt);
    await rebuildAgencyDay(calendars, 'JO-MOH', 'JO', day, new Date());
    const rollup = await RollupModel.findOne({ _id: `JO-MOH_${day}` }).lean();
    const sameDay = (
      await RequestModel.find({ agency: 'JO-MOH' }, { receivedAt: 1, test: 1 }).lean()
    ).filter((r) => dayOf(r.receivedAt) === day);
    assert.ok(sameDay.some((r) => r.test));
    assert.equal(
      (rollup?.counts as { received?: number } | undefined)?.received,
      sameDay.filter((r) => !r.test).length,
    );
  });

  it('refuses a missing or wrong secret, an unknown agency, another portal’s agency and a revoked portal, in the spec’s error shape', async () => {
    const shape = (body: unknown) => {
      assert.deepEqual(Object.keys(body as object).sort(), ['code', 'description', 'message']);
    };
    shape((await push('JO-MOH', sample(), null).expect(401)).body);
    shape((await push('JO-MOH', sample(), 'haqq_portal_wrong').expect(403)).body);
    const unknown = await push('JO-NOPE', sample()).expect(404);
    shape(unknown.body);
    assert.equal((unknown.body as { message: string }).message, 'agency component not found');
    const limited = (
      await admin.agent
        .post('/api/v1/admin/portals')
        .set('X-CSRF-Token', admin.csrf)
        .send({ name: 'Tunisian portal', agencies: ['TN-MS'] })
        .expect(201)
    ).body as { id: string; secret: string };
    shape((await push('JO-MOH', sample({ request_id: 5 }), limited.secret).expect(403)).body);
    await push('TN-MS', sample({ request_id: 5 }), limited.secret).expect(200);
    await admin.agent
      .delete(`/api/v1/admin/portals/${limited.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .expect(204);
    shape((await push('TN-MS', sample({ request_id: 6 }), limited.secret).expect(403)).body);
  });

  it('a bad body is a 400 naming the field, never a 5xx, whatever is sent', async () => {
    const missing = sample();
    delete missing.request_description;
    const res = await push('JO-MOH', missing).expect(400);
    assert.match((res.body as { message: string }).message, /request_description/);
    const badFile = sample({
      request_id: 77,
      attachments_supporting_documentation: [{ filename: 'a.pdf', filedata: 'not base64!' }],
    });
    assert.match(
      ((await push('JO-MOH', badFile).expect(400)).body as { message: string }).message,
      /attachments_supporting_documentation\.0\.filedata/,
    );
    await push('JO-MOH', '{"request_id": 1,').expect(400);
    await push('JO-MOH', '[1, 2]').expect(400);
    const fields = Object.keys(sample());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc
            .dictionary(fc.constantFrom(...fields, 'x'), fc.anything(), { maxKeys: 8 })
            .map((changes) => sample({ ...changes, request_id: 'fuzz' })),
        ),
        async (body) => {
          // JSON.stringify gives undefined for undefined: sent as such, it is no JSON.
          const text = (JSON.stringify(body) as string | undefined) ?? 'undefined';
          const res = await push('JO-MOH', text);
          assert.ok(res.status < 500, `${String(res.status)} for ${text.slice(0, 200)}`);
          assert.ok(
            typeof (res.body as { message?: unknown }).message === 'string' || res.status === 200,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('only admins manage portals; the secret is shown once, never listed', async () => {
    await officer.agent
      .post('/api/v1/admin/portals')
      .set('X-CSRF-Token', officer.csrf)
      .send({ name: 'Mine' })
      .expect(403);
    const bad = await admin.agent
      .post('/api/v1/admin/portals')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: 'x', agencies: ['JO-NOPE'] })
      .expect(422);
    assert.match(JSON.stringify(bad.body), /name/);
    const list = await admin.agent.get('/api/v1/admin/portals').expect(200);
    assert.doesNotMatch(JSON.stringify(list.body), /secret/i);
    const page = await admin.agent.get('/admin/portals').set('Cookie', 'haqq_lang=ar').expect(200);
    assert.match(page.text, /البوابات الوطنية/);
    assert.doesNotMatch(page.text, /haqq_portal_/);
  });
});
