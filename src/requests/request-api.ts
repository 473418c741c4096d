import express, { type Router } from 'express';
import { NotFoundError } from '../errors.ts';
import { explainDeadline } from '../jurisdictions/deadline-explanation.ts';
import type { SessionUser } from '../users/user-store.ts';
import { requireRole } from '../web/auth.ts';
import { parseBody } from '../web/validation.ts';
import { requesterAsSeenBy } from './request-policy.ts';
import { filingBody, refParam } from './request-schemas.ts';
import { fileRequest, findVisibleRequest, type RequestDeps } from './request-service.ts';
import { OPEN_STATUSES, type RequestStatus } from './request-model.ts';

/** Overdue is derived from the due date and the clock, never stored (DESIGN §3). */
export function isOverdue(request: { status: RequestStatus; dueAt: Date }, now: Date): boolean {
  return (
    OPEN_STATUSES.includes(request.status) &&
    request.status !== 'awaiting_clarification' &&
    request.dueAt.getTime() < now.getTime()
  );
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
  router.get('/api/v1/requests/:ref', async (req, res) => {
    const ref = refParam.safeParse(req.params.ref);
    if (!ref.success) throw new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');
    const request = await findVisibleRequest(req.user, ref.data);
    const now = new Date();
    res.json({
      ref: request.ref,
      jurisdiction: request.jurisdiction,
      agency: request.agency,
      subject: request.subject,
      body: request.body,
      status: request.status,
      visibility: request.visibility,
      rulesVersion: request.rulesVersion,
      receivedAt: request.receivedAt.toISOString(),
      dueAt: request.dueAt.toISOString(),
      overdue: isOverdue(request, now),
      requester: requesterAsSeenBy(req.user, {
        ...request,
        requester: {
          user: request.requester?.user ?? null,
          name: request.requester?.name ?? '',
          email: request.requester?.email ?? null,
        },
      }),
    });
  });
  return router;
}
