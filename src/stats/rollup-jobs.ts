import type { Types } from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { wallClock } from '../time/local-date.ts';
import type { Queues } from '../platform/queues.ts';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';

const agencyDay = z.object({
  agency: z.string().min(1),
  jurisdiction: z.string().regex(/^[A-Z]{2}$/),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** The agency-day whose rollup a change touched: ids and dates only. */
export const ROLLUP_JOB = defineJob('stats', 'rollup', agencyDay);

/** The agency-day whose event rollup (the annual report's) a change touched. */
export const EVENT_ROLLUP_JOB = defineJob('stats', 'event-rollup', agencyDay);

/** How long a rollup waits for more events of its agency-day before it runs. */
const ROLLUP_DEBOUNCE_MS = 1_000;

/**
 * After an event, a rollup for each agency-day it touched (the request's agency
 * on its day of receipt, and the agency it left on a transfer), on the `stats`
 * queue: at most one waiting per agency-day (the events of a second share it)
 * and never two running at once; an event that comes while one runs gets one
 * more after it (BullMQ deduplication, `keepLastIfActive`).
 */
export async function queueRollups(
  queues: Pick<Queues, 'stats'>,
  calendars: JurisdictionCalendars,
  request: {
    _id: Types.ObjectId;
    agency: string;
    jurisdiction: string;
    receivedAt: Date;
    transfers?: readonly { from: string }[] | null;
  },
): Promise<void> {
  const zone = calendars.get(request.jurisdiction)?.jurisdiction.timeZone;
  if (!zone) return;
  const day = wallClock(request.receivedAt, zone).date;
  const agencies = new Set([request.agency, ...(request.transfers ?? []).map((t) => t.from)]);
  await ROLLUP_JOB.addBulk(
    queues,
    [...agencies].map((agency) => ({
      data: { agency, jurisdiction: request.jurisdiction, day },
      opts: {
        delay: ROLLUP_DEBOUNCE_MS,
        deduplication: { id: `rollup_${agency}_${day}`, keepLastIfActive: true },
        removeOnComplete: true,
      },
    })),
  );
}

/**
 * The event rollups of the agency-days a request's stints touched (before and
 * after a change; stint-store.ts), queued as the rollups are: one waiting per
 * agency-day, never two running at once.
 */
export async function queueEventRollups(
  queues: Pick<Queues, 'stats'>,
  days: readonly { agency: string; jurisdiction: string; day: string }[],
): Promise<void> {
  const unique = new Map(days.map((d) => [`${d.agency}_${d.day}`, d]));
  await EVENT_ROLLUP_JOB.addBulk(
    queues,
    [...unique].map(([key, { agency, jurisdiction, day }]) => ({
      data: { agency, jurisdiction, day },
      opts: {
        delay: ROLLUP_DEBOUNCE_MS,
        deduplication: { id: `event-rollup_${key}`, keepLastIfActive: true },
        removeOnComplete: true,
      },
    })),
  );
}
