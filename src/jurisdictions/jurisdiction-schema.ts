import { z } from 'zod';
import { isLocalDate } from '../time/local-date.ts';

const localized = z.object({ ar: z.string().min(1), en: z.string().min(1) }).strict();
const isoDate = z.string().refine(isLocalDate, 'a date as YYYY-MM-DD');
const dayType = z.enum(['working', 'calendar']);
const days = z.number().int().positive();

/** A period of the law: so many working or calendar days. */
const period = z.object({ days, dayType }).strict();
export type Period = z.infer<typeof period>;

/** Fields a rules file may mark as not yet verified against the official text. */
export const VERIFIABLE_FIELDS = [
  'response.days',
  'response.dayType',
  'extension',
  'urgent',
  'transfer',
  'acknowledgement',
  'clarificationPausesClock',
  'silenceIsRefusal',
  'appeals',
  'exemptions',
  'closingTime',
  'weekends',
  'holidays',
] as const;

/** One version of the rules (a law's amendment gives a new version; old requests keep theirs). */
const rulesSchema = z
  .object({
    version: z.string().regex(/^[A-Z]{2}-\d{4}[a-z]?$/, 'like JO-2024'),
    appliesFrom: isoDate,
    articles: z.array(z.string().min(1)),
    response: z.object({ days: days.nullable(), dayType: dayType.nullable() }).strict(),
    extension: z
      .object({ days, dayType, maxCount: z.number().int().min(1), requesterTold: z.boolean() })
      .strict()
      .nullable(),
    urgent: z
      .union([
        z.object({ hours: z.number().int().positive() }).strict(),
        z.object({ days, dayType, extensionDays: days.nullable() }).strict(),
      ])
      .nullable(),
    transfer: z
      .object({ days: days.nullable(), dayType, clockRestarts: z.boolean() })
      .strict()
      .nullable(),
    acknowledgement: period.nullable(),
    clarificationPausesClock: z.boolean(),
    silenceIsRefusal: z.boolean(),
    appeals: z.array(
      z
        .object({
          body: localized,
          /** The agency code of the body in Haqq, whose officers record its decisions. */
          agency: z.string().optional(),
          file: period.nullable(),
          decide: period.nullable(),
        })
        .strict(),
    ),
    exemptions: z.array(z.object({ article: z.string().min(1), text: localized }).strict()),
    unverified: z.array(z.enum(VERIFIABLE_FIELDS)),
  })
  .strict();
export type Rules = z.infer<typeof rulesSchema>;

const holidayName = localized;

/** Holidays: fixed Gregorian, Hijri (Umm al-Qura, shifted by `hijriOffsetDays`), and explicit dates. */
const holidaysSchema = z
  .object({
    fixed: z.array(
      z
        .object({
          month: z.number().int().min(1).max(12),
          day: z.number().int().min(1).max(31),
          length: days.default(1),
          name: holidayName,
        })
        .strict(),
    ),
    hijri: z.array(
      z
        .object({
          month: z.number().int().min(1).max(12),
          day: z.number().int().min(1).max(30),
          /** Days off counted from `day` (Eid al-Adha with Arafah: start 9 Dhu al-Hijjah, length 5). */
          length: days.default(1),
          name: holidayName,
        })
        .strict(),
    ),
    /** Observed dates run this many days after Umm al-Qura (Morocco: +1). Always provisional. */
    hijriOffsetDays: z.number().int().min(-2).max(2),
    explicit: z.array(
      z
        .object({
          date: isoDate,
          name: holidayName,
          status: z.enum(['confirmed', 'provisional']),
          source: z.url().optional(),
        })
        .strict(),
    ),
  })
  .strict();

/** The shape of `config/jurisdictions/<code>.json`, validated at boot. */
export const jurisdictionSchema = z
  .object({
    code: z.string().regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166-1 alpha-2)'),
    name: localized,
    reference: z.boolean(),
    timeZone: z.string().refine(isTimeZone, 'not an IANA time zone known to this Node.js'),
    /**
     * The digits Arabic text uses there by custom (a convention, not the law):
     * Arabic-Indic in the Mashriq, Latin in the Maghreb. Readers may choose otherwise.
     */
    numerals: z.enum(['arab', 'latn']).default('latn'),
    /** Requests received at or after this local time count from the next working day. */
    closingTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
      .nullable(),
    law: z.object({ name: localized, sources: z.array(z.url()).min(1) }).strict(),
    weekends: z
      .array(
        z.object({ from: isoDate, days: z.array(z.number().int().min(1).max(7)).max(3) }).strict(),
      )
      .min(1)
      .refine((list) => inOrder(list.map((p) => p.from)), 'periods in date order'),
    holidays: holidaysSchema,
    rules: z
      .array(rulesSchema)
      .min(1)
      .refine((list) => inOrder(list.map((r) => r.appliesFrom)), 'versions in date order'),
  })
  .strict();

export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

/** Strictly increasing ISO dates. */
function inOrder(dates: readonly string[]): boolean {
  return dates.every((date, i) => i === 0 || (dates[i - 1] ?? '') < date);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
