import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { rulesByVersion } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { createWorkingCalendar } from '../../src/jurisdictions/working-calendar.ts';
import {
  oldestPlaces,
  pendingByDay,
  periodFigures,
  timeFigures,
  type PeriodFigures,
} from '../../src/stats/annual-report.ts';
import {
  addEventCounts,
  addStintOn,
  daysOfStint,
  emptyEventCounts,
  type EventCounts,
} from '../../src/stats/event-counts.ts';
import {
  drillFilter,
  matchesStint,
  REPORT_FIGURES,
  type ReportFigure,
} from '../../src/stats/report-drilldown.ts';
import { stintsOf, type Stint, type StintSource } from '../../src/stats/request-stints.ts';
import { addDays, daysBetween } from '../../src/time/local-date.ts';
import { reportTotals, type ReportRows } from '../../src/stats/report-shape.ts';

const jordan = loadJurisdictions().get('JO')!;
const calendar = createWorkingCalendar(jordan);
const rules = rulesByVersion(jordan, 'JO-2024')!;
const DAY = 86_400_000;
const START = Date.parse('2025-01-01T06:00:00Z');
const AGENCIES = ['JO-A', 'JO-B', 'JO-C'];
const ARTICLES = ['Art. 13(a)', 'Art. 13(c)', 'Art. 10'];

/** Any request history in Jordan over 2025–2026: transfers, answers, withdrawals, closings, appeals. */
const history = fc
  .record({
    receivedDay: fc.integer({ min: 0, max: 700 }),
    hour: fc.integer({ min: 0, max: 23 }),
    period: fc.integer({ min: 5, max: 40 }),
    agencies: fc.array(fc.constantFrom(...AGENCIES), { minLength: 1, maxLength: 3 }),
    transferGaps: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 2 }),
    exit: fc.constantFrom('open', 'waiting', 'answered', 'withdrawn', 'closed_no_reply', 'closed'),
    after: fc.integer({ min: 0, max: 90 }),
    outcome: fc.constantFrom('granted', 'partially_granted', 'refused', 'not_held'),
    grounds: fc.subarray(ARTICLES),
    urgent: fc.boolean(),
    visibility: fc.constantFrom('public', 'private'),
    extensions: fc.integer({ min: 0, max: 1 }),
    appeal: fc.option(
      fc.record({
        after: fc.integer({ min: 0, max: 30 }),
        decidedAfter: fc.option(fc.integer({ min: 0, max: 60 })),
        decision: fc.constantFrom('upheld', 'overturned', 'partially_overturned'),
        grounds: fc.subarray(ARTICLES),
      }),
    ),
  })
  .map((h): StintSource => {
    const receivedAt = new Date(START + h.receivedDay * DAY + h.hour * 3_600_000);
    // Transfers in order (a gap each after the last), and some recorded before the receipt.
    let last = receivedAt.getTime() - (h.hour % 5 === 0 ? 2 * DAY : 0);
    const transfers = h.agencies.slice(1).map((to, i) => {
      last += (h.transferGaps[i] ?? 0) * DAY;
      return { from: h.agencies[i] ?? 'JO-A', to, at: new Date(last) };
    });
    const lastMove = transfers.at(-1)?.at ?? receivedAt;
    const dueAt = new Date(lastMove.getTime() + h.period * DAY);
    const exitAt = new Date(lastMove.getTime() + h.after * DAY + DAY / 2);
    const answered = h.exit === 'answered';
    const appeal =
      answered && h.appeal
        ? {
            filedAt: new Date(exitAt.getTime() + h.appeal.after * DAY),
            dueAt: new Date(exitAt.getTime() + (h.appeal.after + 30) * DAY),
            decision: h.appeal.decidedAfter === null ? null : h.appeal.decision,
            decidedAt:
              h.appeal.decidedAfter === null
                ? null
                : new Date(exitAt.getTime() + (h.appeal.after + h.appeal.decidedAfter) * DAY),
            legalGrounds: h.appeal.decidedAfter === null ? [] : h.appeal.grounds,
          }
        : null;
    const status = {
      open: 'acknowledged',
      waiting: 'awaiting_clarification',
      answered: appeal ? 'appealed' : 'answered',
      withdrawn: 'withdrawn',
      closed_no_reply: 'closed',
      closed: 'closed',
    }[h.exit] as StintSource['status'];
    return {
      agency: h.agencies.at(-1) ?? 'JO-A',
      jurisdiction: 'JO',
      status,
      receivedAt,
      dueAt,
      originalDueAt: new Date(receivedAt.getTime() + h.period * DAY),
      extensionCount: h.extensions,
      urgent: h.urgent,
      visibility: h.visibility,
      transfers,
      answeredAt: answered ? exitAt : null,
      outcome: answered ? h.outcome : null,
      legalGrounds: answered ? h.grounds : [],
      closedAt: ['withdrawn', 'closed', 'closed_no_reply'].includes(h.exit) ? exitAt : null,
      pauses:
        h.exit === 'waiting' || h.exit === 'closed_no_reply'
          ? [{ from: new Date(lastMove.getTime() + DAY), to: null }]
          : [],
      appeal,
    };
  });

/** The event rollups of some stints, per agency and day, as the store builds them. */
function dayRollups(stints: readonly Stint[]) {
  const days = new Map<string, { agency: string; day: string; counts: EventCounts }>();
  for (const stint of stints)
    for (const day of daysOfStint(stint)) {
      const key = `${stint.agency}_${day}`;
      const row = days.get(key) ?? { agency: stint.agency, day, counts: emptyEventCounts() };
      addStintOn(row.counts, stint, day);
      days.set(key, row);
    }
  return [...days.values()];
}

