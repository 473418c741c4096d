import { DEMO_ASKS, type DemoAsk, type DemoTopic } from './demo-texts.ts';

/**
 * The demo archive's plan (issue 35): which requests are filed when, to which
 * agency, by whom, and what happens to each afterwards, as a list of stories.
 * Pure and deterministic (a seeded generator): the same inputs give the same
 * stories, so a second run finds each story's key already made. When each step
 * happens is said relative to the request's own deadline (`Timing`), which
 * only the one write path knows (demo-archive.ts resolves it).
 */

/** How a step's time is found from the request as it stands. */
export type Timing =
  /** This many days after the previous step (fractional days allowed). */
  | { after: number }
  /** This fraction of the way from the previous step to the current due date (0–1). */
  | { beforeDue: number }
  /** This many days after the current due date. */
  | { afterDue: number };

export type DemoStep =
  | { action: 'acknowledge'; at: Timing }
  | { action: 'clarify'; at: Timing }
  | { action: 'reply'; at: Timing }
  | { action: 'extend'; at: Timing }
  | { action: 'transfer'; at: Timing; to: string }
  | {
      action: 'answer';
      at: Timing;
      outcome: 'granted' | 'partially_granted' | 'refused' | 'not_held';
      release: boolean;
    }
  | { action: 'withdraw'; at: Timing }
  | { action: 'appeal'; at: Timing }
  | {
      action: 'decide-appeal';
      at: Timing;
      decision: 'upheld' | 'overturned' | 'partially_overturned';
    }
  | { action: 'close'; at: Timing };

/** The states the archive shows, one scenario each (the README lists them). */
export const DEMO_SCENARIOS = [
  'granted_on_time',
  'granted_late',
  'partly_granted',
  'refused',
  'not_held',
  'answered_closed',
  'refused_appeal_decided',
  'refused_appeal_pending',
  'silence_appeal_decided',
  'awaiting_reply',
  'clarified_answered',
  'transferred_answered',
  'withdrawn',
  'extended_answered',
  'open_not_due',
  'overdue',
  'private_answered',
] as const;
type DemoScenario = (typeof DEMO_SCENARIOS)[number];

export interface DemoAgency {
  code: string;
  jurisdiction: string;
  topic: DemoTopic;
}

export interface DemoStory {
  /** Stable across runs: what the demo's records remember it by. */
  key: string;
  scenario: DemoScenario;
  agency: string;
  jurisdiction: string;
  ask: DemoAsk;
  /** Index into the requesters (demo-archive.ts); -1 for the demo citizen's own login. */
  requester: number;
  visibility: 'public' | 'private';
  /** Days before `now` it was filed, and the minute of that local day. */
  daysAgo: number;
  minuteOfDay: number;
  steps: DemoStep[];
}

