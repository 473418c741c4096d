import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { MailCatcher } from '../../src/dev/mail-catcher.ts';
import { UserModel } from '../../src/users/user-model.ts';
import { createUser, PASSWORD, signIn } from '../support/factories.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

describe('own account: password and e-mail changes', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  let mailbox: MailCatcher;
  before(async () => {
    harness = await startTestAppWithMailbox('own_account');
    mailbox = harness.mailbox;
  });
  after(() => harness.close());

  it('changes the password after checking the current one, on a new session id', async () => {
    const user = await createUser('citizen');
    const { agent, csrf } = await signIn(harness.app, user.email);
    const wrong = await agent
      .post('/api/v1/me/password')
      .set('X-CSRF-Token', csrf)
      .send({ currentPassword: 'not it', newPassword: 'a fresh long passphrase' })
      .expect(422);
    assert.deepEqual(Object.keys((wrong.body as { error: { fields: object } }).error.fields), [
      'currentPassword',
    ]);
    const weak = await agent
      .post('/api/v1/me/password')
      .set('X-CSRF-Token', csrf)
      .send({ currentPassword: PASSWORD, newPassword: 'short' })
      .expect(422);
    assert.deepEqual(Object.keys((weak.body as { error: { fields: object } }).error.fields), [
      'newPassword',
    ]);
    const done = await agent
      .post('/api/v1/me/password')
      .set('X-CSRF-Token', csrf)
      .send({ currentPassword: PASSWORD, newPassword: 'a fresh long passphrase' })
      .expect(200);
    assert.match(String(done.headers['set-cookie']), /haqq\.sid=/);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: user.email, password: 'a fresh long passphrase' })
      .expect(200);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: user.email, password: PASSWORD })
      .expect(401);
  });

  it('changes the e-mail only once the new address confirms it', async () => {
    const user = await createUser('citizen', { locale: 'en' });
    const { agent, csrf } = await signIn(harness.app, user.email);
    await agent
      .post('/api/v1/me/email')
      .set('X-CSRF-Token', csrf)
      .send({ password: PASSWORD, email: 'New.Address@example.org' })
      .expect(202);
    assert.equal((await UserModel.findById(user._id).lean())?.email, user.email);
    const mail = mailbox.messages().find((m) => m.to.includes('new.address@example.org'));
    const token = /http:\/\/haqq\.example\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(
      mail?.text ?? '',
    )?.[1];
    assert.ok(token);
    await request(harness.app).post('/api/v1/email-confirmations').send({ token }).expect(200);
    assert.equal((await UserModel.findById(user._id).lean())?.email, 'new.address@example.org');
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: 'new.address@example.org', password: PASSWORD })
      .expect(200);
  });

  it('the account page shows both forms and explains a wrong password in the page language', async () => {
    const user = await createUser('officer', { agency: 'JO-MOH' });
    const { agent } = await signIn(harness.app, user.email);
    const page = await agent.get('/account').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(page.text, /Change the password/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const res = await agent
      .post('/account/password')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: csrf, currentPassword: 'nope', newPassword: 'whatever long enough' })
      .expect(422);
    assert.match(res.text, /The current password is not right/);
  });
});
