import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDeadline, type DeadlineKind } from '../../src/jurisdictions/deadline-calculator.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { rulesInForce } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { wallClock } from '../../src/time/local-date.ts';
import { createWorkingCalendar } from '../../src/jurisdictions/working-calendar.ts';
import {
  appealDecisionDeadline,
  transferDeadlines,
} from '../../src/jurisdictions/stage-deadlines.ts';

const registry = loadJurisdictions();

interface Case {
  name: string;
  code: string;
  received: string;
  kind?: DeadlineKind;
  from?: string;
  effective?: string;
  due: string;
  dueAt?: string;
  version?: string;
}

// Each expected date was counted by hand on a calendar (weekends, the config's
// fixed holidays and the Umm al-Qura dates of ../shared/research/hijri-holidays-observed.md).
const CASES: Case[] = [
  {
    name: 'JO: 15 working days over Eid al-Fitr 2026 (Fri–Sat weekend)',
    code: 'JO',
    received: '2026-03-02T06:00:00Z',
    due: '2026-03-25',
    dueAt: '2026-03-25T20:59:59.999Z',
  },
  {
    name: 'JO: received after the 15:00 closing time counts from the next working day',
    code: 'JO',
    received: '2026-03-16T14:00:00Z',
    effective: '2026-03-17',
    due: '2026-04-09',
  },
  {
    name: 'JO: received on Arafah counts from after Eid al-Adha; skips the Islamic New Year',
    code: 'JO',
    received: '2026-05-26T07:00:00Z',
    effective: '2026-05-31',
    due: '2026-06-22',
  },
  {
    name: 'JO: across the year end (Christmas and New Year on the weekend)',
    code: 'JO',
    received: '2026-12-24T07:00:00Z',
    due: '2027-01-14',
  },
  {
    name: 'JO: Eid al-Fitr 2027 (Umm al-Qura, 9–11 March)',
    code: 'JO',
    received: '2027-03-07T07:00:00Z',
    due: '2027-03-31',
  },
  {
    name: 'JO: Arafah and Eid al-Adha 2027, Independence Day and the New Year 1449',
    code: 'JO',
    received: '2027-05-13T07:00:00Z',
    due: '2027-06-13',
  },
  {
    name: 'JO: a request filed under the 2007 rules keeps them (30 calendar days)',
    code: 'JO',
    received: '2024-01-10T07:00:00Z',
    due: '2024-02-11',
    version: 'JO-2007',
  },
  {
    name: 'JO: an extension of 10 days from the original due date',
    code: 'JO',
    received: '2026-03-02T06:00:00Z',
    kind: 'extension',
    from: '2026-03-25',
    due: '2026-04-05',
  },
  {
    name: 'JO: 30 days to appeal a decision, rolled past Labour Day and the weekend',
    code: 'JO',
    received: '2026-04-01T07:00:00Z',
    kind: 'appeal',
    due: '2026-05-03',
  },
  {
    name: 'TN: 20 calendar days ending on a Sunday move to Monday',
    code: 'TN',
    received: '2026-03-02T09:00:00Z',
    due: '2026-03-23',
    dueAt: '2026-03-23T22:59:59.999Z',
  },
  {
    name: 'TN: 48 hours for life or liberty, to the minute',
    code: 'TN',
    received: '2026-03-18T10:00:00Z',
    kind: 'urgent',
    due: '2026-03-20',
    dueAt: '2026-03-20T10:00:00.000Z',
  },
  {
    name: 'TN: across the year end',
    code: 'TN',
    received: '2026-12-14T09:00:00Z',
    due: '2027-01-04',
  },
  {
    name: 'MA: 16:00 GMT is before closing in Ramadan (Morocco suspends summer time)',
    code: 'MA',
    received: '2026-03-02T16:00:00Z',
    effective: '2026-03-02',
    due: '2026-04-01',
    dueAt: '2026-04-01T22:59:59.999Z',
  },
  {
    name: 'MA: 16:00 GMT is after the 16:30 closing out of Ramadan (UTC+1); New Year +1 day',
    code: 'MA',
    received: '2026-06-15T16:00:00Z',
    effective: '2026-06-16',
    due: '2026-07-15',
  },
  {
    name: 'MA: urgent 3 working days, received on Eid al-Adha (Umm al-Qura +1)',
    code: 'MA',
    received: '2026-05-28T10:00:00Z',
    kind: 'urgent',
    effective: '2026-06-01',
    due: '2026-06-04',
  },
  {
    name: 'LB: 15 calendar days ending on a Saturday',
    code: 'LB',
    received: '2026-03-06T08:00:00Z',
    due: '2026-03-23',
    dueAt: '2026-03-23T21:59:59.999Z',
  },
  {
    name: 'LB: the due day falls after the switch to summer time',
    code: 'LB',
    received: '2026-03-13T08:00:00Z',
    due: '2026-03-30',
    dueAt: '2026-03-30T20:59:59.999Z',
  },
  {
    name: 'YE: the weekend moved from Thu–Fri to Fri–Sat on 15 August 2013',
    code: 'YE',
    received: '2013-08-04T07:00:00Z',
    due: '2013-08-26',
  },
  {
    name: 'TN: Eid al-Fitr 2027 (9–10 March) moves a due date to the 11th',
    code: 'TN',
    received: '2027-02-17T09:00:00Z',
    due: '2027-03-11',
  },
  {
    name: 'TN: Eid al-Adha 2027 (16–17 May) moves a due date to the 18th',
    code: 'TN',
    received: '2027-04-27T09:00:00Z',
    due: '2027-05-18',
  },
  {
    name: 'MA: Eid al-Fitr 2027, Umm al-Qura +1 (10–11 March)',
    code: 'MA',
    received: '2027-03-01T10:00:00Z',
    due: '2027-03-31',
  },
  {
    name: 'MA: Eid al-Adha 2027 (+1: 17–18 May) and the New Year 1449 (+1: 7 June)',
    code: 'MA',
    received: '2027-05-10T09:00:00Z',
    due: '2027-06-10',
  },
  {
    name: 'LB: Eid al-Fitr 2027 (9–10 March) moves a due date to the 11th',
    code: 'LB',
    received: '2027-02-22T08:00:00Z',
    due: '2027-03-11',
  },
  {
    name: 'LB: received on Eid al-Adha 2027 counts from the day after',
    code: 'LB',
    received: '2027-05-17T07:00:00Z',
    effective: '2027-05-18',
    due: '2027-06-02',
  },
  {
    name: 'YE: Eid al-Fitr 2027, three days',
    code: 'YE',
    received: '2027-03-07T04:00:00Z',
    due: '2027-03-31',
  },
  {
    name: 'YE: Eid al-Adha 2027, four days, then the New Year 1449',
    code: 'YE',
    received: '2027-05-13T04:00:00Z',
    due: '2027-06-10',
  },
  {
    name: 'GB: received on a Saturday; Good Friday and Easter Monday skipped',
    code: 'GB',
    received: '2026-03-28T10:00:00Z',
    effective: '2026-03-30',
    due: '2026-04-29',
    dueAt: '2026-04-29T22:59:59.999Z',
  },
  {
    name: 'GB: no closing time: 23:30 still counts that day; due in summer time',
    code: 'GB',
    received: '2026-03-02T23:30:00Z',
    effective: '2026-03-02',
    due: '2026-03-30',
    dueAt: '2026-03-30T22:59:59.999Z',
  },
  {
    name: 'US: 20 working days over Thanksgiving, in Eastern time',
    code: 'US',
    received: '2026-11-23T15:00:00Z',
    due: '2026-12-22',
    dueAt: '2026-12-23T04:59:59.999Z',
  },
];

