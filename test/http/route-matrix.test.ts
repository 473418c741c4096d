import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { Role } from '../../src/users/user-model.ts';
import { TOKEN_ROLES, type TokenRole } from '../../src/users/api-token-store.ts';
import { createRequest, createUser, signIn } from '../support/factories.ts';
import { routesOf } from '../support/routes.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Who may use each route. Every route the app has must be listed here (a new
 * route without a rule fails this suite), and every rule must name a route.
 * `public`: anyone; `signed-out`: anyone, tried signed out only (it ends the
 * session); `portal`: a national portal with its secret (FOIA-API-SECRET),
 * never a user's session or token: everyone here gets a 401; a role list: only
 * those roles; with `visitor` among them, anyone signed out too.
 */
const ROLES_ALL: readonly Role[] = ['citizen', 'officer', 'agency_admin', 'auditor', 'admin'];

const ACCESS: Record<string, 'public' | 'signed-out' | 'portal' | readonly (Role | 'visitor')[]> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  // Open to the loopback (as here) and to the METRICS_TOKEN; a proxied caller gets a 404 (health.test.ts).
  'GET /metrics': 'public',
  'GET /lang/:locale': 'public',
  'GET /digits/:numerals': 'public',
  'POST /api/v1/session': 'public',
  'DELETE /api/v1/session': 'signed-out',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'signed-out',
  'POST /api/v1/users': 'public',
  'POST /api/v1/email-confirmations': 'public',
  'POST /api/v1/password-resets': 'public',
  'POST /api/v1/email-confirmations/resend': 'public',
  'POST /confirm-email/resend': 'public',
  'POST /api/v1/invitations/accept': 'public',
  'POST /api/v1/password-resets/confirm': 'public',
  'GET /register': 'public',
  'POST /register': 'public',
  'GET /confirm-email': 'public',
  'POST /confirm-email': 'public',
  'GET /forgot-password': 'public',
  'POST /forgot-password': 'public',
  'GET /reset-password': 'public',
  'POST /reset-password': 'public',
  'GET /set-password': 'public',
  'POST /set-password': 'public',
  'GET /api/v1/admin/users': ['admin', 'agency_admin'],
  'POST /api/v1/admin/invitations': ['admin', 'agency_admin'],
  'POST /api/v1/admin/users/:id/deactivate': ['admin', 'agency_admin'],
  'GET /api/v1/admin/security-events': ['admin'],
  'GET /admin/users': ['admin', 'agency_admin'],
  'POST /admin/users/invite': ['admin', 'agency_admin'],
  'POST /admin/users/:id/deactivate': ['admin', 'agency_admin'],
  'GET /admin/audit': ['admin'],
  'GET /api/v1/admin/api-tokens': ['admin'],
  'POST /api/v1/admin/api-tokens': ['admin'],
  'DELETE /api/v1/admin/api-tokens/:id': ['admin'],
  'GET /': 'public',
  'GET /api/v1/jurisdictions': 'public',
  'GET /api/v1/jurisdictions/:code/deadline': 'public',
  'GET /deadline-calculator': 'public',
  'GET /api/v1/admin/jurisdictions/:code/holiday-overrides': ['admin'],
  'POST /api/v1/admin/jurisdictions/:code/holiday-overrides': ['admin'],
  'DELETE /api/v1/admin/jurisdictions/:code/holiday-overrides/:id': ['admin'],
  'GET /admin/holidays': ['admin'],
  'GET /admin/holidays/:code': ['admin'],
  'POST /admin/holidays/:code': ['admin'],
  'POST /admin/holidays/:code/:id/delete': ['admin'],
  'GET /jurisdictions': 'public',
  'GET /jurisdictions/:code': 'public',
  'POST /api/v1/me/password': ROLES_ALL,
  'POST /api/v1/me/email': ROLES_ALL,
  'GET /account': ROLES_ALL,
  'POST /account/password': ROLES_ALL,
  'POST /account/email': ROLES_ALL,
  'GET /api/v1/agencies': 'public',
  'GET /requests': ['citizen', 'officer', 'agency_admin'],
  // Visitors may answer the filing's questions (they sign in to send); of those signed in, filers.
  'GET /requests/new': ['visitor', 'citizen', 'officer', 'agency_admin'],
  'GET /requests/new/:place': ['visitor', 'citizen', 'officer', 'agency_admin'],
  'POST /requests/new/:place': ['visitor', 'citizen', 'officer', 'agency_admin'],
  'GET /requests/:ref/sent': 'public',
  'POST /requests/bulk': ['officer', 'agency_admin', 'admin'],
  'GET /requests/:ref': 'public',
  'GET /requests/:ref/documents/:id': 'public',
  'GET /requests/:ref/documents/:id/redacted': 'public',
  'GET /requests/:ref/documents/:id/public': 'public',
  'GET /requests/:ref/documents/:id/public.pdf': 'public',
  'GET /requests/:ref/documents/:id/sheets/:sheet': 'public',
  // The agency's staff review a released document's public copy (only their own agency's: 404).
  'GET /requests/:ref/documents/:id/review': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/documents/:id/review': ['officer', 'agency_admin', 'admin'],
  'GET /requests/:ref/documents/:id/review/pages/:page': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/acknowledge': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/assign': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/clarify': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/reply': ['citizen'],
  'POST /requests/:ref/message': ['citizen', 'officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/note': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/extend': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/transfer': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/answer': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/withdraw': ['citizen'],
  'POST /requests/:ref/appeal': ['citizen'],
  'POST /requests/:ref/decide-appeal': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/close': ['officer', 'agency_admin', 'admin'],
  'POST /requests/:ref/unpublish': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests': ['citizen', 'officer', 'agency_admin'],
  'POST /api/v1/requests/check': ['citizen'],
  'POST /api/v1/requests/bulk': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/documents': ['citizen', 'officer', 'agency_admin', 'admin'],
  'GET /api/v1/requests/:ref/documents/:id': 'public',
  'POST /api/v1/requests/:ref/assign': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/message': ['citizen', 'officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/note': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/transfer': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/appeal': ['citizen'],
  'POST /api/v1/requests/:ref/decide-appeal': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/close': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/unpublish': ['officer', 'agency_admin', 'admin'],
  'GET /api/v1/requests': ['citizen', 'officer', 'agency_admin'],
  'GET /api/v1/requests/counts': ['citizen', 'officer', 'agency_admin'],
  'GET /api/v1/requests/:ref': 'public',
  'POST /api/v1/requests/:ref/acknowledge': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/extend': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/answer': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/withdraw': ['citizen'],
  'POST /api/v1/requests/:ref/clarify': ['officer', 'agency_admin', 'admin'],
  'POST /api/v1/requests/:ref/reply': ['citizen'],
  'GET /api/v1/stats': 'public',
  'GET /agencies': 'public',
  'GET /agencies/:code': 'public',
  'GET /statistics': 'public',
  'GET /search': 'public',
  'GET /feeds/agencies/:code.atom': 'public',
  'GET /feeds/jurisdictions/:code.atom': 'public',
  'GET /feeds/search.atom': 'public',
  'GET /robots.txt': 'public',
  'POST /follow': 'public',
  'GET /follow/confirm': 'public',
  'POST /follow/confirm': 'public',
  'GET /follow/unsubscribe': 'public',
  'POST /follow/unsubscribe': 'public',
  'PUT /api/v1/admin/agencies/:code/redaction-rules': ['admin', 'agency_admin'],
  'GET /open-data': 'public',
  'GET /open-data/:name': 'public',
  'GET /open-data/:day/:name': 'public',
  'GET /sitemap.xml': 'public',
  'GET /sitemaps/pages.xml': 'public',
  'GET /sitemaps/requests-:month.xml': 'public',
  'GET /api/v1/search': 'public',
  'GET /statistics/:jurisdiction': 'public',
  'GET /audit': ['auditor', 'admin'],
  'GET /audit/:jurisdiction': ['auditor', 'admin'],
  'GET /audit/:jurisdiction/agencies/:agency': ['auditor', 'admin'],
  'GET /audit/:jurisdiction/overdue': ['auditor', 'admin'],
  'GET /audit/:jurisdiction/requests': ['auditor', 'admin'],
  'GET /audit/report': ['auditor', 'admin', 'agency_admin'],
  'GET /audit/:jurisdiction/report': ['auditor', 'admin', 'agency_admin'],
  'GET /audit/:jurisdiction/report/requests': ['auditor', 'admin', 'agency_admin'],
  'POST /audit/:jurisdiction/report/freeze': ['admin'],
  'GET /statistics/:jurisdiction/report': 'public',
  'POST /api/portal/components/:agencyCode/requests': 'portal',
  'GET /api/v1/admin/portals': ['admin'],
  'POST /api/v1/admin/portals': ['admin'],
  'DELETE /api/v1/admin/portals/:id': ['admin'],
  'GET /admin/portals': ['admin'],
  'POST /admin/portals': ['admin'],
  'POST /admin/portals/:id/revoke': ['admin'],
  'POST /api/v1/webhooks': ['admin', 'agency_admin'],
  'GET /api/v1/webhooks': ['admin', 'agency_admin'],
  'DELETE /api/v1/webhooks/:id': ['admin', 'agency_admin'],
  'POST /api/v1/webhooks/:id/resume': ['admin', 'agency_admin'],
  'GET /api/v1/webhooks/:id/deliveries': ['admin', 'agency_admin'],
  'POST /api/v1/webhooks/:id/deliveries/:delivery/replay': ['admin', 'agency_admin'],
  'GET /admin/webhooks': ['admin', 'agency_admin'],
  'POST /admin/webhooks': ['admin', 'agency_admin'],
  'GET /admin/webhooks/:id': ['admin', 'agency_admin'],
  'POST /admin/webhooks/:id/delete': ['admin', 'agency_admin'],
  'POST /admin/webhooks/:id/resume': ['admin', 'agency_admin'],
  'POST /admin/webhooks/:id/deliveries/:delivery/replay': ['admin', 'agency_admin'],
  'GET /api/v1/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs/:tag': 'public',
  'GET /dev/mail': 'public',
  'GET /dev/mail.json': 'public',
};

