import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface ErrorBody {
  error: { code: string; fields?: Record<string, string> };
}

const filing = (overrides: Record<string, unknown> = {}) => ({
  jurisdiction: 'JO',
  agency: 'JO-MOH',
  subject: 'عدد الأطباء في مستشفى البشير',
  body: 'أطلب عدد الأطباء العاملين في مستشفى البشير في عام 2025 حسب التخصص.',
  visibility: 'public',
  ...overrides,
});

describe('filing and reading requests', () => {
  let harness: TestApp;
  let citizen: Agent;
  before(async () => {
    harness = await startTestApp('requests');
    await seedDemoData({});
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
  });
  after(() => harness.close());

  const file = (agent: Agent, body: object) =>
    agent.agent.post('/api/v1/requests').set('X-CSRF-Token', agent.csrf).send(body);

  it('a citizen files a request: a ref, the rules version, the legal due date and the first event', async () => {
    const res = await file(citizen, filing()).expect(201);
    const body = res.body as {
      ref: string;
      rulesVersion: string;
      dueAt: string;
      receivedAt: string;
      explanation: { ar: string; en: string };
    };
    assert.match(body.ref, /^JO-\d{4}-\d{6}$/);
    assert.equal(body.rulesVersion, 'JO-2024');
    assert.ok(new Date(body.dueAt) > new Date(body.receivedAt));
    assert.match(body.explanation.en, /15 working days/);
    const stored = await RequestModel.findOne({ ref: body.ref }).lean();
    assert.equal(stored?.status, 'submitted');
    assert.equal(stored.version, 1);
    const events = await RequestEventModel.find({ requestId: stored._id }).lean();
    assert.deepEqual(
      events.map((e) => [e.seq, e.type]),
      [[1, 'submitted']],
    );
  });

  it('an officer filing without the channel, receipt and requester of a logged request gets a 422; bad input is a 422 naming the field', async () => {
    await request(harness.app).post('/api/v1/requests').send(filing()).expect(401);
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    const logged = await file(officer, filing()).expect(422);
    assert.deepEqual(Object.keys((logged.body as ErrorBody).error.fields ?? {}).sort(), [
      'channel',
      'receivedAt',
      'requester',
    ]);
    const fields = async (body: object) =>
      Object.keys(
        ((await file(citizen, body).expect(422)).body as ErrorBody).error.fields ?? {},
      ).sort();
    assert.deepEqual(await fields(filing({ agency: 'TN-MS' })), ['agency']);
    assert.deepEqual(await fields(filing({ subject: 'x', body: 'short' })), ['body', 'subject']);
    assert.deepEqual(await fields(filing({ urgent: true, urgentReason: 'life' })), ['urgent']);
    assert.deepEqual(await fields(filing({ jurisdiction: 'TN', agency: 'TN-MS', urgent: true })), [
      'urgentReason',
    ]);
  });

  it('an urgent Tunisian request is due 48 hours after receipt', async () => {
    const res = await file(
      citizen,
      filing({
        jurisdiction: 'TN',
        agency: 'TN-MS',
        urgent: true,
        urgentReason: 'A patient needs the information to survive.',
      }),
    ).expect(201);
    const body = res.body as { dueAt: string; receivedAt: string };
    assert.equal(
      new Date(body.dueAt).getTime() - new Date(body.receivedAt).getTime(),
      48 * 3_600_000,
    );
    // The request page shows the urgent track and its reason.
    const { ref } = res.body as { ref: string };
    const page = await citizen.agent
      .get(`/requests/${ref}`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(
      page.text,
      /<span class="tag tag--urgent">urgent<\/span> <bdi>A patient needs the information to survive\.<\/bdi>/,
    );
  });

  it('a private request is 404 to those who may not see it; auditors never see who asked', async () => {
    const res = await file(citizen, filing({ visibility: 'private' })).expect(201);
    const { ref } = res.body as { ref: string };
    const mine = await citizen.agent.get(`/api/v1/requests/${ref}`).expect(200);
    assert.equal((mine.body as { requester: { name: string } }).requester.name, 'Test citizen');
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    await officer.agent.get(`/api/v1/requests/${ref}`).expect(200);
    for (const other of [
      await signIn(harness.app, (await createUser('citizen')).email),
      await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOF' })).email),
    ]) {
      await other.agent.get(`/api/v1/requests/${ref}`).expect(404);
    }
    await request(harness.app).get(`/api/v1/requests/${ref}`).expect(404);
    const auditor = await signIn(
      harness.app,
      (await createUser('auditor', { jurisdiction: 'JO' })).email,
    );
    const seen = await auditor.agent.get(`/api/v1/requests/${ref}`).expect(200);
    assert.deepEqual((seen.body as { requester: unknown }).requester, {
      masked: true,
      displayName: null,
    });
    assert.ok(!JSON.stringify(seen.body).includes('@example.org'));
  });

  it('40 concurrent filings get 40 unique consecutive refs', async () => {
    const filers = await Promise.all(
      Array.from({ length: 4 }, async () =>
        signIn(harness.app, (await createUser('citizen')).email),
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        file(filers[i % 4]!, filing({ jurisdiction: 'MA', agency: 'MA-MS' })),
      ),
    );
    const refs = results.map((r) => (r.body as { ref: string }).ref).sort();
    assert.ok(results.every((r) => r.status === 201));
    const numbers = refs.map((ref) => Number(ref.split('-')[2]));
    assert.deepEqual(
      numbers,
      Array.from({ length: 40 }, (_, i) => numbers[0]! + i),
    );
  });

  it('filing is rate-limited per citizen (20 an hour), with Retry-After', async () => {
    const busy = await signIn(harness.app, (await createUser('citizen')).email);
    for (let i = 0; i < 20; i += 1)
      await file(busy, filing({ jurisdiction: 'LB', agency: 'LB-MOPH' })).expect(201);
    const limited = await file(busy, filing({ jurisdiction: 'LB', agency: 'LB-MOPH' })).expect(429);
    assert.equal((limited.body as ErrorBody).error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });
});
