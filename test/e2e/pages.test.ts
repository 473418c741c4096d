import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedDemoData } from '../../src/seed/seed.ts';
import {
  checkStep,
  DESKTOP,
  launchBrowser,
  openContext,
  PHONE,
  setLocale,
  signInWithForm,
  startBrowserApp,
} from '../support/browser.ts';
import { createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { digitProblems, levantineMonthProblems } from '../support/size-checks.ts';

type Role = 'visitor' | 'citizen' | 'officer' | 'auditor' | 'admin';

/**
 * Every page a role reaches, in Arabic and English, on a 360 px phone and a
 * desktop, in Debian's Chromium: axe-core finds nothing serious or critical,
 * and no page scrolls sideways. Screenshots of each are in .run/screenshots.
 */
/**
 * The header: on a phone the menu button sits at the far end, beside nothing; on a desktop
 * the links of a visitor, a citizen and an officer hold on one line.
 */
async function headerProblems(page: Page, step: string, role: string, width: number) {
  const found: string[] = [];
  if (width === PHONE.width) {
    const box = await page.locator('.site-nav > summary').boundingBox();
    const rtl = (await page.locator('html').getAttribute('dir')) === 'rtl';
    const end = box ? (rtl ? box.x : width - (box.x + box.width)) : Infinity;
    if (end > 24)
      found.push(`${step}: the menu button is ${String(Math.round(end))} px from the end`);
  } else if (role !== 'admin' && role !== 'auditor') {
    const height = (await page.locator('.site-header__inner').boundingBox())?.height ?? 0;
    if (height > 72)
      found.push(`${step}: the header wraps (${String(Math.round(height))} px tall)`);
  }
  return found;
}

describe('every page in a real browser: accessible, and no sideways scrolling at 360 px', () => {
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let browser: Browser;
  const emails = new Map<Role, string>();
  const pages = new Map<Role, string[]>();

  before(async () => {
    app = await startBrowserApp('e2e-pages');
    browser = await launchBrowser();
    await seedDemoData({});
    const citizen = await createUser('citizen');
    const officer = await createUser('officer', { agency: 'JO-MOH' });
    const auditor = await createUser('auditor', { jurisdiction: 'JO' });
    const admin = await createUser('admin');
    for (const [role, user] of [
      ['citizen', citizen],
      ['officer', officer],
      ['auditor', auditor],
      ['admin', admin],
    ] as const)
      emails.set(role, user.email);
    const ref = await fileThroughApi(await signIn(app.app, citizen.email), {
      subject: 'ميزانيات المستشفيات الحكومية لعام 2025',
      body: 'أرجو تزويدي بميزانية كل مستشفى حكومي لعام 2025 مفصلة بندًا بندًا، مع المصروفات الفعلية.',
    });
    pages.set('visitor', [
      '/',
      '/agencies',
      '/jurisdictions',
      '/jurisdictions/JO',
      '/deadline-calculator',
      '/agencies/JO-MOH',
      '/statistics',
      '/statistics/JO',
      '/search',
      '/open-data',
      '/search?q=%D9%85%D9%8A%D8%B2%D8%A7%D9%86%D9%8A%D8%A7%D8%AA',
      '/login',
      '/register',
      '/forgot-password',
      `/requests/${ref}`,
      '/deadline-calculator?jurisdiction=JO&received=2026-12-03T14%3A30&kind=response',
      '/deadline-calculator?jurisdiction=US&received=2026-12-03T14%3A30&kind=response',
      '/reset-password?token=expired',
      ...['', '/accounts', '/administration', '/law', '/requests', '/public', '/integration'].map(
        (part) => `/api/docs${part}`,
      ),
    ]);
    pages.set('citizen', [
      '/requests',
      '/requests/new/country',
      '/requests/new?agency=JO-MOH',
      `/requests/${ref}`,
      `/requests/${ref}/sent`,
      '/account',
    ]);
    pages.set('officer', ['/requests', `/requests/${ref}`, '/requests/new/received']);
    pages.set('auditor', [
      '/audit/JO',
      '/audit/JO/overdue',
      '/audit/JO/agencies/JO-MOH',
      '/audit/JO/requests?figure=received',
    ]);
    pages.set('admin', [
      '/admin/users',
      '/admin/holidays',
      '/admin/holidays/JO',
      '/admin/audit',
      '/admin/portals',
      '/admin/webhooks',
    ]);
  });
  after(async () => {
    await browser.close();
    await app.close();
  });

  for (const role of ['visitor', 'citizen', 'officer', 'auditor', 'admin'] as const) {
    it(`${role}: every page, in both languages, at 360 and 1280 px`, async () => {
      const context = await openContext(browser, app.base, 'ar', DESKTOP);
      const page = await context.newPage();
      const email = emails.get(role);
      if (email) await signInWithForm(page, app.base, email);
      const problems: string[] = [];
      for (const locale of ['ar', 'en'] as const) {
        await setLocale(context, app.base, locale);
        for (const viewport of [PHONE, DESKTOP]) {
          await page.setViewportSize(viewport);
          for (const path of pages.get(role) ?? []) {
            const response = await page.goto(`${app.base}${path}`);
            assert.equal(response?.status(), 200, `${role} ${path}`);
            const step = `${role}${path.replace(/\//g, '-')}-${locale}-${String(viewport.width)}`;
            problems.push(...(await checkStep(page, step)));
            problems.push(...(await headerProblems(page, step, role, viewport.width)));
            // A page about Jordan (all the tour's requests are Jordanian) names its months as
            // Jordan does; the directory (every country's laws), the US calculator and the
            // admin's own pages are not about Jordan.
            if (
              locale === 'ar' &&
              !/US|^\/agencies$|^\/jurisdictions$|\/admin\/(users|audit|portals|webhooks)|\/account/.test(
                path,
              )
            )
              problems.push(...(await levantineMonthProblems(page, step)));
            if (locale === 'ar') {
              // The same page with Arabic-Indic digits chosen in the footer: none other is written.
              await context.addCookies([{ name: 'haqq_digits', value: 'arab', url: app.base }]);
              await page.goto(`${app.base}${path}`);
              problems.push(...(await digitProblems(page, `${step}-arab`)));
              await context.clearCookies({ name: 'haqq_digits' });
            }
          }
        }
      }
      await context.close();
      assert.deepEqual(problems, []);
    });
  }
});