const ROLES = ROLES_ALL;

const concrete = (path: string) =>
  path
    .replace(':locale', 'en')
    .replace(':code', 'JO')
    .replace(':jurisdiction', 'JO')
    .replace(':agencyCode', 'JO-MOH')
    .replace(':agency', 'JO-MOH')
    .replace(/:id\b/g, '000000000000000000000000')
    .replace(':delivery', '000000000000000000000000')
    .replace(':ref', 'JO-2026-000001')
    .replace(':place', 'country')
    .replace(':tag', 'requests');

describe('role × route matrix (from the router)', () => {
  let harness: TestApp;
  const agents = new Map<Role, Awaited<ReturnType<typeof signIn>>>();
  const tokens = new Map<TokenRole, string>();
  before(async () => {
    harness = await startTestApp('route_matrix', {
      NODE_ENV: 'development',
      DEV_MAIL_PAGES: 'true',
      MAIL_CATCHER_DIR: '/nonexistent',
    });
    for (const role of ROLES) {
      const user = await createUser(role, {
        agency: role === 'officer' || role === 'agency_admin' ? 'JO-MOH' : null,
        jurisdiction: role === 'auditor' ? 'JO' : null,
      });
      agents.set(role, await signIn(harness.app, user.email));
    }
    const admin = agents.get('admin')!;
    for (const role of TOKEN_ROLES) {
      const created = await admin.agent
        .post('/api/v1/admin/api-tokens')
        .set('X-CSRF-Token', admin.csrf)
        .send({
          name: `${role} integration`,
          role,
          agency: role === 'officer' || role === 'agency_admin' ? 'JO-MOH' : null,
          jurisdiction: role === 'auditor' ? 'JO' : null,
        })
        .expect(201);
      tokens.set(role, (created.body as { token: string }).token);
    }
  });
  after(() => harness.close());

  it('every route has an access rule, and every rule a route', () => {
    const routes = routesOf(harness.app);
    assert.deepEqual(
      routes.filter((route) => !(route in ACCESS)),
      [],
      'routes without a rule in ACCESS',
    );
    assert.deepEqual(
      Object.keys(ACCESS).filter((rule) => !routes.includes(rule)),
      [],
      'rules for routes that no longer exist',
    );
  });

  it('anonymous callers and every role get what the rules say, and never a 500', async () => {
    const failures: string[] = [];
    for (const route of routesOf(harness.app)) {
      const rule = ACCESS[route];
      const [method = 'GET', path = '/'] = route.split(' ');
      const url = concrete(path);
      const call = (client: ReturnType<typeof request>, csrf?: string) => {
        const verb = method.toLowerCase() as 'get' | 'post' | 'delete';
        const pending = client[verb](url).set(
          'Accept',
          url.startsWith('/api/') ? 'application/json' : 'text/html',
        );
        if (method === 'GET') return pending;
        return (csrf ? pending.set('X-CSRF-Token', csrf) : pending).send({});
      };
      const anonymous = (await call(request(harness.app))).status;
      if (rule === 'portal') {
        const statuses = [anonymous];
        for (const role of ROLES) {
          const { agent, csrf } = agents.get(role)!;
          statuses.push((await call(agent, csrf)).status);
        }
        if (statuses.some((status) => status !== 401))
          failures.push(`${route} without the portal's secret → ${statuses.join(', ')}`);
        continue;
      }
      const guarded = Array.isArray(rule) && !rule.includes('visitor');
      const expectedAnonymous = guarded ? (url.startsWith('/api/') ? [401] : [303]) : undefined;
      if (
        anonymous >= 500 ||
        (expectedAnonymous && !expectedAnonymous.includes(anonymous)) ||
        (!guarded && [401, 403].includes(anonymous))
      ) {
        failures.push(`${route} anonymous → ${anonymous}`);
      }
      if (rule === 'signed-out') continue;
      for (const role of ROLES) {
        const { agent, csrf } = agents.get(role)!;
        const status = (await call(agent, csrf)).status;
        const allowed = !Array.isArray(rule) || (rule as readonly string[]).includes(role);
        const ok = status < 500 && (allowed ? ![401, 403].includes(status) : status === 403);
        if (!ok)
          failures.push(`${route} ${role} → ${status} (expected ${allowed ? 'allowed' : '403'})`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('every route called with an API token of each role: what the rules say, and never a 500', async () => {
    const failures: string[] = [];
    for (const route of routesOf(harness.app)) {
      const rule = ACCESS[route];
      if (rule === 'signed-out') continue;
      const [method = 'GET', path = '/'] = route.split(' ');
      const url = concrete(path);
      // One's own account is managed in person, never with a token.
      const own = path.startsWith('/api/v1/me/') || path.startsWith('/account');
      for (const role of TOKEN_ROLES) {
        const verb = method.toLowerCase() as 'get' | 'post' | 'delete';
        const client = request(harness.app);
        const pending = client[verb](url)
          .set('Authorization', `Bearer ${tokens.get(role)!}`)
          .set('Accept', url.startsWith('/api/') ? 'application/json' : 'text/html');
        const status = (await (method === 'GET' ? pending : pending.send({}))).status;
        const allowed =
          !own && (!Array.isArray(rule) || (rule as readonly string[]).includes(role));
        const ok =
          rule === 'portal'
            ? status === 401
            : status < 500 && (allowed ? ![401, 403].includes(status) : status === 403);
        if (!ok)
          failures.push(
            `${route} token ${role} → ${status} (expected ${allowed ? 'allowed' : '403'})`,
          );
      }
    }
    assert.deepEqual(failures, []);
  });

  it('writes made with a token on real objects: a document upload, a new token, an action', async () => {
    const request_ = await createRequest({ agency: 'JO-MOH' });
    const officer = tokens.get('officer')!;
    const upload = await request(harness.app)
      .post(`/api/v1/requests/${request_.ref}/documents`)
      .set('Authorization', `Bearer ${officer}`)
      .attach('file', Buffer.from('A plain note for the file.'), 'note.txt')
      .expect(201);
    assert.ok((upload.body as { id: string }).id);
    await request(harness.app)
      .post(`/api/v1/requests/${request_.ref}/acknowledge`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ version: 1 })
      .expect(200);
    await request(harness.app)
      .post('/api/v1/admin/api-tokens')
      .set('Authorization', `Bearer ${tokens.get('admin')!}`)
      .send({ name: 'made by a token', role: 'auditor', jurisdiction: 'JO' })
      .expect(201);
  });
});
