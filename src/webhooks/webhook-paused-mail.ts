import { Types } from 'mongoose';
import { t } from '../i18n/i18n.ts';
import { renderMail } from '../mail/mail-templates.ts';
import type { Mailer } from '../platform/mailer.ts';
import { UserModel } from '../users/user-model.ts';
import { WebhookEndpointModel } from './webhook-model.ts';

/**
 * Tells one admin that an endpoint was paused (one job per admin, its id
 * naming the pause: sent once however many workers saw the failures).
 */
export async function sendWebhookPausedMail(
  deps: { mailer: Mailer; baseUrl: string },
  job: { endpoint: string; recipient: string },
): Promise<string> {
  const [endpoint, user] = await Promise.all([
    WebhookEndpointModel.findById(job.endpoint, {
      url: 1,
      agency: 1,
      status: 1,
      failuresInARow: 1,
    }).lean(),
    UserModel.findOne(
      { _id: new Types.ObjectId(job.recipient), active: true },
      { email: 1, locale: 1 },
    ).lean(),
  ]);
  if (endpoint?.status !== 'paused' || !user) return 'nothing to tell';
  const locale = user.locale === 'en' ? 'en' : 'ar';
  const vars = {
    url: endpoint.url,
    agency: endpoint.agency,
    count: String(endpoint.failuresInARow),
  };
  const mail = renderMail('notice', locale, {
    subject: t(locale, 'webhook.mail.subject', vars),
    body: t(locale, 'webhook.mail.body', vars),
    link: `${deps.baseUrl.replace(/\/$/, '')}/admin/webhooks/${job.endpoint}`,
  });
  await deps.mailer.send({ to: user.email, ...mail });
  return 'sent';
}
