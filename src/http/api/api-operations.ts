import { z } from 'zod';
import { agenciesQuery } from '../agencies/agency-api-routes.ts';
import { rulesBody } from '../agencies/agency-admin-api-routes.ts';
import { AGENCY_CODE } from '../../agencies/agency-code.ts';
import { overrideBody } from '../jurisdictions/holiday-override-routes.ts';
import { deadlineQuery } from '../jurisdictions/jurisdiction-api-routes.ts';
import { portalBody } from '../../portals/portal-service.ts';
import { portalRequestBody } from '../../portals/portal-request-body.ts';
import { ACTION_BODIES, bulkBody } from '../../requests/request-action-bodies.ts';
import { inboxQuery } from '../../requests/request-inbox.ts';
import { ACTIONS } from '../../requests/request-lifecycle.ts';
import { actionRoles } from '../../requests/request-policy.ts';
import {
  filingBody,
  filingCheckBody,
  loggedFilingBody,
  refParam,
} from '../../requests/request-schemas.ts';
import { searchQuery } from '../../search/search-service.ts';
import { statsQuery } from '../../stats/stats-service.ts';
import { emailOnlyBody, registration, resetBody, tokenBody } from '../users/account-routes.ts';
import { emailBody, passwordBody } from '../users/own-account-routes.ts';
import { credentials } from '../users/session-routes.ts';
import { apiTokenBody, invitationBody, securityEventsQuery } from '../users/user-admin-routes.ts';
import type { Role } from '../../users/user-model.ts';
import { webhookBody } from '../../webhooks/webhook-service.ts';
import { pageQuery } from '../../platform/keyset.ts';
import * as R from './api-responses.ts';

/**
 * Every route of the API, described once from the schemas the routes
 * validate with (and the response schemas of api-responses.ts): the source of
 * the OpenAPI document (openapi-document.ts). A route missing here fails the
 * suite (test/http/openapi.test.ts), and every response the HTTP tests see is
 * checked against it (test/support/contract.ts).
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The Express path (`:ref`). */
  path: string;
  tag: string;
  summary: { en: string; ar: string };
  /** `public`: anyone; `session`: a signed-in user or an API token (roles below); `portal`: FOIA-API-SECRET. */
  auth: 'public' | 'session' | 'portal';
  roles?: readonly Role[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A `multipart/form-data` body with one `file`. */
  upload?: boolean;
  /** Success responses by status: a JSON schema, none (204), or a file. */
  responses: Record<number, z.ZodType | 'empty' | 'file'>;
  /** The error statuses this route may answer beyond those of its auth and inputs. */
  errors?: readonly number[];
}

const STAFF: readonly Role[] = ['officer', 'agency_admin', 'admin'];
const MANAGERS: readonly Role[] = ['admin', 'agency_admin'];
const EVERYONE: readonly Role[] = ['citizen', 'officer', 'agency_admin', 'auditor', 'admin'];

const ref = z.object({
  ref: refParam.meta({ description: 'The request’s reference, JO-2026-000123' }),
});
const objectId = z.string().regex(/^[0-9a-f]{24}$/);
const id = z.object({ id: objectId });
const jurisdiction = z.object({ code: z.string().regex(/^[A-Za-z]{2}$/) });
const agency = z.object({ code: z.string().regex(AGENCY_CODE) });

