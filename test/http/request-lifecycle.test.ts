import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createRequest, createUser, signIn } from '../support/factories.ts';
import { to, waitForMail } from '../support/mail.ts';
import { drained } from '../support/queues.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';
import type { MailCatcher } from '../../src/dev/mail-catcher.ts';
import type { RunningWorkers } from '../../jobs/start-workers.ts';
import { Types } from 'mongoose';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}
interface View {
  ref: string;
  agency: string;
  status: string;
  version: number;
  dueAt: string;
  overdue: boolean;
  deemedRefused: boolean;
  appealable: boolean;
  outcome: string | null;
  assignee?: string | null;
  requester: { name?: string; masked?: true };
  events: { seq: number; type: string; details: Record<string, unknown> }[];
  messages: { side: string; body: string; attachments: string[] }[];
  documents: { id: string; filename: string; url: string }[];
  appeal: { decision: string | null; dueAt: string | null } | null;
  explanation: { en: string; ar: string } | null;
  notifications: { kind: string; at: string }[];
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('the request lifecycle over HTTP, with the mails it sends', () => {
  let harness: TestApp & { mailbox: MailCatcher; workers: RunningWorkers };
  let citizenEmail: string;
  let citizen: Agent;
  let officerA: Agent;
  let officerB: Agent;
  let officerBId: string;
  let officerAEmail: string;
  let officerBEmail: string;
  let finance: Agent;
  let council: Agent;
  let auditor: Agent;
  before(async () => {
    harness = await startTestAppWithMailbox('request_lifecycle');
    await seedDemoData({});
    const citizenUser = await createUser('citizen', { locale: 'ar' });
    citizenEmail = citizenUser.email;
    citizen = await signIn(harness.app, citizenEmail);
    const a = await createUser('officer', { agency: 'JO-MOH' });
    const b = await createUser('officer', { agency: 'JO-MOH' });
    officerAEmail = a.email;
    officerBEmail = b.email;
    officerBId = b._id.toString();
    officerA = await signIn(harness.app, a.email);
    officerB = await signIn(harness.app, b.email);
    finance = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOF' })).email);
    council = await signIn(harness.app, (await createUser('officer', { agency: 'JO-IC' })).email);
    auditor = await signIn(
      harness.app,
      (await createUser('auditor', { jurisdiction: 'JO' })).email,
    );
  });
  after(() => harness.close());

  const file = async (visibility = 'public', agent = citizen, agency = 'JO-MOH') => {
    const res = await agent.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', agent.csrf)
      .send({
        jurisdiction: 'JO',
        agency,
        subject: 'Hospital budgets',
        body: 'Please send the 2025 budget of every public hospital, line by line.',
        visibility,
      })
      .expect(201);
    return (res.body as { ref: string }).ref;
  };
  const view = async (agent: Agent | undefined, ref: string) =>
    (await (agent ? agent.agent : request(harness.app)).get(`/api/v1/requests/${ref}`).expect(200))
      .body as View;
  const upload = (agent: Agent, ref: string, bytes: Buffer, name: string) =>
    agent.agent
      .post(`/api/v1/requests/${ref}/documents`)
      .set('X-CSRF-Token', agent.csrf)
      .attach('file', bytes, name);
  const mailsAbout = (ref: string, address: string) =>
    harness.mailbox.messages().filter((m) => m.to.includes(address) && m.subject.includes(ref));

  it('the happy path: filed, acknowledged, assigned, noted, messaged, answered with a document; every mail in its language', async () => {
    const ref = await file();
    // The citizen reads Arabic, the officers English.
    const [filed] = await waitForMail(
      harness.mailbox,
      (m) => to(citizenEmail)(m) && m.subject.includes(ref),
    );
    assert.match(filed!.subject, /قُدّم طلبك/);
    assert.match(filed!.text, new RegExp(`http://haqq.example/requests/${ref}`));
    for (const address of [officerAEmail, officerBEmail]) {
      const [mail] = await waitForMail(
        harness.mailbox,
        (m) => to(address)(m) && m.subject.includes(ref),
      );
      assert.match(mail!.subject, /New request for Ministry of Health/);
    }

    await act(officerA, ref, 'acknowledge', { version: 1 }).expect(200);
    await act(officerA, ref, 'assign', { assignee: officerBId }).expect(200);
    await waitForMail(
      harness.mailbox,
      (m) => to(officerBEmail)(m) && m.subject.includes('assigned to you'),
    );
    await act(officerB, ref, 'note', { note: 'Ask finance for the annex.' }).expect(200);
    await act(officerB, ref, 'message', { message: 'We are gathering the budgets.' }).expect(200);
    await act(citizen, ref, 'message', { message: 'Thank you.' }).expect(200);
    // The citizen's message goes to the assigned officer only.
    await waitForMail(
      harness.mailbox,
      (m) => to(officerBEmail)(m) && m.subject.includes('A message from the requester'),
    );
    assert.equal(
      mailsAbout(ref, officerAEmail).filter((m) => m.subject.includes('message')).length,
      0,
    );

    const doc = await upload(officerB, ref, PDF, 'budgets 2025.pdf').expect(201);
    const docId = (doc.body as { id: string }).id;
    const answered = await act(officerB, ref, 'answer', {
      outcome: 'granted',
      attachments: [docId],
    }).expect(200);
    assert.equal((answered.body as View).status, 'answered');
    const [answerMail] = await waitForMail(
      harness.mailbox,
      (m) => to(citizenEmail)(m) && m.subject.includes(ref) && /أجابت/.test(m.subject),
    );
    assert.match(answerMail!.text, /أُجيب بالموافقة/);

    // The officer sees the internal note and the assignment; the citizen never does.
    const agencyView = await view(officerA, ref);
    assert.deepEqual(
      agencyView.events.map((e) => e.type),
      ['submitted', 'acknowledged', 'assigned', 'note', 'message', 'message', 'answered'],
    );
    assert.equal(
      agencyView.events.find((e) => e.type === 'note')?.details.note,
      'Ask finance for the annex.',
    );
    // The agency's timeline shows the mails sent; the citizen's does not list them.
    assert.ok(
      ['filed', 'new-request', 'assigned'].every((kind) =>
        agencyView.notifications.some((n) => n.kind === kind),
      ),
      JSON.stringify(agencyView.notifications),
    );
    const citizenView = await view(citizen, ref);
    assert.deepEqual(
      citizenView.events.map((e) => e.type),
      ['submitted', 'acknowledged', 'message', 'message', 'answered'],
    );
    assert.ok(!JSON.stringify(citizenView).includes('annex'));
    assert.deepEqual(
      citizenView.messages.map((m) => m.side),
      ['agency', 'requester'],
    );
    assert.ok(citizenView.explanation?.en.includes('15 working days'), citizenView.explanation?.en);
    // Events are numbered 1, 2, 3, … and the snapshot's version is the last.
    const stored = await RequestModel.findOne({ ref }).lean();
    const seqs = (
      await RequestEventModel.find({ requestId: stored!._id }).sort({ seq: 1 }).lean()
    ).map((e) => e.seq);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(stored!.version, 7);

    // The answer's document: a download, never inline; for the parties only (its original is
    // never public, even on a public request).
    await request(harness.app).get(`/api/v1/requests/${ref}/documents/${docId}`).expect(404);
    const download = await citizen.agent
      .get(`/api/v1/requests/${ref}/documents/${docId}`)
      .expect(200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="budgets 2025\.pdf"/,
    );
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.match(String(download.headers['content-security-policy']), /sandbox/);
    assert.deepEqual(Buffer.from(download.body as Buffer), PDF);

    await act(officerB, ref, 'close', {}).expect(200);
    await act(officerB, ref, 'note', { note: 'Archived.' }).expect(200);
    await act(officerB, ref, 'message', { message: 'Late word.' }).expect(409);
  });

  it('two officers answering at once: one succeeds, one event, one set of mails', async () => {
    const ref = await file();
    await waitForMail(harness.mailbox, (m) => to(citizenEmail)(m) && m.subject.includes(ref));
    const results = await Promise.all([
      act(officerA, ref, 'answer', { outcome: 'granted' }),
      act(officerB, ref, 'answer', { outcome: 'not_held' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    assert.match(
      (loser.body as ErrorBody).error.code,
      /^REQUEST\.(CONCURRENT_CHANGE|STALE|ILLEGAL_TRANSITION)$/,
    );
    const stored = await RequestModel.findOne({ ref }).lean();
    assert.equal(
      await RequestEventModel.countDocuments({ requestId: stored!._id, type: 'answered' }),
      1,
    );
    await waitForMail(
      harness.mailbox,
      (m) => to(citizenEmail)(m) && m.subject.includes(ref) && /أجابت/.test(m.subject),
    );
    const { events, mail } = harness.workers.queues;
    await drained([events, mail]);
    assert.equal(mailsAbout(ref, citizenEmail).filter((m) => /أجابت/.test(m.subject)).length, 1);
  });

  it('an officer logs a paper request with its real receipt date; the requester is mailed in the request’s language', async () => {
    const receivedAt = new Date(Date.now() - 3 * 86_400_000);
    const res = await officerA.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', officerA.csrf)
      .send({
        subject: 'Vaccination records',
        body: 'The number of children vaccinated in Irbid in 2025, by month.',
        visibility: 'private',
        receivedAt: receivedAt.toISOString(),
        channel: 'paper',
        language: 'en',
        requester: { name: 'Layla Haddad', email: 'layla@example.org' },
      })
      .expect(201);
    const body = res.body as { ref: string; agency: string; channel: string; receivedAt: string };
    assert.equal(body.agency, 'JO-MOH');
    assert.equal(body.channel, 'paper');
    assert.equal(body.receivedAt, receivedAt.toISOString());
    const [mail] = await waitForMail(harness.mailbox, to('layla@example.org'));
    assert.match(mail!.subject, /Your request was filed/);
    // The auditor sees the request's metadata, never who asked.
    const audited = await view(auditor, body.ref);
    assert.deepEqual(audited.requester, { masked: true, displayName: null });
    assert.ok(!JSON.stringify(audited).includes('Layla'));
    assert.ok(!JSON.stringify(audited).includes('layla@'));
    await request(harness.app).get(`/api/v1/requests/${body.ref}`).expect(404);
    // Future or missing receipt dates are refused, naming the field.
    const future = await officerA.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', officerA.csrf)
      .send({
        subject: 'Vaccination records',
        body: 'The number of children vaccinated in Irbid in 2025, by month.',
        visibility: 'public',
        receivedAt: new Date(Date.now() + 3_600_000).toISOString(),
        channel: 'phone',
        requester: { name: 'Someone' },
      })
      .expect(422);
    assert.deepEqual(Object.keys((future.body as ErrorBody).error.fields ?? {}), ['receivedAt']);
  });

  it('a transfer moves the request to the new agency; the old one keeps what it saw of a public request and nothing of a private one', async () => {
    const ref = await file('public');
    await act(officerA, ref, 'note', { note: 'Not ours: budgets are with finance.' }).expect(200);
    await act(officerA, ref, 'transfer', { agency: 'JO-MOH' }).expect(422);
    await act(officerA, ref, 'transfer', { agency: 'TN-MS', reason: 'Wrong country' }).expect(422);
    const before = await RequestModel.findOne({ ref }).lean();
    const moved = await act(officerA, ref, 'transfer', {
      agency: 'JO-MOF',
      reason: 'The Ministry of Finance keeps the hospital budgets.',
    }).expect(200);
    const after = moved.body as View;
    assert.equal(after.agency, 'JO-MOF');
    // Jordan's law has no transfer rule: the due date stays.
    assert.equal(after.dueAt, before!.dueAt.toISOString());
    await waitForMail(
      harness.mailbox,
      (m) => m.subject.includes(ref) && m.subject.includes('transferred to Ministry of Finance'),
    );
    await act(finance, ref, 'acknowledge').expect(200);
    await act(finance, ref, 'note', { note: 'Finance note.' }).expect(200);
    // The old agency can no longer act, and sees the timeline up to its transfer only.
    await act(officerA, ref, 'answer', { outcome: 'granted' }).expect(403);
    const old = await view(officerA, ref);
    assert.deepEqual(
      old.events.map((e) => e.type),
      ['submitted', 'note', 'transferred'],
    );
    assert.deepEqual(old.requester, { masked: true, displayName: null });
    const secret = await file('private');
    await act(officerA, secret, 'transfer', {
      agency: 'JO-MOF',
      reason: 'Finance holds it.',
    }).expect(200);
    await officerA.agent.get(`/api/v1/requests/${secret}`).expect(404);
    await view(finance, secret);
  });

  it('appeals: after a refusal, decided by the appeal body with its own deadline; not after a grant or past the period', async () => {
    const ref = await file();
    await act(citizen, ref, 'appeal', { reason: 'No answer yet.' }).expect(422);
    await act(officerA, ref, 'answer', {
      outcome: 'refused',
      legalGrounds: ['Art. 13(c)'],
      reason: 'It concerns national defence.',
    }).expect(200);
    const appealed = await act(citizen, ref, 'appeal', {
      reason: 'Hospital budgets are not defence secrets.',
    }).expect(200);
    const body = appealed.body as View;
    assert.equal(body.status, 'appealed');
    assert.ok(body.appeal?.dueAt, 'the Information Council has 30 days to decide');
    await waitForMail(
      harness.mailbox,
      (m) => to(officerAEmail)(m) && m.subject.includes(ref) && m.subject.includes('appealed'),
    );
    await act(officerA, ref, 'decide-appeal', { decision: 'upheld', reason: 'x'.repeat(5) }).expect(
      403,
    );
    const decided = await act(council, ref, 'decide-appeal', {
      decision: 'overturned',
      reason: 'The budgets are public finance.',
    }).expect(200);
    assert.equal((decided.body as View).appeal?.decision, 'overturned');
    await waitForMail(
      harness.mailbox,
      (m) => to(citizenEmail)(m) && m.subject.includes(ref) && /التظلم/.test(m.subject),
    );

    const granted = await file();
    await act(officerA, granted, 'answer', { outcome: 'granted' }).expect(200);
    const refused = await act(citizen, granted, 'appeal', { reason: 'More please.' }).expect(422);
    assert.equal((refused.body as ErrorBody).error.code, 'REQUEST.NOT_APPEALABLE');
  });

  it('silence past the deadline is a deemed refusal the requester may appeal, within the period only', async () => {
    const me = await UserIdOf(citizenEmail);
    const silent = await createRequest({
      requesterUser: me,
      receivedAt: new Date(Date.now() - 40 * 86_400_000),
      dueAt: new Date(Date.now() - 10 * 86_400_000),
      status: 'acknowledged',
    });
    const seen = await view(citizen, silent.ref);
    assert.equal(seen.overdue, true);
    assert.equal(seen.deemedRefused, true);
    assert.equal(seen.appealable, true);
    await act(citizen, silent.ref, 'appeal', { reason: 'They never answered.' }).expect(200);

    const late = await createRequest({
      requesterUser: me,
      receivedAt: new Date(Date.now() - 90 * 86_400_000),
      dueAt: new Date(Date.now() - 60 * 86_400_000),
      status: 'acknowledged',
    });
    const tooLate = await act(citizen, late.ref, 'appeal', {
      reason: 'They never answered.',
    }).expect(422);
    assert.equal((tooLate.body as ErrorBody).error.code, 'REQUEST.APPEAL_PERIOD_OVER');
  });

  it('documents: types told from the bytes, HTML refused, correspondence for the parties only', async () => {
    const ref = await file();
    const html = await upload(
      citizen,
      ref,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'x.html',
    ).expect(422);
    assert.ok((html.body as ErrorBody).error.fields?.file);
    await upload(citizen, ref, Buffer.from('<!doctype html><p>hi</p>'), 'fake.pdf').expect(422);
    await upload(citizen, ref, Buffer.from('<svg onload="x"/>'), 'notes.txt').expect(422);
    // Sizes, pages and several files at once: test/http/document-uploads.test.ts.
    const note = await upload(
      citizen,
      ref,
      Buffer.from('Which hospitals: all of them.'),
      'scope.txt',
    ).expect(201);
    const id = (note.body as { id: string }).id;
    await act(citizen, ref, 'message', {
      message: 'See the attached scope.',
      attachments: [id],
    }).expect(200);
    await officerA.agent.get(`/api/v1/requests/${ref}/documents/${id}`).expect(200);
    // Others see the public request but not its correspondence's documents.
    await request(harness.app).get(`/api/v1/requests/${ref}/documents/${id}`).expect(404);
    await finance.agent.get(`/api/v1/requests/${ref}/documents/${id}`).expect(404);
    // A document of another request, or someone else's upload, cannot be attached.
    const other = await file();
    await act(citizen, other, 'message', { message: 'Same scope.', attachments: [id] }).expect(422);
    await act(officerA, ref, 'message', { message: 'Ours.', attachments: [id] }).expect(422);
  });

  it('bulk extension: each request its own transition; refusals reported beside the others', async () => {
    const [one, two, theirs] = [
      await file(),
      await file(),
      await file('public', citizen, 'JO-MOF'),
    ];
    await act(officerA, two, 'extend', { reason: 'Archives are far away.' }).expect(200);
    const res = await officerA.agent
      .post('/api/v1/requests/bulk')
      .set('X-CSRF-Token', officerA.csrf)
      .send({
        action: 'extend',
        refs: [one, two, theirs],
        reason: 'Year-end closing of the accounts.',
      })
      .expect(200);
    const results = (res.body as { results: { ref: string; ok: boolean; code?: string }[] })
      .results;
    assert.deepEqual(
      results.map((r) => [r.ref, r.ok, r.code ?? null]),
      [
        [one, true, null],
        [two, false, 'REQUEST.EXTENSION_LIMIT'],
        [theirs, false, 'AUTH.FORBIDDEN'],
      ],
    );
    const stored = await RequestModel.findOne({ ref: one }).lean();
    assert.equal(stored!.extensionCount, 1);
    assert.equal(
      await RequestEventModel.countDocuments({ requestId: stored!._id, type: 'extended' }),
      1,
    );
    await waitForMail(
      harness.mailbox,
      (m) => to(citizenEmail)(m) && m.subject.includes(one) && /مُدّدت/.test(m.subject),
    );
  });

  it('before filing: agencies suggested from the text, a likely duplicate pointed out', async () => {
    const ref = await file();
    const res = await citizen.agent
      .post('/api/v1/requests/check')
      .set('X-CSRF-Token', citizen.csrf)
      .send({
        jurisdiction: 'JO',
        agency: 'JO-MOH',
        subject: 'Hospitals and medicines',
        body: 'Please send the 2025 budget of each public hospital, line by line.',
      })
      .expect(200);
    const check = res.body as {
      suggestions: { code: string }[];
      duplicates: { ref: string; similarity: number }[];
    };
    assert.equal(check.suggestions[0]?.code, 'JO-MOH');
    assert.ok(
      check.duplicates.some((d) => d.ref === ref),
      JSON.stringify(check.duplicates),
    );
    const arabic = await request(harness.app)
      .get('/api/v1/agencies')
      .query({ jurisdiction: 'JO', q: 'أرجو تزويدي بأعداد الأطبّاء في المستشفيات الحكوميّة' })
      .expect(200);
    assert.equal((arabic.body as { items: { code: string }[] }).items[0]?.code, 'JO-MOH');
    await request(harness.app).get('/api/v1/agencies').query({ jurisdiction: 'XX' }).expect(404);
    await request(harness.app).get('/api/v1/agencies').expect(400);
  });
});

async function UserIdOf(email: string): Promise<Types.ObjectId> {
  const { UserModel } = await import('../../src/users/user-model.ts');
  const user = await UserModel.findOne({ email }).lean();
  return user!._id;
}