/** mulberry32: a small seeded generator, enough for a demo's variety. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    between: (low: number, high: number) => low + next() * (high - low),
    whole: (low: number, high: number) => Math.floor(low + next() * (high - low + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

type Random = ReturnType<typeof generator>;

const ack = (random: Random): DemoStep => ({
  action: 'acknowledge',
  at: { after: random.between(0.2, 2) },
});

/** What happens to a request of `scenario` (`transferTo`: another agency of its country). */
function stepsOf(
  scenario: DemoScenario,
  random: Random,
  release: boolean,
  transferTo: string | undefined,
): DemoStep[] {
  const onTime = (): Timing => ({ beforeDue: random.between(0.3, 0.95) });
  // Where the scenario does not say, about one answer in three comes late, as in life.
  const either = (): Timing =>
    random.next() < 0.35 ? { afterDue: random.between(1, 30) } : onTime();
  const answer = (outcome: Extract<DemoStep, { action: 'answer' }>['outcome'], at = onTime()) =>
    ({ action: 'answer', at, outcome, release }) as const;
  switch (scenario) {
    case 'granted_on_time':
      return [ack(random), answer('granted')];
    case 'private_answered':
      return [ack(random), answer('granted', either())];
    case 'granted_late':
      return [ack(random), answer('granted', { afterDue: random.between(1, 25) })];
    case 'partly_granted':
      return [ack(random), answer('partially_granted', either())];
    case 'refused':
      return [ack(random), answer('refused', either())];
    case 'not_held':
      return [ack(random), { ...answer('not_held', either()), release: false }];
    case 'answered_closed':
      return [ack(random), answer('granted'), { action: 'close', at: { after: 14 } }];
    case 'refused_appeal_decided':
      return [
        ack(random),
        answer('refused'),
        { action: 'appeal', at: { after: random.between(2, 12) } },
        {
          action: 'decide-appeal',
          at: { beforeDue: random.between(0.4, 0.9) },
          decision: random.pick(['upheld', 'overturned', 'partially_overturned'] as const),
        },
      ];
    case 'refused_appeal_pending':
      return [ack(random), answer('refused'), { action: 'appeal', at: { after: 3 } }];
    case 'silence_appeal_decided':
      return [
        ack(random),
        { action: 'appeal', at: { afterDue: random.between(2, 10) } },
        {
          action: 'decide-appeal',
          at: { beforeDue: random.between(0.4, 0.9) },
          decision: 'overturned',
        },
      ];
    case 'awaiting_reply':
      return [ack(random), { action: 'clarify', at: { after: random.between(1, 4) } }];
    case 'clarified_answered':
      return [
        ack(random),
        { action: 'clarify', at: { after: random.between(1, 4) } },
        { action: 'reply', at: { after: random.between(0.5, 5) } },
        answer('granted', either()),
      ];
    case 'transferred_answered':
      return transferTo
        ? [
            { action: 'transfer', at: { after: random.between(1, 3) }, to: transferTo },
            answer('granted', either()),
          ]
        : [ack(random), answer('granted')];
    case 'withdrawn':
      return [ack(random), { action: 'withdraw', at: { after: random.between(2, 8) } }];
    case 'extended_answered':
      return [
        ack(random),
        { action: 'extend', at: { beforeDue: 0.8 } },
        answer('granted', { beforeDue: random.between(0.3, 0.9) }),
      ];
    case 'open_not_due':
      return random.next() < 0.5 ? [] : [ack(random)];
    case 'overdue':
      return random.next() < 0.3 ? [] : [ack(random)];
  }
}

/** How long ago a scenario's request was filed: open ones recently, long stories long ago. */
function daysAgoOf(scenario: DemoScenario, random: Random): number {
  if (scenario === 'open_not_due') return random.whole(0, 6);
  if (scenario === 'refused_appeal_pending') return random.whole(40, 70);
  if (scenario === 'awaiting_reply') return random.whole(5, 90);
  if (scenario === 'overdue') return random.whole(45, 300);
  if (scenario === 'refused_appeal_decided' || scenario === 'silence_appeal_decided')
    return random.whole(120, 540);
  return random.whole(30, 540);
}

/**
 * `count` stories over `agencies` (every country that has agencies, every
 * scenario in turn), from a fixed seed. `requesters` is how many demo
 * requesters there are; about one story in eight is the demo citizen's own.
 */
export function demoPlan(
  agencies: readonly DemoAgency[],
  requesters: number,
  count: number,
): DemoStory[] {
  const random = generator(35);
  const stories: DemoStory[] = [];
  const countries = [...new Set(agencies.map((a) => a.jurisdiction))].sort();
  for (let i = 0; i < count; i++) {
    const scenario = DEMO_SCENARIOS[i % DEMO_SCENARIOS.length] ?? 'granted_on_time';
    const jurisdiction = countries[i % countries.length] ?? '';
    const own = agencies.filter((a) => a.jurisdiction === jurisdiction);
    const agency = random.pick(own);
    const asks = DEMO_ASKS.filter((ask) => ask.topic === agency.topic);
    const ask = random.pick(asks.length > 0 ? asks : DEMO_ASKS);
    const others = own.filter((a) => a.code !== agency.code);
    const transferTo = others.length > 0 ? random.pick(others).code : undefined;
    const mine = random.next() < 0.125;
    stories.push({
      key: `demo-${String(i + 1).padStart(4, '0')}`,
      scenario,
      agency: agency.code,
      jurisdiction,
      ask,
      requester: mine ? -1 : random.whole(0, requesters - 1),
      visibility:
        scenario === 'private_answered' ? 'private' : random.next() < 0.1 ? 'private' : 'public',
      daysAgo: daysAgoOf(scenario, random),
      // Between 08:00 and 16:00 local time, some after closing (the next working day counts).
      minuteOfDay: random.whole(8 * 60, 16 * 60),
      steps: stepsOf(scenario, random, ask.release !== undefined, transferTo),
    });
  }
  return stories;
}
