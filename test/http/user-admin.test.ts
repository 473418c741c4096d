import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import type { MailCatcher } from '../../src/dev/mail-catcher.ts';
import { UserModel } from '../../src/users/user-model.ts';
import { createUser, signIn } from '../support/factories.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

describe('account administration', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  let mailbox: MailCatcher;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let agencyAdmin: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    harness = await startTestAppWithMailbox('user_admin');
    mailbox = harness.mailbox;
    await seedDemoData({});
    admin = await signIn(harness.app, (await createUser('admin')).email);
    agencyAdmin = await signIn(
      harness.app,
      (await createUser('agency_admin', { agency: 'JO-MOH' })).email,
    );
  });
  after(() => harness.close());

  it('the invitation form speaks of the other person, and agencies are chosen from a list', async () => {
    const en = await admin.agent.get('/admin/users').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(en.text, /<label for="name">Their full name<\/label>/);
    assert.doesNotMatch(en.text, /Your name/);
    assert.match(en.text, /<select id="agency" name="agency"/);
    assert.match(
      en.text,
      /<optgroup label="Jordan">[^]*<option value="JO-MOH">Ministry of Health<\/option>/,
    );
    const ar = await admin.agent.get('/admin/users').set('Cookie', 'haqq_lang=ar').expect(200);
    assert.match(ar.text, /<label for="name">اسمه الكامل<\/label>/);
    assert.doesNotMatch(en.text, /<optgroup label="United States"><\/optgroup>/);
    // Each deactivation form carries the page's CSRF token (it was empty, so every one failed).
    const tokens = [
      ...en.text.matchAll(
        /deactivate" class="inline">\s*<input type="hidden" name="_csrf" value="([^"]*)"/g,
      ),
    ];
    assert.ok(tokens.length > 0);
    for (const [, token] of tokens) assert.equal(token, admin.csrf);
    // An agency admin invites to their own agency only: no list.
    const own = await agencyAdmin.agent
      .get('/admin/users')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.doesNotMatch(own.text, /<select id="agency"/);
    // Each account's agency by its name, not its code.
    assert.match(own.text, /data-label="Agency or country"><bdi>Ministry of Health<\/bdi>/);
  });

  it('deactivation asks first, naming the account; an agency admin cannot reach another agency', async () => {
    const officer = await createUser('officer', { agency: 'JO-MOH' });
    const form = (agent: typeof admin, confirm = false) =>
      agent.agent
        .post(`/admin/users/${officer._id.toString()}/deactivate`)
        .set('Cookie', 'haqq_lang=en')
        .type('form')
        .send({ _csrf: agent.csrf, ...(confirm ? { confirmed: 'yes' } : {}) });
    const asked = await form(admin).expect(200);
    assert.match(asked.text, /<h1>Deactivate the account of [^<]+\?<\/h1>/);
    assert.match(asked.text, /<button type="submit" class="warning">Yes, deactivate<\/button>/);
    await form(admin, true).expect(303);
    const other = await createUser('officer', { agency: 'JO-MOF' });
    await agencyAdmin.agent
      .post(`/admin/users/${other._id.toString()}/deactivate`)
      .type('form')
      .send({ _csrf: agencyAdmin.csrf })
      .expect(404);
  });

  it('an admin invites an officer, who sets a password from the mail and signs in', async () => {
    await admin.agent
      .post('/api/v1/admin/invitations')
      .set('X-CSRF-Token', admin.csrf)
      .send({
        email: 'new.officer@example.org',
        name: 'New Officer',
        role: 'officer',
        agency: 'JO-MOF',
        locale: 'en',
      })
      .expect(201);
    const mail = mailbox.messages().find((m) => m.to.includes('new.officer@example.org'));
    assert.equal(mail?.subject, 'You are invited to Haqq as officer');
    const token = /http:\/\/haqq\.example\/set-password\?token=([A-Za-z0-9_-]+)/.exec(
      mail.text,
    )?.[1];
    assert.ok(token);
    await request(harness.app)
      .post('/api/v1/invitations/accept')
      .send({ token, password: 'ministry of finance 2026' })
      .expect(200);
    await request(harness.app)
      .post('/api/v1/invitations/accept')
      .send({ token, password: 'ministry of finance 2027' })
      .expect(400);
    const res = await request(harness.app)
      .post('/api/v1/session')
      .send({ email: 'new.officer@example.org', password: 'ministry of finance 2026' })
      .expect(200);
    assert.deepEqual((res.body as { user: { roles: string[]; agency: string } }).user.roles, [
      'officer',
    ]);
    assert.equal((res.body as { user: { agency: string } }).user.agency, 'JO-MOF');
  });

  it('an agency admin invites officers of their own agency only', async () => {
    await agencyAdmin.agent
      .post('/api/v1/admin/invitations')
      .set('X-CSRF-Token', agencyAdmin.csrf)
      .send({ email: 'moh.officer@example.org', name: 'MoH Officer', role: 'officer' })
      .expect(201);
    assert.equal(
      (await UserModel.findOne({ email: 'moh.officer@example.org' }).lean())?.agency,
      'JO-MOH',
    );
    await agencyAdmin.agent
      .post('/api/v1/admin/invitations')
      .set('X-CSRF-Token', agencyAdmin.csrf)
      .send({ email: 'x@example.org', name: 'X', role: 'officer', agency: 'JO-MOF' })
      .expect(403);
    await agencyAdmin.agent
      .post('/api/v1/admin/invitations')
      .set('X-CSRF-Token', agencyAdmin.csrf)
      .send({ email: 'y@example.org', name: 'Y', role: 'auditor' })
      .expect(403);
    const dup = await admin.agent
      .post('/api/v1/admin/invitations')
      .set('X-CSRF-Token', admin.csrf)
      .send({ email: 'moh.officer@example.org', name: 'Again', role: 'auditor' })
      .expect(409);
    assert.equal((dup.body as { error: { code: string } }).error.code, 'USER.EMAIL_TAKEN');
    await admin.agent
      .post('/api/v1/admin/invitations')
      .set('X-CSRF-Token', admin.csrf)
      .send({ email: 'z@example.org', name: 'Z', role: 'officer', agency: 'NO-SUCH' })
      .expect(422);
  });

  it('deactivation ends the account’s sessions; another agency’s account is 404 to an agency admin', async () => {
    const officer = await createUser('officer', { agency: 'JO-MOH' });
    const session = await signIn(harness.app, officer.email);
    const other = await createUser('officer', { agency: 'TN-MS' });
    await agencyAdmin.agent
      .post(`/api/v1/admin/users/${other._id.toString()}/deactivate`)
      .set('X-CSRF-Token', agencyAdmin.csrf)
      .expect(404);
    await agencyAdmin.agent
      .post(`/api/v1/admin/users/${officer._id.toString()}/deactivate`)
      .set('X-CSRF-Token', agencyAdmin.csrf)
      .expect(200);
    await session.agent.get('/api/v1/admin/users').expect(401);
    await request(harness.app)
      .post('/api/v1/session')
      .send({ email: officer.email, password: 'correct horse battery staple' })
      .expect(401);
    const listed = await agencyAdmin.agent.get('/api/v1/admin/users').expect(200);
    const emails = (listed.body as { users: { email: string; agency: string }[] }).users.map(
      (u) => u.agency,
    );
    assert.ok(emails.every((agency) => agency === 'JO-MOH'));
  });

  it('admins read the security log, with who, what and from where', async () => {
    const res = await admin.agent
      .get('/api/v1/admin/security-events')
      .query({ type: 'invitation' })
      .expect(200);
    const events = (
      res.body as { events: { type: string; target: string; ip: string; actor: string }[] }
    ).events;
    assert.ok(events.some((e) => e.target === 'new.officer@example.org' && e.ip && e.actor));
    await agencyAdmin.agent.get('/api/v1/admin/security-events').expect(403);
    const page = await admin.agent.get('/admin/audit').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(page.text, /Security log/);
    assert.match(page.text, /account_deactivated/);
  });

  it('API tokens: shown once, scoped to a role and agency, used without CSRF, revocable', async () => {
    const created = await admin.agent
      .post('/api/v1/admin/api-tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: 'MoH case system', role: 'agency_admin', agency: 'JO-MOH' })
      .expect(201);
    const { id, token } = created.body as { id: string; token: string };
    assert.match(token, /^haqq_[A-Za-z0-9_-]{40,}$/);
    const listed = await admin.agent.get('/api/v1/admin/api-tokens').expect(200);
    assert.ok(
      !JSON.stringify(listed.body).includes(token.slice(5)),
      'the token is never shown again',
    );
    const users = await request(harness.app)
      .get('/api/v1/admin/users')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    assert.ok(
      (users.body as { users: { agency: string }[] }).users.every((u) => u.agency === 'JO-MOH'),
    );
    await request(harness.app)
      .post('/api/v1/admin/invitations')
      .set('Authorization', `Bearer ${token}`)
      .send({ email: 'via.api@example.org', name: 'Via API', role: 'officer' })
      .expect(201);
    await request(harness.app)
      .get('/api/v1/admin/security-events')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    await request(harness.app)
      .get('/api/v1/admin/users')
      .set('Authorization', 'Bearer haqq_not-a-token')
      .expect(401);
    await admin.agent
      .delete(`/api/v1/admin/api-tokens/${id}`)
      .set('X-CSRF-Token', admin.csrf)
      .expect(200);
    const revoked = await request(harness.app)
      .get('/api/v1/admin/users')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    assert.equal((revoked.body as { error: { code: string } }).error.code, 'AUTH.INVALID_TOKEN');
  });
});
