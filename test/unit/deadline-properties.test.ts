import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  countPeriod,
  effectiveReceipt,
  pausedDays,
  responsePeriod,
  withPauses,
} from '../../src/jurisdictions/deadline.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { currentRules } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { addDays, type LocalDate } from '../../src/time/local-date.ts';
import {
  createWorkingCalendar,
  type WorkingCalendar,
} from '../../src/jurisdictions/working-calendar.ts';

const registry = loadJurisdictions();
const codes = registry.all().map((j) => j.code);

const instant = fc.date({
  min: new Date('2024-05-01T00:00:00Z'),
  max: new Date('2028-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const code = fc.constantFrom(...codes);

function setup(
  jurisdictionCode: string,
  overrides: Parameters<typeof createWorkingCalendar>[1] = [],
) {
  const jurisdiction = registry.get(jurisdictionCode)!;
  const calendar = createWorkingCalendar(jurisdiction, overrides);
  const period = responsePeriod(currentRules(jurisdiction))!;
  return { jurisdiction, calendar, period };
}

function due(
  calendar: WorkingCalendar,
  period: ReturnType<typeof setup>['period'],
  receivedAt: Date,
) {
  return countPeriod(calendar, effectiveReceipt(receivedAt, calendar).effectiveDate, period);
}

function daysIn(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

describe('deadline properties (random receipt instants, every jurisdiction)', () => {
  it('the due date is always a working day, and never before the receipt', () => {
    fc.assert(
      fc.property(code, instant, (c, receivedAt) => {
        const { calendar, period } = setup(c);
        const result = due(calendar, period, receivedAt);
        assert.ok(calendar.isWorkingDay(result.dueDate), `${c} ${result.dueDate}`);
        assert.ok(result.dueAt.getTime() > receivedAt.getTime());
      }),
    );
  });

  it('working-day rules: exactly N working days after the effective receipt, up to and including the due date', () => {
    fc.assert(
      fc.property(code, instant, (c, receivedAt) => {
        const { calendar, period } = setup(c);
        if (period.dayType !== 'working') return;
        const receipt = effectiveReceipt(receivedAt, calendar);
        const result = countPeriod(calendar, receipt.effectiveDate, period);
        const range = daysIn(receipt.effectiveDate, result.dueDate);
        assert.equal(range.filter((day) => calendar.isWorkingDay(day)).length, period.days);
        // …and the explanation's skipped days are exactly the non-working days of that range.
        assert.deepEqual(
          result.skipped.map((day) => day.date),
          range.filter((day) => !calendar.isWorkingDay(day)),
        );
      }),
    );
  });

  it('calendar-day rules: N days, then only non-working days are rolled over', () => {
    fc.assert(
      fc.property(code, instant, (c, receivedAt) => {
        const { calendar, period } = setup(c);
        if (period.dayType !== 'calendar') return;
        const receipt = effectiveReceipt(receivedAt, calendar);
        const result = countPeriod(calendar, receipt.effectiveDate, period);
        const nominal = addDays(receipt.effectiveDate, period.days);
        assert.deepEqual(
          result.skipped.map((day) => day.date),
          daysIn(addDays(nominal, -1), addDays(result.dueDate, -1)),
        );
        assert.ok(result.skipped.every((day) => !calendar.isWorkingDay(day.date)));
      }),
    );
  });

  it('a later receipt never gives an earlier due date', () => {
    fc.assert(
      fc.property(
        code,
        instant,
        fc.integer({ min: 1, max: 40 * 24 * 60 }),
        (c, receivedAt, minutesLater) => {
          const { calendar, period } = setup(c);
          const later = new Date(receivedAt.getTime() + minutesLater * 60_000);
          assert.ok(due(calendar, period, receivedAt).dueAt <= due(calendar, period, later).dueAt);
        },
      ),
    );
  });

  it('adding a holiday never makes a deadline earlier', () => {
    fc.assert(
      fc.property(code, instant, fc.integer({ min: -5, max: 40 }), (c, receivedAt, offset) => {
        const { calendar, period } = setup(c);
        const before = due(calendar, period, receivedAt);
        const holiday = addDays(before.from, offset);
        const withHoliday = setup(c, [
          {
            action: 'add',
            date: holiday,
            name: { ar: 'عطلة', en: 'Holiday' },
            status: 'confirmed',
          },
        ]);
        const after = due(withHoliday.calendar, period, receivedAt);
        assert.ok(
          after.dueAt >= before.dueAt,
          `${c}: holiday ${holiday} moved ${before.dueDate} to ${after.dueDate}`,
        );
      }),
    );
  });

  it('a clarification pause moves the due date by the days it paused', () => {
    fc.assert(
      fc.property(
        code,
        instant,
        fc.integer({ min: 0, max: 20 * 24 }),
        fc.integer({ min: 1, max: 30 * 24 }),
        (c, receivedAt, startHours, lengthHours) => {
          const { calendar, period } = setup(c);
          const original = due(calendar, period, receivedAt);
          const pause = {
            from: new Date(receivedAt.getTime() + startHours * 3_600_000),
            to: new Date(receivedAt.getTime() + (startHours + lengthHours) * 3_600_000),
          };
          const paused = pausedDays(calendar, pause, period.dayType);
          const moved = withPauses(calendar, original, [pause]);
          assert.ok(moved.dueAt >= original.dueAt);
          assert.ok(calendar.isWorkingDay(moved.dueDate));
          if (period.dayType === 'working') {
            assert.equal(
              daysIn(original.dueDate, moved.dueDate).filter((day) => calendar.isWorkingDay(day))
                .length,
              paused,
            );
          }
        },
      ),
    );
  });
});
