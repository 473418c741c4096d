import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { t, type Locale, label } from '../i18n/i18n.ts';
import { renderMail } from '../mail/mail-templates.ts';
import { NotificationModel } from '../notifications/notification-model.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import type { Mailer } from '../platform/mailer.ts';
import type { Queues } from '../platform/queues.ts';
import { plainPublished } from '../redaction/redaction.ts';
import { searchQuery, searchRequests } from '../search/search-service.ts';
import { FollowModel, type FollowKind } from './follow-model.ts';
import { followedThing } from './follow-service.ts';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';
import { latestPublished } from '../requests/request-reads.ts';

/** The daily digests of the follows: one job scheduler, no payload. */
export const FOLLOW_DIGEST_JOB = defineJob('deadlines', 'follow-digest', z.object({}));
/** One address's digest of one day: the key, and the address (the follow's own, not a user's). */
export const FOLLOW_DIGEST_MAIL_JOB = defineJob(
  'mail',
  'follow-digest-mail',
  z.object({ key: z.string().min(1), email: z.string().min(3) }),
);
/** Lines a digest lists per follow at most (then "and more on the page"). */
const LINES = 10;

export interface FollowDigestDeps {
  queues: Pick<Queues, 'mail' | 'deadlines'>;
  mailer: Mailer;
  baseUrl: string;
  /** Signs the unsubscribe links (no token needs keeping to stop the mail). */
  followSecret: string;
  now: () => Date;
}

const sign = (secret: string, what: string) =>
  createHmac('sha256', secret).update(`unsubscribe:${what}`).digest('base64url').slice(0, 32);

/** The one-click unsubscribe token of a follow (`f.<id>.<sig>`) or of every follow of an address (`a.<email>.<sig>`). */
function unsubscribeToken(secret: string, follow: { _id: Types.ObjectId } | { email: string }) {
  const what =
    '_id' in follow
      ? `f.${follow._id.toString()}`
      : `a.${Buffer.from(follow.email).toString('base64url')}`;
  return `${what}.${sign(secret, what)}`;
}

