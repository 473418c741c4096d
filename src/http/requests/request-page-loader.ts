// The reads behind a request page and the API's request: its timeline, documents and mails,
// then the pure projections of request-projection.ts by the reader's standing (DESIGN §7).
import { findDocuments } from '../../documents/document-store.ts';
import { agencyRedactionRules } from '../../agencies/agency-directory.ts';
import { currentPublicText } from '../../redaction/public-text.ts';
import { publicDocumentsOf } from '../../publication/released-documents.ts';
import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../../jurisdictions/jurisdiction-calendars.ts';

import { notificationsOf } from '../../notifications/notification-store.ts';
import type { SessionUser } from '../../users/user-store.ts';
import { eventsOf } from '../../requests/request-store.ts';
import { INTERNAL_EVENTS } from '../../requests/request-lifecycle.ts';
import { canReadText, requesterAsSeenBy, toPolicyRequest } from '../../requests/request-policy.ts';
import type { StoredRequest } from '../../requests/stored-request.ts';
import {
  standingOf,
  PUBLIC_DETAILS,
  PARTY_DETAILS,
  AGENCY_DETAILS,
  pick,
  lastSeenSeq,
  documentView,
  isParty,
  visibleDocumentIds,
  intakeView,
  derived,
  explanationOf,
  publicationView,
  type Standing,
} from './request-projection.ts';

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
