import { NotFoundError } from '../../errors.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { pageQuery } from '../../platform/keyset.ts';
import { listSecurityEvents, recordSecurityEvent } from '../../security/security-log.ts';
import type { AccountDeps } from '../../users/account-mail.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../users/api-token-store.ts';
import { deactivate, invite, listManagedUsers } from '../../users/user-admin-service.ts';
import { apiOperations, idParams, MANAGERS } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import { apiTokenBody, invitationBody, securityEventsQuery } from './user-admin-routes.ts';

/** What the administration of accounts needs: the mailer (invitations) and the countries. */
export interface UserAdminApiDeps {
  accounts: AccountDeps;
  jurisdictions: JurisdictionRegistry;
}

const operation = apiOperations<UserAdminApiDeps>();
const userNotFound = () => new NotFoundError('USER.NOT_FOUND');
const tokenNotFound = () => new NotFoundError('API_TOKEN.NOT_FOUND');

/** Admins and agency admins manage accounts; admins read the security log and manage API tokens. */
export const USER_ADMIN_API = [
  operation({
    method: 'get',
    path: '/api/v1/admin/users',
    query: pageQuery,
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    summary: { en: 'Accounts one manages', ar: 'الحسابات التي تديرها' },
    responses: { 200: R.UsersList },
    handle: ({ user, query }) => listManagedUsers(user, query),
  }),
  operation({
    method: 'post',
    path: '/api/v1/admin/invitations',
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    summary: { en: 'Invite staff', ar: 'دعوة موظف' },
    body: invitationBody,
    responses: { 201: R.CreatedId },
    errors: [409],
    handle: async ({ deps, user, body, ip }) => ({
      id: await invite(deps.accounts, deps.jurisdictions, user, body, ip, new Date()),
    }),
  }),
  operation({
    method: 'post',
    path: '/api/v1/admin/users/:id/deactivate',
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    params: idParams,
    summary: { en: 'Deactivate an account', ar: 'تعطيل حساب' },
    responses: { 200: R.Deactivated },
    notFound: userNotFound,
    handle: async ({ user, params, ip }) => {
      await deactivate(user, params.id, ip, new Date());
      return { status: 'deactivated' };
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/admin/security-events',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    query: securityEventsQuery,
    summary: { en: 'The security log', ar: 'سجل الأمان' },
    responses: { 200: R.SecurityEvents },
    handle: async ({ query }) => {
      const { items, next } = await listSecurityEvents(
        query.type ? { type: query.type } : {},
        query,
      );
      return { events: items, next };
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/admin/api-tokens',
    query: pageQuery,
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    summary: { en: 'API tokens', ar: 'رموز الواجهة البرمجية' },
    responses: { 200: R.ApiTokens },
    handle: ({ query }) => listApiTokens(query),
  }),
  operation({
    method: 'post',
    path: '/api/v1/admin/api-tokens',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    body: apiTokenBody,
    summary: { en: 'Create an API token (shown once)', ar: 'إنشاء رمز (يظهر مرة واحدة)' },
    responses: { 201: R.CreatedToken },
    handle: async ({ user, body, ip }) => {
      const created = await createApiToken(body, user.id, new Date());
      await recordSecurityEvent({
        type: 'api_token_created',
        actor: user.id,
        ip,
        target: created.id,
        data: { role: body.role, agency: body.agency },
      });
      // The only time the token is shown.
      return { ...created, ...body };
    },
  }),
  operation({
    method: 'delete',
    path: '/api/v1/admin/api-tokens/:id',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: idParams,
    summary: { en: 'Revoke an API token', ar: 'إلغاء رمز' },
    responses: { 200: R.Revoked },
    notFound: tokenNotFound,
    handle: async ({ user, params, ip }) => {
      if (!(await revokeApiToken(params.id, new Date()))) throw tokenNotFound();
      await recordSecurityEvent({
        type: 'api_token_revoked',
        actor: user.id,
        ip,
        target: params.id,
      });
      return { status: 'revoked' };
    },
  }),
];
