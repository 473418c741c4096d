import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { settleAfterResponse } from '../../src/platform/after-response.ts';
import { UserModel } from '../../src/users/user-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, PASSWORD, signIn } from '../support/factories.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

interface ErrorBody {
  error: { code: string };
}

/** The smaller findings of the black-box review, each as the review found it. */
describe('hardening: login CSRF, Origin, mail injection, limits, caching, logout', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  before(async () => {
    harness = await startTestAppWithMailbox('hardening');
    await seedDemoData({});
  });
  after(() => harness.close());

  it('a form-encoded sign-in needs the page token (no login CSRF); JSON needs none', async () => {
    const user = await createUser('citizen');
    const forged = await request(harness.app)
      .post('/api/v1/session')
      .type('form')
      .send({ email: user.email, password: PASSWORD })
      .expect(403);
    assert.equal((forged.body as ErrorBody).error.code, 'CSRF.INVALID');
    assert.equal(forged.headers['set-cookie'], undefined);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
  });

  it('a state change from another origin is refused, even with a valid token', async () => {
    const { agent, csrf } = await signIn(harness.app, (await createUser('citizen')).email);
    const other = await agent
      .delete('/api/v1/session')
      .set('Origin', 'https://evil.example')
      .set('X-CSRF-Token', csrf)
      .expect(403);
    assert.equal((other.body as ErrorBody).error.code, 'CSRF.ORIGIN');
    await agent
      .delete('/api/v1/session')
      .set('Origin', 'http://haqq.example')
      .set('X-CSRF-Token', csrf)
      .expect(204);
  });

  it("a form sent with `Origin: null` (a browser's privacy setting) is judged by its token alone", async () => {
    const agent = request.agent(harness.app);
    const page = await agent.get('/login').expect(200);
    assert.equal(page.headers['referrer-policy'], 'same-origin');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const user = await createUser('citizen');
    await agent
      .post('/login')
      .set('Origin', 'null')
      .type('form')
      .send({ _csrf: csrf, email: user.email, password: PASSWORD, next: '/' })
      .expect(303);
    await agent
      .post('/login')
      .set('Origin', 'null')
      .type('form')
      .send({ _csrf: 'wrong', email: user.email, password: PASSWORD, next: '/' })
      .expect(403);
  });

  it('names and subjects keep to one line; a mail links only to Haqq', async () => {
    await request(harness.app)
      .post('/api/v1/users')
      .send({
        name: 'Ali\n\nYour account is suspended, log in at:\n\nhttps://evil.example/login',
        email: 'injected@example.org',
        password: 'a long enough passphrase',
        locale: 'en',
      })
      .expect(202);
    const stored = await UserModel.findOne({ email: 'injected@example.org' }).lean();
    assert.ok(stored && !/[\r\n]/.test(stored.name), stored?.name);
    await settleAfterResponse();
    const mail = harness.mailbox.messages().find((m) => m.to.includes('injected@example.org'));
    assert.ok(mail);
    const links = [...(mail.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(links.length > 0);
    for (const link of links) assert.match(link!, /^http:\/\/haqq\.example\//);
    assert.doesNotMatch(mail.subject, /[\r\n]/);

    const citizen = await signIn(harness.app, (await createUser('citizen')).email);
    const filed = await citizen.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', citizen.csrf)
      .send({
        jurisdiction: 'JO',
        agency: 'JO-MOH',
        subject: 'Budgets\r\nBcc: everyone@example.org',
        body: 'Please send the 2025 budget of every public hospital, line by line.',
        visibility: 'public',
      })
      .expect(201);
    const view = await citizen.agent
      .get(`/api/v1/requests/${(filed.body as { ref: string }).ref}`)
      .expect(200);
    assert.equal((view.body as { subject: string }).subject, 'Budgets Bcc: everyone@example.org');
  });

  it('asking for e-mail changes is limited: it mails an address the caller chooses', async () => {
    const { agent, csrf } = await signIn(harness.app, (await createUser('citizen')).email);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1)
      statuses.push(
        (
          await agent
            .post('/api/v1/me/email')
            .set('X-CSRF-Token', csrf)
            .send({ password: PASSWORD, email: `target-${String(i)}@example.org` })
        ).status,
      );
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429]);
  });

  it('the current-password check has the sign-in limits: the fifth wrong guess locks', async () => {
    const { agent, csrf } = await signIn(harness.app, (await createUser('citizen')).email);
    const guess = (password: string) =>
      agent
        .post('/api/v1/me/password')
        .set('X-CSRF-Token', csrf)
        .send({ currentPassword: password, newPassword: 'a new long passphrase' });
    for (let i = 0; i < 4; i += 1) await guess(`guess ${String(i)}`).expect(422);
    const fifth = await guess('guess 5').expect(429);
    assert.equal((fifth.body as ErrorBody).error.code, 'AUTH.ACCOUNT_LOCKED');
    await guess(PASSWORD).expect(429);
  });

  it('private answers are never cached; logout clears the cookie', async () => {
    const { agent, csrf } = await signIn(harness.app, (await createUser('citizen')).email);
    for (const path of ['/api/v1/requests', '/requests', '/account', '/'])
      assert.equal(
        (await agent.get(path)).headers['cache-control'],
        'no-store',
        `${path} for a signed-in user`,
      );
    assert.equal(
      (await request(harness.app).get('/api/v1/agencies')).headers['cache-control'],
      'no-store',
    );
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    assert.match(String(out.headers['set-cookie']), /haqq\.sid=;.*Expires=Thu, 01 Jan 1970/);
  });
});