const ACTION_SUMMARIES: Record<string, { en: string; ar: string }> = {
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

export const API_OPERATIONS: readonly ApiOperation[] = [
  // Accounts and sessions
  {
    method: 'post',
    path: '/api/v1/session',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Sign in', ar: 'تسجيل الدخول' },
    body: credentials,
    responses: { 200: R.SessionStarted },
    errors: [401, 429],
  },
  {
    method: 'delete',
    path: '/api/v1/session',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Sign out', ar: 'تسجيل الخروج' },
    responses: { 204: 'empty' },
  },
  {
    method: 'post',
    path: '/api/v1/users',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Register as a citizen', ar: 'التسجيل كمواطن' },
    body: registration,
    responses: { 202: R.CheckYourMail },
    errors: [429],
  },
  {
    method: 'post',
    path: '/api/v1/email-confirmations',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Confirm an e-mail address', ar: 'تأكيد عنوان البريد' },
    body: tokenBody,
    responses: { 200: R.Confirmed },
  },
  {
    method: 'post',
    path: '/api/v1/email-confirmations/resend',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Send the confirmation again', ar: 'إعادة إرسال رسالة التأكيد' },
    body: emailOnlyBody,
    responses: { 202: R.CheckYourMail },
    errors: [429],
  },
  {
    method: 'post',
    path: '/api/v1/password-resets',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Ask for a password reset', ar: 'طلب إعادة تعيين كلمة المرور' },
    body: emailOnlyBody,
    responses: { 202: R.CheckYourMail },
    errors: [429],
  },
  {
    method: 'post',
    path: '/api/v1/password-resets/confirm',
    tag: 'accounts',
    auth: 'public',
    summary: {
      en: 'Set a new password from a reset link',
      ar: 'تعيين كلمة مرور جديدة من رابط الإعادة',
    },
    body: resetBody,
    responses: { 200: R.PasswordChanged },
  },
  {
    method: 'post',
    path: '/api/v1/invitations/accept',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Accept an invitation', ar: 'قبول دعوة' },
    body: resetBody,
    responses: { 200: R.PasswordSet },
  },
  {
    method: 'post',
    path: '/api/v1/me/password',
    tag: 'accounts',
    auth: 'session',
    roles: EVERYONE,
    summary: { en: 'Change one’s password', ar: 'تغيير كلمة المرور' },
    body: passwordBody,
    responses: { 200: R.PasswordChanged },
  },
  {
    method: 'post',
    path: '/api/v1/me/email',
    tag: 'accounts',
    auth: 'session',
    roles: EVERYONE,
    summary: { en: 'Change one’s e-mail address', ar: 'تغيير عنوان البريد' },
    body: emailBody,
    responses: { 202: R.CheckYourMail },
    errors: [409],
  },
  // Administration
  {
    method: 'get',
    path: '/api/v1/admin/users',
    query: pageQuery,
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    summary: { en: 'Accounts one manages', ar: 'الحسابات التي تديرها' },
    responses: { 200: R.UsersList },
  },
  {
    method: 'post',
    path: '/api/v1/admin/invitations',
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    summary: { en: 'Invite staff', ar: 'دعوة موظف' },
    body: invitationBody,
    responses: { 201: R.CreatedId },
    errors: [409],
  },
  {
    method: 'post',
    path: '/api/v1/admin/users/:id/deactivate',
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    params: id,
    summary: { en: 'Deactivate an account', ar: 'تعطيل حساب' },
    responses: { 200: R.Deactivated },
  },
  {
    method: 'get',
    path: '/api/v1/admin/security-events',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    query: securityEventsQuery,
    summary: { en: 'The security log', ar: 'سجل الأمان' },
    responses: { 200: R.SecurityEvents },
  },
  {
    method: 'get',
    path: '/api/v1/admin/api-tokens',
    query: pageQuery,
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    summary: { en: 'API tokens', ar: 'رموز الواجهة البرمجية' },
    responses: { 200: R.ApiTokens },
  },
  {
    method: 'post',
    path: '/api/v1/admin/api-tokens',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    body: apiTokenBody,
    summary: { en: 'Create an API token (shown once)', ar: 'إنشاء رمز (يظهر مرة واحدة)' },
    responses: { 201: R.CreatedToken },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/api-tokens/:id',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: id,
    summary: { en: 'Revoke an API token', ar: 'إلغاء رمز' },
    responses: { 200: R.Revoked },
  },
  {
    method: 'put',
    path: '/api/v1/admin/agencies/:code/redaction-rules',
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    params: agency,
    body: rulesBody,
    summary: { en: 'An agency’s redaction rules', ar: 'قواعد الحجب لجهة' },
    responses: { 200: R.RulesSaved },
  },
  {
    method: 'get',
    path: '/api/v1/admin/jurisdictions/:code/holiday-overrides',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: jurisdiction,
    summary: { en: 'Holiday corrections of a country', ar: 'تصحيحات العطل لبلد' },
    responses: { 200: R.HolidayOverrides },
  },
  {
    method: 'post',
    path: '/api/v1/admin/jurisdictions/:code/holiday-overrides',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: jurisdiction,
    body: overrideBody,
    summary: { en: 'Correct a holiday (due dates recomputed)', ar: 'تصحيح عطلة (تُعاد المهل)' },
    responses: { 201: R.HolidayOverrideChange },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/jurisdictions/:code/holiday-overrides/:id',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: jurisdiction.extend(id.shape),
    summary: { en: 'Remove a holiday correction', ar: 'حذف تصحيح عطلة' },
    responses: { 200: R.HolidayOverrideChange },
  },
  {
    method: 'get',
    path: '/api/v1/admin/portals',
    query: pageQuery,
    tag: 'integration',
    auth: 'session',
    roles: ['admin'],
    summary: { en: 'National portals', ar: 'البوابات الوطنية' },
    responses: { 200: R.Portals },
  },
  {
    method: 'post',
    path: '/api/v1/admin/portals',
    tag: 'integration',
    auth: 'session',
    roles: ['admin'],
    body: portalBody,
    summary: {
      en: 'Add a national portal (its secret shown once)',
      ar: 'إضافة بوابة وطنية (يظهر رمزها مرة واحدة)',
    },
    responses: { 201: R.CreatedWithSecret },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/portals/:id',
    tag: 'integration',
    auth: 'session',
    roles: ['admin'],
    params: id,
    summary: { en: 'Revoke a national portal', ar: 'إلغاء بوابة وطنية' },
    responses: { 204: 'empty' },
  },
  // Countries, agencies, deadlines
  {
    method: 'get',
    path: '/api/v1/jurisdictions',
    tag: 'law',
    auth: 'public',
    summary: { en: 'Countries and their laws', ar: 'البلدان وقوانينها' },
    responses: { 200: R.Jurisdictions },
  },
  {
    method: 'get',
    path: '/api/v1/jurisdictions/:code/deadline',
    tag: 'law',
    auth: 'public',
    params: jurisdiction,
    query: deadlineQuery,
    summary: { en: 'A legal deadline, explained', ar: 'مهلة قانونية مع شرحها' },
    responses: { 200: R.Deadline },
  },
  {
    method: 'get',
    path: '/api/v1/agencies',
    tag: 'law',
    auth: 'public',
    query: agenciesQuery,
    summary: {
      en: 'A country’s agencies, or those a text suggests',
      ar: 'جهات بلد، أو ما يقترحه نص',
    },
    responses: { 200: R.Agencies },
  },
  // Requests
  {
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
  },
  {
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
  },
  {
    method: 'post',
    path: '/api/v1/requests/bulk',
    tag: 'requests',
    auth: 'session',
    roles: STAFF,
    body: bulkBody,
    summary: { en: 'Extend or close many requests', ar: 'تمديد أو إغلاق عدة طلبات' },
    responses: { 200: R.BulkResults },
  },
  {
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
  },
  {
    method: 'get',
    path: '/api/v1/requests/counts',
    tag: 'requests',
    auth: 'session',
    roles: ['citizen', 'officer', 'agency_admin'],
    summary: { en: 'Counts per inbox filter', ar: 'الأعداد لكل تصفية' },
    responses: { 200: R.InboxCounts },
  },
  {
    method: 'get',
    path: '/api/v1/requests/:ref',
    tag: 'requests',
    auth: 'public',
    params: ref,
    summary: { en: 'A request as the caller may see it', ar: 'طلب كما يحق للمستدعي رؤيته' },
    responses: { 200: R.RequestView },
  },
  {
    method: 'post',
    path: '/api/v1/requests/:ref/documents',
    tag: 'requests',
    auth: 'session',
    roles: ['citizen', 'officer', 'agency_admin', 'admin'],
    params: ref,
    upload: true,
    summary: { en: 'Upload a document to cite', ar: 'رفع مستند للإشارة إليه' },
    responses: { 201: R.Uploaded },
    errors: [413, 429],
  },
  {
    method: 'get',
    path: '/api/v1/requests/:ref/documents/:id',
    tag: 'requests',
    auth: 'public',
    params: ref.extend(id.shape),
    summary: { en: 'Download a document', ar: 'تنزيل مستند' },
    responses: { 200: 'file' },
  },
  ...ACTIONS.map((action): ApiOperation => ({
    method: 'post',
    path: `/api/v1/requests/:ref/${action}`,
    tag: 'requests',
    auth: 'session',
    roles: actionRoles(action),
    params: ref,
    body: ACTION_BODIES[action],
    summary: ACTION_SUMMARIES[action] ?? { en: action, ar: action },
    responses: { 200: R.RequestView },
    errors: [409],
  })),
  // The public portal
  {
    method: 'get',
    path: '/api/v1/search',
    tag: 'public',
    auth: 'public',
    query: searchQuery,
    summary: { en: 'Search the published requests', ar: 'البحث في الطلبات المنشورة' },
    responses: { 200: R.SearchResults },
  },
  {
    method: 'get',
    path: '/api/v1/stats',
    tag: 'public',
    auth: 'public',
    query: statsQuery,
    summary: { en: 'Statistics (public, or an auditor’s)', ar: 'الإحصاءات (العامة أو للمدقق)' },
    responses: { 200: R.Stats },
  },
  // This document
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'documentation',
    auth: 'public',
    summary: { en: 'This API, as OpenAPI 3.1', ar: 'هذه الواجهة بصيغة OpenAPI 3.1' },
    responses: { 200: R.OpenApiDocument },
  },
  // Integration
  {
    method: 'post',
    path: '/api/portal/components/:agencyCode/requests',
    tag: 'integration',
    auth: 'portal',
    params: z.object({ agencyCode: z.string().regex(AGENCY_CODE) }),
    body: portalRequestBody,
    summary: {
      en: 'A national portal pushes a request (FOIA.gov agency API 1.1.0)',
      ar: 'بوابة وطنية ترسل طلبًا (واجهة FOIA.gov للجهات 1.1.0)',
    },
    responses: { 200: R.PortalAccepted },
    errors: [413],
  },
  {
    method: 'post',
    path: '/api/v1/webhooks',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    body: webhookBody,
    summary: {
      en: 'Register a webhook address (its secret shown once)',
      ar: 'تسجيل عنوان خطاف (يظهر رمزه مرة واحدة)',
    },
    responses: { 201: R.CreatedWithSecret },
  },
  {
    method: 'get',
    path: '/api/v1/webhooks',
    query: pageQuery,
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    summary: { en: 'Webhook addresses', ar: 'عناوين الخطافات' },
    responses: { 200: R.WebhookEndpoints },
  },
  {
    method: 'delete',
    path: '/api/v1/webhooks/:id',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: id,
    summary: { en: 'Remove a webhook address', ar: 'حذف عنوان خطاف' },
    responses: { 204: 'empty' },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/:id/resume',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: id,
    summary: { en: 'Resume a paused webhook address', ar: 'استئناف عنوان خطاف متوقف' },
    responses: { 200: R.WebhookEndpointView },
  },
  {
    method: 'get',
    path: '/api/v1/webhooks/:id/deliveries',
    query: pageQuery,
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: id,
    summary: { en: 'A webhook address’s delivery log', ar: 'سجل إرسال عنوان خطاف' },
    responses: { 200: R.WebhookDeliveries },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/:id/deliveries/:delivery/replay',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: id.extend({ delivery: objectId }),
    summary: { en: 'Send a logged delivery again', ar: 'إعادة إرسال رسالة من السجل' },
    responses: { 202: R.Queued },
    errors: [409],
  },
];
