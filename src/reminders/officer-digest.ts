import { Types } from 'mongoose';
import { activeAgenciesOf } from '../agencies/agency-store.ts';
import { t } from '../i18n/i18n.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { wallClock } from '../time/local-date.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import type { Mailer } from '../platform/mailer.ts';
import type { Queues } from '../platform/queues.ts';
import { NotificationModel } from '../notifications/notification-model.ts';
import { renderMail } from '../mail/mail-templates.ts';
import { countryFormat } from '../jurisdictions/country-format.ts';
import { UserModel } from '../users/user-model.ts';
import { activeStaffOf } from '../users/user-store.ts';
import type { ReminderSettings } from './reminder-plan.ts';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';
import { dueForOfficer } from '../requests/request-reads.ts';

/** A jurisdiction's daily digests, at its local hour: a job scheduler per jurisdiction. */
export const DIGEST_JOB = defineJob(
  'deadlines',
  'digest',
  z.object({ jurisdiction: z.string().regex(/^[A-Z]{2}$/) }),
);
/** One officer's digest of one local day: ids only. */
export const DIGEST_MAIL_JOB = defineJob(
  'mail',
  'digest-mail',
  z.object({
    key: z.string().min(1),
    userId: z.string().regex(/^[0-9a-f]{24}$/),
    jurisdiction: z.string().regex(/^[A-Z]{2}$/),
  }),
);
export type DigestMailJob = z.infer<typeof DIGEST_MAIL_JOB.payload>;

export interface DigestDeps {
  queues: Pick<Queues, 'mail' | 'deadlines'>;
  calendars: JurisdictionCalendars;
  settings: ReminderSettings;
  mailer: Mailer;
  baseUrl: string;
  now: () => Date;
}

/** The jurisdiction's daily digest scheduler: at the reminder hour, in its own time zone. */
export async function scheduleDigests(
  queues: Pick<Queues, 'deadlines'>,
  jurisdictions: readonly { code: string; timeZone: string }[],
  hour: number,
): Promise<void> {
  for (const { code, timeZone } of jurisdictions)
    await DIGEST_JOB.schedule(
      queues,
      `${DIGEST_JOB.name}-${code}`,
      { pattern: `0 ${String(hour)} * * *`, tz: timeZone },
      { jurisdiction: code },
    );
}

const soonMs = (settings: ReminderSettings) => (settings.leadDays + 2) * 86_400_000;

/** A jurisdiction's digest time: one mail job per officer of its agencies, keyed by the local day. */
export async function queueDigests(deps: DigestDeps, jurisdiction: string): Promise<number> {
  const found = deps.calendars.get(jurisdiction);
  if (!found) return 0;
  const day = wallClock(deps.now(), found.jurisdiction.timeZone).date;
  const agencies = await activeAgenciesOf(jurisdiction);
  const officers = await UserModel.find(activeStaffOf(agencies.map((a) => a.code)), {
    _id: 1,
  }).lean();
  const jobs = officers.map((officer) => {
    const key = `digest_${officer._id.toString()}_${day}`;
    return { data: { key, userId: officer._id.toString(), jurisdiction }, opts: { jobId: key } };
  });
  await DIGEST_MAIL_JOB.addBulk(deps.queues, jobs);
  return jobs.length;
}

/**
 * One officer's digest, sent once per day (the notification key), in the
 * officer's language; nothing when there is nothing due soon or overdue.
 */
export async function sendDigest(deps: DigestDeps, job: DigestMailJob): Promise<string> {
  if (await NotificationModel.exists({ key: job.key })) return 'already sent';
  const user = await UserModel.findById(job.userId, {
    email: 1,
    locale: 1,
    agency: 1,
    active: 1,
  }).lean();
  if (!user?.active || !user.agency) return 'no recipient';
  const now = deps.now();
  const requests = await dueForOfficer(user, now, soonMs(deps.settings));
  if (requests.length === 0) return 'nothing due';
  const locale = user.locale === 'en' ? 'en' : 'ar';
  // Due dates as the country writes them (its month names and digits), as on its pages.
  const voice = countryFormat(
    locale,
    deps.calendars.get(job.jurisdiction)?.jurisdiction,
    undefined,
  );
  const lines = requests.map((r) =>
    t(
      locale,
      r.dueAt.getTime() < now.getTime() ? 'mail.digest.overdueLine' : 'mail.digest.soonLine',
      {
        ref: r.ref,
        subject: r.subject,
        due: voice.instant(r.dueAt),
      },
    ),
  );
  const mail = renderMail('request-update', locale, {
    subject: t(locale, 'mail.digest.subject', { count: requests.length }),
    body: lines.join('\n\n'),
    reason: '',
    due: '',
    link: `${deps.baseUrl}/requests`,
  });
  await deps.mailer.send({ to: user.email, ...mail, messageId: `<${job.key}@haqq>` });
  try {
    await NotificationModel.create({
      key: job.key,
      request: null,
      kind: 'digest',
      recipient: new Types.ObjectId(job.userId),
      at: new Date(),
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return 'sent';
}
