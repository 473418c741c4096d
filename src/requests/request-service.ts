import { Types } from 'mongoose';
import { AgencyModel } from '../agencies/agency-model.ts';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { acceptsFiling, rulesInForce } from '../jurisdictions/jurisdiction-rules.ts';
import { wallClock } from '../jurisdictions/local-date.ts';
import { effectiveReceipt } from '../jurisdictions/deadline.ts';
import type { SessionUser } from '../users/user-store.ts';
import { consume, type RateLimits } from '../web/rate-limits.ts';
import { allocateRef } from './ref-counter.ts';
import { requestDeadline } from './request-deadline.ts';
import { RequestEventModel } from './request-event-model.ts';
import { RequestModel } from './request-model.ts';
import { canSeeRequest, toPolicyRequest } from './request-policy.ts';
import type { FilingInput } from './request-schemas.ts';

export interface RequestDeps {
  calendars: JurisdictionCalendars;
  limits: RateLimits;
}

/**
 * A citizen files a request: checked against the jurisdiction's rules, given a
 * unique ref, its rules version, receipt time and legal due date; the snapshot
 * and its first event (`submitted`, seq 1) are written, and nothing else
 * changes it except through the one door.
 */
export async function fileRequest(
  deps: RequestDeps,
  citizen: SessionUser,
  input: FilingInput,
  now: Date,
) {
  await consume(deps.limits.filingByUser, citizen.id);
  const found = deps.calendars.get(input.jurisdiction);
  if (!found) throw new ValidationError({ jurisdiction: 'validation.oneOf' });
  const { jurisdiction, calendar } = found;
  const rules = rulesInForce(jurisdiction, wallClock(now, jurisdiction.timeZone).date);
  if (!rules || !acceptsFiling(rules)) {
    throw new AppError({
      status: 422,
      code: 'REQUEST.JURISDICTION_NOT_OPEN',
      messageKey: 'deadline.error.responseUnknown',
      fields: { jurisdiction: 'deadline.error.responseUnknown' },
    });
  }
  if (
    !(await AgencyModel.exists({
      code: input.agency,
      jurisdiction: jurisdiction.code,
      active: true,
    }))
  ) {
    throw new ValidationError({ agency: 'validation.agency' });
  }
  if (input.urgent && !rules.urgent)
    throw new ValidationError({ urgent: 'deadline.error.noUrgentTrack' });
  if (input.urgent && !input.urgentReason)
    throw new ValidationError({ urgentReason: 'validation.urgentReason' });
  const deadline = requestDeadline(
    { receivedAt: now, urgent: input.urgent, extensionCount: 0, pauses: [] },
    rules,
    calendar,
  );
  if (!deadline)
    throw new AppError({
      status: 422,
      code: 'REQUEST.JURISDICTION_NOT_OPEN',
      messageKey: 'deadline.error.responseUnknown',
    });

  const snapshot = {
    _id: new Types.ObjectId(),
    jurisdiction: jurisdiction.code,
    agency: input.agency,
    requester: { user: new Types.ObjectId(citizen.id), name: citizen.name, email: citizen.email },
    channel: 'web' as const,
    subject: input.subject,
    body: input.body,
    language: input.language ?? citizen.locale,
    urgent: input.urgent,
    urgentReason: input.urgent ? (input.urgentReason ?? null) : null,
    visibility: input.visibility,
    status: 'submitted' as const,
    rulesVersion: rules.version,
    receivedAt: now,
    clockStartedAt: now,
    dueAt: deadline.dueAt,
    originalDueAt: deadline.dueAt,
    version: 1,
  };
  // The unique ref index is the counter's claim (see allocateRef).
  const created = await allocateRef(
    jurisdiction.code,
    Number(wallClock(now, jurisdiction.timeZone).date.slice(0, 4)),
    (ref) => RequestModel.create({ ...snapshot, ref }),
  );
  await RequestEventModel.create({
    requestId: created._id,
    seq: 1,
    type: 'submitted',
    actor: { user: new Types.ObjectId(citizen.id), role: 'citizen' },
    at: now,
    to: 'submitted',
    data: { set: { ...snapshot, ref: created.ref } },
  });
  return { request: created.toObject(), deadline, rules, receipt: effectiveReceipt(now, calendar) };
}

/** A request by ref as `user` may see it; 404 when it does not exist or may not be seen. */
export async function findVisibleRequest(user: SessionUser | undefined, ref: string) {
  const request = await RequestModel.findOne({ ref }).lean();
  if (!request || !canSeeRequest(user, toPolicyRequest(request))) {
    throw new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');
  }
  return request;
}
