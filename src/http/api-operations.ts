import { AGENCY_API, type AgencyApiDeps } from './agencies/agency-api.ts';
import type { ApiOperation } from './api/api-operation.ts';
import { DOCUMENT_API, type DocumentApiDeps } from './api/api-doc-routes.ts';
import { JURISDICTION_API, type JurisdictionApiDeps } from './jurisdictions/jurisdiction-api.ts';
import { PORTAL_API, type PortalApiDeps } from './portals/portal-api.ts';
import { REQUEST_API } from './requests/request-api.ts';
import { SEARCH_API, type SearchApiDeps } from './search/search-api.ts';
import { STATS_API } from './stats/stats-api.ts';
import { ACCOUNT_API, type AccountApiDeps } from './users/account-api.ts';
import { USER_ADMIN_API, type UserAdminApiDeps } from './users/user-admin-api.ts';
import { WEBHOOK_API, type WebhookApiDeps } from './webhooks/webhook-api.ts';
import type { RequestApiDeps } from './requests/request-api.ts';
import type { StatsDeps } from '../stats/stats-service.ts';

/** Everything the API's handlers use, given once by the app. */
export type ApiDeps = AccountApiDeps &
  UserAdminApiDeps &
  AgencyApiDeps &
  JurisdictionApiDeps &
  RequestApiDeps &
  SearchApiDeps &
  StatsDeps &
  WebhookApiDeps &
  PortalApiDeps &
  DocumentApiDeps;

/**
 * Every operation of the API, each declared once beside its feature's pages
 * (api/api-operation.ts): the app serves them through api/api-router.ts, the
 * OpenAPI document and the reference page are made from them, and the tests
 * check every JSON answer against them (test/support/contract.ts).
 */
export const API_OPERATIONS: readonly ApiOperation<ApiDeps>[] = [
  ...ACCOUNT_API,
  ...USER_ADMIN_API,
  ...AGENCY_API,
  ...JURISDICTION_API,
  ...REQUEST_API,
  ...SEARCH_API,
  ...STATS_API,
  ...DOCUMENT_API,
  ...PORTAL_API,
  ...WEBHOOK_API,
];
