import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { rulesByVersion } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { createWorkingCalendar } from '../../src/jurisdictions/working-calendar.ts';
import {
  addFigures,
  emptyCounts,
  figuresOf,
  histogramPercentile,
  mergeCounts,
} from '../../src/stats/figure-totals.ts';
import { requestFigures, type FigureInputs } from '../../src/requests/request-figures.ts';
import { buildRollup, countsAsOf, sumRollups } from '../../src/stats/rollup.ts';
import { lastDayOf, rangeParts } from '../../src/stats/stats-report.ts';
import { addDays, endOfLocalDay, wallClock } from '../../src/time/local-date.ts';

const jordan = loadJurisdictions().get('JO')!;
const calendar = createWorkingCalendar(jordan);
const rules = rulesByVersion(jordan, 'JO-2024')!;
const at = (iso: string) => new Date(iso);
const base: FigureInputs = {
  status: 'answered',
  receivedAt: at('2026-03-02T06:00:00Z'), // Monday 2 March, 09:00 in Amman
  dueAt: at('2026-03-23T20:59:59.999Z'),
  extensionCount: 0,
};
const NOW = at('2026-03-15T09:00:00Z');
/** Any figures of one request. */
const figure = fc.record({
  answered: fc.boolean(),
  answeredOnTime: fc.constantFrom(true, false, null),
  daysToAnswer: fc.option(fc.nat({ max: 40 })),
  overdueNow: fc.boolean(),
  deemedRefused: fc.boolean(),
  acknowledgedInTime: fc.constantFrom(true, false, null),
  extended: fc.boolean(),
  transferred: fc.boolean(),
  clarified: fc.boolean(),
  withdrawn: fc.boolean(),
  outcome: fc.constantFrom('granted', 'refused', 'not_held', 'partially_granted', null),
  refusalArticles: fc.array(fc.constantFrom('Art. 13(a)', 'Art. 13(c)'), { maxLength: 2 }),
  appealFiled: fc.boolean(),
  appealDecision: fc.constantFrom('upheld', 'overturned', null),
  appealDecidedOnTime: fc.constantFrom(true, false, null),
});

