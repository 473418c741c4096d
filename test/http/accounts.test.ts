import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { SecurityEventModel } from '../../src/security/security-event-model.ts';
import type { MailCatcher } from '../../src/dev/mail-catcher.ts';
import { settleAfterResponse } from '../../src/platform/after-response.ts';
import { UserModel } from '../../src/users/user-model.ts';
import { issueToken, useToken } from '../../src/users/user-token-store.ts';
import { createUser, PASSWORD } from '../support/factories.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

describe('accounts: registration, confirmation, reset, lockout', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  let mailbox: MailCatcher;
  before(async () => {
    harness = await startTestAppWithMailbox('accounts');
    mailbox = harness.mailbox;
  });
  after(() => harness.close());

  /** The mails to `address`, once the account mails sent after the answers are out. */
  const mailTo = async (address: string) => {
    await settleAfterResponse();
    return mailbox.messages().filter((mail) => mail.to.includes(address));
  };
  const tokenIn = (text: string, path: string) =>
    new RegExp(`http://haqq\\.example${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];

  it('registers a citizen, mails a confirmation link in their language, and confirms it once', async () => {
    const res = await request(harness.app)
      .post('/api/v1/users')
      .send({
        name: 'ليلى',
        email: 'Layla@Example.org',
        password: 'olive trees in ajloun',
        locale: 'ar',
      })
      .expect(202);
    assert.deepEqual(res.body, { status: 'check_your_mail' });
    const [mail] = await mailTo('layla@example.org');
    assert.ok(mail);
    assert.equal(mail.subject, 'أكّد بريدك الإلكتروني في حق');
    assert.match(mail.html ?? '', /dir="rtl"/);
    const token = tokenIn(mail.text, '/confirm-email');
    assert.ok(token);
    await request(harness.app).post('/api/v1/email-confirmations').send({ token }).expect(200);
    const user = await UserModel.findOne({ email: 'layla@example.org' }).lean();
    assert.ok(user?.emailVerifiedAt);
    assert.deepEqual(user.roles, ['citizen']);
    assert.ok(user.passwordHash?.startsWith('$argon2id$'));
    const again = await request(harness.app)
      .post('/api/v1/email-confirmations')
      .send({ token })
      .expect(400);
    assert.equal((again.body as ErrorBody).error.code, 'AUTH.TOKEN_INVALID');
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: 'layla@example.org', password: 'olive trees in ajloun' })
      .expect(200);
  });

  it('answers a registration with a taken address like a new one, and tells the owner', async () => {
    const owner = await createUser('citizen', { email: 'taken@example.org' });
    const res = await request(harness.app)
      .post('/api/v1/users')
      .send({ name: 'Someone', email: owner.email, password: 'another long password' })
      .expect(202);
    assert.deepEqual(res.body, { status: 'check_your_mail' });
    const mails = await mailTo(owner.email);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /Someone tried|حاول أحدهم/);
    assert.equal(await UserModel.countDocuments({ email: owner.email }), 1);
  });

  it('refuses short and common passwords, and bad fields, with 422 naming them', async () => {
    const short = await request(harness.app)
      .post('/api/v1/users')
      .set('Cookie', 'haqq_lang=en')
      .send({ name: 'A', email: 'a@example.org', password: 'short' })
      .expect(422);
    assert.equal((short.body as ErrorBody).error.fields?.password, 'Use at least 10 characters.');
    const common = await request(harness.app)
      .post('/api/v1/users')
      .send({ name: 'A', email: 'a@example.org', password: 'Password123' })
      .expect(422);
    assert.ok((common.body as ErrorBody).error.fields?.password);
    const bad = await request(harness.app)
      .post('/api/v1/users')
      .send({ name: '', email: 'not-an-email', password: 'long enough password' })
      .expect(422);
    assert.deepEqual(Object.keys((bad.body as ErrorBody).error.fields ?? {}).sort(), [
      'email',
      'name',
    ]);
  });

  it('resets a password with a mailed single-use link; unknown addresses get the same answer', async () => {
    const user = await createUser('citizen', { email: 'forgetful@example.org', locale: 'en' });
    const known = await request(harness.app)
      .post('/api/v1/password-resets')
      .send({ email: user.email })
      .expect(202);
    const unknown = await request(harness.app)
      .post('/api/v1/password-resets')
      .send({ email: 'nobody@example.org' })
      .expect(202);
    assert.deepEqual(known.body, unknown.body);
    assert.equal((await mailTo('nobody@example.org')).length, 0);
    const [mail] = await mailTo(user.email);
    assert.equal(mail?.subject, 'Reset your Haqq password');
    const token = tokenIn(mail.text, '/reset-password');
    assert.ok(token, mail.text);
    await request(harness.app)
      .post('/api/v1/password-resets/confirm')
      .send({ token, password: 'a brand new passphrase' })
      .expect(200);
    await request(harness.app)
      .post('/api/v1/password-resets/confirm')
      .send({ token, password: 'yet another passphrase' })
      .expect(400);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: user.email, password: PASSWORD })
      .expect(401);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: user.email, password: 'a brand new passphrase' })
      .expect(200);
  });

  it('tokens expire', async () => {
    const user = await createUser('citizen');
    const now = new Date('2026-03-02T09:00:00Z');
    const token = await issueToken(user._id, 'reset_password', 3_600_000, now);
    assert.equal(
      await useToken(token, 'reset_password', new Date('2026-03-02T10:00:01Z')),
      undefined,
    );
    assert.equal(await useToken(token, 'confirm_email', now), undefined);
    assert.deepEqual(
      await useToken(token, 'reset_password', new Date('2026-03-02T09:59:00Z')),
      user._id,
    );
  });

  it('a token works once, even when 20 uses race', async () => {
    const user = await createUser('citizen');
    const now = new Date('2026-03-02T09:00:00Z');
    const token = await issueToken(user._id, 'reset_password', 3_600_000, now);
    const uses = await Promise.all(
      Array.from({ length: 20 }, () => useToken(token, 'reset_password', now)),
    );
    assert.equal(uses.filter((used) => used !== undefined).length, 1);
    assert.equal(await useToken(token, 'reset_password', now), undefined);
  });

  it('locks an account at the fifth failed sign-in, mails its owner, and records it all', async () => {
    const user = await createUser('officer', {
      email: 'target@example.org',
      agency: 'JO-MOH',
      locale: 'en',
    });
    for (let i = 0; i < 4; i += 1) {
      await request(harness.app)
        .post('/api/v1/session')
        .send({ email: user.email, password: `wrong guess ${i}` })
        .expect(401);
    }
    const fifth = await request(harness.app)
      .post('/api/v1/session')
      .set('Cookie', 'haqq_lang=en')
      .send({ email: user.email, password: 'wrong guess 5' })
      .expect(429);
    assert.equal((fifth.body as ErrorBody).error.code, 'AUTH.ACCOUNT_LOCKED');
    assert.equal(fifth.headers['retry-after'], '900');
    assert.match((fifth.body as ErrorBody).error.message, /locked for 15 minute/);
    // Even the right password waits now.
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
    const [mail] = await mailTo(user.email);
    assert.equal(mail?.subject, 'Your Haqq account was locked for 15 minutes');
    assert.equal(
      await SecurityEventModel.countDocuments({ type: 'login_failed', target: user.email }),
      5,
    );
    assert.equal(
      await SecurityEventModel.countDocuments({ type: 'lockout', target: user.email }),
      1,
    );
    // An unknown address locks the same way (nothing tells them apart), without a mail.
    for (let i = 0; i < 4; i += 1)
      await request(harness.app)
        .post('/api/v1/session')
        .send({ email: 'ghost@example.org', password: 'x' })
        .expect(401);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: 'ghost@example.org', password: 'x' })
      .expect(429);
    assert.equal((await mailTo('ghost@example.org')).length, 0);
  });

  it('limits sign-in attempts per address (30 in 15 minutes), with Retry-After', async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i += 1) {
      last = (
        await request(harness.app)
          .post('/api/v1/session')
          .send({ email: `user${i}@example.org`, password: 'x' })
      ).status;
    }
    assert.equal(last, 429);
    const res = await request(harness.app)
      .post('/api/v1/session')
      .send({ email: 'another@example.org', password: 'x' })
      .expect(429);
    assert.equal((res.body as ErrorBody).error.code, 'RATE_LIMITED');
    assert.ok(Number(res.headers['retry-after']) > 0);
  });
});
