import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createPortal } from '../../src/portals/portal-service.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, signIn } from '../support/factories.ts';
import { routesOf } from '../support/routes.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** Percent-encodings that decode to nothing valid (a bad escape, a cut or an overlong UTF-8). */
const MALFORMED = ['%ZZ', '%E0%A4%A', '%', '%C0%AF', '%FF%FE'];
/** A JSON body nested 20,000 deep, written as text (JSON.stringify itself would overflow). */
const DEEP = `{"a":${'['.repeat(20_000)}1${']'.repeat(20_000)}}`;

/**
 * Never a 500 on malformed input (issue 30): every route the app answers,
 * each path parameter given a malformed percent-encoding, and every route
 * that takes a body sent one nested 20,000 deep, as a visitor and as an
 * admin. A malformed address is a 400 (a visitor may be stopped first by the
 * CSRF check or an area's guard); a body too deep is a 400 (or the 401, 403
 * or 404 the route gives first); never a 5xx.
 */
describe('malformed addresses and bodies on every route', () => {
  let harness: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let portalSecret = '';
  let routes: string[] = [];
  before(async () => {
    harness = await startTestApp('malformed');
    await seedDemoData({});
    admin = await signIn(harness.app, (await createUser('admin')).email);
    portalSecret = (await createPortal({ name: 'Malformed portal', agencies: [] }, null)).secret;
    routes = routesOf(harness.app).filter((route) => !route.startsWith('DELETE /api/v1/session'));
  });
  after(() => harness.close());

  const send = (
    who: 'visitor' | 'admin',
    method: string,
    path: string,
    body?: string,
  ): Promise<request.Response> => {
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let call = (who === 'admin' ? admin.agent : request(harness.app))[verb](path);
    if (who === 'admin') call = call.set('X-CSRF-Token', admin.csrf);
    call = call.set('FOIA-API-SECRET', portalSecret);
    return body === undefined ? call : call.set('Content-Type', 'application/json').send(body);
  };

  it('answers 400 to a path parameter with malformed percent-encoding', async () => {
    const withParams = routes.filter((route) => route.includes('/:'));
    assert.ok(withParams.length > 40, `only ${String(withParams.length)} routes with parameters`);
    const wrong: string[] = [];
    for (const route of withParams) {
      const [method = 'GET', pattern = ''] = route.split(' ');
      for (const bad of MALFORMED) {
        const path = pattern.replace(/:([A-Za-z]+)/g, bad);
        for (const who of ['visitor', 'admin'] as const) {
          const res = await send(who, method, path);
          // A visitor may be stopped before the route is matched: by the CSRF check, or by a
          // guard over a whole area (401, or the sign-in page).
          const refused = who === 'visitor' && [303, 401, 403].includes(res.status);
          if (res.status !== 400 && !refused)
            wrong.push(`${who} ${method} ${path}: ${String(res.status)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('never answers 5xx to a body nested 20,000 deep, and refuses it where it is read', async () => {
    const withBody = routes.filter((route) => /^(POST|PUT|PATCH|DELETE) /.test(route));
    const wrong: string[] = [];
    for (const route of withBody) {
      const [method = 'POST', pattern = ''] = route.split(' ');
      const path = pattern.replace(/:([A-Za-z]+)/g, 'JO-MOH');
      for (const who of ['visitor', 'admin'] as const) {
        const res = await send(who, method, path, DEEP);
        if (res.status >= 500 || ![400, 401, 403, 404, 413, 415].includes(res.status))
          wrong.push(`${who} ${method} ${path}: ${String(res.status)} ${res.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(wrong, []);
    // Where the body is read, it is refused as too deep, in the API's shape and the portal's.
    const api = await send('admin', 'POST', '/api/v1/requests', DEEP);
    assert.equal(api.status, 400);
    assert.equal((api.body as { error: { code: string } }).error.code, 'BODY.TOO_DEEP');
    const portal = await send('visitor', 'POST', '/api/portal/components/JO-MOH/requests', DEEP);
    assert.equal(portal.status, 400);
    assert.equal((portal.body as { code: string }).code, 'BODY.TOO_DEEP');
  });
});