describe('statistics: one definition of every figure (pure)', () => {
  // Hand-counted (Jordan, weekend Friday and Saturday; no holiday 3–12 March 2026):
  // received Mon 2 March, answered Thu 12 March → Tue 3, Wed 4, Thu 5, Sun 8, Mon 9,
  // Tue 10, Wed 11, Thu 12 = 8 working days. Paused Wed 4 → Sun 8 March: Thu 5 and Sun 8
  // stood still (2 days) → 6.
  const requests: FigureInputs[] = [
    { ...base, answeredAt: at('2026-03-12T07:00:00Z'), outcome: 'granted' },
    {
      ...base,
      answeredAt: at('2026-03-12T07:00:00Z'),
      outcome: 'granted',
      pauses: [{ from: at('2026-03-04T08:00:00Z'), to: at('2026-03-08T08:00:00Z') }],
    },
    {
      ...base,
      status: 'appeal_decided',
      dueAt: at('2026-03-05T20:59:59.999Z'),
      answeredAt: at('2026-03-12T07:00:00Z'),
      outcome: 'refused',
      legalGrounds: ['Art. 13(c)'],
      extensionCount: 1,
      appeal: {
        dueAt: at('2026-04-12T20:59:59.999Z'),
        decision: 'overturned',
        decidedAt: at('2026-04-01T09:00:00Z'),
      },
    },
    { ...base, status: 'acknowledged', dueAt: at('2026-03-05T20:59:59.999Z') },
    { ...base, status: 'withdrawn', transfers: [{}] },
  ];

  it('hand-computed figures for five requests', () => {
    const figures = requests.map((r) => requestFigures(r, rules, calendar, NOW));
    assert.deepEqual(
      figures.map((f) => f.daysToAnswer),
      [8, 6, 8, null, null],
    );
    const totals = figuresOf(figures.reduce(addFigures, emptyCounts()));
    assert.equal(totals.received, 5);
    assert.equal(totals.answered, 3);
    assert.equal(totals.answeredOnTime, 2);
    assert.equal(totals.answeredLate, 1);
    assert.equal(totals.onTimeRate, 2 / 3);
    assert.equal(totals.overdueNow, 1);
    assert.equal(totals.deemedRefusals, 1);
    assert.equal(totals.medianDays, 8);
    assert.equal(totals.p90Days, 8);
    assert.equal(totals.meanDays, 22 / 3);
    assert.equal(totals.extended, 1);
    assert.equal(totals.transferred, 1);
    assert.equal(totals.clarified, 1);
    assert.equal(totals.withdrawn, 1);
    assert.deepEqual(totals.outcomes, {
      granted: 2,
      partially_granted: 0,
      refused: 1,
      not_held: 0,
    });
    assert.deepEqual(totals.refusalsByExemption, { 'Art. 13(c)': 1 });
    assert.deepEqual(totals.appeals, {
      filed: 1,
      decidedOnTime: 1,
      upheld: 0,
      overturned: 1,
      partially_overturned: 0,
    });
  });

  it('acknowledgement within the law’s period, where the law has one', () => {
    const withAck = { ...rules, acknowledgement: { days: 2, dayType: 'working' as const } };
    // Two working days from Monday 2 March: Tue 3, Wed 4 (end of day).
    const inTime = requestFigures(
      { ...base, acknowledgedAt: at('2026-03-04T12:00:00Z') },
      withAck,
      calendar,
      NOW,
    );
    const late = requestFigures(
      { ...base, acknowledgedAt: at('2026-03-05T06:00:00Z') },
      withAck,
      calendar,
      NOW,
    );
    const never = requestFigures({ ...base, status: 'submitted' }, withAck, calendar, NOW);
    const notYet = requestFigures(
      { ...base, status: 'submitted' },
      withAck,
      calendar,
      at('2026-03-03T06:00:00Z'),
    );
    assert.deepEqual(
      [inTime, late, never, notYet].map((f) => f.acknowledgedInTime),
      [true, false, false, null],
    );
    assert.equal(requestFigures(base, rules, calendar, NOW).acknowledgedInTime, null);
  });

  it('property: the percentile of the histogram is the nearest-rank percentile of the sorted days', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (days, p) => {
          const histogram: Record<string, number> = {};
          for (const d of days) histogram[String(d)] = (histogram[String(d)] ?? 0) + 1;
          const sorted = [...days].sort((a, b) => a - b);
          const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
          assert.equal(histogramPercentile(histogram, p), sorted[rank - 1]);
        },
      ),
    );
  });

  it('property: counts add up (the totals of two parts merged equal the totals of the whole)', () => {
    fc.assert(
      fc.property(fc.array(figure), fc.array(figure), (left, right) => {
        const whole = [...left, ...right].reduce(addFigures, emptyCounts());
        const merged = mergeCounts(
          left.reduce(addFigures, emptyCounts()),
          right.reduce(addFigures, emptyCounts()),
        );
        assert.deepEqual(figuresOf(merged), figuresOf(whole));
      }),
    );
  });
});

