import express, { type Router } from 'express';
import { NotFoundError } from '../errors.ts';
import { explainDeadline } from '../jurisdictions/deadline-explanation.ts';
import type { SessionUser } from '../users/user-store.ts';
import { requireRole } from '../web/auth.ts';
import { parseBody, parseQuery } from '../web/validation.ts';
import { inboxCounts, inboxPage, inboxQuery } from './request-inbox.ts';
import { requesterAsSeenBy, toPolicyRequest } from './request-policy.ts';
import { filingBody, refParam } from './request-schemas.ts';
import { fileRequest, findVisibleRequest, type RequestDeps } from './request-service.ts';
import { OPEN_STATUSES, type RequestStatus } from './request-model.ts';
import { ACTIONS } from './request-lifecycle.ts';
import { ACTION_BODIES, applyAction } from './request-transitions.ts';
import type { Role } from '../users/user-model.ts';

/** Overdue is derived from the due date and the clock, never stored (DESIGN §3). */
export function isOverdue(request: { status: RequestStatus; dueAt: Date }, now: Date): boolean {
  return (
    OPEN_STATUSES.includes(request.status) &&
    request.status !== 'awaiting_clarification' &&
    request.dueAt.getTime() < now.getTime()
  );
}

type StoredRequest = Awaited<ReturnType<typeof findVisibleRequest>>;

/** A request as `user` may see it, with `overdue` derived at read time. */
function requestView(request: StoredRequest, user: SessionUser | undefined, now: Date) {
  return {
    ref: request.ref,
    jurisdiction: request.jurisdiction,
    agency: request.agency,
    subject: request.subject,
    body: request.body,
    status: request.status,
    outcome: request.outcome ?? null,
    legalGrounds: request.legalGrounds,
    visibility: request.visibility,
    rulesVersion: request.rulesVersion,
    version: request.version,
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    extensionCount: request.extensionCount,
    overdue: isOverdue(request, now),
    requester: requesterAsSeenBy(user, toPolicyRequest(request)),
  };
}

/** Filing and reading requests through the JSON API (DESIGN §9); the lifecycle actions follow. */
export function requestApi(deps: RequestDeps): Router {
  const router = express.Router();
  router.post('/api/v1/requests', requireRole('citizen'), async (req, res) => {
    const input = parseBody(filingBody, req.body);
    const { request, deadline, rules, receipt } = await fileRequest(
      deps,
      req.user as SessionUser,
      input,
      new Date(),
    );
    const jurisdiction = deps.calendars.get(request.jurisdiction)?.jurisdiction;
    res.status(201).json({
      ref: request.ref,
      jurisdiction: request.jurisdiction,
      agency: request.agency,
      status: request.status,
      visibility: request.visibility,
      rulesVersion: request.rulesVersion,
      receivedAt: request.receivedAt.toISOString(),
      dueAt: request.dueAt.toISOString(),
      explanation: jurisdiction
        ? explainDeadline(
            {
              kind: request.urgent ? 'urgent' : 'response',
              rulesVersion: rules.version,
              receivedAt: request.receivedAt,
              receipt,
              deadline,
              unverified: rules.unverified,
            },
            jurisdiction.timeZone,
            jurisdiction.code,
          )
        : null,
    });
  });
  router.get(
    '/api/v1/requests',
    requireRole('citizen', 'officer', 'agency_admin'),
    async (req, res) => {
      const query = parseQuery(inboxQuery, req.query);
      const user = req.user as SessionUser;
      const now = new Date();
      const [page, counts] = await Promise.all([
        inboxPage(user, query, now),
        inboxCounts(user, now),
      ]);
      res.json({
        items: page.items.map((item) => ({
          ref: item.ref,
          subject: item.subject,
          agency: item.agency,
          status: item.status,
          visibility: item.visibility,
          receivedAt: item.receivedAt.toISOString(),
          dueAt: item.dueAt.toISOString(),
          overdue: isOverdue(item, now),
          assigned: item.assignee !== null,
        })),
        next: page.next,
        counts,
      });
    },
  );
  router.get('/api/v1/requests/:ref', async (req, res) => {
    const ref = refParam.safeParse(req.params.ref);
    if (!ref.success) throw new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');
    res.json(requestView(await findVisibleRequest(req.user, ref.data), req.user, new Date()));
  });
  for (const action of ACTIONS) {
    const roles: Role[] =
      action === 'withdraw' || action === 'reply'
        ? ['citizen']
        : ['officer', 'agency_admin', 'admin'];
    router.post(`/api/v1/requests/:ref/${action}`, requireRole(...roles), async (req, res) => {
      const ref = refParam.safeParse(req.params.ref);
      if (!ref.success) throw new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');
      const input = parseBody(ACTION_BODIES[action], req.body);
      const now = new Date();
      const updated = await applyAction(
        deps.calendars,
        req.user as SessionUser,
        ref.data,
        action,
        input,
        now,
      );
      res.json(requestView(updated, req.user, now));
    });
  }
  return router;
}
