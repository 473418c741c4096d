import mongoose, { type Types } from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import type { Queues } from '../platform/queues.ts';
import { TRANSITIONS } from '../requests/request-lifecycle.ts';
import { RequestEventModel } from '../requests/request-event-model.ts';
import { requestsByIds } from '../requests/request-reads.ts';
import { queueEventRollups, queueRollups } from './rollup-jobs.ts';
import { StintModel } from './stint-model.ts';
import { refreshStints } from './stint-store.ts';

/** How far back reconcile looks for a request whose statistics missed an event. */
const LOOKBACK_MS = 86_400_000;
/** Younger events are left to their own job, which normally runs within milliseconds. */
const GRACE_MS = 10_000;
/** Every event the one door writes (each bumps the request's version). */
const EVENT_TYPES = [
  'submitted',
  'deadline_recomputed',
  ...new Set(Object.values(TRANSITIONS).map((t) => t.event)),
];
const BATCH = 500;

/**
 * Part of reconcile: the statistics of the last day's requests whose event job
 * Redis lost (a failover to a replica that had not received it, a FLUSHALL, Redis
 * down as the event was written). Each stint carries the version of the request
 * it was built from; a request whose stints are older than it has them rewritten
 * and its receipt and event rollups queued again, as its event's job would have
 * done (both idempotent). Returns the requests repaired.
 */
export async function repairLostStats(
  queues: Pick<Queues, 'stats'>,
  calendars: JurisdictionCalendars,
  now: Date,
): Promise<number> {
  const at = mongoose.trusted({
    $gte: new Date(now.getTime() - LOOKBACK_MS),
    $lt: new Date(now.getTime() - GRACE_MS),
  });
  const changed = new Map<string, Types.ObjectId>();
  // One read per type by equality on `{type, at}`: a `$in` over an index's first key is
  // slow on the local engine (docs/performance.md).
  for (const type of EVENT_TYPES)
    for await (const event of RequestEventModel.find({ type, at }, { requestId: 1 })
      .lean()
      .cursor())
      changed.set(event.requestId.toString(), event.requestId);
  const ids = [...changed.values()];
  let repaired = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const [requests, stints] = await Promise.all([
      requestsByIds(batch, {
        version: 1,
        agency: 1,
        jurisdiction: 1,
        receivedAt: 1,
        transfers: 1,
        test: 1,
      }),
      StintModel.find(
        { request: mongoose.trusted({ $in: batch }) },
        { request: 1, version: 1 },
      ).lean(),
    ]);
    const built = new Map<string, number>();
    for (const stint of stints) {
      const key = stint.request.toString();
      built.set(key, Math.max(built.get(key) ?? 0, stint.version));
    }
    for (const request of requests) {
      // A portal's test submission has no stints (stint-store.ts).
      if (request.test || (built.get(request._id.toString()) ?? 0) >= request.version) continue;
      await queueRollups(queues, calendars, request);
      await queueEventRollups(queues, await refreshStints(calendars, request._id, now));
      repaired += 1;
    }
  }
  return repaired;
}