describe('rollups per agency-day equal the figures computed from the requests (pure)', () => {
  it('property: any requests, any grouping, any day of asking', () => {
    const zone = jordan.timeZone;
    const statuses = [
      'submitted',
      'acknowledged',
      'awaiting_clarification',
      'answered',
      'withdrawn',
      'closed',
    ] as const;
    const request = fc.record({
      agency: fc.constantFrom('JO-A', 'JO-B', 'JO-C'),
      receivedMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 1) }),
      dueInDays: fc.integer({ min: -5, max: 40 }),
      answerInDays: fc.integer({ min: 0, max: 45 }),
      status: fc.constantFrom(...statuses),
      outcome: fc.constantFrom('granted', 'refused', 'not_held', 'partially_granted'),
      extensionCount: fc.integer({ min: 0, max: 1 }),
      public: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(request, { maxLength: 40 }),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 1, 1) }),
        (drafts, nowMs) => {
          const now = new Date(nowMs);
          const today = wallClock(now, zone).date;
          const items = drafts.map((d) => {
            const receivedAt = new Date(d.receivedMs);
            const receivedDay = wallClock(receivedAt, zone).date;
            // A due date ends with its local day.
            const dueAt = endOfLocalDay(addDays(receivedDay, Math.max(0, d.dueInDays)), zone);
            const answered = d.status === 'answered' || d.status === 'closed';
            const inputs: FigureInputs = {
              status: d.status,
              receivedAt,
              dueAt,
              extensionCount: d.extensionCount,
              ...(answered
                ? {
                    answeredAt: new Date(receivedAt.getTime() + d.answerInDays * 86_400_000),
                    outcome: d.outcome,
                    legalGrounds: d.outcome === 'refused' ? ['Art. 13(c)'] : [],
                  }
                : {}),
            };
            const figures = requestFigures(inputs, rules, calendar, now);
            const clockRuns = d.status === 'submitted' || d.status === 'acknowledged';
            return {
              key: `${d.agency}_${receivedDay}`,
              figures,
              openDueDay: clockRuns ? wallClock(dueAt, zone).date : null,
              silenceIsRefusal: rules.silenceIsRefusal,
              public: d.public,
            };
          });
          const direct = figuresOf(items.reduce((c, i) => addFigures(c, i.figures), emptyCounts()));
          const groups = new Map<string, typeof items>();
          for (const item of items) groups.set(item.key, [...(groups.get(item.key) ?? []), item]);
          const rollups = [...groups.values()].map((group) => buildRollup(group));
          assert.deepEqual(figuresOf(countsAsOf(rollups, today)), direct);
          // Visitors: the same figures, with the exemptions of public requests only.
          const publicRefusals = items
            .filter((i) => i.public)
            .reduce((c, i) => addFigures(c, i.figures), emptyCounts()).refusalsByExemption;
          assert.deepEqual(figuresOf(countsAsOf(rollups, today, 'public')), {
            ...direct,
            refusalsByExemption: publicRefusals,
          });
        },
      ),
    );
  });
});

describe('reading a range from monthly sums and edge days (pure)', () => {
  it('hand-picked: whole months from the sums, the days around them one by one', () => {
    assert.deepEqual(rangeParts('2026-02-01', '2026-02-28'), {
      months: { from: '2026-02', to: '2026-02' },
      days: [],
    });
    assert.deepEqual(rangeParts('2025-12-30', '2026-02-02'), {
      months: { from: '2026-01', to: '2026-01' },
      days: [
        { from: '2025-12-30', to: '2025-12-31' },
        { from: '2026-02-01', to: '2026-02-02' },
      ],
    });
    assert.deepEqual(rangeParts('2024-02-27', '2024-02-29'), {
      months: null,
      days: [{ from: '2024-02-27', to: '2024-02-29' }],
    });
    assert.deepEqual(rangeParts('2025-12-01', '2026-11-30'), {
      months: { from: '2025-12', to: '2026-11' },
      days: [],
    });
  });

  it('property: the parts hold every day of the range exactly once, and no other', () => {
    const day = fc.integer({ min: 0, max: 1_200 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const { months, days } = rangeParts(from, to);
        const covered: string[] = [];
        for (const run of days)
          for (let d = run.from; d <= run.to; d = addDays(d, 1)) covered.push(d);
        if (months)
          for (let d = `${months.from}-01`; d <= lastDayOf(months.to); d = addDays(d, 1))
            covered.push(d);
        const expected: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) expected.push(d);
        assert.deepEqual(covered.sort(), expected);
      }),
    );
  });

  it('property: a month summed from its days gives the figures of the days apart', () => {
    const item = fc.record({
      figures: figure,
      openDueDay: fc.option(fc.integer({ min: 0, max: 60 }).map((n) => addDays('2026-03-01', n))),
      silenceIsRefusal: fc.boolean(),
      public: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { maxLength: 5 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 60 }).map((n) => addDays('2026-03-01', n)),
        (days, today) => {
          const rollups = days.map((items) => buildRollup(items));
          for (const audience of ['auditor', 'public'] as const)
            assert.deepEqual(
              countsAsOf([sumRollups(rollups)], today, audience),
              countsAsOf(rollups, today, audience),
            );
        },
      ),
    );
  });
});