/** The follows an unsubscribe token stops, or null when its signature does not hold. */
export function unsubscribeFilter(secret: string, token: unknown): Record<string, unknown> | null {
  if (typeof token !== 'string') return null;
  const match = /^([fa])\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const what = `${match[1] ?? ''}.${match[2] ?? ''}`;
  const expected = Buffer.from(sign(secret, what));
  const given = Buffer.from(match[3] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (match[1] === 'f')
    return Types.ObjectId.isValid(match[2] ?? '') ? { _id: new Types.ObjectId(match[2]) } : null;
  return { email: Buffer.from(match[2] ?? '', 'base64url').toString('utf8') };
}

/** The daily digest time (06:00 UTC), one scheduler whatever the number of workers. */
export async function scheduleFollowDigests(queues: Pick<Queues, 'deadlines'>): Promise<void> {
  await FOLLOW_DIGEST_JOB.schedule(
    queues,
    FOLLOW_DIGEST_JOB.name,
    { pattern: '0 6 * * *', tz: 'UTC' },
    {},
  );
}

const ACTIVE = { confirmedAt: mongoose.trusted({ $ne: null }), unsubscribedAt: null };

/** One mail job per address with confirmed follows, keyed by the day: at most one mail a day. */
export async function queueFollowDigests(deps: FollowDigestDeps): Promise<number> {
  const day = deps.now().toISOString().slice(0, 10);
  const emails: string[] = await FollowModel.distinct('email', ACTIVE);
  const jobs = emails.map((email) => {
    const key = `follow_${createHash('sha256').update(email).digest('hex').slice(0, 24)}_${day}`;
    return { data: { key, email }, opts: { jobId: key } };
  });
  await FOLLOW_DIGEST_MAIL_JOB.addBulk(deps.queues, jobs);
  return jobs.length;
}

type Line = { text: string; path: string };

/** What happened since `since` to what a follow follows, as lines with their pages. */
async function newsOf(
  kind: FollowKind,
  target: string,
  since: Date,
  locale: Locale,
): Promise<Line[]> {
  const changed = mongoose.trusted({ $gt: since });
  const line = (doc: {
    ref: string;
    status: string;
    publicText?: { subject?: string | null } | null;
  }): Line => ({
    text: `${doc.ref} · ${plainPublished(doc.publicText?.subject)} — ${label(locale, 'status', doc.status)}`,
    path: `/requests/${doc.ref}`,
  });
  if (kind === 'search') {
    const found = await searchRequests(
      searchQuery.parse({ ...Object.fromEntries(new URLSearchParams(target)), limit: '50' }),
    );
    return found.items
      .filter((hit) => hit.receivedAt > since || (hit.answeredAt ?? since) > since)
      .map((hit) =>
        line({ ref: hit.ref, status: hit.status, publicText: { subject: hit.subject } }),
      );
  }
  const filter =
    kind === 'request'
      ? { ref: target, updatedAt: changed }
      : { agency: target, $or: [{ receivedAt: changed }, { 'publication.publishedAt': changed }] };
  const docs = await latestPublished(filter, { ref: 1, status: 1, publicText: 1 }, LINES + 1);
  return docs.map(line);
}

/**
 * One address's digest: what changed since the last one in everything it
 * follows, in one mail (its language: the latest follow's), each part with
 * its own one-click unsubscribe link and the header (RFC 2369, RFC 8058) for
 * all of them. Nothing is sent when nothing changed; a day's mail is sent once.
 */
export async function sendFollowDigest(
  deps: FollowDigestDeps,
  job: { key: string; email: string },
): Promise<string> {
  if (await NotificationModel.exists({ key: job.key })) return 'already sent';
  const follows = await FollowModel.find({ ...ACTIVE, email: job.email })
    .sort({ updatedAt: -1 })
    .lean();
  if (follows.length === 0) return 'no follow';
  const now = deps.now();
  const locale: Locale = follows[0]?.locale === 'en' ? 'en' : 'ar';
  const link = (path: string) => new URL(path, deps.baseUrl).toString();
  const parts: string[] = [];
  let count = 0;
  for (const follow of follows) {
    const since = follow.coveredUntil ?? follow.confirmedAt ?? now;
    const lines = await newsOf(follow.kind, follow.target, since, locale);
    if (lines.length === 0) continue;
    count += Math.min(lines.length, LINES);
    const thing = await followedThing(follow.kind, follow.target, locale).catch(() => null);
    parts.push(
      [
        thing?.label ?? follow.target,
        ...lines.slice(0, LINES).map((l) => `- ${l.text}\n  ${link(l.path)}`),
        ...(lines.length > LINES && thing
          ? [t(locale, 'follow.mail.more', { link: link(thing.path) })]
          : []),
        t(locale, 'follow.mail.stopOne', {
          link: link(`/follow/unsubscribe?token=${unsubscribeToken(deps.followSecret, follow)}`),
        }),
      ].join('\n'),
    );
  }
  await FollowModel.updateMany({ ...ACTIVE, email: job.email }, { $set: { coveredUntil: now } });
  if (count === 0) return 'nothing new';
  const all = link(
    `/follow/unsubscribe?token=${unsubscribeToken(deps.followSecret, { email: job.email })}`,
  );
  const mail = renderMail('request-update', locale, {
    subject: t(locale, 'follow.mail.digestSubject', { count }),
    body: `${parts.join('\n\n')}\n\n${t(locale, 'follow.mail.stopAll', { link: all })}`,
    reason: '',
    due: '',
    link: link('/search'),
  });
  await deps.mailer.send({
    to: job.email,
    ...mail,
    messageId: `<${job.key}@haqq>`,
    headers: {
      'List-Unsubscribe': `<${all}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
  try {
    await NotificationModel.create({
      key: job.key,
      request: null,
      kind: 'follow-digest',
      recipient: null,
      at: now,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return 'sent';
}
