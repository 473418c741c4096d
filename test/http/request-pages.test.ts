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

  const form = {
    jurisdiction: 'JO',
    agency: 'JO-MOH',
    subject: 'أطباء المستشفيات',
    body: 'أرجو تزويدي بعدد الأطباء في كل مستشفى حكومي لعام 2025 موزّعين حسب الاختصاص.',
    visibility: 'public',
  };
  const post = (agent: Agent, path: string, body: Record<string, string>) =>
    agent.agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf: agent.csrf });

  it('a citizen files through the form: country, suggested agency, confirmation with the due date and its explanation', async () => {
    const blank = await citizen.agent
      .get('/requests/new')
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(blank.text, /dir="rtl"/);
    assert.match(blank.text, /تقديم طلب حصول على معلومات/);
    const suggested = await post(citizen, '/requests/new', {
      ...form,
      // Doctors first, then schools: health is the likelier agency, education the next.
      body: `${form.body} وعدد الأطباء في المدارس.`,
      agency: '',
      intent: 'suggest',
    })
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(suggested.text, /الجهات الأقرب إلى طلبك/);
    // The top suggestion is chosen (in the list and the select); the others are one click away.
    assert.match(suggested.text, /<ol class="suggestions"><li><strong>وزارة الصحة<\/strong>/);
    assert.match(suggested.text, /<option value="JO-MOH" selected>/);
    const other = /<button type="submit" name="pick" value="(JO-[A-Z]+)"/.exec(suggested.text)?.[1];
    assert.ok(other, 'another suggestion is a button');
    const picked = await post(citizen, '/requests/new', { ...form, agency: 'JO-MOH', pick: other })
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(picked.text, new RegExp(`<option value="${other}" selected>`));
    assert.match(picked.text, /name="pick" value="JO-MOH"/);
    // A subject over 300 characters is refused with the rule, never cut.
    const long = await post(citizen, '/requests/new', {
      ...form,
      subject: 'ميزانية '.repeat(40),
      intent: 'file',
    })
      .set('Cookie', 'haqq_lang=en')
      .expect(422);
    assert.match(long.text, /Give a subject of 5 to 300 characters/);
    // No browser limit cuts the text (the live count is `data-maxlength`, advice only).
    assert.doesNotMatch(long.text, /\smaxlength="300"/);
    assert.match(long.text, /data-maxlength="300"/);
    const missing = await post(citizen, '/requests/new', {
      ...form,
      body: 'قصير',
      intent: 'file',
    }).expect(422);
    assert.match(missing.text, /class="field-error"/);
    // GOV.UK's pattern: the title says there is an error, a summary links to each field.
    assert.match(missing.text, /<title>خطأ: /);
    assert.match(missing.text, /<div class="error-summary"[^]*<a href="#body">/);
    const filed = await post(citizen, '/requests/new', { ...form, intent: 'file' }).expect(303);
    const location = String(filed.headers.location);
    assert.match(location, /^\/requests\/JO-\d{4}-\d{6}\?filed=1$/);
    const confirmation = await citizen.agent
      .get(location)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(confirmation.text, /Your request was filed/);
    assert.match(confirmation.text, /15 working days/);
    assert.match(confirmation.text, /<time datetime="\d{4}-\d{2}-\d{2}T/);
    assert.match(confirmation.text, /Withdraw the request/);
    assert.doesNotMatch(confirmation.text, /Internal note/);
  });

  it('the filing form offers only countries with an agency, and asks for one when none is chosen', async () => {
    const blank = await citizen.agent
      .get('/requests/new')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(blank.text, /<option value="JO"/);
    // Yemen, the United Kingdom and the United States have no agency yet: nothing to ask there.
    for (const code of ['YE', 'GB', 'US'])
      assert.doesNotMatch(blank.text, new RegExp(`<option value="${code}"`));
    const none = await post(citizen, '/requests/new', { intent: 'country', jurisdiction: '' })
      .set('Cookie', 'haqq_lang=en')
      .expect(422);
    assert.match(
      none.text,
      /<div class="error-summary"[^]*Choose the country of the agency you are asking\./,
    );
  });

  it('the same request again within 30 days is pointed out before it is filed', async () => {
    const before = await RequestModel.countDocuments();
    const warned = await post(citizen, '/requests/new', { ...form, intent: 'file' }).expect(200);
    assert.match(warned.text, /duplicateConfirmed/);
    assert.equal(await RequestModel.countDocuments(), before);
    await post(citizen, '/requests/new', {
      ...form,
      intent: 'file',
      duplicateConfirmed: 'on',
    }).expect(303);
    assert.equal(await RequestModel.countDocuments(), before + 1);
  });

  it('an officer works from the inbox and the request page: acknowledge, a refusal needs grounds, the answer carries a document', async () => {
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

  it('an officer logs a paper request with its local receipt time; a page form without its CSRF token is refused', async () => {
    const res = await post(officer, '/requests/new', {
      subject: 'Vaccines',
      body: 'Vaccination counts by governorate for 2025, by month please.',
      visibility: 'private',
      receivedAt: '2026-11-01T10:30',
      channel: 'paper',
      requesterName: 'Omar',
      language: 'en',
      intent: 'file',
    }).expect(303);
    const ref = /JO-\d{4}-\d{6}/.exec(String(res.headers.location))?.[0];
    const stored = await RequestModel.findOne({ ref }).lean();
    // 10:30 in Amman (UTC+3) is 07:30 UTC.
    assert.equal(stored!.receivedAt.toISOString(), '2026-11-01T07:30:00.000Z');
    assert.equal(stored!.channel, 'paper');
    // The confirmation speaks to the officer who logged it, not to the requester.
    const confirmation = await officer.agent
      .get(String(res.headers.location))
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(confirmation.text, /The request was logged/);
    assert.doesNotMatch(confirmation.text, /Your request was filed|We will write to you/);
    await officer.agent.post(`/requests/${ref}/acknowledge`).type('form').send({}).expect(403);
  });
});
