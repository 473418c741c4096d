import type { Types } from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { wallClock } from '../time/local-date.ts';
import type { Queues } from '../platform/queues.ts';

export const ROLLUP_JOB = 'rollup';

/** The agency-day whose rollup a change touched: ids and dates only. */
export interface RollupJob {
  agency: string;
  jurisdiction: string;
  day: string;
}

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
  await queues.stats.addBulk(
    [...agencies].map((agency) => ({
      name: ROLLUP_JOB,
      data: { agency, jurisdiction: request.jurisdiction, day } satisfies RollupJob,
      opts: {
        delay: ROLLUP_DEBOUNCE_MS,
        deduplication: { id: `rollup_${agency}_${day}`, keepLastIfActive: true },
        removeOnComplete: true,
      },
    })),
  );
}
