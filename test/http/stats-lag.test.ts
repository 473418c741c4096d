import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { wallClock } from '../../src/time/local-date.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface Totals {
  received: number;
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  overdueNow: number;
}

const DAY = 86_400_000;
const ammanDay = (at: Date) => wallClock(at, 'Asia/Amman').date;

/**
 * The defect as it was found: paper requests logged with past receipt dates,
 * some answered, and the statistics still counting two answers as "overdue now"
 * minutes later. Every figure must follow its events within seconds, with the
 * real workers (events → stats queue → rollup) and nothing rebuilt by hand. The
 * lag itself is measured in `npm run bench -- stats-lag`.
 */
describe('statistics follow the events within seconds', () => {
  let harness: TestApp;
  let officer: Agent;
  let auditor: Agent;

  before(async () => {
    harness = await startTestAppWithMailbox('stats-lag', {
      queues: ['events', 'mail', 'deadlines', 'stats'],
    });
    await seedDemoData({});
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOF' })).email);
    auditor = await signIn(
      harness.app,
      (await createUser('auditor', { jurisdiction: 'JO' })).email,
    );
  });
  after(() => harness.close());

  it('six paper requests logged 60, 59, 58, 5, 3 and 1 days ago; four answers show in the figures', async () => {
    const now = Date.now();
    const ages = [60, 59, 58, 5, 3, 1];
    const logged: { ref: string; version: number }[] = [];
    for (const [i, days] of ages.entries()) {
      const res = await officer.agent
        .post('/api/v1/requests')
        .set('X-CSRF-Token', officer.csrf)
        .send({
          subject: `Paper request number ${String(i + 1)}`,
          body: 'A letter received at the front desk, logged by the officer on duty.',
          receivedAt: new Date(now - days * DAY).toISOString(),
          channel: 'paper',
          visibility: 'public',
          requester: { name: 'A citizen' },
        });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      logged.push(res.body as { ref: string; version: number });
    }
    // The two oldest (long overdue) and two recent ones are answered.
    for (const index of [0, 1, 3, 4]) {
      const { ref, version } = logged[index]!;
      await act(officer, ref, 'answer', { outcome: 'granted', version }).expect(200);
    }
    const query = `agency=JO-MOF&from=${ammanDay(new Date(now - 61 * DAY))}&to=${ammanDay(new Date(now))}`;
    const expected: Totals = {
      received: 6,
      answered: 4,
      answeredOnTime: 2,
      answeredLate: 2,
      overdueNow: 1,
    };
    let last: Totals | undefined;
    await eventually(
      'the figures to show every answer',
      async () => {
        const res = await auditor.agent.get(`/api/v1/stats?${query}`).expect(200);
        last = (res.body as { totals: Totals }).totals;
        const seen = Object.fromEntries(
          Object.keys(expected).map((key) => [key, last?.[key as keyof Totals]]),
        );
        return JSON.stringify(seen) === JSON.stringify(expected) ? true : undefined;
      },
      15_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; last figures: ${JSON.stringify(last)}`);
    });
  });
});
