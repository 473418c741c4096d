import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { UserModel } from '../../src/users/user-model.ts';
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
import { to, waitForMail } from '../support/mail.ts';

/**
 * The staff's journeys in a real browser: an admin invites an officer (the
 * agency chosen from a list), the invitation is read from the SMTP listener and
 * its link sets the password, and the new officer lands on their inbox; an
 * auditor goes from the dashboard to an agency and to the requests behind a
 * figure. axe-core and the sideways check run on every step.
 */
describe('staff journeys in a real browser', () => {
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let browser: Browser;

  before(async () => {
    app = await startBrowserApp('e2e-staff');
    browser = await launchBrowser();
    await seedDemoData({});
  });
  after(async () => {
    await browser.close();
    await app.close();
  });

  it('admin, on a phone in English: invites an officer, who sets a password from the mail and lands on the inbox', async () => {
    const admin = await createUser('admin');
    const context = await openContext(browser, app.base, 'en', PHONE);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, admin.email);
    assert.equal(new URL(page.url()).pathname, '/admin/users');
    problems.push(...(await checkStep(page, 'admin-1-accounts-en')));

    // A wrong address first: the summary names it, and what was chosen stays chosen.
    const invitee = `new.officer.${String(Date.now())}@example.org`;
    await page.fill('#email', 'not an address');
    await page.fill('#name', 'Rania Haddad');
    await page.selectOption('#role', 'officer');
    await page.selectOption('#agency', 'JO-MOF');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/admin/users/invite"] button'),
    ]);
    problems.push(...(await checkStep(page, 'admin-2-invite-error-en')));
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.locator('.error-summary a').first().getAttribute('href'), '#email');
    assert.equal(await page.locator('#role').inputValue(), 'officer');
    assert.equal(await page.locator('#agency').inputValue(), 'JO-MOF');

    await page.fill('#email', invitee);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/admin/users/invite"] button'),
    ]);
    problems.push(...(await checkStep(page, 'admin-3-invited-en')));
    assert.equal((await UserModel.findOne({ email: invitee }).lean())?.agency, 'JO-MOF');

    // The invitation, as the SMTP listener caught it: its link sets the password.
    const [mail] = await waitForMail(app.mailbox, to(invitee));
    const link = /(http:\/\/127\.0\.0\.1:\d+\/set-password\?token=[\w-]+)/.exec(
      mail?.text ?? '',
    )?.[1];
    assert.ok(link, mail?.text);
    const fresh = await openContext(browser, app.base, 'en', PHONE);
    const invited = await fresh.newPage();
    await invited.goto(link);
    problems.push(...(await checkStep(invited, 'admin-4-set-password-en')));
    await invited.fill('#password', 'ministry of finance 2026');
    await Promise.all([
      invited.waitForLoadState('load'),
      invited.click('form button[type="submit"]'),
    ]);
    problems.push(...(await checkStep(invited, 'admin-5-password-set-en')));
    await invited.goto(`${app.base}/login`);
    await invited.fill('#email', invitee);
    await invited.fill('#password', 'ministry of finance 2026');
    await Promise.all([
      invited.waitForURL((url) => url.pathname !== '/login'),
      invited.click('form[action="/login"] button[type="submit"]'),
    ]);
    assert.equal(new URL(invited.url()).pathname, '/requests');
    problems.push(...(await checkStep(invited, 'admin-6-new-officer-inbox-en')));
    await fresh.close();
    await context.close();
    assert.deepEqual(problems, []);
  });

  it('auditor, on a desktop in Arabic: from the dashboard to an agency and the requests behind a figure', async () => {
    const citizen = await createUser('citizen');
    await fileThroughApi(await signIn(app.app, citizen.email), {
      subject: 'عقود النظافة في المستشفيات',
      body: 'أرجو تزويدي بعقود النظافة في المستشفيات الحكومية لعام 2025 وقيمة كل عقد.',
    });
    const auditor = await createUser('auditor', { jurisdiction: 'JO' });
    const context = await openContext(browser, app.base, 'ar', DESKTOP);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, auditor.email);
    assert.equal(new URL(page.url()).pathname, '/audit/JO');
    problems.push(...(await checkStep(page, 'auditor-1-dashboard-ar')));
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('a[href^="/audit/JO/agencies/JO-MOH"]'),
    ]);
    problems.push(...(await checkStep(page, 'auditor-2-agency-ar')));
    await page.goto(`${app.base}/audit/JO/overdue`);
    problems.push(...(await checkStep(page, 'auditor-3-overdue-ar')));
    await page.goto(`${app.base}/audit/JO/requests?figure=received&agency=JO-MOH`);
    problems.push(...(await checkStep(page, 'auditor-4-requests-ar')));
    await context.close();
    assert.deepEqual(problems, []);
  });

  it('admin, on a phone in Arabic: adds a national portal and copies its secret; the portal files; the officer reads what it sent, on a desktop in English', async () => {
    const admin = await createUser('admin', { locale: 'ar' });
    const context = await openContext(browser, app.base, 'ar', PHONE);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, admin.email);
    await page.goto(`${app.base}/admin/portals`);
    problems.push(...(await checkStep(page, 'portal-1-list-ar')));
    // No name first: the summary names the field.
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/admin/portals"] button'),
    ]);
    problems.push(...(await checkStep(page, 'portal-2-error-ar')));
    assert.match(await page.title(), /^خطأ/);
    assert.equal(await page.locator('.error-summary a').first().getAttribute('href'), '#name');
    await page.fill('#name', 'بوابة الحكومة الإلكترونية');
    await page.check('#agency-JO-MOH');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/admin/portals"] button'),
    ]);
    problems.push(...(await checkStep(page, 'portal-3-secret-ar')));
    const secret = await page.locator('#secret').inputValue();
    assert.match(secret, /^haqq_portal_/);
    await context.close();

    const sent = await fetch(`${app.base}/api/portal/components/JO-MOH/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'FOIA-API-SECRET': secret },
      body: JSON.stringify({
        version: '1.1.0',
        request_id: 4411,
        agency: 'وزارة الصحة',
        agency_component_name: 'الوزارة',
        name_first: 'سامي',
        name_last: 'الخطيب',
        request_description: 'أرجو تزويدي بعدد أسرّة العناية المركزة في مستشفيات المملكة لعام 2025.',
        company_organization: 'جمعية الشفافية',
        phone_number: '+962 6 555 0101',
        expedited_processing: 'yes',
        fee_waiver: 'no',
        attachments_supporting_documentation: [
          {
            filename: 'letter.pdf',
            content_type: 'application/pdf',
            filedata: 'YSBiYXNlNjQgZW5jb2RlZCBmaWxlCg==',
          },
        ],
      }),
    });
    assert.equal(sent.status, 200);
    const { status_tracking_number: ref } = (await sent.json()) as {
      status_tracking_number: string;
    };

    const officer = await createUser('officer', { agency: 'JO-MOH' });
    const desk = await openContext(browser, app.base, 'en', DESKTOP);
    const officerPage = await desk.newPage();
    await signInWithForm(officerPage, app.base, officer.email);
    await officerPage.goto(`${app.base}/requests/${ref}`);
    problems.push(...(await checkStep(officerPage, 'portal-4-request-en')));
    assert.match(await officerPage.locator('#intake-title').innerText(), /Sent by the portal/);
    assert.match(await officerPage.locator('main').innerText(), /This law has no urgent track/);
    await desk.close();
    assert.deepEqual(problems, []);
  });

  it('agency admin, on a phone in English: registers a webhook address and opens its log; the API reference on a desktop in Arabic', async () => {
    const agencyAdmin = await createUser('agency_admin', { agency: 'JO-MOH' });
    const context = await openContext(browser, app.base, 'en', PHONE);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, agencyAdmin.email);
    await page.goto(`${app.base}/admin/webhooks`);
    problems.push(...(await checkStep(page, 'webhook-1-list-en')));
    // No event chosen: the summary says so, and the address stays typed.
    await page.fill('#url', 'https://cases.moh.example.org/haqq-events');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/admin/webhooks"] button'),
    ]);
    problems.push(...(await checkStep(page, 'webhook-2-error-en')));
    assert.match(await page.title(), /^Error: /);
    assert.equal(
      await page.locator('#url').inputValue(),
      'https://cases.moh.example.org/haqq-events',
    );
    await page.check('#event-submitted');
    await page.check('#event-answered');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/admin/webhooks"] button'),
    ]);
    problems.push(...(await checkStep(page, 'webhook-3-secret-en')));
    assert.match(await page.locator('#secret').inputValue(), /^whsec_/);
    await Promise.all([page.waitForLoadState('load'), page.click('.notice a')]);
    problems.push(...(await checkStep(page, 'webhook-4-log-en')));
    await context.close();

    const desk = await openContext(browser, app.base, 'ar', DESKTOP);
    const docs = await desk.newPage();
    await docs.goto(`${app.base}/api/docs`);
    problems.push(...(await checkStep(docs, 'api-docs-ar')));
    const phone = await openContext(browser, app.base, 'en', PHONE);
    const docsPhone = await phone.newPage();
    await docsPhone.goto(`${app.base}/api/docs/integration`);
    problems.push(...(await checkStep(docsPhone, 'api-docs-en')));
    await desk.close();
    await phone.close();
    assert.deepEqual(problems, []);
  });

  it('officer, on a desktop in English: bulk, other actions and a takedown, each with its error and its confirmation', async () => {
    const officer = await createUser('officer', { agency: 'JO-MOH' });
    const citizen = await signIn(app.app, (await createUser('citizen')).email);
    const ref = await fileThroughApi(citizen, { agency: 'JO-MOH', visibility: 'public' });
    const context = await openContext(browser, app.base, 'en', DESKTOP);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    const step = async (label: string) => {
      problems.push(...(await checkStep(page, `officer-forms-${label}-en`)));
    };
    const press = (selector: string) =>
      Promise.all([page.waitForEvent('load'), page.locator(selector).click()]);
    await signInWithForm(page, app.base, officer.email);

    // Bulk: nothing chosen is an error that names the choice; then it asks before acting.
    await page.check(`#pick-${ref}`);
    await page.fill('#bulk-reason', 'Records are in the archive.');
    await press('form[action="/requests/bulk"] button[type="submit"]');
    await step('1-bulk-error');
    assert.match(await page.title(), /^Error: /);
    assert.equal(
      await page.locator('.error-summary a').first().getAttribute('href'),
      '#bulk-action',
    );
    assert.ok(await page.isChecked(`#pick-${ref}`));
    await page.selectOption('#bulk-action', 'extend');
    await page.fill('#bulk-reason', 'Records are in the archive.');
    await press('form[action="/requests/bulk"] button[type="submit"]');
    await step('2-bulk-confirm');
    assert.match(await page.locator('main').innerText(), new RegExp(ref));
    await press('form button.warning');
    await step('3-bulk-done');

    // Other actions: one choice, then its one form; a missing reason is named.
    await page.goto(`${app.base}/requests/${ref}`);
    await page.locator('.other-actions > summary').click();
    await page.check('#pick-note');
    await press('#note-form button[type="submit"]');
    await step('4-note-error');
    assert.equal(await page.locator('.error-summary a').first().getAttribute('href'), '#note-note');
    assert.ok(await page.isChecked('#pick-note'));
    await page.fill('#note-note', 'Asked the archive for the 2025 files.');
    await press('#note-form button[type="submit"]');
    await step('5-note-done');
    assert.match(await page.locator('.notice, .banner').first().innerText(), /note/i);

    // The answer, then a takedown that asks first.
    await press('.next-step #acknowledge-form button');
    await page.check('#answer-outcome-granted');
    await page.fill('#answer-reason', 'The figures are attached.');
    await press('form[action$="/answer"] button[value="preview"]');
    await press('form[action$="/answer"] button[value="send"]');
    await page.locator('.other-actions > summary').click();
    await page.check('#pick-unpublish');
    await page.fill('#unpublish-reason', 'A name was left in the answer.');
    await press('#unpublish-form button[type="submit"]');
    await step('6-takedown-confirm');
    assert.match(await page.locator('h1').innerText(), new RegExp(ref));
    await press('form button.warning');
    await step('7-taken-down');
    await context.close();
    assert.deepEqual(problems, []);
  });

  it('admin, on a phone in Arabic: deactivating an account asks first, then says what happened', async () => {
    const admin = await createUser('admin');
    const leaving = await createUser('officer', { agency: 'JO-MOF' });
    const context = await openContext(browser, app.base, 'ar', PHONE);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, app.base, admin.email);
    const row = page.locator('tr', { hasText: leaving.email });
    await Promise.all([page.waitForEvent('load'), row.locator('button').click()]);
    problems.push(...(await checkStep(page, 'admin-deactivate-confirm-ar')));
    assert.match(
      await page.locator('main').innerText(),
      new RegExp(leaving.email.replace('.', '\\.')),
    );
    await Promise.all([page.waitForEvent('load'), page.locator('form button.warning').click()]);
    problems.push(...(await checkStep(page, 'admin-deactivated-ar')));
    assert.equal((await UserModel.findOne({ email: leaving.email }).lean())?.active, false);
    await context.close();
    assert.deepEqual(problems, []);
  });
});
