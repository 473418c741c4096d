import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { endOfLocalDay, wallClock } from '../../src/time/local-date.ts';
import { nextWorkingDay } from '../../src/jurisdictions/deadline.ts';
import { createWorkingCalendar } from '../../src/jurisdictions/working-calendar.ts';
import { planReminders, reminderJobId } from '../../src/reminders/reminder-plan.ts';

const registry = loadJurisdictions();
const jordan = createWorkingCalendar(registry.get('JO')!);
const settings = { leadDays: 3, escalationDays: 5, hour: 8 };

describe('the reminder plan (pure)', () => {
  // Hand-counted: due Thursday 4 June 2026 (Amman, UTC+3; weekend Friday and Saturday).
  // due-soon: 3 working days before → Mon 1 June; due-today: Thu 4 June; overdue and the
  // deemed refusal: the first working day after → Sun 7 June; escalation: 5 working days
  // after → Sun 7, Mon 8, Tue 9, Wed 10, Thu 11 June. All at 08:00 Amman time (05:00 UTC).
  it('Jordan: the five reminders of a running clock, hand-counted', () => {
    const dueAt = new Date('2026-06-04T20:59:59.999Z');
    const plan = planReminders({ status: 'acknowledged', dueAt }, jordan, true, settings);
    assert.deepEqual(
      plan.map((r) => [r.kind, r.at.toISOString()]),
      [
        ['due-soon', '2026-06-01T05:00:00.000Z'],
        ['due-today', '2026-06-04T05:00:00.000Z'],
        ['overdue', '2026-06-07T05:00:00.000Z'],
        ['deemed-refused', '2026-06-07T05:00:00.000Z'],
        ['escalation', '2026-06-11T05:00:00.000Z'],
      ],
    );
    assert.equal(
      reminderJobId('6650f0c2a1b2c3d4e5f60718', plan[0]!),
      `6650f0c2a1b2c3d4e5f60718_due-soon_${String(dueAt.getTime())}`,
    );
  });

  it('nothing while the clock is stopped or after the answer; the appeal body’s deadline while an appeal waits', () => {
    const dueAt = new Date('2026-06-04T20:59:59.999Z');
    for (const status of ['awaiting_clarification', 'answered', 'withdrawn', 'closed'])
      assert.deepEqual(planReminders({ status, dueAt }, jordan, true, settings), []);
    const appeal = { dueAt: new Date('2026-07-02T20:59:59.999Z'), decision: null };
    assert.deepEqual(
      planReminders({ status: 'appealed', dueAt, appeal }, jordan, true, settings).map(
        (r) => r.kind,
      ),
      ['appeal-due-soon', 'appeal-due-today', 'appeal-overdue'],
    );
    // Without silence-as-refusal there is no deemed refusal to announce.
    assert.ok(
      !planReminders({ status: 'submitted', dueAt }, jordan, false, settings).some(
        (r) => r.kind === 'deemed-refused',
      ),
    );
  });

  it('property: every reminder falls on a working day at the set hour, in order, and names the due date', () => {
    const codes = ['JO', 'TN', 'MA', 'LB', 'YE', 'GB', 'US'];
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 1) }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 23 }),
        (code, ms, leadDays, escalationDays, hour) => {
          const calendar = createWorkingCalendar(registry.get(code)!);
          // A due date is always the end of a working day (DESIGN §4).
          const zone = calendar.jurisdiction.timeZone;
          const day = nextWorkingDay(calendar, wallClock(new Date(ms), zone).date).date;
          const dueAt = endOfLocalDay(day, zone);
          const plan = planReminders({ status: 'submitted', dueAt }, calendar, true, {
            leadDays,
            escalationDays,
            hour,
          });
          for (const reminder of plan) {
            const local = wallClock(reminder.at, zone);
            assert.ok(calendar.isWorkingDay(local.date), `${reminder.kind} on ${local.date}`);
            assert.equal(reminder.dueAtMs, dueAt.getTime());
            assert.equal(local.minutes, hour * 60);
          }
          const at = (kind: string) => plan.find((r) => r.kind === kind)!.at.getTime();
          assert.ok(at('due-soon') < at('due-today'));
          assert.ok(at('due-today') < at('overdue'));
          assert.ok(at('overdue') <= at('escalation'));
          // The overdue reminder comes after the deadline itself.
          assert.ok(at('overdue') > dueAt.getTime());
        },
      ),
    );
  });
});