/** A figure's value in the report, as its name reads it. */
function valueOf(figures: PeriodFigures, figure: ReportFigure): number {
  const [head, second, third] = figure.split('.');
  if (head === 'disposition') return figures.dispositions[second as 'granted'];
  if (head === 'times')
    return figures.times[second as 'normal'].bands.find((b) => b.band === third)?.count ?? -1;
  if (head === 'appeals') return figures.appeals[second as 'received'];
  if (head === 'refusals' || head === 'appealRefusals') return 0;
  return figures[head as 'received'];
}

describe('annual report (pure)', () => {
  it('balances, and every figure is the count of its drill-down list, over any histories', () => {
    fc.assert(
      fc.property(
        fc.array(history, { maxLength: 60 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(undefined, ...AGENCIES),
        (sources, start, length, agency) => {
          const stints = sources
            .flatMap((s) => stintsOf(s, rules, calendar))
            .filter((s) => !agency || s.agency === agency);
          const from = addDays('2025-01-01', start);
          const to = addDays(from, length);
          const before = emptyEventCounts();
          const within = emptyEventCounts();
          for (const row of dayRollups(stints)) {
            if (row.day < from) addEventCounts(before, row.counts);
            else if (row.day <= to) addEventCounts(within, row.counts);
          }
          const figures = periodFigures(before, within, to);
          const count = (figure: ReportFigure, article?: string) =>
            stints.filter((s) => matchesStint(s, drillFilter(figure, { from, to }, article)))
              .length;
          assert.equal(
            figures.pendingEnd,
            figures.pendingStart + figures.received - figures.processed,
          );
          const dispositions = Object.values(figures.dispositions).reduce((a, b) => a + b, 0);
          assert.equal(dispositions, figures.processed);
          for (const track of ['normal', 'urgent', 'all'] as const)
            assert.equal(
              figures.times[track].bands.reduce((a, b) => a + b.count, 0),
              figures.times[track].answered,
            );
          assert.equal(figures.times.all.answered, figures.answered);
          for (const figure of REPORT_FIGURES) {
            if (figure === 'refusals' || figure === 'appealRefusals') continue;
            assert.equal(valueOf(figures, figure), count(figure), figure);
          }
          for (const article of ARTICLES) {
            const first = figures.refusals.find((r) => r.article === article)?.count ?? 0;
            assert.equal(first, count('refusals', article), `refusals ${article}`);
            const appeal = figures.appealRefusals.find((r) => r.article === article)?.count ?? 0;
            assert.equal(appeal, count('appealRefusals', article), `appeal ${article}`);
          }
          // The ages of what is pending cover exactly what is pending at the end.
          const ages = pendingByDay(
            addEventCounts(addEventCounts(emptyEventCounts(), before), within),
          );
          assert.equal(
            ages.reduce((a, [, n]) => a + n, 0),
            figures.pendingEnd,
          );
          const pending = stints.filter((s) =>
            matchesStint(s, drillFilter('pendingEnd', { from, to })),
          );
          // Read per agency and merged, as the report reads them: the same figures, and the
          // pending's median age is that of the list behind "pending at the end".
          const perAgency = new Map<string, ReportRows>();
          for (const row of dayRollups(stints)) {
            if (row.day > to) continue;
            const rows = perAgency.get(row.agency) ?? {
              agency: row.agency,
              jurisdiction: 'JO',
              beforePrevious: emptyEventCounts(),
              previous: emptyEventCounts(),
              current: emptyEventCounts(),
            };
            addEventCounts(row.day < from ? rows.previous : rows.current, row.counts);
            perAgency.set(row.agency, rows);
          }
          const merged = reportTotals([...perAgency.values()], {
            from,
            to,
            end: to,
            previous: { from: '2024-01-01', to: addDays(from, -1) },
          });
          assert.equal(merged.current.pendingEnd, figures.pendingEnd);
          assert.equal(merged.current.backlogEnd, figures.backlogEnd);
          const listed = pending.map((s) => daysBetween(s.inDay, to)).sort((x, y) => x - y);
          assert.equal(
            merged.current.pendingMedianAge,
            listed.length === 0 ? null : listed[Math.ceil(listed.length / 2) - 1],
          );
          // The places of the ten oldest: every pending stint up to the tenth's day, nothing later.
          const upToEnd = new Map<string, EventCounts>();
          for (const row of dayRollups(stints))
            if (row.day <= to)
              upToEnd.set(
                row.agency,
                addEventCounts(upToEnd.get(row.agency) ?? emptyEventCounts(), row.counts),
              );
          const places = oldestPlaces(
            [...upToEnd].map(([code, total]) => ({ agency: code, pending: pendingByDay(total) })),
            10,
          );
          const boundary = pending.map((s) => s.inDay).sort()[Math.min(10, pending.length) - 1];
          const key = (agencyCode: string, day: string) => `${agencyCode} ${day}`;
          const placed = new Set(places.map((p) => key(p.agency, p.day)));
          for (const s of pending)
            if (boundary !== undefined && s.inDay <= boundary)
              assert.ok(placed.has(key(s.agency, s.inDay)), `place of ${s.agency} ${s.inDay}`);
          assert.ok(places.every((p) => boundary !== undefined && p.day <= boundary));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('response times: median, mean, extremes and bands of a hand-made histogram', () => {
    const times = timeFigures({ '0': 2, '3': 1, '12': 1, '70': 1 });
    assert.equal(times.answered, 5);
    assert.equal(times.median, 3);
    assert.equal(times.mean, 85 / 5);
    assert.equal(times.lowest, 0);
    assert.equal(times.highest, 70);
    assert.deepEqual(
      times.bands.map((b) => b.count),
      [2, 1, 0, 1, 0, 0, 0, 1],
    );
  });
});
