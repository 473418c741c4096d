import type { Locale } from '../i18n/i18n.ts';
import { renderMail, type MailKind } from '../mail/mail-templates.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer } from '../platform/mailer.ts';
import type { RateLimits } from '../platform/rate-limits.ts';

/** What the account use cases need: where links point, the mailer, the limits and the log. */
export interface AccountDeps {
  baseUrl: string;
  mailer: Mailer;
  limits: RateLimits;
  logger: Logger;
}

/**
 * Account mails are sent at once (they carry a single-use link that is never
 * stored in clear, so they cannot wait in a queue). A failed send is logged and
 * the user can ask again; the account change itself is kept.
 */
export async function sendAccountMail(
  deps: AccountDeps,
  to: string,
  kind: MailKind,
  locale: Locale,
  vars: Record<string, string>,
): Promise<void> {
  const mail = renderMail(kind, locale, vars);
  await deps.mailer.send({ to, ...mail }).catch((error: unknown) => {
    deps.logger.error({ err: (error as Error).message, kind }, 'account mail not sent');
  });
}

/** An absolute link to a page of the site, for a mail. */
export const link = (deps: AccountDeps, pathAndQuery: string) =>
  new URL(pathAndQuery, deps.baseUrl).toString();

/** The language of a user's mails: their own, Arabic by default. */
export const localeOf = (user: { locale?: string | null }): Locale =>
  user.locale === 'en' ? 'en' : 'ar';
