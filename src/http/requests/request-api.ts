import { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../../errors.ts';
import { explainDeadline } from '../../jurisdictions/deadline-explanation.ts';
import { ACTION_BODIES, bulkBody } from '../../requests/request-action-bodies.ts';
import { applyBulk, bulkResultIn } from '../../requests/request-bulk.ts';
import { inboxCounts, inboxPage, inboxQuery } from '../../requests/request-inbox.ts';
import { ACTIONS, isOverdue, type Action } from '../../requests/request-lifecycle.ts';
import { actionRoles, logsForAgency } from '../../requests/request-policy.ts';
import { filingBody, filingCheckBody, loggedFilingBody } from '../../requests/request-schemas.ts';
import {
  agencySuggestions,
  fileRequest,
  findVisibleRequest,
  likelyDuplicates,
  type RequestDeps,
} from '../../requests/request-service.ts';
import { applyAction } from '../../requests/request-transitions.ts';
import type { NextFunction, Request, Response } from 'express';
import { apiOperations, idParams, refParams, STAFF } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import { openVisibleDocument, sendDownload } from './request-downloads.ts';
import { requestView } from './request-page-loader.ts';
import { receiveUpload, uploadsOf, uploadRefusal } from './request-uploads.ts';
import type { DocumentLimits } from '../../documents/document-types.ts';

/** The request API's needs: the one write path's, and what people may attach. */
export type RequestApiDeps = RequestDeps & { documents: DocumentLimits };

const operation = apiOperations<RequestApiDeps>();
const requestNotFound = () => new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');

const ACTION_SUMMARIES: Record<Action, { en: string; ar: string }> = {
  acknowledge: { en: 'Acknowledge receipt', ar: 'الإشعار بالاستلام' },
  assign: { en: 'Assign to an officer', ar: 'الإسناد إلى موظف' },
  clarify: { en: 'Ask the requester to clarify', ar: 'طلب توضيح من مقدّم الطلب' },
  reply: { en: 'Reply to a clarification', ar: 'الرد على طلب التوضيح' },
  message: { en: 'Send a message', ar: 'إرسال رسالة' },
  note: { en: 'Add an internal note', ar: 'إضافة ملاحظة داخلية' },
  extend: { en: 'Extend the deadline as the law allows', ar: 'تمديد المهلة كما يسمح القانون' },
  transfer: { en: 'Transfer to another agency', ar: 'الإحالة إلى جهة أخرى' },
  answer: { en: 'Answer (and publish)', ar: 'الرد (والنشر)' },
  withdraw: { en: 'Withdraw', ar: 'سحب الطلب' },
  appeal: { en: 'Appeal', ar: 'التظلم' },
  'decide-appeal': { en: 'Decide an appeal', ar: 'البت في التظلم' },
  close: { en: 'Close', ar: 'إغلاق' },
  unpublish: { en: 'Take down from publication', ar: 'سحب من النشر' },
};

/** An action's files are uploaded first (`…/documents`), then cited by their ids. */
function refuseMultipart(req: Request, _res: Response, next: NextFunction): void {
  next(
    req.is('multipart/form-data')
      ? new AppError({
          status: 422,
          code: 'DOCUMENT.UPLOAD_SEPARATELY',
          messageKey: 'validation.documentSeparately',
        })
      : undefined,
  );
}

/** `POST /api/v1/requests/:ref/<action>`: one step of the lifecycle (DESIGN §4). */
function actionOperation(action: Action) {
  return operation({
    method: 'post',
    path: `/api/v1/requests/:ref/${action}`,
    tag: 'requests',
    auth: 'session',
    roles: actionRoles(action),
    params: refParams,
    body: ACTION_BODIES[action],
    summary: ACTION_SUMMARIES[action],
    responses: { 200: R.RequestView },
    errors: [409],
    notFound: requestNotFound,
    middleware: () => [refuseMultipart],
    handle: async ({ deps, user, params, body }) => {
      const now = new Date();
      const updated = await applyAction(deps, user, params.ref, action, body, now);
      return requestView(deps.calendars, updated, user, now);
    },
  });
}

/** Filing, reading and acting on requests through the JSON API (DESIGN §9). */
export const REQUEST_API = [
  operation({
    method: 'post',
    path: '/api/v1/requests',
    tag: 'requests',
    auth: 'session',
    roles: ['citizen', 'officer', 'agency_admin'],
    body: z.union([filingBody, loggedFilingBody]),
    summary: {
      en: 'File a request (or log one received offline)',
      ar: 'تقديم طلب (أو تسجيل طلب ورد خارج النظام)',
    },
    responses: { 201: R.Filed },
    errors: [409, 429],
    // An officer logs a request received on paper or by phone: its own fields.
    bodyFor: (user) => (user && logsForAgency(user) ? loggedFilingBody : filingBody),
    handle: async ({ deps, user, body }) => {
      const { request, deadline, rules, receipt } = await fileRequest(deps, user, body, new Date());
      const jurisdiction = deps.calendars.get(request.jurisdiction)?.jurisdiction;
      return {
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
      };
    },
  }),
  // Before filing: the agencies the text suggests, and the requester's likely duplicates.
  operation({
    method: 'post',
    path: '/api/v1/requests/check',
    tag: 'requests',
    auth: 'session',
    roles: ['citizen'],
    body: filingCheckBody,
    summary: {
      en: 'Suggested agencies and likely duplicates',
      ar: 'الجهات المقترحة والطلبات المشابهة',
    },
    responses: { 200: R.FilingCheck },
    handle: async ({ deps, user, body }) => {
      if (!deps.calendars.get(body.jurisdiction))
        throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
      const text = `${body.subject} ${body.body}`;
      const [suggestions, duplicates] = await Promise.all([
        agencySuggestions(body.jurisdiction, text),
        body.agency ? likelyDuplicates(user, body.agency, text, new Date()) : Promise.resolve([]),
      ]);
      return {
        suggestions,
        duplicates: duplicates.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
      };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/requests/bulk',
    tag: 'requests',
    auth: 'session',
    roles: STAFF,
    body: bulkBody,
    summary: { en: 'Extend or close many requests', ar: 'تمديد أو إغلاق عدة طلبات' },
    responses: { 200: R.BulkResults },
    handle: async ({ req, deps, user, body }) => {
      const results = await applyBulk(deps, user, body, new Date());
      return { results: results.map((result) => bulkResultIn(req.locale, result)) };
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/requests',
    tag: 'requests',
    auth: 'session',
    roles: ['citizen', 'officer', 'agency_admin'],
    query: inboxQuery,
    summary: {
      en: 'One’s requests or one’s agency’s, by due date',
      ar: 'طلباتك أو طلبات جهتك حسب الموعد',
    },
    responses: { 200: R.Inbox },
    handle: async ({ user, query }) => {
      const now = new Date();
      const page = await inboxPage(user, query, now);
      return {
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
      };
    },
  }),
  // The counts per filter: a separate call, so a client polls the list without them.
  operation({
    method: 'get',
    path: '/api/v1/requests/counts',
    tag: 'requests',
    auth: 'session',
    roles: ['citizen', 'officer', 'agency_admin'],
    summary: { en: 'Counts per inbox filter', ar: 'الأعداد لكل تصفية' },
    responses: { 200: R.InboxCounts },
    handle: ({ user }) => inboxCounts(user, new Date()),
  }),
  operation({
    method: 'get',
    path: '/api/v1/requests/:ref',
    tag: 'requests',
    auth: 'public',
    params: refParams,
    summary: { en: 'A request as the caller may see it', ar: 'طلب كما يحق للمستدعي رؤيته' },
    responses: { 200: R.RequestView },
    notFound: requestNotFound,
    handle: async ({ deps, user, params }) =>
      requestView(deps.calendars, await findVisibleRequest(user, params.ref), user, new Date()),
  }),
  operation({
    method: 'post',
    path: '/api/v1/requests/:ref/documents',
    tag: 'requests',
    auth: 'session',
    roles: ['citizen', 'officer', 'agency_admin', 'admin'],
    params: refParams,
    upload: true,
    summary: { en: 'Upload a document to cite', ar: 'رفع مستند للإشارة إليه' },
    responses: { 201: R.Uploaded },
    errors: [413, 429],
    notFound: requestNotFound,
    middleware: ({ documents }) => [receiveUpload(documents)],
    handle: ({ req }) => {
      const refusal = uploadRefusal(req);
      if (refusal) throw refusal;
      const [upload] = uploadsOf(req);
      if (!upload) throw new ValidationError({ file: 'validation.documentMissing' });
      return upload;
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/requests/:ref/documents/:id',
    tag: 'requests',
    auth: 'public',
    params: refParams.extend(idParams.shape),
    summary: { en: 'Download a document', ar: 'تنزيل مستند' },
    responses: { 200: 'file' },
    notFound: requestNotFound,
    handle: async ({ res, user, params }) => {
      sendDownload(res, await openVisibleDocument(user, params.ref, params.id));
    },
  }),
  ...ACTIONS.map(actionOperation),
];
