import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createUser, PASSWORD, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

function sessionId(setCookie: string[] | string | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return cookies.find((c) => c.startsWith('haqq.sid='))?.split(';')[0];
}

describe('sessions, login and CSRF', () => {
  let harness: TestApp;
  let adminEmail: string;
  before(async () => {
    harness = await startTestApp('session');
    adminEmail = (await createUser('admin')).email;
  });
  after(() => harness.close());

  it('POST /api/v1/session signs in and answers the user and a CSRF token, never the hash', async () => {
    const res = await request(harness.app)
      .post('/api/v1/session')
      .send({ email: adminEmail.toUpperCase(), password: PASSWORD })
      .expect(200);
    const body = res.body as { user: Record<string, unknown>; csrfToken: string };
    assert.equal(body.user.email, adminEmail);
    assert.deepEqual(body.user.roles, ['admin']);
    assert.ok(body.csrfToken.length >= 32);
    assert.equal(body.user.passwordHash, undefined);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /haqq\.sid=.*HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
  });

  it('gives the same answer for a wrong password and an unknown e-mail', async () => {
    const wrong = await request(harness.app)
      .post('/api/v1/session')
      .set('Cookie', 'haqq_lang=en')
      .send({ email: adminEmail, password: 'not the password' })
      .expect(401);
    const unknown = await request(harness.app)
      .post('/api/v1/session')
      .set('Cookie', 'haqq_lang=en')
      .send({ email: 'nobody@example.org', password: 'not the password' })
      .expect(401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(
      (wrong.body as { error: { code: string } }).error.code,
      'AUTH.INVALID_CREDENTIALS',
    );
  });

  it('rejects a bad body with 422 naming the fields, and an operator in the e-mail', async () => {
    const res = await request(harness.app).post('/api/v1/session').send({}).expect(422);
    assert.deepEqual(Object.keys((res.body as { error: { fields: object } }).error.fields).sort(), [
      'email',
      'password',
    ]);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: { $gt: '' }, password: 'x' })
      .expect(422);
  });

  it('starts no session for a visitor; a login gives a new session id (no session fixation)', async () => {
    const agent = request.agent(harness.app);
    const visit = await agent.get('/login').expect(200);
    assert.equal(sessionId(visit.headers['set-cookie']), undefined, 'no session for a visitor');
    // A session planted in the victim's browser: the attacker's own.
    const attacker = await createUser('citizen');
    const planted = await agent
      .post('/api/v1/session')
      .send({ email: attacker.email, password: PASSWORD })
      .expect(200);
    const before = sessionId(planted.headers['set-cookie']);
    assert.ok(before);
    const page = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: adminEmail, password: PASSWORD, next: '/' })
      .expect(303);
    // Asked for no page, an admin lands on the accounts.
    assert.equal(login.headers.location, '/admin/users');
    const afterLogin = sessionId(login.headers['set-cookie']);
    assert.ok(afterLogin);
    assert.notEqual(afterLogin, before);
    const home = await agent.get('/').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(home.text, /Signed in as Test admin/);
  });

  it('refuses a state change without the CSRF token (403, explained in the language of the page)', async () => {
    const { agent, csrf } = await signIn(harness.app, adminEmail);
    const missing = await agent.delete('/api/v1/session').set('Cookie', 'haqq_lang=en').expect(403);
    assert.equal((missing.body as { error: { code: string } }).error.code, 'CSRF.INVALID');
    const page = await agent
      .post('/logout')
      .set('Accept', 'text/html')
      .type('form')
      .send({ _csrf: 'wrong' })
      .expect(403);
    assert.match(page.text, /lang="(ar|en)"/);
    assert.match(page.text, /(This form has expired|انتهت صلاحية هذا النموذج)/);
    await agent.delete('/api/v1/session').set('X-CSRF-Token', csrf).expect(204);
    await agent.get('/api/v1/admin/jurisdictions/JO/holiday-overrides').expect(401);
  });

  it('the login form keeps the e-mail and explains a failure', async () => {
    const agent = request.agent(harness.app);
    const page = await agent.get('/login').set('Cookie', 'haqq_lang=en').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const res = await agent
      .post('/login')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: csrf, email: adminEmail, password: 'wrong' })
      .expect(401);
    assert.match(res.text, /The e-mail or the password is not right/);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /class="error-summary"[^>]*autofocus/);
    assert.ok(res.text.includes(`value="${adminEmail}"`));
  });

  it('after signing in, each person lands on their own work unless they asked for a page', async () => {
    const landings = { citizen: '/requests', officer: '/requests', auditor: '/audit' } as const;
    for (const [role, landing] of Object.entries(landings)) {
      const user = await createUser(role as keyof typeof landings, {
        ...(role === 'officer' ? { agency: 'JO-MOH' } : {}),
        ...(role === 'auditor' ? { jurisdiction: 'JO' } : {}),
      });
      const agent = request.agent(harness.app);
      const page = await agent.get('/login').expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      const login = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrf, email: user.email, password: PASSWORD })
        .expect(303);
      assert.equal(login.headers.location, landing, role);
    }
  });
});

describe('session cookie behind https', () => {
  let harness: TestApp;
  before(async () => {
    // Production behind a TLS-terminating proxy (trusted: TRUST_PROXY), which says https in
    // X-Forwarded-Proto.
    harness = await startTestApp('session_https', {
      BASE_URL: 'https://haqq.example',
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
      TRUST_PROXY: 'loopback',
    });
  });
  after(() => harness.close());

  it('is Secure when BASE_URL is https, and HSTS is sent', async () => {
    const admin = await createUser('admin');
    const res = await request(harness.app)
      .post('/api/v1/session')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: admin.email, password: PASSWORD })
      .expect(200);
    assert.match(String(res.headers['set-cookie']), /haqq\.sid=.*Secure/);
    assert.match(String(res.headers['strict-transport-security']), /max-age=/);
  });
});
