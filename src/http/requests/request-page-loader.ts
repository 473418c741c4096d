import type { Types } from 'mongoose';
import { findDocuments } from '../../documents/document-store.ts';
import { agencyRedactionRules } from '../../agencies/agency-directory.ts';
import { currentPublicText, redactionContextOf, redactWith } from '../../redaction/public-text.ts';
import { plainPublished, type AgencyRedactionRule } from '../../redaction/redaction.ts';
import { publicDocumentsOf } from '../../publication/released-documents.ts';
import { explainDeadlineSteps } from '../../jurisdictions/deadline-explanation.ts';
import { effectiveReceipt } from '../../jurisdictions/deadline.ts';
import { appealFilingDeadline } from '../../jurisdictions/stage-deadlines.ts';
import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../../jurisdictions/jurisdiction-calendars.ts';

type CalendarAndRules = NonNullable<ReturnType<typeof calendarAndRules>>;
import { notificationsOf } from '../../notifications/notification-store.ts';
import type { SessionUser } from '../../users/user-store.ts';
import { requestDeadlineSteps } from '../../requests/request-deadline.ts';
import { eventsOf } from '../../requests/request-store.ts';
import {
  appealGround,
  INTERNAL_EVENTS,
  isDeemedRefused,
  isOverdue,
  type AppealGround,
} from '../../requests/request-lifecycle.ts';
import {
  canActAsRequester,
  canDecideAppeal,
  canReadText,
  canHandleRequest,
  isFormerAgency,
  requesterAsSeenBy,
  toPolicyRequest,
} from '../../requests/request-policy.ts';
import type { StoredRequest } from '../../requests/request-model.ts';

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
const PUBLIC_DETAILS = ['outcome', 'legalGrounds', 'dueAt', 'fromAgency', 'toAgency', 'decision'];
/** Further details for the parties: reasons, questions, notes. */
const PARTY_DETAILS = [
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
const AGENCY_DETAILS = [...PARTY_DETAILS, 'note', 'assignee', 'cause'];

const isoOrValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

function pick(data: Record<string, unknown>, keys: readonly string[]) {
  const details: Record<string, unknown> = {};
  for (const key of keys) if (key in data) details[key] = isoOrValue(data[key]);
  return details;
}

/** The last seq a former agency saw: its own last transfer of the request. */
function lastSeenSeq(user: SessionUser | undefined, request: StoredRequest): number {
  const own = request.transfers.filter((transfer) => transfer.from === user?.agency);
  return Math.max(0, ...own.map((transfer) => transfer.seq));
}

/** The timeline as `user` may read it: internal events for the agency only, details by standing. */
async function timelineFor(
  user: SessionUser | undefined,
  request: StoredRequest,
  standing: Standing,
) {
  const events = await eventsOf(request._id);
  const upTo = standing === 'former_agency' ? lastSeenSeq(user, request) : Infinity;
  const keys =
    standing === 'agency' || standing === 'former_agency'
      ? AGENCY_DETAILS
      : standing === 'public'
        ? PUBLIC_DETAILS
        : PARTY_DETAILS;
  const internalShown = standing === 'agency' || standing === 'former_agency';
  return events
    .filter((event) => event.seq <= upTo && (internalShown || !INTERNAL_EVENTS.has(event.type)))
    .map((event) => ({
      seq: event.seq,
      type: event.type,
      at: event.at.toISOString(),
      from: event.from ?? null,
      to: event.to ?? null,
      actorRole: event.actor?.role ?? null,
      details: pick((event.data ?? {}) as Record<string, unknown>, keys),
    }));
}

/** The explanation as the API gives it (one paragraph per language) and as pages list it. */
function explanationOf(found: CalendarAndRules | undefined, request: StoredRequest) {
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

const documentView = (ref: string) => (doc: Awaited<ReturnType<typeof findDocuments>>[number]) => ({
  id: doc._id.toString(),
  filename: doc.filename,
  contentType: doc.metadata.contentType,
  size: doc.length,
  uploadedAt: doc.uploadDate.toISOString(),
  url: `/api/v1/requests/${ref}/documents/${doc._id.toString()}`,
});

/** The parties to a request: they read its text, correspondence and documents. */
const isParty = (standing: Standing) =>
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
function intakeView(request: StoredRequest) {
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
function publicationView(
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
function derived(found: CalendarAndRules | undefined, request: StoredRequest, now: Date) {
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

/** A request as `user` may see it, with overdue and deemed refusal derived at read time. */
export async function requestView(
  calendars: JurisdictionCalendars,
  request: StoredRequest,
  user: SessionUser | undefined,
  now: Date,
) {
  const standing = standingOf(user, request);
  // Auditors see a private request's metadata, never its text (DESIGN §7).
  const policy = toPolicyRequest(request);
  const withheld = !canReadText(user, policy);
  const found = calendarAndRules(calendars, request);
  const party = isParty(standing);
  const transferredAt =
    standing === 'former_agency'
      ? request.transfers.find((t) => t.seq === lastSeenSeq(user, request))?.at
      : undefined;
  const messages = party
    ? request.messages
    : transferredAt
      ? request.messages.filter((m) => m.at.getTime() <= transferredAt.getTime())
      : [];
  const [events, documents, notifications] = await Promise.all([
    timelineFor(user, request, standing),
    findDocuments(request._id, visibleDocumentIds(request, standing)),
    standing === 'agency' ? notificationsOf(request._id) : Promise.resolve([]),
  ]);
  // A request taken down keeps its words from everyone but its parties.
  const takenDown = standing === 'public' && Boolean(request.publication?.hiddenAt);
  // Its parties read the words as written; everyone else the published, redacted words
  // (made again here when the rules changed since they were stored).
  const published =
    standing === 'public' ? await currentPublicText(request, agencyRedactionRules) : null;
  const takedownRules = takenDown ? await agencyRedactionRules(request.agency) : null;
  const words = standing === 'public' ? published : request;
  const hidden = withheld || takenDown;
  const seen = requesterAsSeenBy(user, policy);
  return {
    ref: request.ref,
    jurisdiction: request.jurisdiction,
    agency: request.agency,
    channel: request.channel,
    subject: hidden ? null : (words?.subject ?? null),
    body: hidden ? null : (words?.body ?? null),
    textWithheld: hidden,
    ...publicationView(request, takedownRules),
    // The released documents as the public reads them: redacted text, or kept private.
    publicDocuments: standing === 'public' ? await publicDocumentsOf(request) : [],
    language: request.language,
    urgent: request.urgent,
    urgentReason: hidden ? null : (words?.urgentReason ?? null),
    status: request.status,
    outcome: request.outcome ?? null,
    legalGrounds: request.legalGrounds,
    visibility: request.visibility,
    rulesVersion: request.rulesVersion,
    version: request.version,
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    originalDueAt: request.originalDueAt.toISOString(),
    extensionCount: request.extensionCount,
    assigned: request.assignee !== null,
    test: request.test,
    // What a national portal sent beyond the request: the agency's staff alone read it.
    intake: standing === 'agency' ? intakeView(request) : null,
    ...(standing === 'agency' ? { assignee: request.assignee?.toString() ?? null } : {}),
    ...derived(found, request, now),
    appeal: request.appeal
      ? {
          stage: request.appeal.stage,
          ground: request.appeal.ground,
          filedAt: request.appeal.filedAt.toISOString(),
          dueAt: request.appeal.dueAt?.toISOString() ?? null,
          decision: request.appeal.decision ?? null,
          decidedAt: request.appeal.decidedAt?.toISOString() ?? null,
        }
      : null,
    transfers: request.transfers.map((t) => ({ from: t.from, to: t.to, at: t.at.toISOString() })),
    // Everyone but the parties reads at most the published name the requester chose.
    requester:
      'masked' in seen
        ? { masked: true as const, displayName: hidden ? null : (published?.displayName ?? null) }
        : seen,
    standing,
    ...explanationOf(found, request),
    events,
    messages: messages.map((message) => ({
      at: message.at.toISOString(),
      side: message.side,
      body: message.body,
      attachments: message.attachments.map((id) => id.toString()),
    })),
    // A portal's files are listed with what it sent (`intake`), each flagged or not.
    documents: documents
      .filter((doc) => !request.intake?.documents.some((d) => d.id.equals(doc._id)))
      .map(documentView(request.ref)),
    notifications: notifications.map((n) => ({
      kind: n.kind,
      at: n.at.toISOString(),
      // A user's id; null for a requester known only by an address (a logged paper request).
      recipient: n.recipient?.toString() ?? null,
    })),
  };
}
export type RequestView = Awaited<ReturnType<typeof requestView>>;
