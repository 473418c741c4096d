import { Types } from 'mongoose';
import { isActiveAgency } from '../agencies/agency-store.ts';
import { findDocuments, markAttached } from '../documents/document-store.ts';
import { AppError, ConflictError, ValidationError } from '../errors.ts';
import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../jurisdictions/jurisdiction-calendars.ts';
import { appealFilingDeadline } from '../jurisdictions/stage-deadlines.ts';
import type { RequestNotifier } from './request-event-queue.ts';
import { UserModel } from '../users/user-model.ts';
import { activeStaffOf, type SessionUser } from '../users/user-store.ts';
import type { ActionBodies } from './request-action-bodies.ts';
import { effectOf } from './request-effects.ts';
import { agencyRedactionRules } from '../agencies/agency-directory.ts';
import { appealGround, decide, type Action, type Refusal } from './request-lifecycle.ts';
import { actingSide, toPolicyRequest } from './request-policy.ts';
import { findVisibleRequest } from './request-service.ts';
import type { StoredRequest } from './stored-request.ts';
import { appendEvent } from './request-store.ts';
import { figuresToStore, requestFigures } from './request-figures.ts';
import { requestById } from './request-reads.ts';

/** The actions after which a request stores its figures. */
const STORES_FIGURES: ReadonlySet<Action> = new Set(['answer', 'withdraw', 'close']);

export interface TransitionDeps {
  calendars: JurisdictionCalendars;
  notifier: RequestNotifier;
}

const forbidden = () =>
  new AppError({ status: 403, code: 'AUTH.FORBIDDEN', messageKey: 'error.forbidden.message' });

/** The side `user` acts for in `action` on `request` (actingSide), or a 403. */
function sideOf(user: SessionUser, request: StoredRequest, action: Action): 'requester' | 'agency' {
  const side = actingSide(user, toPolicyRequest(request), action);
  if (!side) throw forbidden();
  return side;
}

const REFUSALS: Readonly<Record<Refusal, () => AppError>> = {
  illegal_transition: () =>
    new ConflictError('REQUEST.ILLEGAL_TRANSITION', 'request.error.illegalTransition'),
  extension_limit: () =>
    new AppError({
      status: 422,
      code: 'REQUEST.EXTENSION_LIMIT',
      messageKey: 'request.error.extensionLimit',
    }),
  not_appealable: () =>
    new AppError({
      status: 422,
      code: 'REQUEST.NOT_APPEALABLE',
      messageKey: 'request.error.notAppealable',
    }),
  appeal_period_over: () =>
    new AppError({
      status: 422,
      code: 'REQUEST.APPEAL_PERIOD_OVER',
      messageKey: 'request.error.appealPeriodOver',
    }),
};

/** The documents an action's input cites (a message's or an answer's attachments). */
const citedDocuments = (input: unknown): Types.ObjectId[] =>
  [...new Set((input as { attachments?: string[] }).attachments ?? [])].map(
    (id) => new Types.ObjectId(id),
  );

/** Checks that need the database: the assignee, the target agency, the attachments. */
async function checkReferences<A extends Action>(
  request: StoredRequest,
  user: SessionUser,
  action: A,
  input: ActionBodies[A],
): Promise<void> {
  if (action === 'assign') {
    const { assignee } = input as ActionBodies['assign'];
    const ok =
      assignee === null ||
      (await UserModel.exists({
        _id: new Types.ObjectId(assignee),
        ...activeStaffOf(request.agency),
      }));
    if (!ok) throw new ValidationError({ assignee: 'validation.assignee' });
  }
  if (action === 'transfer') {
    const { agency } = input as ActionBodies['transfer'];
    const ok = agency !== request.agency && (await isActiveAgency(agency, request.jurisdiction));
    if (!ok) throw new ValidationError({ agency: 'validation.transferAgency' });
  }
  const cited = citedDocuments(input);
  if (cited.length > 0) {
    const found = await findDocuments(request._id, cited);
    const own = found.filter((doc) => doc.metadata.uploader?.toString() === user.id);
    if (own.length !== cited.length)
      throw new ValidationError({ attachments: 'validation.attachments' });
  }
}

/**
 * One lifecycle action through the one door: the request as the user may see
 * it (404 otherwise), the side they act for (403), the version they saw (409
 * when stale), the table's verdict with the law's limits (409/422), then the
 * event and the snapshot, then the mails. A lost race is a 409 and changes nothing.
 */
export async function applyAction<A extends Action>(
  deps: TransitionDeps,
  user: SessionUser,
  ref: string,
  action: A,
  input: ActionBodies[A],
  now: Date,
) {
  const request = await findVisibleRequest(user, ref);
  const side = sideOf(user, request, action);
  if (input.version !== undefined && input.version !== request.version)
    throw new ConflictError('REQUEST.STALE', 'request.error.stale');

  const found = calendarAndRules(deps.calendars, request);
  if (!found) throw new Error(`no rules ${request.rulesVersion} for ${request.ref}`);
  const { rules } = found;
  const ground = appealGround(request, rules.silenceIsRefusal, now);
  const appealFrom = ground === 'silence' ? request.dueAt : (request.answeredAt ?? now);
  const verdict = decide(action, request.status, {
    extensionCount: request.extensionCount,
    maxExtensions: rules.extension?.maxCount ?? 0,
    appeal: {
      ground,
      until: appealFilingDeadline(rules, found.calendar, 0, appealFrom)?.dueAt ?? null,
    },
    now,
  });
  if (!verdict.allowed) throw REFUSALS[verdict.reason]();
  await checkReferences(request, user, action, input);

  const author = Types.ObjectId.isValid(user.id) ? new Types.ObjectId(user.id) : null;
  const seq = request.version + 1;
  const effect = effectOf(
    action,
    {
      request,
      rules,
      calendar: found.calendar,
      author,
      side,
      now,
      seq,
      appealGround: ground,
      agencyRules: action === 'answer' ? await agencyRedactionRules(request.agency) : [],
    },
    input,
  );
  const set: Record<string, unknown> = { status: verdict.to, ...effect.set };
  // At the answer and at the end, the request keeps its figures.
  if (STORES_FIGURES.has(action))
    set.figures = figuresToStore(
      requestFigures({ ...request, ...set }, rules, found.calendar, now),
    );
  await appendEvent(request, {
    type: verdict.event,
    actor: { user: author, role: user.roles[0] ?? 'unknown' },
    at: now,
    from: request.status,
    to: verdict.to,
    set,
    ...(effect.push ? { push: effect.push } : {}),
    data: effect.data,
  });
  await markAttached(citedDocuments(input), now);
  const updated = await requestById(request._id);
  if (!updated) throw new Error(`request ${request.ref} vanished`);
  await deps.notifier.afterEvent(updated, { type: verdict.event, seq, side });
  return updated;
}
