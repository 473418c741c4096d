import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AgencyModel } from '../agencies/agency-model.ts';
import { AGENCY_CODE } from '../agencies/agency-code.ts';
import { NotFoundError } from '../errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import { renderMail } from '../mail/mail-templates.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer } from '../platform/mailer.ts';
import { consume, type RateLimits } from '../platform/rate-limits.ts';
import { refParam } from '../requests/request-schemas.ts';
import { FOLLOW_KINDS, FollowModel, type FollowKind } from './follow-model.ts';
import { publishedRequest } from '../requests/request-reads.ts';

export interface FollowDeps {
  baseUrl: string;
  mailer: Mailer;
  limits: RateLimits;
  logger: Logger;
}

export const followBody = z.object({
  email: z.email('validation.email').max(254, 'validation.email'),
  kind: z.enum(FOLLOW_KINDS, 'validation.oneOf'),
  target: z
    .string('validation.oneOf')
    .trim()
    .min(1, 'validation.oneOf')
    .max(300, 'validation.oneOf'),
});

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What is followed, in words, and its page; a 404 for what does not exist or is not public. */
export async function followedThing(kind: FollowKind, target: string, locale: Locale) {
  if (kind === 'request') {
    const request = refParam.safeParse(target).success
      ? await publishedRequest(target, { ref: 1 })
      : null;
    if (!request) throw new NotFoundError('REQUEST.NOT_FOUND', 'request.notFound');
    return {
      label: t(locale, 'follow.what.request', { ref: target }),
      path: `/requests/${target}`,
    };
  }
  if (kind === 'agency') {
    const agency = AGENCY_CODE.test(target)
      ? await AgencyModel.findOne({ code: target, active: true }, { name: 1 }).lean()
      : null;
    if (!agency) throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
    return {
      label: t(locale, 'follow.what.agency', { agency: agency.name?.[locale] ?? target }),
      path: `/agencies/${target}`,
    };
  }
  const q = new URLSearchParams(target).get('q') ?? '';
  return { label: t(locale, 'follow.what.search', { q }), path: `/search?${target}` };
}

/**
 * A visitor asks to follow something: a confirmation mail goes out at once
 * (it carries the only copy of the token), and nothing else is ever sent until
 * its link is used. The answer is the same whether the address already
 * follows it or not, so the page tells nobody who follows what.
 */
export async function requestFollow(
  deps: FollowDeps,
  input: z.infer<typeof followBody>,
  locale: Locale,
  ip: string,
): Promise<void> {
  await consume(deps.limits.followByIp, ip);
  const thing = await followedThing(input.kind, input.target, locale);
  const email = input.email.trim().toLowerCase();
  const existing = await FollowModel.findOne({
    email,
    kind: input.kind,
    target: input.target,
  }).lean();
  if (existing?.confirmedAt && !existing.unsubscribedAt) return;
  await consume(deps.limits.mailsToAddress, email);
  const token = randomBytes(24).toString('base64url');
  await FollowModel.updateOne(
    { email, kind: input.kind, target: input.target },
    {
      $set: { tokenHash: hashToken(token), locale, unsubscribedAt: null, confirmedAt: null },
      $setOnInsert: { coveredUntil: null },
    },
    { upsert: true },
  );
  const link = new URL(`/follow/confirm?token=${token}`, deps.baseUrl).toString();
  const mail = renderMail('request-update', locale, {
    subject: t(locale, 'follow.mail.confirmSubject', { what: thing.label }),
    body: t(locale, 'follow.mail.confirmBody', { what: thing.label }),
    reason: '',
    due: '',
    link,
  });
  await deps.mailer.send({ to: email, ...mail }).catch((error: unknown) => {
    deps.logger.error({ err: (error as Error).message }, 'follow confirmation not sent');
  });
}

/** The follow a mail's token names, or a 404 (a wrong or old token says nothing more). */
export async function followOf(token: unknown) {
  const follow =
    typeof token === 'string' && /^[A-Za-z0-9_-]{20,64}$/.test(token)
      ? await FollowModel.findOne({ tokenHash: hashToken(token) }).lean()
      : null;
  if (!follow) throw new NotFoundError('FOLLOW.NOT_FOUND', 'follow.notFound');
  return follow;
}

/** The link of a confirmation mail, used: from now on the digest covers what comes after. */
export async function confirmFollow(token: unknown, now: Date) {
  const follow = await followOf(token);
  if (!follow.confirmedAt || follow.unsubscribedAt)
    await FollowModel.updateOne(
      { _id: follow._id },
      { $set: { confirmedAt: now, unsubscribedAt: null, coveredUntil: now } },
    );
  return follow;
}

/**
 * Stops the follows a one-click unsubscribe token names (`unsubscribeFilter` of
 * follow-digest.ts, checked by the caller); stopping twice changes nothing.
 */
export async function unsubscribe(filter: Record<string, unknown>, now: Date): Promise<void> {
  await FollowModel.updateMany(
    { ...filter, unsubscribedAt: null },
    { $set: { unsubscribedAt: now } },
  );
}
