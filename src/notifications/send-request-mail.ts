import type { Job } from 'bullmq';
import { findAgency } from '../agencies/agency-store.ts';
import { Types } from 'mongoose';
import { t } from '../i18n/i18n.ts';
import { countryFormat } from '../jurisdictions/country-format.ts';
import type { JurisdictionRegistry } from '../jurisdictions/jurisdiction-registry.ts';
import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../jurisdictions/jurisdiction-calendars.ts';
import { appealFilingDeadline } from '../jurisdictions/stage-deadlines.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import type { Mailer } from '../platform/mailer.ts';
import { RequestEventModel } from '../requests/request-event-model.ts';
import { canReadText, canSeeRequest, toPolicyRequest } from '../requests/request-policy.ts';
import type { StoredRequest } from '../requests/stored-request.ts';
import { findSessionUser } from '../users/user-store.ts';
import { renderMail } from '../mail/mail-templates.ts';
import { NotificationModel } from './notification-model.ts';
import type { RequestMailJob } from './request-notifier.ts';
import { requestById } from '../requests/request-reads.ts';

export interface RequestMailDeps {
  mailer: Mailer;
  baseUrl: string;
  jurisdictions: JurisdictionRegistry;
  calendars: JurisdictionCalendars;
}

/** Where and until when a deemed refusal may be appealed (the law's first appeal stage). */
function nextStep(
  deps: RequestMailDeps,
  request: { jurisdiction: string; rulesVersion: string; dueAt: Date },
) {
  const found = calendarAndRules(deps.calendars, request);
  const stage = found?.rules.appeals[0];
  if (!found || !stage) return undefined;
  return {
    body: stage.body,
    until: appealFilingDeadline(found.rules, found.calendar, 0, request.dueAt)?.dueAt,
  };
}

/**
 * Where a mail goes, in which language, and whether its reader may read the
 * request's words (canReadText, as the API decides it); null when there is
 * nobody to mail, or the recipient may not see the request at all.
 */
async function addressOf(job: RequestMailJob, request: StoredRequest) {
  const policy = toPolicyRequest(request);
  if (job.recipient === 'requester') {
    const email = request.requester?.email;
    return email ? { to: email, locale: request.language, user: null, text: true } : null;
  }
  const user = await findSessionUser(job.recipient);
  if (!user || !canSeeRequest(user, policy)) return null;
  return { to: user.email, locale: user.locale, user: user.id, text: canReadText(user, policy) };
}

/**
 * The mail job of DESIGN §6, idempotent per notification key: a key already in
 * `notifications` is skipped; otherwise the mail is sent, then the key recorded
 * (a duplicate key there means another worker sent it at the same moment).
 * A crash between the send and the record repeats that one mail: at least once.
 */
export function sendRequestMail(deps: RequestMailDeps) {
  return async (job: Job<RequestMailJob>): Promise<string> => {
    const data = job.data;
    if (await NotificationModel.exists({ key: data.key })) return 'already sent';
    const request = await requestById(data.requestId);
    if (!request) return 'request gone';
    const address = await addressOf(data, request);
    if (!address) return 'no recipient';
    const [event, agency] = await Promise.all([
      RequestEventModel.findOne({ requestId: request._id, seq: data.seq }).lean(),
      findAgency(request.agency),
    ]);
    const details = (event?.data ?? {}) as Record<string, unknown>;
    const { locale } = address;
    // Dates as the request's country writes them (its month names and digits), as on its page.
    const date = countryFormat(
      locale,
      deps.jurisdictions.get(request.jurisdiction),
      undefined,
    ).dayWithHijri;
    const vars = {
      ref: request.ref,
      subject: address.text ? request.subject : t(locale, 'mail.request.privateSubject'),
      agency: agency?.name[locale] ?? request.agency,
      due: date(request.dueAt),
      // A private request's words only for those who may read them: an auditor
      // gets its ref, agency and dates.
      reason: address.text && typeof details.reason === 'string' ? details.reason : '',
      outcome: request.outcome ? t(locale, `request.outcome.${request.outcome}`) : '',
      decision: request.appeal?.decision
        ? t(locale, `request.decision.${request.appeal.decision}`)
        : '',
      appealDue: request.appeal?.dueAt ? date(request.appeal.dueAt) : '',
    };
    const step = data.kind === 'deemed-refused' ? nextStep(deps, request) : undefined;
    const next = step
      ? t(locale, step.until ? 'mail.request.appealUntil' : 'mail.request.appealTo', {
          body: step.body[locale],
          until: step.until ? date(step.until) : '',
        })
      : '';
    const mail = renderMail('request-update', locale, {
      subject: t(locale, `mail.request.${data.kind}.subject`, vars),
      body: t(locale, `mail.request.${data.kind}.body`, vars),
      reason: [vars.reason ? t(locale, 'mail.request.reason', vars) : '', next]
        .filter(Boolean)
        .join('\n\n'),
      due: t(locale, 'mail.request.due', vars),
      link: `${deps.baseUrl}/requests/${request.ref}`,
    });
    await deps.mailer.send({
      to: address.to,
      ...mail,
      messageId: `<${data.key}@haqq>`,
      headers: { 'X-Haqq-Notification': data.key },
    });
    try {
      await NotificationModel.create({
        key: data.key,
        request: request._id,
        kind: data.kind,
        recipient: address.user ? new Types.ObjectId(address.user) : null,
        at: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return 'sent';
  };
}
