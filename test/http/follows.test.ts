import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { FollowModel } from '../../src/follows/follow-model.ts';
import { queueFollowDigests, sendFollowDigest } from '../../src/follows/follow-digest.ts';
import { createMailer } from '../../src/platform/mailer.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileAsCitizens, signIn } from '../support/factories.ts';
import { to, waitForMail } from '../support/mail.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';
import type { MailCatcher } from '../../src/dev/mail-catcher.ts';

/**
 * Following by e-mail: double opt-in (the confirmation read from the SMTP
 * listener), a daily digest with one-click unsubscribe (link and headers),
 * at most one a day, and nothing once unsubscribed.
 */
describe('follow by e-mail', () => {
  let harness: TestApp & { mailbox: MailCatcher };
  let refs: Record<string, string>;
  before(async () => {
    harness = await startTestAppWithMailbox('follows');
    await seedDemoData({});
    refs = await fileAsCitizens(harness.app, {
      budget: { subject: 'Clinic budgets', body: 'Please send the budget of every public clinic.' },
      secret: {
        subject: 'My clinic file',
        body: 'Please send my own clinic file.',
        visibility: 'private',
      },
    });
  });
  after(() => harness.close());

  /** A visitor's browser: the page's CSRF token, then the follow form. */
  async function follow(email: string, kind: string, target: string) {
    const agent = request.agent(harness.app);
    const page = await agent.get('/search?q=clinic').set('Cookie', 'haqq_lang=en').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    return {
      agent,
      csrf,
      res: await agent
        .post('/follow')
        .set('Cookie', 'haqq_lang=en')
        .type('form')
        .send({ _csrf: csrf, email, kind, target }),
    };
  }

  it('confirms by a button behind the mailed link, digests once a day with one-click unsubscribe, then stops', async () => {
    const email = `reader.${String(Date.now())}@example.org`;
    const { agent, csrf, res } = await follow(email, 'request', refs.budget ?? '');
    assert.equal(res.status, 200);
    assert.match(res.text, /Check your e-mail/);
    const [confirmation] = await waitForMail(harness.mailbox, to(email));
    const token = /\/follow\/confirm\?token=([\w-]+)/.exec(confirmation?.text ?? '')?.[1];
    assert.ok(token, confirmation?.text);
    // Opening the link (as a mail scanner would) confirms nothing.
    const ask = await agent
      .get(`/follow/confirm?token=${token}`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(ask.text, /Yes, follow/);
    assert.equal((await FollowModel.findOne({ email }).lean())?.confirmedAt ?? null, null);
    await agent
      .post('/follow/confirm')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: csrf, token })
      .expect(200);
    assert.ok((await FollowModel.findOne({ email }).lean())?.confirmedAt);

    // Something happens; the day's digest reports it, once.
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    await act(officer, refs.budget ?? '', 'answer', {
      outcome: 'granted',
      reason: 'Attached.',
    }).expect(200);
    const mailer = createMailer(harness.config);
    const deps = {
      queues: {} as never,
      mailer,
      baseUrl: harness.config.BASE_URL,
      followSecret: harness.config.SESSION_SECRET,
      now: () => new Date(Date.now() + 1_000),
    };
    const key = `follow_test_${String(Date.now())}`;
    assert.equal(await sendFollowDigest(deps, { key, email }), 'sent');
    assert.equal(await sendFollowDigest(deps, { key, email }), 'already sent');
    const digests = await waitForMail(
      harness.mailbox,
      (m) => to(email)(m) && /update/.test(m.subject),
    );
    const digest = digests[0];
    assert.equal(digests.length, 1);
    assert.match(
      digest?.text ?? '',
      new RegExp(`${refs.budget ?? ''} · Clinic budgets — answered`),
    );
    assert.match(digest?.listUnsubscribePost ?? '', /List-Unsubscribe=One-Click/);
    const oneClick = /<(http[^>]+)>/.exec(digest?.listUnsubscribe ?? '')?.[1];
    assert.ok(oneClick, digest?.listUnsubscribe ?? 'no header');
    // Nothing new since: no mail the next day.
    assert.equal(await sendFollowDigest(deps, { key: `${key}-2`, email }), 'nothing new');

    // A mail client's one-click POST: no session, no page token.
    const url = new URL(oneClick);
    await request(harness.app)
      .post(`${url.pathname}${url.search}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    assert.ok((await FollowModel.findOne({ email }).lean())?.unsubscribedAt);
    assert.equal(await sendFollowDigest(deps, { key: `${key}-3`, email }), 'no follow');
    // A forged or altered token stops nothing.
    // (The last character is changed to one it is not, so the token always differs.)
    const signed = url.searchParams.get('token') ?? '';
    const altered = `${signed.slice(0, -1)}${signed.endsWith('x') ? 'y' : 'x'}`;
    await request(harness.app).post(`/follow/unsubscribe?token=${altered}`).expect(404);
    mailer.close();
  });

  it('refuses what cannot be followed, says the same whoever already follows, and queues one digest per address', async () => {
    const email = `other.${String(Date.now())}@example.org`;
    assert.equal((await follow(email, 'request', refs.secret ?? '')).res.status, 404);
    assert.equal((await follow('not an address', 'agency', 'JO-MOH')).res.status, 422);
    assert.equal((await follow(email, 'agency', 'JO-NOPE')).res.status, 404);
    const first = await follow(email, 'agency', 'JO-MOH');
    assert.equal(first.res.status, 200);
    await follow(email, 'search', 'q=clinic');
    await FollowModel.updateMany({ email }, { $set: { confirmedAt: new Date() } });
    const added: unknown[] = [];
    const queued = await queueFollowDigests({
      queues: { mail: { addBulk: (jobs: unknown[]) => added.push(...jobs) } } as never,
      mailer: {} as never,
      baseUrl: 'http://haqq.example',
      followSecret: 'x'.repeat(32),
      now: () => new Date(),
    });
    assert.ok(queued >= 1);
    assert.equal(
      added.filter((job) => JSON.stringify(job).includes(email)).length,
      1,
      'one digest per address, whatever it follows',
    );
  });
});
