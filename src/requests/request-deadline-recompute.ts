import { type Types } from 'mongoose';
import { ConflictError } from '../errors.ts';
import { requestDeadline } from './request-deadline.ts';
import { OPEN_STATUSES } from './request-states.ts';
import { appendEvent } from './request-store.ts';
import type { Jurisdiction } from '../jurisdictions/jurisdiction-schema.ts';
import { rulesByVersion } from '../jurisdictions/jurisdiction-rules.ts';
import type { WorkingCalendar } from '../jurisdictions/working-calendar.ts';
import { openRequests, requestFields } from './request-reads.ts';

export interface RecomputeResult {
  checked: number;
  /** Each request whose due date moved, with the seq of its `deadline_recomputed` event. */
  changed: { ref: string; from: Date; to: Date; requestId: Types.ObjectId; seq: number }[];
}

const FIELDS = {
  ref: 1,
  status: 1,
  version: 1,
  rulesVersion: 1,
  receivedAt: 1,
  clockStartedAt: 1,
  urgent: 1,
  extensionCount: 1,
  pauses: 1,
  dueAt: 1,
} as const;

/**
 * After a holiday change, gives every open request of the jurisdiction the due
 * date the new calendar makes, through the one door: a `deadline_recomputed`
 * event holding the old and new dates, then the snapshot. Requests read in one
 * streamed pass; a request changed meanwhile is re-read and tried once more.
 */
export async function recomputeOpenDeadlines(
  jurisdiction: Jurisdiction,
  calendar: WorkingCalendar,
  now: Date,
  cause: Record<string, unknown>,
): Promise<RecomputeResult> {
  const result: RecomputeResult = { checked: 0, changed: [] };
  const cursor = openRequests(jurisdiction.code, FIELDS);
  for await (const first of cursor) {
    result.checked += 1;
    let request = first;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (!(OPEN_STATUSES as readonly string[]).includes(request.status)) break;
      const rules = rulesByVersion(jurisdiction, request.rulesVersion);
      const deadline = rules ? requestDeadline(request, rules, calendar) : undefined;
      if (!deadline || deadline.dueAt.getTime() === request.dueAt.getTime()) break;
      try {
        const seq = await appendEvent(request, {
          type: 'deadline_recomputed',
          actor: { user: null, role: 'system' },
          at: now,
          set: { dueAt: deadline.dueAt },
          data: { previousDueAt: request.dueAt, dueAt: deadline.dueAt, cause },
        });
        result.changed.push({
          ref: request.ref,
          from: request.dueAt,
          to: deadline.dueAt,
          requestId: request._id,
          seq,
        });
        break;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt > 0) throw error;
        const fresh = await requestFields(request._id, FIELDS);
        if (!fresh) break;
        request = fresh;
      }
    }
  }
  return result;
}
