import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { applyAction } from '../../src/requests/request-transitions.ts';
import type { SessionUser } from '../../src/users/user-store.ts';
import { createRequest, createUser } from '../support/factories.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

const calendars = createJurisdictionCalendars(loadJurisdictions());
/** No mail in this test: the notifier does nothing. */
const deps = { calendars, notifier: { afterEvent: () => Promise.resolve() } };
const asSession = (doc: {
  _id: { toString(): string };
  email: string;
  name: string;
  roles: string[];
  agency?: string | null;
  jurisdiction?: string | null;
}): SessionUser => ({
  id: doc._id.toString(),
  email: doc.email,
  name: doc.name,
  locale: 'en',
  roles: doc.roles as SessionUser['roles'],
  agency: doc.agency ?? null,
  jurisdiction: doc.jurisdiction ?? null,
  confirmed: true,
  authVersion: 0,
});

describe('clarification pauses and resumes the clock (time passed in)', () => {
  before(() => connectTestDatabase(testConfig('clarification')));
  after(() => dropTestDatabase());

  it('Tunisia pauses the clock: five paused calendar days move the due date from 23 to 30 March', async () => {
    const citizen = asSession(await createUser('citizen'));
    const officer = asSession(await createUser('officer', { agency: 'TN-MS' }));
    const request = await createRequest({
      jurisdiction: 'TN',
      agency: 'TN-MS',
      rulesVersion: 'TN-2016',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      dueAt: new Date('2026-03-23T22:59:59.999Z'),
      requesterUser: new (await import('mongoose')).Types.ObjectId(citizen.id),
    });
    const paused = await applyAction(
      deps,
      officer,
      request.ref,
      'clarify',
      { question: 'Which hospitals do you mean?' },
      new Date('2026-03-05T09:00:00Z'),
    );
    assert.equal(paused.status, 'awaiting_clarification');
    assert.equal(paused.pauses.length, 1);
    const resumed = await applyAction(
      deps,
      citizen,
      request.ref,
      'reply',
      { message: 'The public hospitals of Tunis.', attachments: [] },
      new Date('2026-03-10T09:00:00Z'),
    );
    assert.equal(resumed.status, 'acknowledged');
    assert.equal(resumed.dueAt.toISOString(), '2026-03-30T22:59:59.999Z');
    assert.deepEqual(
      resumed.messages.map((m) => m.side),
      ['agency', 'requester'],
    );
    const events = await RequestEventModel.find({ requestId: request._id }).sort({ seq: 1 }).lean();
    assert.deepEqual(
      events.map((e) => e.type),
      ['clarification_requested', 'clarified'],
    );
  });

  // Hand-counted, working days: England, received Monday 2 March 2026, 20 working days →
  // Monday 30 March (23:59 BST). Clarification asked Wednesday 4 March, answered Wednesday
  // 11 March: the clock stood still on Thu 5, Fri 6, Mon 9, Tue 10 and Wed 11 (5 working
  // days). Moved by 5 working days: 31 Mar, 1 Apr, 2 Apr, (Good Friday 3 Apr, weekend,
  // Easter Monday 6 Apr), 7 Apr, 8 Apr → Wednesday 8 April 2026, 23:59 BST.
  it('England pauses a working-day clock: five paused working days move 30 March to 8 April, past Easter', async () => {
    const citizen = asSession(await createUser('citizen'));
    const officer = asSession(await createUser('officer', { agency: 'GB-HO' }));
    const request = await createRequest({
      jurisdiction: 'GB',
      agency: 'GB-HO',
      rulesVersion: 'GB-2005',
      receivedAt: new Date('2026-03-02T10:00:00Z'),
      dueAt: new Date('2026-03-30T22:59:59.999Z'),
      requesterUser: new (await import('mongoose')).Types.ObjectId(citizen.id),
    });
    await applyAction(
      deps,
      officer,
      request.ref,
      'clarify',
      { question: 'Which years?' },
      new Date('2026-03-04T09:00:00Z'),
    );
    const resumed = await applyAction(
      deps,
      citizen,
      request.ref,
      'reply',
      { message: '2024 and 2025.', attachments: [] },
      new Date('2026-03-11T09:00:00Z'),
    );
    assert.equal(resumed.dueAt.toISOString(), '2026-04-08T22:59:59.999Z');
  });

  it('Jordan does not pause the clock: the due date stays', async () => {
    const citizen = asSession(await createUser('citizen'));
    const officer = asSession(await createUser('officer', { agency: 'JO-MOH' }));
    const request = await createRequest({
      receivedAt: new Date('2026-03-02T06:00:00Z'),
      dueAt: new Date('2026-03-25T20:59:59.999Z'),
      requesterUser: new (await import('mongoose')).Types.ObjectId(citizen.id),
    });
    await applyAction(
      deps,
      officer,
      request.ref,
      'clarify',
      { question: 'Which year?' },
      new Date('2026-03-04T09:00:00Z'),
    );
    const resumed = await applyAction(
      deps,
      citizen,
      request.ref,
      'reply',
      { message: '2025.', attachments: [] },
      new Date('2026-03-12T09:00:00Z'),
    );
    assert.equal(resumed.dueAt.toISOString(), '2026-03-25T20:59:59.999Z');
    assert.equal(resumed.pauses.length, 0);
  });
});

