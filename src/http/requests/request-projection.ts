// What a request page and the API show of a request, by the reader's standing (DESIGN §7):
// pure projections of the snapshot and the jurisdiction's rules; the reads are the
// loader's (request-page-loader.ts).
import type { Types } from 'mongoose';
import type { findDocuments } from '../../documents/document-store.ts';
import { redactionContextOf, redactWith } from '../../redaction/public-text.ts';
import { plainPublished, type AgencyRedactionRule } from '../../redaction/redaction.ts';
import { explainDeadlineSteps } from '../../jurisdictions/deadline-explanation.ts';
import { effectiveReceipt } from '../../jurisdictions/deadline.ts';
import { appealFilingDeadline } from '../../jurisdictions/stage-deadlines.ts';
import type { calendarAndRules } from '../../jurisdictions/jurisdiction-calendars.ts';

export type CalendarAndRules = NonNullable<ReturnType<typeof calendarAndRules>>;
import type { SessionUser } from '../../users/user-store.ts';
import { requestDeadlineSteps } from '../../requests/request-deadline.ts';
import {
  appealGround,
  isDeemedRefused,
  isOverdue,
  type AppealGround,
} from '../../requests/request-lifecycle.ts';
import {
  canActAsRequester,
  canDecideAppeal,
  canHandleRequest,
  isFormerAgency,
  toPolicyRequest,
} from '../../requests/request-policy.ts';
import type { StoredRequest } from '../../requests/stored-request.ts';

/** How much of a request a user sees (DESIGN §7). */
export type Standing = 'agency' | 'requester' | 'appeal_body' | 'former_agency' | 'public';

export function standingOf(user: SessionUser | undefined, request: StoredRequest): Standing {
  const view = toPolicyRequest(request);
  if (canHandleRequest(user, view)) return 'agency';
  if (canActAsRequester(user, view)) return 'requester';
  if (canDecideAppeal(user, view)) return 'appeal_body';
  if (isFormerAgency(user, view)) return 'former_agency';
  return 'public';
}

/** Event details anyone who may see the request may read (no free text, no people). */
export const PUBLIC_DETAILS = [
  'outcome',
  'legalGrounds',
  'dueAt',
  'fromAgency',
  'toAgency',
  'decision',
];
/** Further details for the parties: reasons, questions, notes. */
export const PARTY_DETAILS = [
  ...PUBLIC_DETAILS,
  'reason',
  'question',
  'previousDueAt',
  'clockRestarted',
  'transferredLate',
  'ground',
  'channel',
  'side',
];
export const AGENCY_DETAILS = [...PARTY_DETAILS, 'note', 'assignee', 'cause'];

const isoOrValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

export function pick(data: Record<string, unknown>, keys: readonly string[]) {
  const details: Record<string, unknown> = {};
  for (const key of keys) if (key in data) details[key] = isoOrValue(data[key]);
  return details;
}

/** The last seq a former agency saw: its own last transfer of the request. */
export function lastSeenSeq(user: SessionUser | undefined, request: StoredRequest): number {
  const own = request.transfers.filter((transfer) => transfer.from === user?.agency);
  return Math.max(0, ...own.map((transfer) => transfer.seq));
}

/** The explanation as the API gives it (one paragraph per language) and as pages list it. */
export function explanationOf(found: CalendarAndRules | undefined, request: StoredRequest) {
  const steps = explanation(found, request);
  return {
    explanation: steps ? { ar: steps.ar.join(' '), en: steps.en.join(' ') } : null,
    explanationSteps: steps,
  };
}

/**
 * The due date's explanation in both languages, from the same computation as
 * the due date itself: the first count, then any clarification pauses and
 * extensions, ending on the due date they led to.
 */
function explanation(found: CalendarAndRules | undefined, request: StoredRequest) {
  if (!found) return null;
  const { rules } = found;
  const start = request.clockStartedAt ?? request.receivedAt;
  const steps = requestDeadlineSteps(
    {
      receivedAt: start,
      urgent: request.urgent,
      extensionCount: request.extensionCount,
      pauses: request.pauses,
    },
    rules,
    found.calendar,
  );
  if (!steps) return null;
  return explainDeadlineSteps(
    {
      kind: request.urgent ? 'urgent' : 'response',
      rulesVersion: rules.version,
      receivedAt: start,
      receipt: effectiveReceipt(start, found.calendar),
      deadline: steps.base,
      unverified: rules.unverified,
    },
    found.jurisdiction.timeZone,
    found.jurisdiction.code,
    steps,
  );
}

