import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('request pages (server-rendered, no JavaScript)', () => {
  let harness: TestApp;
  let citizen: Agent;
  let officer: Agent;
  before(async () => {
    harness = await startTestAppWithMailbox('request_pages');
    await seedDemoData({});
    citizen = await signIn(harness.app, (await createUser('citizen', { locale: 'ar' })).email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
  });
  after(() => harness.close());

  const post = (agent: Agent, path: string, body: Record<string, string>) =>
    agent.agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf: agent.csrf });

  it('an officer works from the inbox and the request page: acknowledge, a refusal needs grounds, the answer carries a document', async () => {
    await fileThroughApi(citizen, { agency: 'JO-MOH', visibility: 'public' });
    const inbox = await officer.agent.get('/requests').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(inbox.text, /The agency&#x27;s requests|The agency's requests/);
    const ref = /href="\/requests\/(JO-\d{4}-\d{6})"/.exec(inbox.text)?.[1];
    assert.ok(ref, 'the inbox lists the filed request');
    assert.match(inbox.text, /name="refs"/);
    // The page leads with the status and due date, then the one next step; the rest wait in a group.
    const fresh = await officer.agent
      .get(`/requests/${ref}`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(fresh.text, /class="status-panel"[\s\S]*Due: <strong>/);
    const nextStep = /<section class="next-step"[\s\S]*?<\/section>/.exec(fresh.text)?.[0] ?? '';
    assert.match(nextStep, /action="\/requests\/[^"]+\/acknowledge"/);
    assert.doesNotMatch(nextStep, /\/answer"/);
    assert.match(fresh.text, /<details class="other-actions">[\s\S]*\/answer"/);
    // The transfer target starts empty: no agency is chosen for the officer.
    assert.match(
      fresh.text,
      /<select id="transfer-agency" name="agency" required>\s*<option value="">/,
    );
    const noTarget = await post(officer, `/requests/${ref}/transfer`, {
      version: '1',
      agency: '',
      reason: 'Not ours.',
    })
      .set('Cookie', 'haqq_lang=en')
      .expect(422);
    assert.match(noTarget.text, /<title>Error: /);
    assert.match(noTarget.text, /class="error-summary"[\s\S]*href="#transfer-agency"/);
    assert.match(noTarget.text, /<details class="other-actions" open>/);
    assert.match(noTarget.text, /<textarea id="transfer-reason"[^>]*>Not ours\.<\/textarea>/);
    await post(officer, `/requests/${ref}/acknowledge`, { version: '1' }).expect(303);
    const stale = await post(officer, `/requests/${ref}/acknowledge`, { version: '1' })
      .set('Cookie', 'haqq_lang=en')
      .expect(409);
    assert.match(stale.text, /changed since you opened it/);
    const refused = await officer.agent
      .post(`/requests/${ref}/answer`)
      .set('Cookie', 'haqq_lang=en')
      .field('_csrf', officer.csrf)
      .field('outcome', 'refused')
      .field('reason', 'Defence.')
      .expect(422);
    assert.match(refused.text, /Choose the articles of the law/);
    // What the officer chose and wrote is kept: resubmitting must not turn it into a grant.
    assert.match(
      refused.text,
      /<input type="radio" id="answer-outcome-refused" name="outcome" value="refused" checked>/,
    );
    assert.doesNotMatch(refused.text, /<option value="granted" selected>/);
    assert.match(refused.text, /<textarea id="answer-reason"[^>]*>Defence\.<\/textarea>/);
    const withGround = await officer.agent
      .post(`/requests/${ref}/answer`)
      .set('Cookie', 'haqq_lang=en')
      .field('_csrf', officer.csrf)
      .field('outcome', 'refused')
      .field('legalGrounds', 'Art. 13(c)')
      .field('reason', 'x'.repeat(20_001))
      .expect(422);
    assert.match(withGround.text, /value="Art\. 13\(c\)" checked/);
    assert.match(
      withGround.text,
      /<input type="radio" id="answer-outcome-refused" name="outcome" value="refused" checked>/,
    );
    await officer.agent
      .post(`/requests/${ref}/answer`)
      .field('_csrf', officer.csrf)
      .field('outcome', 'partially_granted')
      .field('legalGrounds', 'Art. 13(c)')
      .field('reason', 'One annex concerns defence.')
      .attach('file', PDF, 'budgets.pdf')
      .expect(303);
    const page = await citizen.agent
      .get(`/requests/${ref}`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(page.text, /partially granted/);
    const link = /href="(\/requests\/[^"]+\/documents\/[0-9a-f]{24})"/.exec(page.text)?.[1];
    assert.ok(link);
    const download = await citizen.agent.get(link).expect(200);
    assert.match(String(download.headers['content-disposition']), /^attachment/);
    // A partial answer may be appealed: the form is offered.
    assert.match(page.text, /action="\/requests\/[^"]+\/appeal"/);
    // The agency sees each mail with its recipient, not the same line twice.
    await eventually(
      'the mails listed with their recipients',
      async () => {
        const seen = await officer.agent.get(`/requests/${ref}`).set('Cookie', 'haqq_lang=en');
        return /new request<\/strong> · to Test officer/.test(seen.text) &&
          /answered<\/strong> · to Test citizen/.test(seen.text)
          ? true
          : undefined;
      },
      15_000,
    );
  });

  it('bulk actions ask first, listing each request; nothing is done until confirmed', async () => {
    const ref = await fileThroughApi(citizen, {
      subject: 'Bulk check one',
      body: 'Clinic opening hours in Irbid.',
    });
    const form = { action: 'extend', refs: ref, reason: 'Many requests this week.' };
    const asked = await post(officer, '/requests/bulk', form)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(
      asked.text,
      /<h1>Deadline extended: this request\?<\/h1>|<h1>Extend the deadline: this request\?<\/h1>/,
    );
    assert.match(asked.text, new RegExp(`<li><bdi>${ref}</bdi></li>`));
    assert.match(asked.text, /<input type="hidden" name="confirmed" value="yes">/);
    assert.equal((await RequestModel.findOne({ ref }).lean())?.extensionCount, 0);
    await post(officer, '/requests/bulk', { ...form, confirmed: 'yes' }).expect(200);
    assert.equal((await RequestModel.findOne({ ref }).lean())?.extensionCount, 1);
  });

  it('a page form without its CSRF token is refused', async () => {
    const ref = await fileThroughApi(citizen);
    await officer.agent.post(`/requests/${ref}/acknowledge`).type('form').send({}).expect(403);
  });
});
