/**
 * Calendar dates without a time (`YYYY-MM-DD`, as in the jurisdiction's own
 * calendar) and their conversion to and from instants in an IANA time zone.
 * Pure: only Intl, no clock.
 */
export type LocalDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): value is LocalDate {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function parts(date: LocalDate): [number, number, number] {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** UTC midnight of the date: a stable key for arithmetic on dates. */
function toUtcMs(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * 86_400_000);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / 86_400_000);
}

/** ISO weekday: 1 = Monday … 5 = Friday, 6 = Saturday, 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(toUtcMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function yearOf(date: LocalDate): number {
  return parts(date)[0];
}

export function localDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): { date: LocalDate; minutes: number } {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = values;
  return { date: localDate(year, month, day), minutes: hour * 60 + minute };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
function offsetMs(instant: number, timeZone: string): number {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = values;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` at
 * `msOfDay` milliseconds after midnight. Times skipped by a daylight-saving
 * jump resolve to the same reading after the jump.
 */
export function instantAt(date: LocalDate, msOfDay: number, timeZone: string): Date {
  const wall = toUtcMs(date) + msOfDay;
  let guess = wall - offsetMs(wall, timeZone);
  // Two passes settle the offset on either side of a transition.
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess);
}

const END_OF_DAY_MS = 86_400_000 - 1;

/** 23:59:59.999 of `date` in `timeZone`: the moment a deadline on that day ends. */
export function endOfLocalDay(date: LocalDate, timeZone: string): Date {
  return instantAt(date, END_OF_DAY_MS, timeZone);
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/** A form's `datetime-local` value (`2026-03-02T09:30`) as the instant it names in `timeZone`. */
export function instantOfLocalDateTime(value: string, timeZone: string): Date | undefined {
  const [, date = '', hours = '0', minutes = '0'] = LOCAL_DATE_TIME.exec(value) ?? [];
  if (!isLocalDate(date) || Number(hours) > 23 || Number(minutes) > 59) return undefined;
  return instantAt(date, (Number(hours) * 60 + Number(minutes)) * 60_000, timeZone);
}