describe('deadlines by jurisdiction (hand-counted)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const jurisdiction = registry.get(c.code)!;
      const calendar = createWorkingCalendar(jurisdiction);
      const receivedAt = new Date(c.received);
      const rules = rulesInForce(jurisdiction, wallClock(receivedAt, jurisdiction.timeZone).date)!;
      const outcome = computeDeadline({
        kind: c.kind ?? 'response',
        rules,
        calendar,
        receivedAt,
        ...(c.from ? { from: c.from } : {}),
      });
      assert.ok(outcome.ok, 'computable');
      const { deadline, receipt, rulesVersion } = outcome.answer;
      assert.equal(deadline.dueDate, c.due);
      if (c.dueAt) assert.equal(deadline.dueAt.toISOString(), c.dueAt);
      if (c.effective) assert.equal(receipt.effectiveDate, c.effective);
      if (c.version) assert.equal(rulesVersion, c.version);
    });
  }

  it('says so where the law has no such period', () => {
    const check = (code: string, kind: DeadlineKind, problem: string) => {
      const jurisdiction = registry.get(code)!;
      const outcome = computeDeadline({
        kind,
        rules: jurisdiction.rules.at(-1)!,
        calendar: createWorkingCalendar(jurisdiction),
        receivedAt: new Date('2026-03-02T08:00:00Z'),
      });
      assert.deepEqual(outcome, { ok: false, problem });
    };
    check('LB', 'urgent', 'noUrgentTrack');
    check('YE', 'appeal', 'noAppealPeriod');
    check('JO', 'urgent', 'noUrgentTrack');
  });

  it('TN: a transfer is due within 5 working days; the clock restarts at the transfer', () => {
    const tn = registry.get('TN')!;
    const calendar = createWorkingCalendar(tn);
    const result = transferDeadlines(
      tn.rules.at(-1)!,
      calendar,
      new Date('2026-03-02T09:00:00Z'),
      new Date('2026-03-05T09:00:00Z'),
    );
    assert.equal(result?.transferBy?.dueDate, '2026-03-09');
    assert.equal(result.restartedDue?.dueDate, '2026-03-25');
    assert.equal(
      transferDeadlines(
        registry.get('LB')!.rules.at(-1)!,
        createWorkingCalendar(registry.get('LB')!),
        new Date(),
        new Date(),
      ),
      undefined,
    );
  });

  it('TN: the head of the body decides an internal review within 10 days', () => {
    const tn = registry.get('TN')!;
    const decided = appealDecisionDeadline(
      tn.rules.at(-1)!,
      createWorkingCalendar(tn),
      0,
      new Date('2026-03-02T09:00:00Z'),
    );
    assert.equal(decided?.dueDate, '2026-03-12');
    assert.equal(
      appealDecisionDeadline(
        tn.rules.at(-1)!,
        createWorkingCalendar(tn),
        2,
        new Date('2026-03-02T09:00:00Z'),
      ),
      undefined,
    );
  });
});
