import { Types } from 'mongoose';
import { activeAgenciesOf } from '../agencies/agency-store.ts';
import { suggestAgencies } from '../agencies/agency-suggestions.ts';
import { activeAgency } from '../agencies/agency-directory.ts';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { acceptsFiling, rulesInForce } from '../jurisdictions/jurisdiction-rules.ts';
import { wallClock } from '../time/local-date.ts';
import { effectiveReceipt } from '../jurisdictions/deadline.ts';
import type { RequestNotifier } from './request-event-queue.ts';
import { publicTextOf } from '../redaction/public-text.ts';
import { textSimilarity } from '../text/text-normalise.ts';
import type { SessionUser } from '../users/user-store.ts';
import { consume, type RateLimits } from '../platform/rate-limits.ts';
import { nextRef } from './ref-counter.ts';
import { requestDeadline } from './request-deadline.ts';
import type { StoredRequest } from './stored-request.ts';
import { canSeeRequest, toPolicyRequest } from './request-policy.ts';
import type { FilingInput, LoggedFilingInput } from './request-schemas.ts';
import { recentRequestsOf, requestByRef } from './request-reads.ts';
import { createRequest } from './request-store.ts';

export interface RequestDeps {
  calendars: JurisdictionCalendars;
  limits: RateLimits;
  notifier: RequestNotifier;
}

/** A logged request may be at most this old: older paper stays on paper. */
const MAX_BACKDATE_MS = 366 * 86_400_000;

const notOpen = () =>
  new AppError({
    status: 422,
    code: 'REQUEST.JURISDICTION_NOT_OPEN',
    messageKey: 'deadline.error.responseUnknown',
    fields: { jurisdiction: 'deadline.error.responseUnknown' },
  });

/** Who files, for whom, when and how. */
export interface FilingParty {
  agency: string;
  receivedAt: Date;
  channel: 'web' | 'paper' | 'phone' | 'email' | 'in_person' | 'portal';
  requester: {
    user: Types.ObjectId | null;
    name: string;
    email: string | null;
    displayName?: string | null;
  };
  language: 'ar' | 'en';
}

/** What is asked, as filed. */
export interface FilingFacts {
  jurisdiction?: string | undefined;
  subject: string;
  body: string;
  visibility: 'public' | 'private';
  urgent: boolean;
  urgentReason?: string | undefined;
}

/** How a filing is recorded beyond its facts. */
export interface FilingOptions {
  /** Who the first event names. */
  actor: { user: Types.ObjectId | null; role: string };
  /** Urgency asked where the law has no urgent track: ignored (true) or refused (false). */
  urgentIfTrack?: boolean;
  /** More fields of the snapshot, knowing whether it was taken as urgent. */
  extra?: (facts: { urgent: boolean }) => Record<string, unknown>;
}

/** Who files, for whom, when and how: a citizen online, or an officer logging paper. */
function filingParty(
  user: SessionUser,
  input: FilingInput | LoggedFilingInput,
  now: Date,
): FilingParty {
  if ('channel' in input) {
    if (!user.agency) throw new ValidationError({ agency: 'validation.agency' });
    if (input.receivedAt.getTime() > now.getTime())
      throw new ValidationError({ receivedAt: 'validation.receivedAtFuture' });
    if (now.getTime() - input.receivedAt.getTime() > MAX_BACKDATE_MS)
      throw new ValidationError({ receivedAt: 'validation.receivedAtOld' });
    return {
      agency: user.agency,
      receivedAt: input.receivedAt,
      channel: input.channel,
      requester: { user: null, name: input.requester.name, email: input.requester.email ?? null },
      language: input.language ?? user.locale,
    };
  }
  return {
    agency: input.agency,
    receivedAt: now,
    channel: 'web' as const,
    requester: {
      user: new Types.ObjectId(user.id),
      name: user.name,
      email: user.email,
      displayName: input.displayName ?? null,
    },
    language: input.language ?? user.locale,
  };
}

/**
 * A request is filed: by a citizen, or logged by an officer with its real
 * receipt time. It is checked against the rules in force at receipt, given a
 * unique ref, its rules version, receipt time and legal due date; the snapshot
 * and its first event (`submitted`, seq 1) are written, then the mails queued.
 * Nothing else changes it except through the one door.
 */
export async function fileRequest(
  deps: RequestDeps,
  user: SessionUser,
  input: FilingInput | LoggedFilingInput,
  now: Date,
) {
  await consume(deps.limits.filingByUser, user.id);
  const party = filingParty(user, input, now);
  return recordFiling(deps, party, input, now, {
    actor: {
      user: new Types.ObjectId(user.id),
      role: party.channel === 'web' ? 'citizen' : (user.roles[0] ?? 'officer'),
    },
  });
}

/**
 * Records a filing for `party` (checked, ref, rules, due date, snapshot and
 * first event, then the mails), whoever brings it: fileRequest for people, the
 * portal intake for national portals.
 */
