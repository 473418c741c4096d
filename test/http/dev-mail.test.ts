import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher.ts';
import { createMailer } from '../../src/platform/mailer.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('/dev/mail', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'haqq-mail-'));
  let catcher: MailCatcher;
  let dev: TestApp;
  before(async () => {
    catcher = await startMailCatcher({ dir });
    dev = await startTestApp('dev_mail', {
      NODE_ENV: 'development',
      DEV_MAIL_PAGES: 'true',
      MAIL_CATCHER_DIR: dir,
      SMTP_URL: catcher.url,
    });
  });
  after(async () => {
    await dev.close();
    await catcher.close();
  });

  it('shows the mail the catcher received, newest first, in the page language', async () => {
    const mailer = createMailer(dev.config);
    await mailer.send({ to: 'first@example.org', subject: 'الأول', text: 'one' });
    await mailer.send({ to: 'second@example.org', subject: 'Second', text: 'two' });
    mailer.close();
    const res = await request(dev.app).get('/dev/mail').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(res.text, /Mail caught in development/);
    assert.ok(res.text.indexOf('second@example.org') < res.text.indexOf('first@example.org'));
    const json = await request(dev.app).get('/dev/mail.json').expect(200);
    const body = json.body as { messages: { subject: string }[] };
    assert.deepEqual(
      body.messages.map((m) => m.subject),
      ['Second', 'الأول'],
    );
  });

  it('does not exist without the explicit setting, nor outside development', async () => {
    for (const [name, env] of [
      ['dev_mail_unset', { NODE_ENV: 'development', MAIL_CATCHER_DIR: dir }],
      ['dev_mail_test', { NODE_ENV: 'test', DEV_MAIL_PAGES: 'true', MAIL_CATCHER_DIR: dir }],
    ] as const) {
      const app = await startTestApp(name, env);
      try {
        await request(app.app).get('/dev/mail').expect(404);
      } finally {
        await app.close();
      }
    }
  });

  it('does not exist in production', async () => {
    const production = await startTestApp('dev_mail_prod', {
      NODE_ENV: 'production',
      SESSION_SECRET: 'p'.repeat(40),
      DEV_MAIL_PAGES: 'true',
      MAIL_CATCHER_DIR: dir,
    });
    try {
      await request(production.app).get('/dev/mail').expect(404);
    } finally {
      await production.close();
    }
  });
});
