import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import * as mupdf from 'mupdf';
import type { Browser, Page } from 'playwright-core';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { rebuildAllRollups } from '../../src/stats/rollup-rebuild.ts';
import {
  checkStep,
  DESKTOP,
  launchBrowser,
  openContext,
  PHONE,
  signInWithForm,
  startBrowserApp,
} from '../support/browser.ts';
import { createUser } from '../support/factories.ts';
import { buildRecord } from '../support/report-record.ts';

/** Each page's text of a PDF. */
function pdfPages(bytes: Buffer): string[] {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i += 1)
    pages.push(doc.loadPage(i).toStructuredText('preserve-whitespace').asText());
  return pages;
}

/**
 * Marks every cell of every report table with its row's number (`QZ<n>Z`, in
 * 2 px letters, set through the CSSOM as the page's CSP allows), so that the
 * printed PDF tells on which page each part of each row landed. Returns how
 * many cells each row has.
 */
async function markRows(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.report-table tbody tr')].map((tr, n) => {
      for (const cell of tr.children) {
        const mark = document.createElement('span');
        mark.textContent = ` QZ${String(n)}Z`;
        mark.style.fontSize = '2px';
        cell.append(mark);
      }
      return tr.children.length;
    }),
  );
}

/**
 * The annual report in a real browser: an auditor opens Jordan's 2026 report
 * in Arabic from the dashboard, prints it (each page of the printed PDF
 * checked: its number, no navigation, no table row cut across two pages)
 * and downloads a section as CSV; an agency admin opens their own agency's
 * report from the menu on a phone. axe-core and the sideways check run on
 * every step.
 */
describe('the annual report in a real browser', () => {
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let browser: Browser;

  before(async () => {
    app = await startBrowserApp('e2e-report');
    browser = await launchBrowser();
    await seedDemoData({});
    await buildRecord();
    await rebuildAllRollups(createJurisdictionCalendars(loadJurisdictions()), new Date());
  });
  after(async () => {
    await browser.close();
    await app.close();
  });

  it('auditor, in Arabic on a desktop: opens Jordan 2026, prints it page by page, downloads a section', async () => {
    const auditor = await createUser('auditor', { jurisdiction: 'JO', locale: 'ar' });
    const context = await openContext(browser, app.base, 'ar', DESKTOP);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, auditor.email);
    await page.goto(`${app.base}/audit/JO`);
    await Promise.all([
      page.waitForURL(/\/audit\/JO\/report/),
      page.click('a[href="/audit/JO/report"]'),
    ]);
    problems.push(...(await checkStep(page, 'report-1-jordan-2026-ar')));
    assert.match(await page.locator('h1').innerText(), /الأردن.*٢٠٢٦/);
    assert.equal(await page.locator('.report-section').count(), 11);
    assert.ok(await page.locator('button', { hasText: 'اطبع' }).isVisible(), 'the print button');

    // Printed: A4, numbered, no navigation, every table row whole on one page.
    const cells = await markRows(page);
    const pages = pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    assert.ok(pages.length >= 2, `${String(pages.length)} pages`);
    const n = String(pages.length);
    const seen = new Map<number, Set<number>>();
    const count = new Map<number, number>();
    for (const [i, text] of pages.entries()) {
      const number = String(i + 1);
      // Arabic pages come out of the PDF in visual order: "9 / 1" is page 1 of 9.
      assert.ok(
        text.includes(`${number} / ${n}`) || text.includes(`${n} / ${number}`),
        `page ${number} has its number`,
      );
      for (const chrome of ['تسجيل الخروج', 'English', 'JSON', 'CSV', 'QX'])
        assert.ok(!text.includes(chrome), `page ${number} prints "${chrome}"`);
      for (const match of text.matchAll(/QZ(\d+)Z/g)) {
        const row = Number(match[1]);
        seen.set(row, (seen.get(row) ?? new Set()).add(i));
        count.set(row, (count.get(row) ?? 0) + 1);
      }
    }
    for (const [row, cellCount] of cells.entries()) {
      assert.equal(count.get(row), cellCount, `row ${String(row)}: every cell printed`);
      assert.equal(seen.get(row)?.size, 1, `row ${String(row)} cut across pages`);
    }
    await page.reload();

    // A section as CSV, from its own link.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#section-dispositions a[download]'),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark for spreadsheets');
    assert.match(csv, /disposition\.granted,أُجيب كليًا,3,1/);
    assert.match(
      download.suggestedFilename(),
      /^haqq-report-JO-2026-01-01-2026-12-31-dispositions\.csv$/,
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('agency admin, in English on a phone: opens their agency report from the menu', async () => {
    const admin = await createUser('agency_admin', { agency: 'JO-MOF' });
    const context = await openContext(browser, app.base, 'en', PHONE);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, admin.email);
    await page.click('.site-nav summary');
    await Promise.all([
      page.waitForURL(/\/audit\/JO\/report\?agency=JO-MOF/),
      page.click('a[href="/audit/report"]'),
    ]);
    problems.push(...(await checkStep(page, 'report-2-agency-admin-en-phone')));
    assert.match(
      await page.locator('h1').innerText(),
      /^Ministry of Finance: requests for information, 2026$/,
    );
    assert.equal(await page.locator('a', { hasText: "The whole country's report" }).count(), 0);
    const received = page.locator('#section-requests tbody tr').first();
    assert.match(await received.innerText(), /Received\s+3\s+0/);
    // The requests behind a figure, one tap away.
    await Promise.all([page.waitForLoadState('load'), received.locator('a').first().click()]);
    problems.push(...(await checkStep(page, 'report-3-requests-behind-en-phone')));
    assert.match(await page.locator('h1').innerText(), /Received/);
    assert.equal(await page.locator('tbody tr').count(), 3);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
