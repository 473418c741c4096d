import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import {
  handlerDeps,
  keepSchedulers,
  scheduleReconcile,
  startWorkers,
  type RunningWorkers,
} from '../../jobs/start-workers.ts';
import type { CaughtMail, MailCatcher } from '../../src/dev/mail-catcher.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createMailer } from '../../src/platform/mailer.ts';
import { createRedis, closeRedis } from '../../src/platform/redis.ts';
import { RECONCILE_JOB } from '../../src/reminders/reminder-scheduler.ts';
import { DIGEST_JOB } from '../../src/reminders/officer-digest.ts';
import { RollupModel } from '../../src/stats/rollup-model.ts';
import { StintModel } from '../../src/stats/stint-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, signIn } from '../support/factories.ts';
import { startPrivateRedis } from '../support/private-redis.ts';
import { eventually } from '../support/mail.ts';
import { drained } from '../support/queues.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
const REMINDER_SUBJECT = /Due soon|Due today|Overdue|Escalation|No answer in time/;
const DAY = 86_400_000;

describe('deadline reminders on BullMQ, counted against the real SMTP listener', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let harness: TestApp & { mailbox: MailCatcher; workers: RunningWorkers };
  let second: RunningWorkers;
  let secondConnection: Redis;
  let citizen: Agent;
  let officer: Agent;
  let citizenEmail: string;
  let officerEmail: string;
  let auditorEmail: string;
  // The injectable clock of the workers: no test waits for real days.
  let clock = new Date();
  before(async () => {
    redis = await startPrivateRedis();
    harness = await startTestAppWithMailbox('reminders', {
      queues: ['events', 'mail', 'deadlines'],
      overrides: { REDIS_URL: redis.url, FILINGS_PER_HOUR: '100' },
      now: () => clock,
    });
    // A second set of workers on the same queues: every test runs with two.
    const logger = createLogger(harness.config, 'test-reminders-second');
    secondConnection = createRedis(redis.url, logger, { forWorker: true });
    second = startWorkers(
      secondConnection,
      harness.config.REDIS_PREFIX,
      handlerDeps(harness.config, loadJurisdictions(), createMailer(harness.config), () => clock),
      logger,
    );
    await seedDemoData({});
    citizenEmail = (await createUser('citizen')).email;
    officerEmail = (await createUser('officer', { agency: 'JO-MOH' })).email;
    citizen = await signIn(harness.app, citizenEmail);
    officer = await signIn(harness.app, officerEmail);
    await createUser('officer', { agency: 'JO-MOH' });
    await createUser('agency_admin', { agency: 'JO-MOH' });
    auditorEmail = (await createUser('auditor', { jurisdiction: 'JO' })).email;
  });
  after(async () => {
    await second.close();
    await closeRedis(secondConnection);
    await harness.close();
    await redis.stop();
  });

  const queues = () => harness.workers.queues;
  /** The queues this file's workers run (rollups are not its concern). */
  const worked = () => [queues().events, queues().mail, queues().deadlines];
  const file = async (visibility = 'public', subject = 'Waiting lists') => {
    const res = await citizen.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', citizen.csrf)
      .send({
        jurisdiction: 'JO',
        agency: 'JO-MOH',
        subject,
        body: 'How many patients waited more than six months for surgery in 2025?',
        visibility,
      })
      .expect(201);
    const ref = (res.body as { ref: string }).ref;
    const stored = await RequestModel.findOne({ ref }).lean();
    return { ref, id: stored!._id.toString(), reqId: String(res.headers['x-request-id']) };
  };
  const jobsOf = async (id: string) =>
    (await queues().deadlines.getJobs(['delayed', 'waiting', 'prioritized'])).filter((job) =>
      job.id?.startsWith(`${id}_`),
    );
  const scheduled = (id: string, count: number) =>
    eventually(`${String(count)} reminder jobs`, async () => {
      const jobs = await jobsOf(id);
      return jobs.length === count ? jobs : undefined;
    });
  const reminderMails = (ref: string) =>
    harness.mailbox
      .messages()
      .filter((m) => m.subject.includes(ref) && REMINDER_SUBJECT.test(m.subject));
  const noDuplicates = (mails: readonly CaughtMail[]) => {
    assert.equal(
      new Set(mails.map((m) => m.messageId)).size,
      mails.length,
      'a mail was sent twice',
    );
  };

  it('filing schedules the five reminders with deterministic ids and ids-only data; an extension replaces them; a stale one sends nothing', async () => {
    const { ref, id, reqId } = await file();
    const request = await RequestModel.findOne({ ref }).lean();
    const dueAtMs = request!.dueAt.getTime();
    const jobs = await scheduled(id, 5);
    // The same event rebuilt the statistics rollup of the agency's day of receipt.
    await eventually('the rollup of the agency-day', async () =>
      (await RollupModel.countDocuments({ agency: 'JO-MOH' })) > 0 ? true : undefined,
    );
    assert.deepEqual(
      jobs.map((job) => job.id).sort(),
      ['deemed-refused', 'due-soon', 'due-today', 'escalation', 'overdue'].map(
        (kind) => `${id}_${kind}_${String(dueAtMs)}`,
      ),
    );
    // Ids only, and the id of the HTTP request that filed (carried through the events job).
    for (const job of jobs) {
      assert.deepEqual(Object.keys(job.data as object).sort(), [
        'dueAtMs',
        'kind',
        'reqId',
        'requestId',
      ]);
      assert.equal((job.data as { reqId: string }).reqId, reqId);
    }

    await officer.agent
      .post(`/api/v1/requests/${ref}/extend`)
      .set('X-CSRF-Token', officer.csrf)
      .send({ reason: 'The archives are in three cities.' })
      .expect(200);
    const extended = await RequestModel.findOne({ ref }).lean();
    const newDue = extended!.dueAt.getTime();
    const moved = await eventually('the jobs of the new due date', async () => {
      const all = await jobsOf(id);
      return all.length === 5 && all.every((job) => job.id?.endsWith(`_${String(newDue)}`))
        ? all
        : undefined;
    });
    assert.equal(moved.length, 5);

    // A reminder of the old due date that fires anyway (a race) sends nothing.
    await queues().deadlines.add(
      'reminder',
      { requestId: id, kind: 'due-today', dueAtMs },
      { jobId: `stale-${id}` },
    );
    // The current one is sent to both officers of the agency, once.
    await (await queues().deadlines.getJob(`${id}_due-today_${String(newDue)}`))!.promote();
    // The agency's two officers and its admin.
    await eventually('three due-today mails', () =>
      reminderMails(ref).length >= 3 ? true : undefined,
    );
    await drained(worked());
    const mails = reminderMails(ref);
    assert.equal(mails.length, 3);
    noDuplicates(mails);
    assert.ok(mails.every((m) => m.subject.startsWith(`[${ref}] Due today`)));

    // Answered: its reminders are removed.
    await officer.agent
      .post(`/api/v1/requests/${ref}/answer`)
      .set('X-CSRF-Token', officer.csrf)
      .send({ outcome: 'granted' })
      .expect(200);
    await eventually('no reminder left', async () =>
      (await jobsOf(id)).length === 0 ? true : undefined,
    );
  });

  it('Redis emptied with reminders pending: reconcile sends every reminder whose time passed, exactly once', async () => {
    const filed = [await file(), await file()];
    for (const { id } of filed) await scheduled(id, 5);
    const admin = new Redis(redis.url);
    await admin.flushall();
    await admin.quit();
    // Sixty days later, with nothing in Redis.
    clock = new Date(Date.now() + 60 * DAY);
    await RECONCILE_JOB.add(queues(), {});
    // Per request: due-soon, due-today, overdue to the agency's two officers and its admin (9),
    // the deemed refusal to the requester (1), the escalation to the agency admin and the
    // jurisdiction's auditor (2).
    for (const { ref } of filed)
      await eventually(`twelve reminders of ${ref}`, () =>
        reminderMails(ref).length >= 12 ? true : undefined,
      );
    await RECONCILE_JOB.add(queues(), {}, { jobId: 'reconcile-again' });
    await drained(worked());
    for (const { ref } of filed) {
      const mails = reminderMails(ref);
      assert.equal(mails.length, 12, `${ref}: ${mails.map((m) => m.subject).join(' | ')}`);
      noDuplicates(mails);
      const deemed = mails.find((m) => m.subject.includes('No answer in time'));
      assert.match(deemed!.text, /appeal to the Information Council until/);
    }
    clock = new Date();
    // The sessions were in that Redis too: sign in again.
    citizen = await signIn(harness.app, citizenEmail);
    officer = await signIn(harness.app, officerEmail);
  });

  it('a private request: escalation and every other mail to an auditor carry none of its words', async () => {
    const subject = 'Psychiatric records of Dr Rami Haddad';
    const { ref, id } = await file('private', subject);
    const jobs = await scheduled(id, 5);
    // Sixty days later: every reminder is due at once.
    clock = new Date(Date.now() + 60 * DAY);
    for (const job of jobs) await job.promote();
    await eventually(`twelve reminders of ${ref}`, () =>
      reminderMails(ref).length >= 12 ? true : undefined,
    ).finally(() => {
      clock = new Date();
    });
    const everything = (m: CaughtMail) => `${m.subject}\n${m.text}\n${m.html ?? ''}`;
    const toAuditor = harness.mailbox
      .messages()
      .filter((m) => m.subject.includes(ref) && m.to.includes(auditorEmail));
    assert.equal(toAuditor.length, 1, 'the escalation');
    assert.match(toAuditor[0]!.subject, /Escalation/);
    for (const mail of toAuditor) {
      assert.doesNotMatch(everything(mail), /Psychiatric|Haddad/);
      assert.match(everything(mail), /a private request/);
    }
    // The agency's own staff and the requester read the subject.
    const toOfficer = reminderMails(ref).filter((m) => m.to.includes(officerEmail));
    assert.ok(toOfficer.length > 0);
    for (const mail of toOfficer) assert.match(mail.subject, /Psychiatric records/);
  });

  it('Redis emptied with web and workers running: reconcile resumes by itself, the overdue reminder is sent once', async () => {
    const { ref, id } = await file();
    // Nothing in flight at the flush: the filing's own jobs are done.
    await scheduled(id, 5);
    const everyMs = 1_000;
    const logger = createLogger(harness.config, 'test-reminders-keeper');
    // The deployment's scheduler; its first run (at once) is over before the flush.
    const schedule = () => scheduleReconcile(harness.workers, 60_000);
    await schedule();
    await drained(worked());
    const admin = new Redis(redis.url);
    await admin.flushall();
    await admin.quit();
    // Sixty days later: overdue, and nobody adds a reconcile job by hand; the
    // workers' keeper (started here, after the flush, so the clock has moved) finds
    // the schedulers gone.
    clock = new Date(Date.now() + 60 * DAY);
    const stop = keepSchedulers(harness.workers, everyMs, schedule, logger);
    try {
      await eventually(
        `the overdue reminders of ${ref}`,
        () => (reminderMails(ref).some((m) => m.subject.includes('Overdue')) ? true : undefined),
        15_000,
      );
      await drained(worked());
      const overdue = reminderMails(ref).filter((m) => m.subject.includes('Overdue'));
      noDuplicates(overdue);
      assert.equal(new Set(overdue.map((m) => m.to.join())).size, overdue.length, 'once each');
    } finally {
      stop();
      clock = new Date();
      await harness.workers.queues.deadlines.removeJobScheduler(RECONCILE_JOB.name);
    }
    citizen = await signIn(harness.app, citizenEmail);
    officer = await signIn(harness.app, officerEmail);
  });

  it('Redis emptied before an event’s mails went: reconcile sends them, once, and counts it', async () => {
    // The filing's event job waits (the queue is paused) and is lost with Redis.
    await queues().events.pause();
    const { ref, id } = await file();
    const admin = new Redis(redis.url);
    await admin.flushall();
    await admin.quit();
    const eventMails = () =>
      harness.mailbox
        .messages()
        .filter((m) => m.subject.includes(ref) && !REMINDER_SUBJECT.test(m.subject));
    assert.equal(eventMails().length, 0);
    assert.equal(await StintModel.countDocuments({ request: id }), 0, 'no statistics yet');
    // A minute later (reconcile leaves the last 10 s to the events' own jobs).
    clock = new Date(Date.now() + 60_000);
    try {
      await RECONCILE_JOB.add(queues(), {}, { jobId: 'reconcile-lost-mails' });
      // "Filed" to the requester; "new request" to the agency's two officers and its admin.
      await eventually('the four mails of the filing', () =>
        eventMails().length >= 4 ? true : undefined,
      );
      await RECONCILE_JOB.add(queues(), {}, { jobId: 'reconcile-lost-mails-again' });
      await drained(worked());
    } finally {
      clock = new Date();
    }
    assert.equal(
      eventMails().length,
      4,
      eventMails()
        .map((m) => m.subject)
        .join(' | '),
    );
    noDuplicates(eventMails());
    // The statistics the lost job would have kept: the request's stints, at its version.
    const stored = await RequestModel.findById(id, { version: 1 }).lean();
    const stints = await StintModel.find({ request: stored!._id }).lean();
    assert.equal(stints.length, 1);
    assert.equal(stints[0]!.version, stored!.version);
    assert.ok(eventMails().some((m) => m.to.includes(citizenEmail)));
    assert.ok(eventMails().some((m) => m.to.includes(officerEmail)));
    citizen = await signIn(harness.app, citizenEmail);
    officer = await signIn(harness.app, officerEmail);
  });

  it('the SMTP listener refusing mail for a while: every reminder arrives after it recovers', async () => {
    const { ref, id } = await file();
    const request = await RequestModel.findOne({ ref }).lean();
    await scheduled(id, 5);
    harness.mailbox.setRefusing(true);
    await (await queues().deadlines.getJob(
      `${id}_overdue_${String(request!.dueAt.getTime())}`,
    ))!.promote();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(reminderMails(ref).length, 0);
    harness.mailbox.setRefusing(false);
    await eventually(
      'the three overdue mails after the outage',
      () => (reminderMails(ref).length >= 3 ? true : undefined),
      60_000,
    );
    await drained(worked());
    assert.equal(reminderMails(ref).length, 3, 'none lost, none repeated');
    noDuplicates(reminderMails(ref));
  });

  it('the daily digest: one mail per officer with something due soon or overdue, none when empty, once a day', async () => {
    const idle = await createUser('officer', { agency: 'JO-MOE' });
    const busy = await createUser('officer', { agency: 'JO-MOH' });
    // Three weeks on, the open requests of the Ministry of Health are overdue.
    clock = new Date(Date.now() + 25 * DAY);
    await DIGEST_JOB.add(queues(), { jurisdiction: 'JO' }, { jobId: 'digest-1' });
    const digests = () =>
      harness.mailbox.messages().filter((m) => m.subject.includes('due soon or overdue'));
    await eventually('the busy officer’s digest', () =>
      digests().some((m) => m.to.includes(busy.email)) ? true : undefined,
    );
    const mine = digests().find((m) => m.to.includes(busy.email))!;
    assert.match(mine.text, /OVERDUE since/);
    await DIGEST_JOB.add(queues(), { jurisdiction: 'JO' }, { jobId: 'digest-2' });
    await drained(worked());
    assert.equal(digests().filter((m) => m.to.includes(busy.email)).length, 1, 'once a day');
    assert.equal(digests().filter((m) => m.to.includes(idle.email)).length, 0, 'none when empty');
    clock = new Date();
  });
});
