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
  startBrowserApp,
} from '../support/browser.ts';
import { createUser, PASSWORD } from '../support/factories.ts';
import { to, waitForMail } from '../support/mail.ts';

/** Presses Tab until `selector` has the focus (a keyboard user's way there). */
async function tabTo(page: Page, selector: string) {
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The ref in a confirmation page's address. */
const refIn = (url: string) => /\/requests\/([A-Z]{2}-\d{4}-\d{6})\?filed=1$/.exec(url)?.[1];

/**
 * A citizen's filing, in a real browser: once with the keyboard alone (English,
 * on a phone), once with JavaScript turned off (Arabic, desktop), each step
 * checked by axe-core and for sideways scrolling; then the officer refuses it
 * and the citizen reads the refusal's articles; the filing mail arrives.
 */
describe('filing a request in a real browser', () => {
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let browser: Browser;
  let citizenEmail: string;
  let officerEmail: string;
  let councilEmail: string;

  before(async () => {
    app = await startBrowserApp('e2e-filing');
    browser = await launchBrowser();
    await seedDemoData({});
    citizenEmail = (await createUser('citizen', { locale: 'en' })).email;
    officerEmail = (await createUser('officer', { agency: 'JO-MOH' })).email;
    councilEmail = (await createUser('officer', { agency: 'JO-IC' })).email;
  });
  after(async () => {
    await browser.close();
    await app.close();
  });

  it('with the keyboard alone, on a 360 px phone, in English', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    context.setDefaultTimeout(15_000);
    await setLocale(context, app.base, 'en');
    const page = await context.newPage();
    const problems: string[] = [];
    await page.goto(`${app.base}/login`);
    problems.push(...(await checkStep(page, 'keyboard-1-login')));
    await tabTo(page, '#email');
    await page.keyboard.type(citizenEmail);
    await tabTo(page, '#password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname !== '/login'),
      page.keyboard.press('Enter'),
    ]);

    await page.goto(`${app.base}/requests/new`);
    problems.push(...(await checkStep(page, 'keyboard-2-new')));
    await tabTo(page, '#jurisdiction');
    await page.keyboard.type('Jordan');
    await tabTo(page, 'button[value="country"]');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('#agency');
    // After each round trip, the focus is back where the keyboard was.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'show-agencies');
    problems.push(...(await checkStep(page, 'keyboard-3-agencies')));
    await tabTo(page, '#subject');
    await page.keyboard.type('Hospital doctors in 2025');
    // The limit counts down as they type (300 characters, never cut).
    await page.waitForFunction(
      () =>
        document.getElementById('subject-count')?.textContent === 'You have 276 characters left',
    );
    await tabTo(page, '#body');
    await page.keyboard.type(
      'Please send the number of doctors in every public hospital in 2025, by speciality.',
    );
    await tabTo(page, 'button[value="suggest"]');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('.suggestions');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'suggest');
    problems.push(...(await checkStep(page, 'keyboard-4-suggested')));
    assert.equal(await page.locator('#agency').inputValue(), 'JO-MOH');
    await tabTo(page, 'button[value="file"]');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('filed') === '1'),
      page.keyboard.press('Enter'),
    ]);
    problems.push(...(await checkStep(page, 'keyboard-5-filed')));
    assert.ok(refIn(page.url()), page.url());
    assert.match(await page.locator('#filed-title').innerText(), /Your request was filed/);
    await context.close();
    assert.deepEqual(problems, []);
    await waitForMail(app.mailbox, to(citizenEmail));
  });

  it('with JavaScript turned off, in Arabic; the officer refuses and the citizen reads why', async () => {
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
    await signIn(citizenEmail);
    await page.goto(`${app.base}/requests/new`);
    await page.selectOption('#jurisdiction', 'JO');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="country"]')]);
    await page.fill('#subject', 'عقود صيانة المستشفيات');
    await page.fill('#body', 'أرجو تزويدي بعقود صيانة المستشفيات الحكومية الموقعة في عام 2025.');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="suggest"]')]);
    problems.push(...(await checkStep(page, 'nojs-1-suggested-ar', { javaScript: false })));
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('filed') === '1'),
      page.click('button[value="file"]'),
    ]);
    problems.push(...(await checkStep(page, 'nojs-2-filed-ar', { javaScript: false })));
    const ref = refIn(page.url());
    assert.ok(ref, page.url());
    assert.equal((await RequestModel.findOne({ ref }).lean())?.agency, 'JO-MOH');

    // The officer refuses, forgetting the articles first: the choice and the reason are kept.
    await page.click('form[action="/logout"] button');
    await signIn(officerEmail);
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
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'error-summary');
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
