import express, { type Router } from 'express';
import { AppError, NotFoundError, ValidationError } from '../../errors.ts';
import { explainDeadline } from '../../jurisdictions/deadline-explanation.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { parseBody, parseQuery } from '../middleware/validation.ts';
import { ACTION_BODIES, bulkBody } from '../../requests/request-action-bodies.ts';
import { applyBulk, bulkResultIn } from '../../requests/request-bulk.ts';
import { openVisibleDocument, sendDownload } from './request-downloads.ts';
import { receiveUpload, uploadOf, uploadRefusal } from './request-uploads.ts';
import { inboxCounts, inboxPage, inboxQuery } from '../../requests/request-inbox.ts';
import { ACTIONS, isOverdue } from '../../requests/request-lifecycle.ts';
import { actionRoles, logsForAgency } from '../../requests/request-policy.ts';
import {
  filingBody,
  filingCheckBody,
  loggedFilingBody,
  refOf,
} from '../../requests/request-schemas.ts';
import {
  agencySuggestions,
  fileRequest,
  findVisibleRequest,
  likelyDuplicates,
  type RequestDeps,
} from '../../requests/request-service.ts';
import { applyAction } from '../../requests/request-transitions.ts';
import { requestView } from './request-page-loader.ts';

/** Filing, reading and acting on requests through the JSON API (DESIGN §9). */
export function requestApi(deps: RequestDeps): Router {
  const router = express.Router();
  const transitions = { calendars: deps.calendars, notifier: deps.notifier };

  router.post(
    '/api/v1/requests',
    requireRole('citizen', 'officer', 'agency_admin'),
    async (req, res) => {
      const user = signedInUser(req);
      const input = logsForAgency(user)
        ? parseBody(loggedFilingBody, req.body)
        : parseBody(filingBody, req.body);
      const { request, deadline, rules, receipt } = await fileRequest(
        deps,
        user,
        input,
        new Date(),
      );
      const jurisdiction = deps.calendars.get(request.jurisdiction)?.jurisdiction;
      res.status(201).json({
        ref: request.ref,
        jurisdiction: request.jurisdiction,
        agency: request.agency,
        channel: request.channel,
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
    },
  );

  // Before filing: the agencies the text suggests, and the requester's likely duplicates.
  router.post('/api/v1/requests/check', requireRole('citizen'), async (req, res) => {
    const input = parseBody(filingCheckBody, req.body);
    if (!deps.calendars.get(input.jurisdiction))
      throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    const text = `${input.subject} ${input.body}`;
    const [suggestions, duplicates] = await Promise.all([
      agencySuggestions(input.jurisdiction, text),
      input.agency
        ? likelyDuplicates(signedInUser(req), input.agency, text, new Date())
        : Promise.resolve([]),
    ]);
    res.json({
      suggestions,
      duplicates: duplicates.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
    });
  });

  router.post(
    '/api/v1/requests/bulk',
    requireRole('officer', 'agency_admin', 'admin'),
    async (req, res) => {
      const input = parseBody(bulkBody, req.body);
      const results = await applyBulk(transitions, signedInUser(req), input, new Date());
      res.json({ results: results.map((result) => bulkResultIn(req.locale, result)) });
    },
  );

  router.get(
    '/api/v1/requests',
    requireRole('citizen', 'officer', 'agency_admin'),
    async (req, res) => {
      const query = parseQuery(inboxQuery, req.query);
      const user = signedInUser(req);
      const now = new Date();
      const page = await inboxPage(user, query, now);
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
      });
    },
  );
  // The counts per filter: a separate call, so a client polls the list without them.
  router.get(
    '/api/v1/requests/counts',
    requireRole('citizen', 'officer', 'agency_admin'),
    async (req, res) => {
      res.json(await inboxCounts(signedInUser(req), new Date()));
    },
  );

  router.get('/api/v1/requests/:ref', async (req, res) => {
    const request = await findVisibleRequest(req.user, refOf(req));
    res.json(await requestView(deps.calendars, request, req.user, new Date()));
  });

  router.post(
    '/api/v1/requests/:ref/documents',
    requireRole('citizen', 'officer', 'agency_admin', 'admin'),
    receiveUpload(),
    (req, res) => {
      const refusal = uploadRefusal(req);
      if (refusal) throw refusal;
      const upload = uploadOf(req);
      if (!upload) throw new ValidationError({ file: 'validation.documentMissing' });
      res.status(201).json(upload);
    },
  );
  router.get('/api/v1/requests/:ref/documents/:id', async (req, res) => {
    sendDownload(res, await openVisibleDocument(req.user, refOf(req), req.params.id));
  });

  for (const action of ACTIONS) {
    router.post(
      `/api/v1/requests/:ref/${action}`,
      requireRole(...actionRoles(action)),
      async (req, res) => {
        if (req.is('multipart/form-data'))
          throw new AppError({
            status: 422,
            code: 'DOCUMENT.UPLOAD_SEPARATELY',
            messageKey: 'validation.documentSeparately',
          });
        const input = parseBody(ACTION_BODIES[action], req.body);
        const now = new Date();
        const updated = await applyAction(
          transitions,
          signedInUser(req),
          refOf(req),
          action,
          input,
          now,
        );
        res.json(await requestView(deps.calendars, updated, req.user, now));
      },
    );
  }
  return router;
}
