import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { NotificationModel } from '../../src/notifications/notification-model.ts';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { isDeemedRefused } from '../../src/requests/request-lifecycle.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { REQUEST_STATUSES } from '../../src/requests/request-states.ts';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/reminders/reminder-plan.ts';
import { resetDemoArchive, seedDemoArchive } from '../../src/seed/demo-archive.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { DEMO_PHONES } from '../../src/seed/demo-texts.ts';
import { RollupModel } from '../../src/stats/rollup-model.ts';
import { UserModel } from '../../src/users/user-model.ts';
import { createRequest } from '../support/factories.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';
import { requeueLostEventMails } from '../../src/notifications/event-mail-sweep.ts';
import { reconcile } from '../../src/reminders/reminder-jobs.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { closeQueues, createQueues } from '../../src/platform/queues.ts';
import { closeRedis, createRedis } from '../../src/platform/redis.ts';

const registry = loadJurisdictions();
const calendars = createJurisdictionCalendars(registry);
const NOW = new Date('2026-12-07T10:00:00Z');
const deps = { calendars, settings: DEFAULT_REMINDER_SETTINGS };
const config = testConfig('demo_archive');
const logger = createLogger(config, 'test-demo-archive');

describe('the living demo archive, through the one write path', () => {
  before(async () => {
    await connectTestDatabase(config);
    await seedDemoData({ demoPassword: 'demo-password-for-tests' });
  });
  after(() => dropTestDatabase());

  it('every state a request can be in, in every country with agencies, histories as made', async () => {
    const mine = await createRequest({ ref: 'JO-2026-900001' });
    const result = await seedDemoArchive(deps, NOW, 68);
    assert.equal(result.made, 68);
    const requests = (await RequestModel.find({}).lean()).filter((r) => !r._id.equals(mine._id));
    assert.equal(requests.length, 68);

    const statuses = new Set(requests.map((r) => r.status));
    for (const status of REQUEST_STATUSES) assert.ok(statuses.has(status), `a request ${status}`);
    assert.deepEqual([...new Set(requests.map((r) => r.jurisdiction))].sort(), [
      'JO',
      'LB',
      'MA',
      'TN',
    ]);
    const outcomes = new Set(requests.map((r) => r.outcome));
    for (const outcome of ['granted', 'partially_granted', 'refused', 'not_held'])
      assert.ok(outcomes.has(outcome as never), `an answer ${outcome}`);
    assert.ok(
      requests.some((r) => r.transfers.length > 0),
      'a transfer',
    );
    assert.ok(
      requests.some((r) => r.extensionCount > 0),
      'an extension',
    );
    assert.ok(
      requests.some((r) => r.visibility === 'private'),
      'a private request',
    );
    assert.ok(
      requests.some((r) => r.answeredAt && r.answeredAt > r.dueAt),
      'an answer given late',
    );
    // Overdue now: where the law treats silence as refusal (all four), deemed refused.
    assert.ok(
      requests.some((r) => isDeemedRefused(r, true, NOW)),
      'a request overdue now, deemed refused by silence',
    );
    assert.ok(
      requests.some((r) => r.publication?.answer),
      'a published answer',
    );
    // Personal data in the texts is hidden on the public side by the rules.
    const personal = [
      ...Object.values(DEMO_PHONES),
      'reporter.amal@example.net',
      'nadia.f@example.org',
      'samir.k@example.com',
    ];
    const carrying = requests.filter((r) => personal.some((item) => r.body.includes(item)));
    assert.ok(carrying.length > 0, 'requests with personal data in their words');
    for (const request of carrying)
      for (const item of personal)
        assert.ok(!JSON.stringify(request.publicText).includes(item), `${request.ref}: ${item}`);

    // Each request's history is what the one door wrote: events in order, in the past.
    for (const request of requests) {
      const events = await RequestEventModel.find({ requestId: request._id })
        .sort({ seq: 1 })
        .lean();
      assert.equal(events.length, request.version, request.ref);
      assert.equal(events[0]?.type, 'submitted');
      for (const [i, event] of events.entries()) {
        assert.equal(event.seq, i + 1);
        assert.ok(event.at.getTime() <= NOW.getTime(), `${request.ref}: no event in the future`);
        if (i > 0) assert.ok(event.at >= (events[i - 1]?.at ?? event.at));
      }
      assert.equal(events.at(-1)?.to ?? request.status, request.status);
    }
    // The past's mails are recorded as the product would have sent them, never sent: the
    // worker's reconcile finds no event mail to sweep up and no past reminder to fire.
    assert.ok((await NotificationModel.countDocuments({ kind: 'overdue' })) > 0);
    assert.ok((await NotificationModel.countDocuments({ kind: 'filed' })) > 0);
    const connection = createRedis(config.REDIS_URL, logger, { forWorker: true });
    const queues = createQueues(connection, config.REDIS_PREFIX);
    try {
      assert.equal(await requeueLostEventMails(queues, NOW), 0, 'no event mail left to send');
      const reminders = await reconcile({
        queues,
        calendars,
        settings: DEFAULT_REMINDER_SETTINGS,
        now: () => NOW,
      });
      const due = await queues.deadlines.getDelayed();
      assert.equal(
        due.filter((job) => job.timestamp + (job.opts.delay ?? 0) <= NOW.getTime() + 1000).length,
        0,
        `no past reminder fires now (${String(reminders)} future ones planned)`,
      );
    } finally {
      await closeQueues(queues);
      await closeRedis(connection);
    }
    assert.ok((await RollupModel.countDocuments({})) > 0, 'the rollups are rebuilt');

    // A second run adds nothing.
    const again = await seedDemoArchive(deps, NOW, 68);
    assert.deepEqual(again, { made: 0, skipped: 68, steps: 0 });
    assert.equal(await RequestModel.countDocuments({}), 69);

    // --reset removes what the demo made, and nothing else.
    const demoPeople = await UserModel.countDocuments({ email: /@demo\.haqq\.example$/ });
    assert.ok(demoPeople > 0);
    const removed = await resetDemoArchive(calendars, NOW);
    assert.deepEqual(removed, { requests: 68, users: demoPeople });
    assert.deepEqual(
      (await RequestModel.find({}, { _id: 1 }).lean()).map((r) => String(r._id)),
      [String(mine._id)],
    );
    assert.equal(await RequestEventModel.countDocuments({}), 0);
    assert.equal(await UserModel.countDocuments({ email: 'citizen@example.org' }), 1);
  });
});
