import type { Queue } from 'bullmq';
import mongoose, { Types } from 'mongoose';
import { recordSecurityEvent } from '../security/security-log.ts';
import { t } from '../i18n/i18n.ts';
import { renderMail } from '../mail/mail-templates.ts';
import type { Mailer } from '../platform/mailer.ts';
import { re2Refusal } from '../text/re2-pattern.ts';
import { UserModel } from '../users/user-model.ts';
import { agencyAdminsOrAdmins } from '../users/user-store.ts';
import { forgetAgencies } from '../agencies/agency-directory.ts';
import { AgencyModel } from '../agencies/agency-model.ts';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';

/** Ids only (DESIGN §6): the agency, its rule and who is told. */
export const RULE_DISABLED_MAIL_JOB = defineJob(
  'mail',
  'redaction-rule-disabled-mail',
  z.object({
    agency: z.string().min(1),
    rule: z.string(),
    recipient: z.string().regex(/^[0-9a-f]{24}$/),
  }),
);
export type RuleDisabledMailJob = z.infer<typeof RULE_DISABLED_MAIL_JOB.payload>;

/**
 * Part of reconcile: every stored agency pattern that RE2 refuses (saved
 * before patterns had to be RE2's, issue 30) is disabled, never dropped
 * silently: the rule keeps its pattern with when and why it was disabled, the
 * security log records it, and the agency's admins (the admins where it has
 * none) get one mail each. A disabled rule is no longer applied; the agency
 * admin writes it again in RE2's syntax. Returns how many were disabled.
 */
export async function disableRefusedAgencyRules(
  mail: Pick<Queue, 'addBulk'>,
  now: Date,
): Promise<number> {
  // The agencies with patterns (a small collection, read once per reconcile).
  const agencies = await AgencyModel.find(
    { 'redactionRules.id': mongoose.trusted({ $exists: true }) },
    { code: 1, redactionRules: 1 },
  ).lean();
  let disabled = 0;
  for (const agency of agencies) {
    for (const rule of agency.redactionRules) {
      if (rule.disabledAt || !rule.id) continue;
      const refusal = re2Refusal(rule.pattern ?? '');
      if (!refusal) continue;
      const reason = refusal.slice(0, 300);
      const changed = await AgencyModel.updateOne(
        {
          code: agency.code,
          redactionRules: mongoose.trusted({ $elemMatch: { id: rule.id, disabledAt: null } }),
        },
        {
          $set: {
            'redactionRules.$.disabledAt': now,
            'redactionRules.$.disabledReason': reason,
          },
        },
      );
      // Another worker's reconcile disabled it first: it told, not this one.
      if (changed.modifiedCount === 0) continue;
      disabled += 1;
      await recordSecurityEvent({
        type: 'redaction_rule_disabled',
        actor: null,
        ip: null,
        target: agency.code,
        data: { rule: rule.id, reason },
      });
      const recipients = await agencyAdminsOrAdmins(agency.code);
      await RULE_DISABLED_MAIL_JOB.addBulk(
        { mail },
        recipients.map((user) => ({
          data: { agency: agency.code, rule: rule.id ?? '', recipient: user._id.toString() },
          opts: { jobId: `rule-disabled-${agency.code}-${rule.id ?? ''}-${user._id.toString()}` },
        })),
      );
    }
  }
  if (disabled > 0) forgetAgencies();
  return disabled;
}

/** Tells one admin that a pattern of their agency was disabled, and why. */
export async function sendRuleDisabledMail(
  deps: { mailer: Mailer; baseUrl: string },
  job: RuleDisabledMailJob,
): Promise<string> {
  const [agency, user] = await Promise.all([
    AgencyModel.findOne({ code: job.agency }, { redactionRules: 1 }).lean(),
    UserModel.findOne(
      { _id: new Types.ObjectId(job.recipient), active: true },
      { email: 1, locale: 1 },
    ).lean(),
  ]);
  const rule = agency?.redactionRules.find((r) => r.id === job.rule && r.disabledAt);
  if (!rule || !user) return 'nothing to tell';
  const locale = user.locale === 'en' ? 'en' : 'ar';
  const vars = {
    agency: job.agency,
    rule: job.rule,
    pattern: rule.pattern ?? '',
    reason: rule.disabledReason ?? '',
  };
  const mail = renderMail('notice', locale, {
    subject: t(locale, 'agency.ruleDisabled.subject', vars),
    body: t(locale, 'agency.ruleDisabled.body', vars),
    link: `${deps.baseUrl.replace(/\/$/, '')}/api/docs`,
  });
  await deps.mailer.send({ to: user.email, ...mail });
  return 'sent';
}
