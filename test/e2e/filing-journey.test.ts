import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import {
  checkStep,
  DESKTOP,
  launchBrowser,
  PHONE,
  setLocale,
  signInWithForm,
  startBrowserApp,
} from '../support/browser.ts';
import { createUser, PASSWORD } from '../support/factories.ts';
import { to, waitForMail } from '../support/mail.ts';

/** The four ways the filing is walked: each language on a phone and a desktop. */
const COMBINATIONS = [
  { name: 'en-phone', locale: 'en', viewport: PHONE, visitor: true },
  { name: 'en-desktop', locale: 'en', viewport: DESKTOP, visitor: false },
  { name: 'ar-phone', locale: 'ar', viewport: PHONE, visitor: false },
  { name: 'ar-desktop', locale: 'ar', viewport: DESKTOP, visitor: false },
] as const;

const WORDS = {
  en: {
    topic: 'hospital maintenance contracts',
    subject: 'Hospital maintenance contracts',
    body: 'Please send the maintenance contracts of public hospitals signed in 2025.',
  },
  ar: {
    topic: 'عقود صيانة المستشفيات',
    subject: 'عقود صيانة المستشفيات',
    body: 'أرجو تزويدي بعقود صيانة المستشفيات الحكومية الموقعة في عام 2025.',
  },
};

/** Presses a form's button and waits for the page it leads to. */
async function press(page: Page, selector: string) {
  await Promise.all([page.waitForEvent('load'), page.locator(selector).click()]);
}
const continueOn = (page: Page, place: string) =>
  press(page, `form[action="/requests/new/${place}"] button[type="submit"]:not([value])`);

