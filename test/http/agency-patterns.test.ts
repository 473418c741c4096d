import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { disableRefusedAgencyRules } from '../../src/notifications/agency-rule-check.ts';
import { forgetAgencies } from '../../src/agencies/agency-directory.ts';
import { AgencyModel } from '../../src/agencies/agency-model.ts';
import { SecurityEventModel } from '../../src/security/security-event-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { to, waitForMail } from '../support/mail.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

/**
 * An agency's own redaction patterns run under RE2 (issue 30): a pattern RE2
 * refuses is refused when saved; one stored before is disabled, logged and
 * told to the agency's admins, never dropped silently; a pattern that would
 * backtrack without end on V8 runs in linear time.
 */
describe('agency redaction patterns under RE2', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let adminEmail = '';
  let citizen: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    harness = await startTestAppWithMailbox('agency-patterns');
    await seedDemoData({});
    adminEmail = (await createUser('agency_admin', { agency: 'JO-MOH' })).email;
    admin = await signIn(harness.app, adminEmail);
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
  });
  after(() => harness.close());

  const put = (rules: { id: string; pattern: string }[]) =>
    admin.agent
      .put('/api/v1/admin/agencies/JO-MOH/redaction-rules')
      .set('X-CSRF-Token', admin.csrf)
      .send({ rules });

  it('refuses look-around and back-references, and takes a pattern V8 would stall on', async () => {
    for (const pattern of ['(?<=MOH/)\\d+', '(a)\\1', '(?=x)y'])
      await put([{ id: 'file-no', pattern }]).expect(422);
    await put([
      { id: 'stall', pattern: '(\\d+)+X' },
      { id: 'file-no', pattern: 'MOH/\\d{4}/\\d+' },
    ]).expect(200);
    forgetAgencies();
    const ref = await fileThroughApi(citizen, {
      subject: 'File MOH/2025/778',
      body: `Please send file MOH/2025/778. ${'1'.repeat(19_000)}`,
    });
    const filed = await RequestModel.findOne({ ref }).lean();
    assert.equal(filed?.publicText?.subject, 'File ⟦agency_rule⟧');
  });

  it('disables a stored pattern RE2 refuses, logs it and tells the agency’s admins', async () => {
    // Saved before patterns had to be RE2's.
    await AgencyModel.updateOne(
      { code: 'JO-MOH' },
      { $set: { redactionRules: [{ id: 'old-file-no', pattern: '(?<=MOH/)\\d{4}' }] } },
    );
    const disabled = await disableRefusedAgencyRules(harness.workers.queues.mail, new Date());
    assert.equal(disabled, 1);
    const agency = await AgencyModel.findOne({ code: 'JO-MOH' }).lean();
    const rule = agency?.redactionRules[0];
    assert.ok(rule);
    assert.equal(rule.pattern, '(?<=MOH/)\\d{4}', 'kept, not dropped');
    assert.ok(rule.disabledAt && rule.disabledReason);
    const logged = await SecurityEventModel.findOne({ type: 'redaction_rule_disabled' }).lean();
    assert.equal(logged?.target, 'JO-MOH');
    // The admin also hears of the request filed above: this mail is the one naming the agency.
    const [mail] = await waitForMail(
      harness.mailbox,
      (m) => to(adminEmail)(m) && /JO-MOH/.test(m.subject),
    );
    assert.ok(mail);
    assert.match(mail.text, /old-file-no/);
    // Once only, however often reconcile runs.
    assert.equal(await disableRefusedAgencyRules(harness.workers.queues.mail, new Date()), 0);
  });

  it('hides its patterns in the reason a request was taken down for, as in every public word', async () => {
    await put([{ id: 'file-no', pattern: 'MOH/\\d{4}/\\d+' }]).expect(200);
    forgetAgencies();
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    const ref = await fileThroughApi(citizen, { subject: 'Vaccine stocks' });
    await act(officer, ref, 'answer', { outcome: 'granted', reason: '14 boxes.' }).expect(200);
    await act(officer, ref, 'unpublish', { reason: 'Part of file MOH/2025/778.' }).expect(200);
    const page = await request(harness.app)
      .get(`/requests/${ref}`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(page.text, /Taken down from publication/);
    assert.doesNotMatch(page.text, /MOH\/2025\/778/);
  });
});
