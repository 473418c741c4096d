import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEMO_SCENARIOS, demoPlan, type DemoAgency } from '../../src/seed/demo-plan.ts';
import { TRANSITIONS } from '../../src/requests/request-lifecycle.ts';
import type { RequestStatus } from '../../src/requests/request-states.ts';

const AGENCIES: DemoAgency[] = [
  { code: 'JO-MOH', jurisdiction: 'JO', topic: 'health' },
  { code: 'JO-MOF', jurisdiction: 'JO', topic: 'finance' },
  { code: 'TN-ME', jurisdiction: 'TN', topic: 'education' },
  { code: 'TN-SONEDE', jurisdiction: 'TN', topic: 'water' },
  { code: 'LB-MOE', jurisdiction: 'LB', topic: 'environment' },
];

const agencies = fc
  .uniqueArray(
    fc.record({
      code: fc.stringMatching(/^[A-Z]{2,6}$/),
      jurisdiction: fc.constantFrom('JO', 'TN', 'MA', 'LB'),
      topic: fc.constantFrom('health', 'education', 'finance', 'water', 'environment', 'city'),
    }),
    { minLength: 1, maxLength: 12, selector: (a) => a.code },
  )
  .map((list) => list.map((a) => ({ ...a, code: `${a.jurisdiction}-${a.code}` })));

describe('the demo archive’s plan', () => {
  it('is the same plan every time: a second run finds every story by its key', () => {
    assert.deepEqual(demoPlan(AGENCIES, 8, 60), demoPlan(AGENCIES, 8, 60));
    const keys = demoPlan(AGENCIES, 8, 60).map((s) => s.key);
    assert.equal(new Set(keys).size, 60);
    // A longer plan keeps the shorter one's stories as they were.
    assert.deepEqual(demoPlan(AGENCIES, 8, 80).slice(0, 60), demoPlan(AGENCIES, 8, 60));
  });

  it('tells every scenario in every country that has agencies', () => {
    const stories = demoPlan(AGENCIES, 8, DEMO_SCENARIOS.length * 3);
    assert.deepEqual(new Set(stories.map((s) => s.scenario)), new Set(DEMO_SCENARIOS));
    assert.deepEqual(new Set(stories.map((s) => s.jurisdiction)), new Set(['JO', 'TN', 'LB']));
    assert.ok(
      stories.some((s) => s.requester === -1),
      'the demo citizen’s own requests',
    );
    assert.ok(stories.some((s) => s.visibility === 'private'));
  });

  it('every story’s steps are moves the lifecycle allows, in order, by its agency’s country', () => {
    fc.assert(
      fc.property(
        agencies,
        fc.integer({ min: 1, max: 8 }),
        fc.nat({ max: 80 }),
        (list, people, count) => {
          for (const story of demoPlan(list, people, count)) {
            const agency = list.find((a) => a.code === story.agency);
            assert.ok(agency && agency.jurisdiction === story.jurisdiction);
            assert.ok(story.requester >= -1 && story.requester < people);
            assert.ok(story.daysAgo >= 0 && story.daysAgo <= 548, 'within the last 18 months');
            let status: RequestStatus = 'submitted';
            for (const step of story.steps) {
              const rule = TRANSITIONS[step.action];
              assert.ok(
                (rule.from as readonly RequestStatus[]).includes(status),
                `${story.scenario}: ${step.action} from ${status}`,
              );
              status = rule.to ?? status;
              if (step.action === 'transfer') {
                const target = list.find((a) => a.code === step.to);
                assert.ok(target && target.code !== story.agency);
                assert.equal(target.jurisdiction, story.jurisdiction);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
