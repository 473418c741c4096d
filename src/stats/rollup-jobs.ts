import type { Types } from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { wallClock } from '../jurisdictions/local-date.ts';
import type { Queues } from '../platform/queues.ts';

export const ROLLUP_JOB = 'rollup';

/** The agency-day whose rollup a change touched: ids and dates only. */
export interface RollupJob {
  agency: string;
  jurisdiction: string;
  day: string;
}

/**
 * After an event, one rollup job for each agency-day it touched: the request's
 * agency on its day of receipt, and the agency it left on a transfer. Each job
 * id names the event, so a change made while a rebuild runs gets its own.
 */
export async function queueRollups(
  queues: Pick<Queues, 'deadlines'>,
  calendars: JurisdictionCalendars,
  request: {
    _id: Types.ObjectId;
    agency: string;
    jurisdiction: string;
    receivedAt: Date;
    transfers?: readonly { from: string }[] | null;
  },
  event: { seq: number },
): Promise<void> {
  const zone = calendars.get(request.jurisdiction)?.jurisdiction.timeZone;
  if (!zone) return;
  const day = wallClock(request.receivedAt, zone).date;
  const agencies = new Set([request.agency, ...(request.transfers ?? []).map((t) => t.from)]);
  await queues.deadlines.addBulk(
    [...agencies].map((agency) => ({
      name: ROLLUP_JOB,
      data: { agency, jurisdiction: request.jurisdiction, day } satisfies RollupJob,
      opts: {
        jobId: `rollup_${agency}_${day}_${request._id.toString()}_${String(event.seq)}`,
        removeOnComplete: true,
      },
    })),
  );
}
