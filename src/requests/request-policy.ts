import type { Role } from '../users/user-model.ts';
import type { SessionUser } from '../users/user-store.ts';
import { TRANSITIONS, type Action, type ActionSide } from './request-lifecycle.ts';

/** What the policy needs to know of a request. */
export interface PolicyRequest {
  jurisdiction: string;
  agency: string;
  visibility: 'public' | 'private';
  requester: {
    user?: { toString(): string } | null;
    name: string;
    email?: string | null;
  };
  /** Agencies that transferred the request on (they keep what they saw of a public request). */
  formerAgencies?: readonly string[];
  /** The agency standing for the appeal body seized, if any. */
  appealBody?: string | null;
}

/** A stored request (lean, with mongoose's optional subdocument) as the policy reads it. */
export function toPolicyRequest(request: {
  jurisdiction: string;
  agency: string;
  visibility: 'public' | 'private';
  requester?: {
    user?: { toString(): string } | null;
    name?: string | null;
    email?: string | null;
  } | null;
  transfers?: readonly { from: string }[] | null;
  appeal?: { body?: string | null } | null;
}): PolicyRequest {
  return {
    jurisdiction: request.jurisdiction,
    agency: request.agency,
    visibility: request.visibility,
    requester: {
      user: request.requester?.user ?? null,
      name: request.requester?.name ?? '',
      email: request.requester?.email ?? null,
    },
    formerAgencies: (request.transfers ?? []).map((transfer) => transfer.from),
    appealBody: request.appeal?.body ?? null,
  };
}

const has = (user: SessionUser | undefined, role: SessionUser['roles'][number]) =>
  user?.roles.includes(role) ?? false;
const isRequester = (user: SessionUser | undefined, request: PolicyRequest) =>
  user !== undefined && request.requester.user?.toString() === user.id;
const worksFor = (user: SessionUser | undefined, agency: string) =>
  (has(user, 'officer') || has(user, 'agency_admin')) && user?.agency === agency;
const auditsJurisdiction = (user: SessionUser | undefined, jurisdiction: string) =>
  has(user, 'auditor') && (user?.jurisdiction === null || user?.jurisdiction === jurisdiction);

/**
 * Whether `user` (undefined: a visitor) may see the request at all (DESIGN §7).
 * Callers answer 404, not 403, when this is false, so a private request's
 * existence is never revealed.
 */
export function canSeeRequest(user: SessionUser | undefined, request: PolicyRequest): boolean {
  // Its parties, and the auditors of its country (who see no words: canReadText).
  return canReadText(user, request) || auditsJurisdiction(user, request.jurisdiction);
}

/**
 * Whether `user` (undefined: a visitor) may read the request's words: its subject, text,
 * reasons and correspondence. A public request's for anyone who sees it; a
 * private request's for its parties only (the requester, the agency, the
 * appeal body, admins), never for auditors or other agencies (DESIGN §7).
 * Pages, the API and mails all ask this.
 */
export function canReadText(user: SessionUser | undefined, request: PolicyRequest): boolean {
  if (request.visibility === 'public') return true;
  return (
    has(user, 'admin') ||
    isRequester(user, request) ||
    worksFor(user, request.agency) ||
    (request.appealBody ? worksFor(user, request.appealBody) : false)
  );
}

/** The appeal body's decision: admins, or officers of the agency standing for the body. */
export function canDecideAppeal(user: SessionUser | undefined, request: PolicyRequest): boolean {
  return has(user, 'admin') || (request.appealBody ? worksFor(user, request.appealBody) : false);
}

/**
 * A former agency (it transferred the request on) that is not the handling one:
 * it keeps what it saw before its transfer, nothing after (of a public request).
 */
export function isFormerAgency(user: SessionUser | undefined, request: PolicyRequest): boolean {
  return (
    !worksFor(user, request.agency) &&
    (request.formerAgencies ?? []).some((agency) => worksFor(user, agency))
  );
}

/** Officer actions (acknowledge, answer, extend, transfer, notes): the request's current agency only. */
export function canHandleRequest(user: SessionUser | undefined, request: PolicyRequest): boolean {
  return has(user, 'admin') || worksFor(user, request.agency);
}

/** Requester actions (reply, withdraw, appeal): the requester only. */
export function canActAsRequester(user: SessionUser | undefined, request: PolicyRequest): boolean {
  return isRequester(user, request);
}

/**
 * The requester's identity as `user` may see it: in full for the requester,
 * the handling agency and admins; masked for auditors, visitors, other
 * citizens and other agencies (requester identities never appear publicly:
 * they read at most the published name the requester chose, request-page-loader.ts).
 */
export function requesterAsSeenBy(
  user: SessionUser | undefined,
  request: PolicyRequest,
): { name: string; email: string | null } | { masked: true } {
  if (has(user, 'admin') || isRequester(user, request) || worksFor(user, request.agency)) {
    return { name: request.requester.name, email: request.requester.email ?? null };
  }
  return { masked: true };
}

/**
 * Which side `user` acts for in `action` on `request` (the lifecycle table
 * says which side takes it): the requester, or the agency (its officers, or
 * the appeal body's when deciding an appeal); undefined when neither. The one
 * answer to "who acts" for the API, the pages and the transitions.
 */
export function actingSide(
  user: SessionUser | undefined,
  request: PolicyRequest,
  action: Action,
): 'requester' | 'agency' | undefined {
  const who: ActionSide = TRANSITIONS[action].side;
  if ((who === 'requester' || who === 'either') && canActAsRequester(user, request))
    return 'requester';
  if ((who === 'agency' || who === 'either') && canHandleRequest(user, request)) return 'agency';
  if (who === 'appeal_body' && canDecideAppeal(user, request)) return 'agency';
  return undefined;
}

const SIDE_ROLES: Readonly<Record<ActionSide, readonly Role[]>> = {
  requester: ['citizen'],
  agency: ['officer', 'agency_admin', 'admin'],
  either: ['citizen', 'officer', 'agency_admin', 'admin'],
  appeal_body: ['officer', 'agency_admin', 'admin'],
};

/** The roles that may call an action's route (the guard; actingSide then checks the request). */
export function actionRoles(action: Action): Role[] {
  return [...SIDE_ROLES[TRANSITIONS[action].side]];
}

/** Officers and agency admins log requests received outside the system; citizens file their own. */
export function logsForAgency(user: SessionUser): boolean {
  return (
    !user.roles.includes('citizen') &&
    (user.roles.includes('officer') || user.roles.includes('agency_admin'))
  );
}
