import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher.ts';
import { createMailer } from '../../src/platform/mailer.ts';

describe('mailer over real SMTP', () => {
  let catcher: MailCatcher;
  before(async () => {
    catcher = await startMailCatcher();
  });
  after(() => catcher.close());

  it('delivers an Arabic message with text and HTML parts', async () => {
    const mailer = createMailer({ SMTP_URL: catcher.url, MAIL_FROM: 'Haqq <no-reply@haqq.test>' });
    assert.equal(await mailer.verify(), true);
    await mailer.send({
      to: 'sara@example.org',
      subject: 'تم استلام طلبك JO-2026-000001',
      text: 'شكرًا لك.',
      html: '<p>شكرًا لك.</p>',
    });
    mailer.close();
    const [mail] = catcher.messages();
    assert.ok(mail);
    assert.deepEqual(mail.to, ['sara@example.org']);
    assert.equal(mail.from, 'no-reply@haqq.test');
    assert.equal(mail.subject, 'تم استلام طلبك JO-2026-000001');
    assert.equal(mail.text.trim(), 'شكرًا لك.');
    assert.match(mail.html ?? '', /<p>شكرًا لك.<\/p>/);
  });

  it('fails a send while the listener refuses, and delivers once it recovers', async () => {
    const mailer = createMailer({ SMTP_URL: catcher.url, MAIL_FROM: 'no-reply@haqq.test' });
    const before = catcher.messages().length;
    catcher.setRefusing(true);
    await assert.rejects(mailer.send({ to: 'a@example.org', subject: 's', text: 't' }), /451/);
    catcher.setRefusing(false);
    await mailer.send({ to: 'a@example.org', subject: 's', text: 't' });
    mailer.close();
    assert.equal(catcher.messages().length, before + 1);
  });
});