/** The page's error summary: focused on arrival, its links to the fields in error. */
async function errorLinks(page: Page): Promise<string[]> {
  // Autofocus runs when the browser next renders, which may come just after the load event.
  await page
    .waitForFunction(() => document.activeElement?.className === 'error-summary', undefined, {
      timeout: 5_000,
    })
    .catch(() => undefined);
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'error-summary');
  return page
    .locator('.error-summary a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/**
 * A citizen's filing in a real browser with JavaScript turned off, one question
 * per page, in both languages on a phone and a desktop, each page checked by
 * axe-core and for sideways scrolling, with an error on the way and a change
 * from "Check your answers"; on the phone in English, a visitor who signs in
 * only to send. Then the officer refuses one, and the citizen reads why.
 */
describe('filing a request in a real browser', () => {
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let browser: Browser;
  let officerEmail: string;
  let councilEmail: string;
  const filed = new Map<string, { ref: string; email: string }>();

  before(async () => {
    app = await startBrowserApp('e2e-filing');
    browser = await launchBrowser();
    await seedDemoData({});
    officerEmail = (await createUser('officer', { agency: 'JO-MOH' })).email;
    councilEmail = (await createUser('officer', { agency: 'JO-IC' })).email;
  });
  after(async () => {
    await browser.close();
    await app.close();
  });

  for (const combination of COMBINATIONS)
    it(`one question per page, without JavaScript: ${combination.name}`, async () => {
      const { name, locale, viewport, visitor } = combination;
      const words = WORDS[locale];
      const email = (await createUser('citizen', { locale })).email;
      const context = await browser.newContext({ viewport, javaScriptEnabled: false });
      context.setDefaultTimeout(15_000);
      await setLocale(context, app.base, locale);
      const page = await context.newPage();
      const problems: string[] = [];
      const step = async (label: string) => {
        problems.push(...(await checkStep(page, `filing-${name}-${label}`, { javaScript: false })));
      };
      if (!visitor) await signInWithForm(page, app.base, email);

      await page.goto(`${app.base}/requests/new`);
      assert.equal(new URL(page.url()).pathname, '/requests/new/country');
      await step('1-country');
      // Continue with no country: the error names the field, and says so in the title.
      await continueOn(page, 'country');
      assert.deepEqual(await errorLinks(page), ['#jurisdiction']);
      await step('2-country-error');
      await page.check('input[name="jurisdiction"][value="JO"]');
      await continueOn(page, 'country');

      assert.equal(new URL(page.url()).pathname, '/requests/new/agency');
      await step('3-agency');
      await page.fill('#topic', words.topic);
      await press(page, 'button[value="suggest"]');
      // The agencies that match come first, the best one chosen.
      assert.ok(await page.isChecked('input[name="agency"][value="JO-MOH"]'));
      await step('4-agency-suggested');
      await continueOn(page, 'agency');

      assert.equal(new URL(page.url()).pathname, '/requests/new/question');
      await page.fill('#subject', words.subject);
      await page.fill('#body', 'short');
      await continueOn(page, 'question');
      assert.deepEqual(await errorLinks(page), ['#body']);
      // What was typed stays.
      assert.equal(await page.inputValue('#subject'), words.subject);
      await step('5-question-error');
      await page.fill('#body', words.body);
      await continueOn(page, 'question');

      assert.equal(new URL(page.url()).pathname, '/requests/new/visibility');
      await step('6-visibility');
      await page.check('input[name="visibility"][value="public"]');
      await continueOn(page, 'visibility');

      assert.equal(new URL(page.url()).pathname, '/requests/new/check');
      await step('7-check');
      // A change returns to "Check your answers".
      await press(page, '#subject a');
      await page.fill('#subject', `${words.subject} 2025`);
      await continueOn(page, 'question');
      assert.equal(new URL(page.url()).pathname, '/requests/new/check');
      assert.match(await page.locator('#subject').innerText(), /2025/);

      if (visitor) {
        // Signing in keeps the answers and comes back here.
        await press(page, 'a[href^="/login?next="]');
        await page.fill('#email', email);
        await page.fill('#password', PASSWORD);
        await press(page, 'form[action="/login"] button[type="submit"]');
        assert.equal(new URL(page.url()).pathname, '/requests/new/check');
        await step('8-check-signed-in');
      }
      await press(page, 'form[action="/requests/new/check"] button[type="submit"]');
      const ref = /\/requests\/([A-Z]{2}-\d{4}-\d{6})\/sent$/.exec(page.url())?.[1];
      assert.ok(ref, page.url());
      assert.equal(await page.locator('.panel__ref').innerText(), ref);
      await step('9-sent');
      const stored = await RequestModel.findOne({ ref }).lean();
      assert.equal(stored?.agency, 'JO-MOH');
      assert.equal(stored.visibility, 'public');
      filed.set(name, { ref, email });
      await context.close();
      assert.deepEqual(problems, []);
      await waitForMail(app.mailbox, to(email));
    });

  it('an officer logs a paper request: the receipt first, with its error, then the same pages', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    await setLocale(context, app.base, 'en');
    const page = await context.newPage();
    const problems: string[] = [];
    const step = async (label: string) => {
      problems.push(...(await checkStep(page, `logging-${label}`, { javaScript: false })));
    };
    await signInWithForm(page, app.base, officerEmail);
    await page.goto(`${app.base}/requests/new`);
    assert.equal(new URL(page.url()).pathname, '/requests/new/received');
    await continueOn(page, 'received');
    assert.deepEqual(await errorLinks(page), ['#receivedAt', '#channel', '#requesterName']);
    await step('1-received-error');
    await page.fill('#receivedAt', '2026-11-01T10:30');
    await page.check('input[name="channel"][value="phone"]');
    await page.fill('#requesterName', 'Omar');
    await continueOn(page, 'received');
    await page.fill('#subject', WORDS.en.subject);
    await page.fill('#body', WORDS.en.body);
    await continueOn(page, 'question');
    await page.check('input[name="visibility"][value="private"]');
    await continueOn(page, 'visibility');
    await step('2-check');
    assert.match(await page.locator('main').innerText(), /by phone[^]*Omar/);
    await press(page, 'form[action="/requests/new/check"] button[type="submit"]');
    assert.match(page.url(), /\/requests\/JO-\d{4}-\d{6}\/sent$/);
    await step('3-logged');
    await context.close();
    assert.deepEqual(problems, []);
  });

  it('the officer refuses one, forgetting the grounds first; the citizen reads why and appeals', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    await setLocale(context, app.base, 'ar');
    const page = await context.newPage();
    const problems: string[] = [];
    const signIn = async (email: string) => {
      await page.goto(`${app.base}/login`);
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await Promise.all([
        page.waitForURL((url) => url.pathname !== '/login'),
        page.click('form[action="/login"] button[type="submit"]'),
      ]);
    };
    const citizen = filed.get('ar-desktop');
    assert.ok(citizen, 'the Arabic desktop filing ran');
    const { ref, email: citizenEmail } = citizen;
    await signIn(officerEmail);
    // The officer refuses, forgetting the articles first: the choice and the reason are kept.
    await page.goto(`${app.base}/requests/${ref}`);
    // The next step is the primary action: acknowledge, then answer.
    assert.match(await page.locator('.next-step').innerText(), /تأكيد الاستلام|استلام/);
    await Promise.all([page.waitForLoadState('load'), page.click('#acknowledge-form button')]);
    assert.ok(await page.locator('.next-step #answer-form').isVisible());
    await page.check('#answer-outcome-refused');
    await page.fill('#answer-reason', 'العقود تتضمن أسرارًا تجارية للمورّدين.');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action$="/answer"] button[value="preview"]'),
    ]);
    problems.push(
      ...(await checkStep(page, 'nojs-3-refusal-needs-grounds-ar', { javaScript: false })),
    );
    assert.ok(await page.locator('#answer-outcome-refused').isChecked());
    // The error summary is focused and links to the articles.
    await errorLinks(page);
    assert.equal(
      await page.locator('.error-summary a').first().getAttribute('href'),
      '#answer-legalGrounds',
    );
    assert.equal(
      await page.locator('#answer-reason').inputValue(),
      'العقود تتضمن أسرارًا تجارية للمورّدين.',
    );
    await page.check('input[name="legalGrounds"][value="Art. 13(a)"]');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action$="/answer"] button[value="preview"]'),
    ]);
    // A public request's answer is previewed: what the public will read, before it is sent.
    problems.push(...(await checkStep(page, 'nojs-4-answer-preview-ar', { javaScript: false })));
    assert.ok(await page.locator('#answer-preview').isVisible());
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action$="/answer"] button[value="send"]'),
    ]);
    problems.push(...(await checkStep(page, 'nojs-4b-refused-ar', { javaScript: false })));

    await page.click('form[action="/logout"] button');
    await signIn(citizenEmail);
    await page.goto(`${app.base}/requests/${ref}`);
    problems.push(
      ...(await checkStep(page, 'nojs-5-citizen-reads-refusal-ar', { javaScript: false })),
    );
    assert.match(await page.locator('.status-panel').innerText(), /رُفض/);
    assert.match(await page.locator('#grounds-title + .facts').innerText(), /المادة ١٣ \(أ\)/);
    // Each article with the law's words, and what the citizen can do next, by when.
    assert.match(await page.locator('#grounds-title').innerText(), /لماذا حُجبت المعلومات/);
    assert.match(await page.locator('main').innerText(), /يمكنك التظلّم أمام مجلس المعلومات حتى/);

    // The citizen's next step is the appeal.
    await page.fill(
      '.next-step #appeal-reason',
      'العقود ممولة من المال العام ولا تمس أسرارًا تجارية.',
    );
    await Promise.all([page.waitForLoadState('load'), page.click('#appeal-form button')]);
    problems.push(...(await checkStep(page, 'nojs-6-appealed-ar', { javaScript: false })));

    // The Information Council's officer finds it among the appeals to decide, and decides.
    await page.click('form[action="/logout"] button');
    await signIn(councilEmail);
    assert.equal(new URL(page.url()).pathname, '/requests');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('a[href="/requests?show=appeals"]'),
    ]);
    problems.push(...(await checkStep(page, 'nojs-7-council-inbox-ar', { javaScript: false })));
    await Promise.all([page.waitForLoadState('load'), page.click(`a[href="/requests/${ref}"]`)]);
    assert.ok(await page.locator('.next-step #decide-appeal-form').isVisible());
    // On top, when the decision is due; the form shows the requester's reasons.
    assert.match(await page.locator('.status-panel').innerText(), /قرارك مستحق في موعد أقصاه/);
    assert.match(await page.locator('.next-step').innerText(), /العقود ممولة من المال العام/);
    problems.push(...(await checkStep(page, 'nojs-7b-council-decides-ar', { javaScript: false })));
    await page.check('#decide-appeal-overturned');
    await page.fill('#decide-appeal-reason', 'لا يثبت أن العقود تتضمن أسرارًا تجارية.');
    await Promise.all([page.waitForLoadState('load'), page.click('#decide-appeal-form button')]);
    problems.push(...(await checkStep(page, 'nojs-8-appeal-decided-ar', { javaScript: false })));
    assert.equal((await RequestModel.findOne({ ref }).lean())?.appeal?.decision, 'overturned');
    await context.close();
    assert.deepEqual(problems, []);
  });
});
