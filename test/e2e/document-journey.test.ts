import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedDemoData } from '../../src/seed/seed.ts';
import {
  checkStep,
  DESKTOP,
  launchBrowser,
  openContext,
  PHONE,
  signInWithForm,
  startBrowserApp,
} from '../support/browser.ts';
import { createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { ARABIC_LETTER, letterScan, REQUESTER } from '../support/letters.ts';
import { RequestModel } from '../../src/requests/request-model.ts';

/** Reloads `page` until `text` shows, the way a person checks back on a copy being prepared. */
async function reloadUntil(page: Page, text: RegExp, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (!text.test(await page.locator('main').innerText())) {
    if (Date.now() > deadline) throw new Error(`no ${String(text)} after ${String(ms)} ms`);
    await page.waitForTimeout(1_000);
    await page.reload();
  }
}

/**
 * Issue 36 in a real browser: an officer answers with a scanned Arabic letter,
 * reviews its public copy's boxes, draws one more and publishes; a visitor
 * finds the letter by a word in it and opens it. axe-core, the size checks and
 * the sideways check run on every step, on a phone and on a desktop.
 */
describe('a released document, from the officer’s scan to the public', () => {
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let browser: Browser;
  let ref = '';
  let officerEmail = '';
  before(async () => {
    app = await startBrowserApp('e2e-documents', { queues: ['events', 'mail', 'documents'] });
    browser = await launchBrowser();
    await seedDemoData({});
  });
  after(async () => {
    await browser.close();
    await app.close();
  });

  it('the officer, in Arabic on a desktop: answers with a scan, reviews the boxes, draws one, publishes', async () => {
    const person = await createUser('citizen');
    await RequestModel.db
      .collection('users')
      .updateOne({ email: person.email }, { $set: { name: REQUESTER } });
    const citizen = await signIn(app.app, person.email);
    ref = await fileThroughApi(citizen, {
      subject: 'المراكز الصحية الشاملة',
      body: 'أرجو تزويدي بقائمة المراكز الصحية الشاملة في الزرقاء.',
    });
    const scan = path.join(mkdtempSync(path.join(tmpdir(), 'haqq-scan-')), 'scan.png');
    writeFileSync(scan, await letterScan(browser, ARABIC_LETTER));
    const officer = await createUser('officer', { agency: 'JO-MOH' });
    const context = await openContext(browser, app.base, 'ar', DESKTOP);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, officer.email);
    await page.goto(`${app.base}/requests/${ref}`);
    // The next step is the primary action: acknowledge, then answer.
    await Promise.all([page.waitForLoadState('load'), page.click('#acknowledge-form button')]);
    await page.check('#answer-outcome-granted');
    await page.fill('#answer-reason', 'مرفق كتاب الوزارة بالقائمة المطلوبة.');
    await page.setInputFiles('#answer-file', scan);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action$="/answer"] button[value="preview"]'),
    ]);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action$="/answer"] button[value="send"]'),
    ]);
    // The answer is sent at once; the public copy waits for the officer.
    await page.goto(`${app.base}/requests/${ref}`);
    problems.push(...(await checkStep(page, 'documents-1-answered-ar')));
    await reloadUntil(page, /راجعها وانشرها/);
    await Promise.all([page.waitForLoadState('load'), page.click('a[href$="/review"]')]);
    problems.push(...(await checkStep(page, 'documents-2-review-ar')));
    assert.match(await page.locator('main').innerText(), /جاهزة لمراجعتك/);
    // The officer draws a box over the letter's heading, then prepares the copy again.
    const image = page.locator('.copy-page').first();
    const area = await image.boundingBox();
    assert.ok(area);
    await page.mouse.move(area.x + area.width * 0.3, area.y + area.height * 0.04);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width * 0.7, area.y + area.height * 0.08, { steps: 5 });
    await page.mouse.up();
    assert.equal(await page.locator('input[name="add"]').count(), 1);
    problems.push(...(await checkStep(page, 'documents-3-box-drawn-ar')));
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="prepare"]')]);
    await reloadUntil(page, /جاهزة لمراجعتك/);
    assert.match(await page.locator('main').innerText(), /حجبه موظف/);
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="publish"]')]);
    problems.push(...(await checkStep(page, 'documents-4-published-ar')));
    assert.match(await page.locator('main').innerText(), /نُشرت النسخة العلنية/);
    // The redaction log is in the request's history, among its events.
    await page.click('details.history summary');
    const history = await page.locator('details.history').innerText();
    assert.match(history, /غُيّرت مربعات النسخة العلنية من document-1\.pdf/);
    assert.match(history, /نُشرت النسخة العلنية من document-1\.pdf/);
    problems.push(...(await checkStep(page, 'documents-4b-history-ar')));
    await context.close();
    assert.deepEqual(problems, []);
    officerEmail = officer.email;
  });

  it('the officer, on a phone in English: the request page and the published copy’s review', async () => {
    const context = await openContext(browser, app.base, 'en', PHONE);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, officerEmail);
    await page.goto(`${app.base}/requests/${ref}`);
    problems.push(...(await checkStep(page, 'documents-7-request-phone-en')));
    await Promise.all([page.waitForLoadState('load'), page.click('a[href$="/review"]')]);
    assert.match(await page.locator('main').innerText(), /Published: anyone can read/);
    problems.push(...(await checkStep(page, 'documents-8-review-phone-en')));
    await context.close();
    assert.deepEqual(problems, []);
  });

  for (const [locale, viewport, name] of [
    ['en', PHONE, 'phone-en'],
    ['ar', PHONE, 'phone-ar'],
    ['en', DESKTOP, 'desktop-en'],
    ['ar', DESKTOP, 'desktop-ar'],
  ] as const)
    it(`a visitor (${name}) finds the letter by a word in it and reads it`, async () => {
      const context = await openContext(browser, app.base, locale, viewport);
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const problems: string[] = [];
      await page.goto(`${app.base}/search?q=${encodeURIComponent('الدوام')}`);
      problems.push(...(await checkStep(page, `documents-5-search-${name}`)));
      const hit = page.locator('#documents-title + .results a[href*="/public#page-1"]');
      await Promise.all([page.waitForLoadState('load'), hit.first().click()]);
      problems.push(...(await checkStep(page, `documents-6-document-${name}`)));
      const text = await page.locator('main').innerText();
      assert.match(text, /الزرقاء/);
      assert.doesNotMatch(text, /سلمى|القاسم|salma/i);
      assert.match(
        (await page.locator('a[href$="/public.pdf"]').getAttribute('href')) ?? '',
        new RegExp(`^/requests/${ref}/documents/`),
      );
      await context.close();
      assert.deepEqual(problems, []);
    });
});