describe('a transfer restarts the clock where the law says so (time passed in)', () => {
  before(async () => {
    await connectTestDatabase(testConfig('transfer_clock'));
    const { seedDemoData } = await import('../../src/seed/seed.ts');
    await seedDemoData({});
  });
  after(() => dropTestDatabase());

  // Hand-counted: Tunisia, received Monday 2 March 2026 at 10:00 (before the 17:00 closing).
  // The first agency must pass it on within 5 working days: Tue 3, Wed 4, Thu 5, Fri 6,
  // (weekend 7–8), Mon 9 March. Transferred Wednesday 4 March, the new agency gets
  // 20 calendar days from then: Tuesday 24 March, a working day, ending 23:59 Tunis time.
  it('Tunisia: transferred on 4 March, due 24 March; passed on in time', async () => {
    const officer = asSession(await createUser('officer', { agency: 'TN-MS' }));
    const request = await createRequest({
      jurisdiction: 'TN',
      agency: 'TN-MS',
      rulesVersion: 'TN-2016',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      dueAt: new Date('2026-03-23T22:59:59.999Z'),
    });
    const moved = await applyAction(
      deps,
      officer,
      request.ref,
      'transfer',
      { agency: 'TN-ME', reason: 'School health records are kept by education.' },
      new Date('2026-03-04T09:00:00Z'),
    );
    assert.equal(moved.agency, 'TN-ME');
    assert.equal(moved.status, 'submitted');
    assert.equal(moved.dueAt.toISOString(), '2026-03-24T22:59:59.999Z');
    assert.equal(moved.clockStartedAt?.toISOString(), '2026-03-04T09:00:00.000Z');
    assert.deepEqual(
      moved.transfers.map((t) => [t.from, t.to, t.seq]),
      [['TN-MS', 'TN-ME', 2]],
    );
    const event = await RequestEventModel.findOne({ requestId: request._id, seq: 2 }).lean();
    const data = event?.data as Record<string, unknown>;
    assert.equal((data.transferBy as Date).toISOString(), '2026-03-09T22:59:59.999Z');
    assert.equal(data.transferredLate, false);
    assert.equal(data.clockRestarted, true);
  });

  it('Tunisia: a transfer after the five working days is recorded as late', async () => {
    const officer = asSession(await createUser('officer', { agency: 'TN-MS' }));
    const request = await createRequest({
      jurisdiction: 'TN',
      agency: 'TN-MS',
      rulesVersion: 'TN-2016',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      dueAt: new Date('2026-03-23T22:59:59.999Z'),
    });
    await applyAction(
      deps,
      officer,
      request.ref,
      'transfer',
      { agency: 'TN-ME', reason: 'Found late that education holds it.' },
      new Date('2026-03-10T09:00:00Z'),
    );
    const event = await RequestEventModel.findOne({ requestId: request._id, seq: 2 }).lean();
    assert.equal((event?.data as Record<string, unknown>).transferredLate, true);
  });
});