export async function recordFiling(
  deps: Pick<RequestDeps, 'calendars' | 'notifier'>,
  party: FilingParty,
  input: FilingFacts,
  now: Date,
  options: FilingOptions,
) {
  const agency = await activeAgency(party.agency);
  const code = input.jurisdiction ?? agency?.jurisdiction;
  const found = code ? deps.calendars.get(code) : undefined;
  if (!found) throw new ValidationError({ jurisdiction: 'validation.oneOf' });
  if (agency?.jurisdiction !== found.jurisdiction.code)
    throw new ValidationError({ agency: 'validation.agency' });
  const { jurisdiction, calendar } = found;
  const receiptDate = wallClock(party.receivedAt, jurisdiction.timeZone).date;
  const rules = rulesInForce(jurisdiction, receiptDate);
  if (!rules || !acceptsFiling(rules)) throw notOpen();
  if (input.urgent && !rules.urgent && !options.urgentIfTrack)
    throw new ValidationError({ urgent: 'deadline.error.noUrgentTrack' });
  const urgent = input.urgent && Boolean(rules.urgent);
  if (urgent && !input.urgentReason)
    throw new ValidationError({ urgentReason: 'validation.urgentReason' });
  const deadline = requestDeadline(
    { receivedAt: party.receivedAt, urgent, extensionCount: 0, pauses: [] },
    rules,
    calendar,
  );
  if (!deadline) throw notOpen();

  const snapshot = {
    _id: new Types.ObjectId(),
    jurisdiction: jurisdiction.code,
    agency: agency.code,
    requester: party.requester,
    channel: party.channel,
    subject: input.subject,
    body: input.body,
    language: party.language,
    urgent,
    urgentReason: urgent ? (input.urgentReason ?? null) : null,
    visibility: input.visibility,
    status: 'submitted' as const,
    rulesVersion: rules.version,
    receivedAt: party.receivedAt,
    clockStartedAt: party.receivedAt,
    dueAt: deadline.dueAt,
    originalDueAt: deadline.dueAt,
    ...publicTextOf(
      {
        jurisdiction: jurisdiction.code,
        visibility: input.visibility,
        subject: input.subject,
        body: input.body,
        urgentReason: urgent ? (input.urgentReason ?? null) : null,
        requester: party.requester,
      },
      agency.redactionRules,
    ),
    ...options.extra?.({ urgent }),
    version: 1,
  };
  // The first event records the filing's legal facts, not the text or the requester (no
  // second copy of them); the snapshot takes the next ref of its jurisdiction-year.
  const request = await createRequest(
    snapshot,
    {
      type: 'submitted',
      actor: options.actor,
      at: now,
      to: 'submitted',
      set: {},
      data: {
        agency: snapshot.agency,
        rulesVersion: snapshot.rulesVersion,
        receivedAt: snapshot.receivedAt,
        dueAt: snapshot.dueAt,
        urgent: snapshot.urgent,
        visibility: snapshot.visibility,
        channel: party.channel,
      },
    },
    () => nextRef(jurisdiction.code, Number(receiptDate.slice(0, 4))),
  );
  await deps.notifier.afterEvent(request, { type: 'submitted', seq: 1 });
  return {
    request,
    deadline,
    rules,
    receipt: effectiveReceipt(party.receivedAt, calendar),
  };
}

/** A request by ref as `user` may see it; 404 when it does not exist or may not be seen. */
export async function findVisibleRequest(
  user: SessionUser | undefined,
  ref: string,
): Promise<StoredRequest> {
  const request = await requestByRef(ref);
  if (!request || !canSeeRequest(user, toPolicyRequest(request))) {
    throw new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');
  }
  return request;
}

/** Very similar text from the same requester to the same agency within this window is pointed out. */
const DUPLICATE_WINDOW_MS = 30 * 86_400_000;
const DUPLICATE_SIMILARITY = 0.6;

/** The requester's recent requests to `agency` whose text is very close to this one. */
export async function likelyDuplicates(user: SessionUser, agency: string, text: string, now: Date) {
  if (!Types.ObjectId.isValid(user.id)) return [];
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS);
  const recent = await recentRequestsOf(new Types.ObjectId(user.id), agency, since);
  return recent
    .map((request) => ({
      request,
      similarity: textSimilarity(text, `${request.subject} ${request.body}`),
    }))
    .filter((entry) => entry.similarity >= DUPLICATE_SIMILARITY)
    .map(({ request, similarity }) => ({
      ref: request.ref,
      subject: request.subject,
      status: request.status,
      receivedAt: request.receivedAt,
      similarity: Math.round(similarity * 100) / 100,
    }));
}

/** The agencies of a jurisdiction whose keywords best match a text, best first. */
export async function agencySuggestions(jurisdiction: string, text: string, limit = 5) {
  const agencies = await activeAgenciesOf(jurisdiction);
  return suggestAgencies(text, agencies, limit).map(({ agency, score }) => ({
    code: agency.code,
    name: agency.name,
    score,
  }));
}
