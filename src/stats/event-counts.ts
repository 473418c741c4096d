import {
  APPEAL_DECISIONS,
  DISPOSITIONS,
  TRACKS,
  type Disposition,
  type Stint,
  type Track,
} from './request-stints.ts';

type Decision = (typeof APPEAL_DECISIONS)[number];
type Tally = Record<string, number>;

/**
 * What happened at one agency on one local day (or over days: they add up),
 * counted from the stints (DESIGN §8, "event rollups"). A period's figures
 * are the sum of its days; what was pending or late at a moment is what came
 * (or fell late) before it, less what left. `insByDay` and `outsByInDay`
 * (the day each leaving stint had come) give the ages of what is pending.
 */
export interface EventCounts {
  received: number;
  transferredIn: number;
  processed: Record<Disposition, number>;
  answeredOnTime: number;
  extended: number;
  /** Response times of the answers, per track: days → answers. */
  times: Record<Track, Tally>;
  lateStarted: number;
  lateEnded: number;
  silentStarted: number;
  silentEnded: number;
  /** First decisions' refusals by article: of every request, and of public ones. */
  refusals: Tally;
  publicRefusals: Tally;
  appeals: { received: number; decided: number; decidedInTime: number } & Record<Decision, number>;
  appealRefusals: Tally;
  publicAppealRefusals: Tally;
  insByDay: Tally;
  outsByInDay: Tally;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export function emptyEventCounts(): EventCounts {
  return {
    received: 0,
    transferredIn: 0,
    processed: zeros(DISPOSITIONS),
    answeredOnTime: 0,
    extended: 0,
    times: { normal: {}, urgent: {} },
    lateStarted: 0,
    lateEnded: 0,
    silentStarted: 0,
    silentEnded: 0,
    refusals: {},
    publicRefusals: {},
    appeals: { received: 0, decided: 0, decidedInTime: 0, ...zeros(APPEAL_DECISIONS) },
    appealRefusals: {},
    publicAppealRefusals: {},
    insByDay: {},
    outsByInDay: {},
  };
}

const bump = (tally: Tally, key: string, by = 1) => {
  tally[key] = (tally[key] ?? 0) + by;
};

/** Adds what `stint` did on `day` to `counts` (in place): a stint touches up to five days. */
export function addStintOn(counts: EventCounts, stint: Stint, day: string): EventCounts {
  if (stint.inDay === day) {
    counts.received += 1;
    if (stint.inKind === 'transfer') counts.transferredIn += 1;
    bump(counts.insByDay, day);
  }
  if (stint.outDay === day && stint.disposition) {
    counts.processed[stint.disposition] += 1;
    bump(counts.outsByInDay, stint.inDay);
    if (stint.extended) counts.extended += 1;
    if (stint.days !== null) bump(counts.times[stint.track], String(stint.days));
    if (stint.onTime === true) counts.answeredOnTime += 1;
    for (const article of stint.articles) {
      bump(counts.refusals, article);
      if (stint.public) bump(counts.publicRefusals, article);
    }
    if (stint.lateDay !== null && stint.lateDay <= day) {
      counts.lateEnded += 1;
      if (stint.silent) counts.silentEnded += 1;
    }
  }
  if (stint.lateDay === day) {
    counts.lateStarted += 1;
    if (stint.silent) counts.silentStarted += 1;
  }
  if (stint.appealDay === day) counts.appeals.received += 1;
  if (stint.decidedDay === day) {
    counts.appeals.decided += 1;
    if ((APPEAL_DECISIONS as readonly string[]).includes(stint.decision ?? ''))
      counts.appeals[stint.decision as Decision] += 1;
    if (stint.decidedInTime === true) counts.appeals.decidedInTime += 1;
    for (const article of stint.appealArticles) {
      bump(counts.appealRefusals, article);
      if (stint.public) bump(counts.publicAppealRefusals, article);
    }
  }
  return counts;
}

/** The local days a stint's events fall on (each once), OPEN_DAY and the absent left out. */
export function daysOfStint(stint: Stint): string[] {
  const days = [stint.inDay, stint.outDay, stint.lateDay, stint.appealDay, stint.decidedDay];
  return [...new Set(days.filter((d): d is string => d !== null && d.length === 10))].filter(
    (d) => d < '9999-01-01',
  );
}

const addTally = (into: Tally, from: Readonly<Tally>) => {
  for (const [key, value] of Object.entries(from)) bump(into, key, value);
};

/** Adds `from` into `into` (in place): event counts of days sum to those of their period. */
export function addEventCounts(into: EventCounts, from: EventCounts): EventCounts {
  into.received += from.received;
  into.transferredIn += from.transferredIn;
  addTally(into.processed, from.processed);
  into.answeredOnTime += from.answeredOnTime;
  into.extended += from.extended;
  for (const track of TRACKS) addTally(into.times[track], from.times[track]);
  into.lateStarted += from.lateStarted;
  into.lateEnded += from.lateEnded;
  into.silentStarted += from.silentStarted;
  into.silentEnded += from.silentEnded;
  addTally(into.refusals, from.refusals);
  addTally(into.publicRefusals, from.publicRefusals);
  addTally(into.appeals, from.appeals);
  addTally(into.appealRefusals, from.appealRefusals);
  addTally(into.publicAppealRefusals, from.publicAppealRefusals);
  addTally(into.insByDay, from.insByDay);
  addTally(into.outsByInDay, from.outsByInDay);
  return into;
}

/** Stored counts (Mixed, possibly of an older shape) back in the full form, their tallies as stored. */
export function eventCountsOf(stored: unknown): EventCounts {
  const empty = emptyEventCounts();
  const counts = { ...empty, ...(stored as Partial<EventCounts>) };
  counts.processed = { ...empty.processed, ...counts.processed };
  counts.times = { ...empty.times, ...counts.times };
  counts.appeals = { ...empty.appeals, ...counts.appeals };
  return counts;
}