export const documentView =
  (ref: string) => (doc: Awaited<ReturnType<typeof findDocuments>>[number]) => ({
    id: doc._id.toString(),
    filename: doc.filename,
    contentType: doc.metadata.contentType,
    size: doc.length,
    uploadedAt: doc.uploadDate.toISOString(),
    url: `/api/v1/requests/${ref}/documents/${doc._id.toString()}`,
  });

/** The parties to a request: they read its text, correspondence and documents. */
export const isParty = (standing: Standing) =>
  standing === 'agency' || standing === 'requester' || standing === 'appeal_body';

/**
 * The documents `user` may download (and see listed): the parties only. A
 * released document's original is never public (DESIGN §7): the public reads
 * its redacted version once there is one, and is told how many wait.
 */
export function visibleDocumentIds(request: StoredRequest, standing: Standing): Types.ObjectId[] {
  if (isParty(standing))
    return [
      ...request.attachments,
      ...request.messages.flatMap((m) => m.attachments),
      // What a portal sent with it: for the agency's staff.
      ...(standing === 'agency' ? (request.intake?.documents ?? []).map((d) => d.id) : []),
    ];
  return [];
}

/** A portal request's intake as its agency reads it (flagged files named). */
export function intakeView(request: StoredRequest) {
  const intake = request.intake;
  if (!intake) return null;
  return {
    requestId: intake.requestId,
    version: intake.version ?? null,
    category: intake.category ?? null,
    organization: intake.organization ?? null,
    phone: intake.phone ?? null,
    fax: intake.fax ?? null,
    address: intake.address,
    feeAmountWilling: intake.feeAmountWilling ?? null,
    feeWaiver: intake.feeWaiver,
    feeWaiverExplanation: intake.feeWaiverExplanation ?? null,
    expedited: intake.expedited,
    expeditedExplanation: intake.expeditedExplanation ?? null,
    expeditedApplied: intake.expeditedApplied,
    extra: intake.extra.map((field) => ({ name: field.name ?? '', value: field.value ?? '' })),
    documents: intake.documents.map((d) => ({
      id: d.id.toString(),
      filename: d.filename,
      declaredType: d.declaredType ?? null,
      size: d.size,
      flagged: d.flagged,
      pdf: d.pdf,
      url: `/api/v1/requests/${request.ref}/documents/${d.id.toString()}`,
    })),
  };
}

/**
 * What the public reads of the answer: its published text, or that it was
 * taken down and why. `publicRules` are the agency's patterns when the reader
 * is the public, who reads the reason redacted as every published word is;
 * null for a party, who reads it as written.
 */
export function publicationView(
  request: StoredRequest,
  publicRules: readonly AgencyRedactionRule[] | null,
) {
  const publication = request.publication;
  const hidden = publication?.hiddenAt ?? null;
  const reason = publication?.hiddenReason ?? '';
  return {
    publishedAnswer: publication && !hidden ? (publication.answer ?? null) : null,
    takenDown: hidden
      ? {
          at: hidden.toISOString(),
          reason: publicRules
            ? plainPublished(redactWith(redactionContextOf(request, publicRules))(reason), '[…]')
            : reason,
        }
      : null,
  };
}

/** Whether the clock runs and what the law derives from it, now. */
export function derived(found: CalendarAndRules | undefined, request: StoredRequest, now: Date) {
  const silence = found?.rules.silenceIsRefusal ?? false;
  const ground = appealGround(request, silence, now);
  return {
    overdue: isOverdue(request, now),
    deemedRefused: isDeemedRefused(request, silence, now),
    appealable: ground !== null,
    appealOpen: ground && !request.appeal && found ? appealOpening(found, request, ground) : null,
  };
}

/**
 * Who hears a first appeal and until when it may be filed (from the answer, or
 * from the due date of a silence), for the "what happens next" of a refusal.
 */
function appealOpening(found: CalendarAndRules, request: StoredRequest, ground: AppealGround) {
  const stage = found.rules.appeals[0];
  if (!stage) return null;
  const from = ground === 'silence' ? request.dueAt : (request.answeredAt ?? request.updatedAt);
  const until = appealFilingDeadline(found.rules, found.calendar, 0, from)?.dueAt ?? null;
  return { body: stage.body, until: until?.toISOString() ?? null };
}
