import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { settleAfterResponse } from '../../src/platform/after-response.ts';
import { UserModel } from '../../src/users/user-model.ts';
import { createUser, PASSWORD, signIn } from '../support/factories.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

interface ErrorBody {
  error: { code: string };
}
type Agent = Awaited<ReturnType<typeof signIn>>;

/**
 * How long a session and an API token live: an unconfirmed account gets
 * neither; a reset, a change of password or e-mail, deactivation, a lost role
 * end every other session and token of the user at their next call.
 */
describe('the session lifecycle: confirmation first, and a change of credentials ends the rest', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  before(async () => {
    harness = await startTestAppWithMailbox('session_lifecycle');
  });
  after(() => harness.close());

  const mailsTo = async (address: string) => {
    await settleAfterResponse();
    return harness.mailbox.messages().filter((mail) => mail.to.includes(address));
  };
  const linkIn = (text: string, path: string) =>
    new RegExp(`http://haqq\\.example${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];
  const lastLink = async (address: string, path: string) => {
    const mails = await mailsTo(address);
    const token = linkIn(mails.at(-1)?.text ?? '', path);
    assert.ok(token, `a ${path} link to ${address}`);
    return token;
  };
  /** An admin signed in twice (two browsers) and an API token they made. */
  const adminWithSessionsAndToken = async () => {
    const user = await createUser('admin', { locale: 'en' });
    const first = await signIn(harness.app, user.email);
    const second = await signIn(harness.app, user.email);
    const created = await first.agent
      .post('/api/v1/admin/api-tokens')
      .set('X-CSRF-Token', first.csrf)
      .send({ name: 'case system', role: 'officer', agency: 'JO-MOH' })
      .expect(201);
    const token = (created.body as { token: string }).token;
    return { user, first, second, token };
  };
  const works = (agent: Agent) => agent.agent.get('/api/v1/admin/users').expect(200);
  const ended = (agent: Agent) => agent.agent.get('/api/v1/admin/users').expect(401);
  const tokenCall = (token: string) =>
    request(harness.app).get('/api/v1/requests').set('Authorization', `Bearer ${token}`);

  it('an unconfirmed account gets no session: 403 by API, a page to confirm by form, and new links on request', async () => {
    const email = 'someone.else@example.org';
    await request(harness.app)
      .post('/api/v1/users')
      .send({ name: 'Squatter', email, password: 'a squatted passphrase', locale: 'en' })
      .expect(202);
    const firstLink = await lastLink(email, '/confirm-email');
    const api = await request(harness.app)
      .post('/api/v1/session')
      .send({ email, password: 'a squatted passphrase' })
      .expect(403);
    assert.equal((api.body as ErrorBody).error.code, 'AUTH.EMAIL_UNCONFIRMED');
    assert.equal(api.headers['set-cookie'], undefined, 'no session');

    const browser = request.agent(harness.app);
    const login = await browser.get('/login').set('Cookie', 'haqq_lang=en').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1];
    const page = await browser
      .post('/login')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: csrf, email, password: 'a squatted passphrase', next: '/requests/new' })
      .expect(403);
    assert.match(page.text, /Confirm your e-mail address first/);
    assert.match(page.text, /action="\/confirm-email\/resend"/);
    // Nothing of a signed-in user: no filing, no list.
    await browser.get('/requests').expect(303);
    await browser
      .post('/api/v1/requests')
      .set('X-CSRF-Token', csrf ?? '')
      .send({ jurisdiction: 'JO' })
      .expect(401);

    // A new link on request (the page's form); only the newest works.
    const resend = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    await browser
      .post('/confirm-email/resend')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: resend, email })
      .expect(200);
    const secondLink = await lastLink(email, '/confirm-email');
    assert.notEqual(secondLink, firstLink);
    await request(harness.app)
      .post('/api/v1/email-confirmations')
      .send({ token: firstLink })
      .expect(400);
    await request(harness.app)
      .post('/api/v1/email-confirmations')
      .send({ token: secondLink })
      .expect(200);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email, password: 'a squatted passphrase' })
      .expect(200);
  });

  it('registering an address that has an account mails its owner and creates nothing', async () => {
    const owner = await createUser('citizen', { locale: 'en' });
    await request(harness.app)
      .post('/api/v1/users')
      .send({ name: 'Impostor', email: owner.email, password: 'impostor passphrase 1' })
      .expect(202);
    assert.equal(await UserModel.countDocuments({ email: owner.email }), 1);
    const [notice] = await mailsTo(owner.email);
    assert.match(notice?.subject ?? '', /tried to register/);
  });

  it('a password reset ends every session and API token of the user', async () => {
    const { user, first, second, token } = await adminWithSessionsAndToken();
    await works(second);
    await tokenCall(token).expect(200);
    await request(harness.app)
      .post('/api/v1/password-resets')
      .send({ email: user.email })
      .expect(202);
    await request(harness.app)
      .post('/api/v1/password-resets/confirm')
      .send({
        token: await lastLink(user.email, '/reset-password'),
        password: 'a fresh passphrase',
      })
      .expect(200);
    await ended(first);
    await ended(second);
    await tokenCall(token).expect(401);
    await signIn(harness.app, user.email, 'a fresh passphrase');
  });

  it('a password change keeps this session and ends the others and the tokens', async () => {
    const { first, second, token } = await adminWithSessionsAndToken();
    const changed = await first.agent
      .post('/api/v1/me/password')
      .set('X-CSRF-Token', first.csrf)
      .send({ currentPassword: PASSWORD, newPassword: 'another fresh passphrase' })
      .expect(200);
    const csrf = (changed.body as { csrfToken: string }).csrfToken;
    await works({ agent: first.agent, csrf });
    await ended(second);
    await tokenCall(token).expect(401);
  });

  it('a confirmed change of e-mail ends every session and token', async () => {
    const { first, second, token } = await adminWithSessionsAndToken();
    await first.agent
      .post('/api/v1/me/email')
      .set('X-CSRF-Token', first.csrf)
      .send({ password: PASSWORD, email: 'moved.admin@example.org' })
      .expect(202);
    // Asked for, not yet confirmed: nothing ends.
    await works(second);
    await tokenCall(token).expect(200);
    await request(harness.app)
      .post('/api/v1/email-confirmations')
      .send({ token: await lastLink('moved.admin@example.org', '/confirm-email') })
      .expect(200);
    await ended(first);
    await ended(second);
    await tokenCall(token).expect(401);
  });

  it('deactivation ends every session and token; a lost role ends the tokens at the next call', async () => {
    const { user, second, token } = await adminWithSessionsAndToken();
    const other = await signIn(harness.app, (await createUser('admin')).email);
    await other.agent
      .post(`/api/v1/admin/users/${user._id.toString()}/deactivate`)
      .set('X-CSRF-Token', other.csrf)
      .send({})
      .expect(200);
    await ended(second);
    await tokenCall(token).expect(401);

    // A role taken away (in the store, as an operator would): the token stops, and
    // works again when the role is back, since it was never revoked.
    const demoted = await adminWithSessionsAndToken();
    await tokenCall(demoted.token).expect(200);
    await UserModel.updateOne({ _id: demoted.user._id }, { $set: { roles: ['citizen'] } });
    await tokenCall(demoted.token).expect(401);
    await UserModel.updateOne({ _id: demoted.user._id }, { $set: { roles: ['admin'] } });
    await tokenCall(demoted.token).expect(200);
  });

  it('only the newest reset link works: issuing one ends the earlier, using one ends the rest', async () => {
    const user = await createUser('citizen', { locale: 'en' });
    const ask = () =>
      request(harness.app).post('/api/v1/password-resets').send({ email: user.email }).expect(202);
    await ask();
    const older = await lastLink(user.email, '/reset-password');
    await ask();
    const newer = await lastLink(user.email, '/reset-password');
    await request(harness.app)
      .post('/api/v1/password-resets/confirm')
      .send({ token: older, password: 'the older link passphrase' })
      .expect(400);
    await request(harness.app)
      .post('/api/v1/password-resets/confirm')
      .send({ token: newer, password: 'the newer link passphrase' })
      .expect(200);
  });
});
