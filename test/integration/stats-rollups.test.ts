import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { rulesByVersion } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { wallClock } from '../../src/time/local-date.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { addFigures, emptyCounts, figuresOf } from '../../src/stats/figure-totals.ts';
import { requestFigures } from '../../src/requests/request-figures.ts';
import { countsAsOf } from '../../src/stats/rollup.ts';
import { MonthRollupModel, RollupModel } from '../../src/stats/rollup-model.ts';
import { rebuildAllRollups } from '../../src/stats/rollup-rebuild.ts';
import { rebuildAgencyDay, rollupRows } from '../../src/stats/rollup-store.ts';
import { createRequest } from '../support/factories.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

const registry = loadJurisdictions();
const calendars = createJurisdictionCalendars(registry);
const jordan = registry.get('JO')!;
const NOW = new Date('2026-06-20T09:00:00Z');
const TODAY = wallClock(NOW, jordan.timeZone).date;

/** The figures of an agency computed straight from its requests (the reference). */
async function direct(agency: string) {
  const requests = await RequestModel.find({ agency }).lean();
  const counts = emptyCounts();
  for (const request of requests) {
    const rules = rulesByVersion(jordan, request.rulesVersion)!;
    addFigures(counts, requestFigures(request, rules, calendars.get('JO')!.calendar, NOW));
  }
  return figuresOf(counts);
}

async function fromRollups(agency: string) {
  const rows = await rollupRows({ agency, from: '2026-01-01', to: '2026-12-31' });
  return figuresOf(
    countsAsOf(
      rows.map((row) => row.rollup),
      TODAY,
    ),
  );
}

