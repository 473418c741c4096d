import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, PASSWORD, signIn } from '../support/factories.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';

type Agent = ReturnType<typeof request.agent>;

/** A form's hidden value on a page (the CSRF token, the draft's id). */
const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describe('filing, one question per page (no JavaScript)', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestAppWithMailbox('filing_pages');
    await seedDemoData({});
  });
  after(() => harness.close());

  /** A page read, then posted with its own token and draft, as a browser would. */
  const answer = async (
    agent: Agent,
    place: string,
    fields: Record<string, string>,
    status: number,
    location?: string | RegExp,
  ) => {
    const form = (await agent.get(place).set('Cookie', 'haqq_lang=en')).text;
    const res = await agent
      .post(place.replace(/\?.*$/, ''))
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({
        _csrf: hidden(form, '_csrf'),
        draft: hidden(form, 'draft'),
        ...(/name="change" value="1"/.test(form) ? { change: '1' } : {}),
        ...fields,
      });
    assert.equal(res.status, status, res.text.slice(0, 2000));
    if (location !== undefined)
      assert.match(
        String(res.headers.location),
        typeof location === 'string'
          ? new RegExp(`^${location.replace(/[?.]/g, '\\$&')}$`)
          : location,
      );
    return res;
  };
  const question = {
    subject: 'Hospital doctors',
    body: 'The number of doctors in each public hospital in 2025, by speciality, please.',
  };

  it('a citizen answers country, agency (suggested from a few words), question and visibility, checks, changes and sends', async () => {
    const { agent } = await signIn(harness.app, (await createUser('citizen')).email);
    await agent.get('/requests/new').expect(303).expect('location', '/requests/new/country');
    const countries = await agent.get('/requests/new/country').set('Cookie', 'haqq_lang=en');
    assert.match(countries.text, /<h1>Which country is the agency in\?<\/h1>/);
    assert.match(countries.text, /type="radio" id="jurisdiction" name="jurisdiction" value="JO"/);
    // Yemen, the United Kingdom and the United States have no agency yet: nothing to ask there.
    for (const code of ['YE', 'GB', 'US'])
      assert.doesNotMatch(countries.text, new RegExp(`value="${code}"`));
    // No page before the ones it depends on.
    await agent
      .get('/requests/new/question')
      .expect(303)
      .expect('location', '/requests/new/country');
    const none = await answer(agent, '/requests/new/country', {}, 422);
    assert.match(none.text, /<title>Error: /);
    assert.match(
      none.text,
      /<a href="#jurisdiction">Choose the country of the agency you are asking\.<\/a>/,
    );
    await answer(
      agent,
      '/requests/new/country',
      { jurisdiction: 'JO' },
      303,
      '/requests/new/agency',
    );
    // A few words put the matching agencies first, the best one chosen.
    const suggested = await answer(
      agent,
      '/requests/new/agency',
      {
        intent: 'suggest',
        topic: 'hospital doctors',
      },
      200,
    );
    assert.match(
      suggested.text,
      /id="agency" name="agency" value="JO-MOH" checked>\s*<label for="agency">Ministry of Health <span class="tag">matches your words/,
    );
    await answer(agent, '/requests/new/agency', { agency: 'JO-NOPE' }, 422);
    await answer(
      agent,
      '/requests/new/agency',
      { agency: 'JO-MOH' },
      303,
      '/requests/new/question',
    );
    // Errors name their fields in the order of the page.
    const short = await answer(
      agent,
      '/requests/new/question',
      { subject: '', body: 'short' },
      422,
    );
    assert.match(short.text, /<a href="#subject">[^]*<a href="#body">/);
    assert.match(short.text, /value=""[^]*>short<\/textarea>/);
    await answer(agent, '/requests/new/question', question, 303, '/requests/new/visibility');
    const visibility = await agent.get('/requests/new/visibility').set('Cookie', 'haqq_lang=en');
    assert.match(visibility.text, /anyone to read[^]*Only you, the agency and auditors/);
    await answer(
      agent,
      '/requests/new/visibility',
      { visibility: 'public', displayName: 'Huda' },
      303,
      '/requests/new/check',
    );
    const check = await agent.get('/requests/new/check').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(check.text, /Check your answers before sending your request/);
    for (const answered of ['Jordan', 'Ministry of Health', 'Hospital doctors', 'Huda'])
      assert.match(check.text, new RegExp(answered));
    assert.match(check.text, /href="\/requests\/new\/question\?change(=|&#x3D;)1#subject"/);
    assert.match(check.text, /the law gives the agency 15 working days/);
    // A change returns to "Check your answers".
    await answer(
      agent,
      '/requests/new/question?change=1',
      { ...question, subject: 'Doctors' },
      303,
      '/requests/new/check',
    );
    // A new country forgets the agency: its page comes next, then back to the check.
    await answer(
      agent,
      '/requests/new/country?change=1',
      { jurisdiction: 'TN' },
      303,
      '/requests/new/agency?change=1',
    );
    const tunisia = await agent.get('/requests/new/agency?change=1').set('Cookie', 'haqq_lang=en');
    const agency = /name="agency" value="(TN-[A-Z]+)"/.exec(tunisia.text)?.[1];
    assert.ok(agency);
    await answer(agent, '/requests/new/agency?change=1', { agency }, 303, '/requests/new/check');
    const before = await RequestModel.countDocuments();
    const sent = await answer(agent, '/requests/new/check', {}, 303);
    const location = String(sent.headers.location);
    assert.match(location, /^\/requests\/TN-\d{4}-\d{6}\/sent$/);
    assert.equal(await RequestModel.countDocuments(), before + 1);
    const stored = await RequestModel.findOne({ ref: location.split('/')[2] }).lean();
    assert.equal(stored?.subject, 'Doctors');
    assert.equal(stored.agency, agency);
    const done = await agent.get(location).set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(done.text, /<h1>Your request was filed<\/h1>/);
    assert.match(done.text, /What happens next[^]*must answer by <strong><time datetime="/);
    // The answers are forgotten once sent: a new filing starts afresh.
    await agent.get('/requests/new/check').expect(303).expect('location', '/requests/new/country');
  });

  it('the same request again within 30 days is pointed out on the check page and must be confirmed', async () => {
    const { agent } = await signIn(harness.app, (await createUser('citizen')).email);
    const file = async () => {
      await answer(agent, '/requests/new/country', { jurisdiction: 'JO' }, 303);
      await answer(agent, '/requests/new/agency', { agency: 'JO-MOH' }, 303);
      await answer(agent, '/requests/new/question', question, 303);
      await answer(agent, '/requests/new/visibility', { visibility: 'private' }, 303);
    };
    await file();
    await answer(agent, '/requests/new/check', {}, 303);
    await file();
    const before = await RequestModel.countDocuments();
    const warned = await answer(agent, '/requests/new/check', {}, 422);
    assert.match(warned.text, /You filed a very similar request/);
    assert.match(warned.text, /<a href="#duplicateConfirmed">Tick the box/);
    assert.equal(await RequestModel.countDocuments(), before);
    await answer(agent, '/requests/new/check', { duplicateConfirmed: 'on' }, 303);
    assert.equal(await RequestModel.countDocuments(), before + 1);
  });

  it('a visitor answers first and signs in to send: the answers go with them; reading a page stores nothing', async () => {
    const email = (await createUser('citizen')).email;
    const agent = request.agent(harness.app);
    // A link from an agency's page answers the country and the agency.
    await agent
      .get('/requests/new?agency=JO-MOH')
      .expect(303)
      .expect('location', '/requests/new/question');
    const first = await request(harness.app).get('/requests/new/country').expect(200);
    assert.doesNotMatch(String(first.headers['set-cookie']), /haqq\.sid/);
    await answer(agent, '/requests/new/question', question, 303);
    await answer(agent, '/requests/new/visibility', { visibility: 'private' }, 303);
    const check = await agent.get('/requests/new/check').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(check.text, /Sign in or create an account to send your request/);
    assert.doesNotMatch(check.text, /action="\/requests\/new\/check"/);
    // Sending while signed out (a stale page) leads to the sign-in, and back.
    const token = hidden((await agent.get('/requests/new/question')).text, '_csrf');
    await agent
      .post('/requests/new/check')
      .type('form')
      .send({ _csrf: token })
      .expect(303)
      .expect('location', '/login?next=%2Frequests%2Fnew%2Fcheck');
    const login = await agent.get('/login?next=%2Frequests%2Fnew%2Fcheck');
    await agent
      .post('/login')
      .type('form')
      .send({
        _csrf: hidden(login.text, '_csrf'),
        email,
        password: PASSWORD,
        next: hidden(login.text, 'next'),
      })
      .expect(303)
      .expect('location', '/requests/new/check');
    const signedIn = await agent
      .get('/requests/new/check')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(signedIn.text, /Ministry of Health[^]*Hospital doctors/);
    await answer(agent, '/requests/new/check', {}, 303, /^\/requests\/JO-\d{4}-\d{6}\/sent$/);
  });

  it('a page posted after the session ended says so and keeps what was typed on it', async () => {
    const { agent } = await signIn(harness.app, (await createUser('citizen')).email);
    await answer(agent, '/requests/new/country', { jurisdiction: 'JO' }, 303);
    await answer(agent, '/requests/new/agency', { agency: 'JO-MOH' }, 303);
    const page = await agent.get('/requests/new/question');
    // The session ends (here by signing out; in life, by an hour without activity).
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: hidden(page.text, '_csrf') })
      .expect(303);
    const lost = await agent
      .post('/requests/new/question')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: hidden(page.text, '_csrf'), draft: hidden(page.text, 'draft'), ...question })
      .expect(403);
    assert.match(lost.text, /Your session ended/);
    assert.match(lost.text, /value="Hospital doctors"/);
    assert.match(lost.text, /The number of doctors in each public hospital/);
    // Posted again with the new token: kept, and the country is asked again.
    await agent
      .post('/requests/new/question')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: hidden(lost.text, '_csrf'), draft: hidden(page.text, 'draft'), ...question })
      .expect(303)
      .expect('location', '/requests/new/visibility');
    const country = await agent.get('/requests/new/country').set('Cookie', 'haqq_lang=en');
    assert.match(country.text, /Your session ended/);
  });

  it('an officer logs a paper request: the receipt first, in local time, then the same questions', async () => {
    const { agent } = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    await agent.get('/requests/new').expect(303).expect('location', '/requests/new/received');
    // A citizen's pages are not theirs: the country and agency are their own agency's.
    await agent.get('/requests/new/country').expect(404);
    const bad = await answer(
      agent,
      '/requests/new/received',
      {
        receivedAt: 'yesterday',
        channel: 'paper',
        language: 'en',
      },
      422,
    );
    assert.match(bad.text, /<a href="#receivedAt">[^]*<a href="#requesterName">/);
    await answer(
      agent,
      '/requests/new/received',
      {
        receivedAt: '2026-11-01T10:30',
        channel: 'paper',
        requesterName: 'Omar',
        language: 'en',
      },
      303,
      '/requests/new/question',
    );
    await answer(agent, '/requests/new/question', question, 303);
    const visibility = await agent.get('/requests/new/visibility');
    assert.doesNotMatch(visibility.text, /name="displayName"/);
    await answer(agent, '/requests/new/visibility', { visibility: 'private' }, 303);
    const check = await agent.get('/requests/new/check').set('Cookie', 'haqq_lang=en');
    assert.match(check.text, /2026-11-01 10:30[^]*on paper[^]*Omar/);
    assert.match(check.text, />Log the request</);
    const sent = await answer(agent, '/requests/new/check', {}, 303);
    const ref = /JO-\d{4}-\d{6}/.exec(String(sent.headers.location))?.[0];
    const stored = await RequestModel.findOne({ ref }).lean();
    // 10:30 in Amman (UTC+3) is 07:30 UTC.
    assert.equal(stored?.receivedAt.toISOString(), '2026-11-01T07:30:00.000Z');
    assert.equal(stored.channel, 'paper');
    const done = await agent.get(String(sent.headers.location)).set('Cookie', 'haqq_lang=en');
    assert.match(done.text, /The request was logged/);
    assert.doesNotMatch(done.text, /Your request was filed/);
  });

  it('only those who file reach the pages; an unknown page is a 404', async () => {
    const { agent: auditor } = await signIn(harness.app, (await createUser('auditor')).email);
    await auditor.get('/requests/new/country').expect(403);
    const { agent } = await signIn(harness.app, (await createUser('citizen')).email);
    await agent.get('/requests/new/elsewhere').expect(404);
    await agent.get('/requests/new/received').expect(404);
  });
});
