import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDateWithHijri } from '../../src/jurisdictions/date-format.ts';
import { effectiveReceipt } from '../../src/jurisdictions/deadline.ts';
import { explainDeadlineSteps } from '../../src/jurisdictions/deadline-explanation.ts';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { currentRules } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { wallClock } from '../../src/time/local-date.ts';
import { requestDeadline, requestDeadlineSteps } from '../../src/requests/request-deadline.ts';

const calendars = createJurisdictionCalendars(loadJurisdictions());
const DAY = 86_400_000;
const JAN_2026 = Date.parse('2026-01-01T00:00:00Z');

/** The date of an explanation's "Due:" line, and of the last later step before it. */
const dueLine = (lines: readonly string[]) =>
  lines.map((line) => /^Due: by the end of (.+), [A-Za-z ]+ time\.$/.exec(line)?.[1]).find(Boolean);
const lastStep = (lines: readonly string[]) =>
  lines
    .map((line) => /(?:added,|Extended by [^:]+:) due by the end of (.+)\.$/.exec(line)?.[1])
    .filter(Boolean)
    .at(-1);

describe("a request's due date and its explanation come from one computation", () => {
  it('for any receipt, pauses and extensions, the explanation ends on the due date (JO, TN, MA)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('JO', 'TN', 'MA'),
        fc.integer({ min: 0, max: 700 * 24 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 })), {
          maxLength: 3,
        }),
        (code, hours, extensionCount, pauseSpecs) => {
          const found = calendars.get(code);
          assert.ok(found);
          const rules = currentRules(found.jurisdiction);
          const receivedAt = new Date(JAN_2026 + hours * 3_600_000);
          // Pauses one after another, each starting some days after the last ended.
          let at = receivedAt.getTime();
          const pauses = pauseSpecs.map(([gap, length]) => {
            const from = new Date(at + gap * DAY);
            const to = new Date(from.getTime() + length * DAY);
            at = to.getTime();
            return { from, to };
          });
          const inputs = { receivedAt, urgent: false, extensionCount, pauses };
          const steps = requestDeadlineSteps(inputs, rules, found.calendar);
          if (!steps) return;
          assert.deepEqual(steps.final, requestDeadline(inputs, rules, found.calendar));
          const lines = explainDeadlineSteps(
            {
              kind: 'response',
              rulesVersion: rules.version,
              receivedAt,
              receipt: effectiveReceipt(receivedAt, found.calendar),
              deadline: steps.base,
              unverified: rules.unverified,
            },
            found.jurisdiction.timeZone,
            code,
            steps,
          ).en;
          const due = wallClock(steps.final.dueAt, found.jurisdiction.timeZone).date;
          assert.equal(due, steps.final.dueDate);
          const formatted = formatDateWithHijri(due, 'en', { region: code });
          assert.equal(dueLine(lines), formatted, lines.join('\n'));
          if (steps.paused || steps.extensions.length > 0)
            assert.equal(lastStep(lines), formatted, lines.join('\n'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
