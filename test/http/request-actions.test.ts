import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatDateWithHijri } from '../../src/jurisdictions/date-format.ts';
import { wallClock } from '../../src/time/local-date.ts';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface ErrorBody {
  error: { code: string; fields?: Record<string, string> };
}

describe('officer and requester actions through the one door', () => {
  let harness: TestApp;
  let citizen: Agent;
  let officerA: Agent;
  let officerB: Agent;
  let outsider: Agent;
  before(async () => {
    harness = await startTestApp('request_actions');
    await seedDemoData({});
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
    officerA = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
    officerB = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
    outsider = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOF' })).email);
  });
  after(() => harness.close());

  const fileOne = async (visibility = 'public') => {
    const res = await citizen.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', citizen.csrf)
      .send({
        jurisdiction: 'JO',
        agency: 'JO-MOH',
        subject: 'Hospital budgets',
        body: 'Please send the 2025 budget of every public hospital.',
        visibility,
      })
      .expect(201);
    return (res.body as { ref: string }).ref;
  };

  it('two officers answering at once: exactly one succeeds, one event is written', async () => {
    const ref = await fileOne();
    const results = await Promise.all([
      act(officerA, ref, 'answer', { outcome: 'granted' }),
      act(officerB, ref, 'answer', { outcome: 'not_held' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const request = await RequestModel.findOne({ ref }).lean();
    assert.equal(request?.status, 'answered');
    assert.equal(
      await RequestEventModel.countDocuments({ requestId: request._id, type: 'answered' }),
      1,
    );
    assert.equal(request.version, 2);
  });

  it('illegal and stale actions change nothing', async () => {
    const ref = await fileOne();
    await act(citizen, ref, 'withdraw').expect(200);
    const illegal = await act(officerA, ref, 'answer', { outcome: 'granted' }).expect(409);
    assert.equal((illegal.body as ErrorBody).error.code, 'REQUEST.ILLEGAL_TRANSITION');
    const other = await fileOne();
    await act(officerA, other, 'acknowledge', { version: 1 }).expect(200);
    const stale = await act(officerB, other, 'acknowledge', { version: 1 }).expect(409);
    assert.equal((stale.body as ErrorBody).error.code, 'REQUEST.STALE');
  });

  it('an extension moves the due date as far as the law allows, once in Jordan', async () => {
    const ref = await fileOne();
    const before = await RequestModel.findOne({ ref }).lean();
    const res = await act(officerA, ref, 'extend', {
      reason: 'The records are kept in three archives.',
    }).expect(200);
    const dueAt = new Date((res.body as { dueAt: string }).dueAt);
    const days = (dueAt.getTime() - before!.dueAt.getTime()) / 86_400_000;
    // 10 calendar days, then on to the next working day (at most a weekend and a five-day Eid).
    assert.ok(days >= 10 && days <= 17, `moved ${days} days`);
    // The explanation ends on that same due date, not on the first one.
    const view = await officerA.agent.get(`/api/v1/requests/${ref}`).expect(200);
    const { explanation } = view.body as { explanation: { en: string; ar: string } };
    const due = formatDateWithHijri(wallClock(dueAt, 'Asia/Amman').date, 'en', { region: 'JO' });
    assert.match(explanation.en, /Extended by 10 days/);
    assert.ok(
      explanation.en.includes(`Extended by 10 days: due by the end of ${due}`),
      explanation.en,
    );
    assert.match(explanation.ar, /مُدّدت المهلة/);
    const second = await act(officerA, ref, 'extend', { reason: 'Still looking.' }).expect(422);
    assert.equal((second.body as ErrorBody).error.code, 'REQUEST.EXTENSION_LIMIT');
    await act(officerA, ref, 'extend', {}).expect(422);
  });

  it('a refusal needs the law’s articles and a reason', async () => {
    const ref = await fileOne();
    const none = await act(officerA, ref, 'answer', { outcome: 'refused' }).expect(422);
    assert.ok((none.body as ErrorBody).error.fields?.legalGrounds);
    await act(officerA, ref, 'answer', {
      outcome: 'refused',
      legalGrounds: ['Art. 99'],
      reason: 'x',
    }).expect(422);
    const ok = await act(officerA, ref, 'answer', {
      outcome: 'refused',
      legalGrounds: ['Art. 13(c)'],
      reason: 'It concerns national defence.',
    }).expect(200);
    assert.deepEqual((ok.body as { legalGrounds: string[] }).legalGrounds, ['Art. 13(c)']);
  });

  it('only the agency handles, only the requester withdraws; a private request is 404 to others', async () => {
    const ref = await fileOne();
    await act(outsider, ref, 'acknowledge').expect(403);
    const other = await signIn(harness.app, (await createUser('citizen')).email);
    await act(other, ref, 'withdraw').expect(403);
    const secret = await fileOne('private');
    await act(outsider, secret, 'acknowledge').expect(404);
    await act(other, secret, 'withdraw').expect(404);
  });
});