describe('statistics rollups in MongoDB equal the figures computed from the requests', () => {
  before(() => connectTestDatabase(testConfig('stats_rollups')));
  after(() => dropTestDatabase());

  it('two agencies, every kind of request; a change moves its agency-day after the rebuild', async () => {
    const day = (d: number) => new Date(Date.UTC(2026, 4, d, 6));
    const due = (d: number) => new Date(Date.UTC(2026, 4, d, 20, 59, 59, 999));
    const answered = async (
      agency: string,
      received: number,
      dueDay: number,
      answeredDay: number,
      outcome: string,
      legalGrounds: string[] = [],
    ) => {
      const r = await createRequest({
        agency,
        receivedAt: day(received),
        dueAt: due(dueDay),
        status: 'answered',
      });
      await RequestModel.updateOne(
        { _id: r._id },
        {
          $set: {
            answeredAt: day(answeredDay),
            outcome,
            legalGrounds,
            extensionCount: dueDay > 28 ? 1 : 0,
          },
        },
      );
      return r;
    };
    await answered('JO-MOH', 3, 21, 10, 'granted');
    await answered('JO-MOH', 3, 21, 25, 'refused', ['Art. 13(c)']);
    await answered('JO-MOH', 4, 31, 30, 'partially_granted', ['Art. 13(a)']);
    await answered('JO-MOF', 5, 24, 12, 'not_held');
    const open = await createRequest({
      agency: 'JO-MOH',
      receivedAt: day(6),
      dueAt: due(26),
      status: 'acknowledged',
    });
    await createRequest({
      agency: 'JO-MOF',
      receivedAt: day(6),
      dueAt: due(26),
      status: 'withdrawn',
    });
    await createRequest({
      agency: 'JO-MOF',
      receivedAt: day(7),
      dueAt: new Date('2026-07-01T20:59:59.999Z'),
    });

    const built = await rebuildAllRollups(calendars, NOW);
    assert.deepEqual(built, { requests: 7, rollups: 6, stints: 7, eventRollups: 14 });
    for (const agency of ['JO-MOH', 'JO-MOF'])
      assert.deepEqual(await fromRollups(agency), await direct(agency), agency);
    const health = await fromRollups('JO-MOH');
    assert.equal(health.received, 4);
    assert.equal(health.overdueNow, 1);
    assert.deepEqual(health.refusalsByExemption, { 'Art. 13(c)': 1, 'Art. 13(a)': 1 });

    // The open request is answered: its agency-day is rebuilt, and only it moves.
    await RequestModel.updateOne(
      { _id: open._id },
      { $set: { status: 'answered', answeredAt: day(20), outcome: 'granted' } },
    );
    await rebuildAgencyDay(calendars, 'JO-MOH', 'JO', wallClock(day(6), jordan.timeZone).date, NOW);
    const after = await fromRollups('JO-MOH');
    assert.equal(after.answered, health.answered + 1);
    assert.equal(after.overdueNow, 0);
    assert.deepEqual(after, await direct('JO-MOH'));

    // The job's agency-day and agency-month are those a full rebuild writes.
    const rollups = async () => ({
      days: await RollupModel.find({}, { builtAt: 0 }).sort({ _id: 1 }).lean(),
      months: await MonthRollupModel.find({}, { builtAt: 0 }).sort({ _id: 1 }).lean(),
    });
    const byJob = await rollups();
    assert.equal(byJob.days.length, 6);
    assert.deepEqual(
      byJob.months.map((m) => m._id),
      ['JO-MOF_2026-05', 'JO-MOH_2026-05'],
    );
    await rebuildAllRollups(calendars, NOW);
    assert.deepEqual(await rollups(), byJob);

    // A range reads exactly its days, from whole months and edge days alike.
    const received = async (agency: string, from: string, to: string) => {
      const rows = await rollupRows({ jurisdictions: ['JO'], from, to });
      return countsAsOf(
        rows.filter((row) => row.agency === agency).map((row) => row.rollup),
        TODAY,
      ).received;
    };
    assert.equal(await received('JO-MOH', '2026-05-04', '2026-05-06'), 2); // 4 and 6 May, not 3 May's two
    assert.equal(await received('JO-MOF', '2026-05-04', '2026-05-06'), 2); // 5 and 6 May, not 7 May
    assert.equal(await received('JO-MOH', '2026-05-04', '2026-06-30'), 2);
    assert.equal(await received('JO-MOF', '2026-04-30', '2026-05-31'), 3);
    assert.equal(await received('JO-MOH', '2026-04-01', '2026-06-30'), 4);
    assert.equal(await received('JO-MOF', '2026-05-06', '2026-07-31'), 2);

    // A month whose last request leaves (a transfer away, here a deletion) is removed.
    await RequestModel.deleteMany({ agency: 'JO-MOF' });
    for (const d of [5, 6, 7])
      await rebuildAgencyDay(calendars, 'JO-MOF', 'JO', `2026-05-0${String(d)}`, NOW);
    assert.equal(await MonthRollupModel.countDocuments({ agency: 'JO-MOF' }), 0);
    assert.equal(await RollupModel.countDocuments({ agency: 'JO-MOF' }), 0);
  });

  it('a rebuild replaces the collections whole, their indexes included', async () => {
    await rebuildAllRollups(calendars, NOW);
    const keys = async (model: typeof RollupModel | typeof MonthRollupModel) =>
      (await model.collection.indexes()).map((index) => index.key);
    assert.deepEqual(await keys(RollupModel), [
      { _id: 1 },
      { jurisdiction: 1, day: 1 },
      { agency: 1, day: 1 },
      { builtAt: 1 },
    ]);
    assert.deepEqual(await keys(MonthRollupModel), [
      { _id: 1 },
      { jurisdiction: 1, month: 1 },
      { agency: 1, month: 1 },
    ]);
    const names = await RollupModel.db.db
      ?.listCollections({ name: /^stats_rollups/ }, { nameOnly: true })
      .toArray();
    assert.deepEqual(names?.map((c) => c.name).sort(), ['stats_rollups', 'stats_rollups_monthly']);
  });

  it('two rebuilds of one agency-day at once: the one that read first never leaves older figures', async () => {
    const received = new Date(Date.UTC(2026, 4, 12, 6));
    const dueAt = new Date(Date.UTC(2026, 5, 2, 20, 59, 59, 999));
    const day = wallClock(received, jordan.timeZone).date;
    const requests = [
      await createRequest({
        agency: 'JO-MOE',
        receivedAt: received,
        dueAt,
        status: 'acknowledged',
      }),
      await createRequest({
        agency: 'JO-MOE',
        receivedAt: received,
        dueAt,
        status: 'acknowledged',
      }),
    ];
    await rebuildAgencyDay(calendars, 'JO-MOE', 'JO', day, NOW);
    // The first rebuild reads, then waits; the requests are answered and the
    // rebuild of that event runs whole; then the first one writes.
    let read!: () => void;
    let release!: () => void;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let waited = false;
    const first = rebuildAgencyDay(calendars, 'JO-MOE', 'JO', day, NOW, {
      afterRead: async () => {
        if (waited) return;
        waited = true;
        read();
        await gate;
      },
    });
    await hasRead;
    for (const request of requests)
      await RequestModel.updateOne(
        { _id: request._id },
        {
          $set: {
            status: 'answered',
            answeredAt: new Date(Date.UTC(2026, 4, 20)),
            outcome: 'granted',
          },
          $inc: { version: 1 },
        },
      );
    await rebuildAgencyDay(calendars, 'JO-MOE', 'JO', day, NOW);
    release();
    await first;
    const figures = await fromRollups('JO-MOE');
    assert.equal(figures.answered, 2);
    assert.deepEqual(figures, await direct('JO-MOE'));
  });
});
