import { Readable } from 'node:stream';
import mongoose, { Types } from 'mongoose';
import { listActiveAgenciesByJurisdiction } from '../agencies/agency-store.ts';
import { storeDocumentStream } from '../documents/document-store.ts';
import { gridBucket } from '../platform/mongo.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { calendarAndRules } from '../jurisdictions/jurisdiction-calendars.ts';
import { NotificationModel } from '../notifications/notification-model.ts';
import { reminderJobId, type ReminderSettings } from '../reminders/reminder-plan.ts';
import { remindersOf } from '../reminders/reminder-scheduler.ts';
import { reminderRecipients } from '../reminders/reminder-jobs.ts';
import type { ActionBodies } from '../requests/request-action-bodies.ts';
import type { RequestNotifier } from '../requests/request-event-queue.ts';
import { eventsOf, removeDemoRequests } from '../requests/request-store.ts';
import { mailJobsOfStoredEvent, MAILED_EVENT_TYPES } from '../notifications/request-notifier.ts';
import { recordFiling } from '../requests/request-service.ts';
import type { StoredRequest } from '../requests/stored-request.ts';
import { applyAction } from '../requests/request-transitions.ts';
import { rebuildAllRollups } from '../stats/rollup-rebuild.ts';
import { instantAt, addDays, wallClock } from '../time/local-date.ts';
import { findSessionUser, type SessionUser } from '../users/user-store.ts';
import { UserModel, type Role } from '../users/user-model.ts';
import { DemoRecordModel } from './demo-record-model.ts';
import {
  demoPlan,
  type DemoAgency,
  type DemoStep,
  type DemoStory,
  type Timing,
} from './demo-plan.ts';
import {
  askBody,
  DEMO_ANSWERS,
  DEMO_APPEAL,
  DEMO_CLARIFY,
  DEMO_DECISION,
  DEMO_EXTEND,
  DEMO_REPLY,
  DEMO_REQUESTERS,
  DEMO_TRANSFER,
  type DemoTopic,
} from './demo-texts.ts';
import { DEMO_USERS } from './seed-agencies.ts';

const DAY_MS = 86_400_000;

/** How many requests the demo holds: a few hundred, over the last 18 months. */
const DEMO_SIZE = 272;

/** The demo's people who cannot sign in (no password): its requesters and its other officers. */
const DEMO_DOMAIN = 'demo.haqq.example';

/** Past events tell nobody: no mail, webhook or reminder job is queued for them. */
const SILENT: RequestNotifier = { afterEvent: () => Promise.resolve() };

export interface DemoDeps {
  calendars: JurisdictionCalendars;
  settings: ReminderSettings;
  /** Counts of stories told, for the progress line. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  made: number;
  skipped: number;
  steps: number;
}

/** The topic of a demo agency, from its routing keywords; none for an appeal body. */
const TOPICS: readonly [DemoTopic, RegExp][] = [
  ['health', /\bhealth\b/],
  ['education', /\beducation\b|\bschools?\b/],
  ['finance', /\bbudget\b|\btax\b/],
  ['water', /\bwater\b/],
  ['environment', /\benvironment\b|\bpollution\b/],
  ['city', /\bmunicipality\b|\broads\b|\bhousing\b/],
];

async function demoAgencies(calendars: JurisdictionCalendars): Promise<DemoAgency[]> {
  const groups = await listActiveAgenciesByJurisdiction();
  return calendars.codes().flatMap((code) =>
    (groups.get(code) ?? []).flatMap((agency) => {
      const words = (agency.keywords?.en ?? []).join(' ').toLowerCase();
      const topic = TOPICS.find(([, pattern]) => pattern.test(words))?.[0];
      return topic ? [{ code: agency.code, jurisdiction: agency.jurisdiction, topic }] : [];
    }),
  );
}

/** A person the demo needs (made once, remembered), as a session user. */
async function demoPerson(
  email: string,
  fields: { name: string; locale: 'ar' | 'en'; roles: Role[]; agency: string | null },
  now: Date,
): Promise<SessionUser> {
  const found = await UserModel.findOne({ email }, { _id: 1 }).lean();
  let id = found?._id;
  if (!id) {
    id = new Types.ObjectId();
    await UserModel.create({ _id: id, email, ...fields, emailVerifiedAt: now });
    await DemoRecordModel.updateOne(
      { key: `user:${email}` },
      { $setOnInsert: { kind: 'user', id, complete: true, at: now } },
      { upsert: true },
    );
  }
  const user = await findSessionUser(id.toString());
  if (!user) throw new Error(`demo person ${email} cannot act`);
  return user;
}

/** Who acts in the demo: its requesters, an officer per agency, the appeal bodies. */
async function demoCast(agencies: readonly DemoAgency[], now: Date) {
  const login = async (email: string) => {
    const user = await UserModel.findOne({ email }, { _id: 1 }).lean();
    const found = user ? await findSessionUser(user._id.toString()) : undefined;
    if (!found) throw new Error(`${email} is missing: run \`npm run seed\` first`);
    return found;
  };
  const demoLogin = (role: Role) =>
    DEMO_USERS.find((u) => (u.roles as readonly Role[]).includes(role));
  const citizen = await login(demoLogin('citizen')?.email ?? '');
  const admin = await login(demoLogin('admin')?.email ?? '');
  const requesters: SessionUser[] = [];
  for (const [i, person] of DEMO_REQUESTERS.entries())
    requesters.push(
      await demoPerson(
        `requester-${String(i + 1)}@${DEMO_DOMAIN}`,
        { ...person, roles: ['citizen'], agency: null },
        now,
      ),
    );
  // The demo officer's own agency is handled by the demo login, so its inbox is full.
  const officers = new Map<string, SessionUser>();
  for (const demo of DEMO_USERS)
    if ((demo.roles as readonly Role[]).includes('officer') && demo.agency)
      officers.set(demo.agency, await login(demo.email));
  for (const agency of agencies)
    if (!officers.has(agency.code))
      officers.set(
        agency.code,
        await demoPerson(
          `officer-${agency.code.toLowerCase()}@${DEMO_DOMAIN}`,
          {
            name: `Officer ${agency.code} · موظف ${agency.code}`,
            locale: 'ar',
            roles: ['officer'],
            agency: agency.code,
          },
          now,
        ),
      );
  return { citizen, admin, requesters, officers };
}

type Cast = Awaited<ReturnType<typeof demoCast>>;

/** When a step happens, from the request as it stands and the previous step's time. */
function timeOf(timing: Timing, request: StoredRequest, previous: Date): Date {
  const due = request.status === 'appealed' ? (request.appeal?.dueAt ?? null) : request.dueAt;
  const at =
    'after' in timing
      ? previous.getTime() + timing.after * DAY_MS
      : 'afterDue' in timing
        ? (due ?? previous).getTime() + timing.afterDue * DAY_MS
        : due
          ? previous.getTime() + timing.beforeDue * (due.getTime() - previous.getTime())
          : previous.getTime() + 20 * DAY_MS;
  // Never before the previous step.
  return new Date(Math.max(at, previous.getTime() + 3_600_000));
}

/** The body of a step's action, in the request's language. */
async function inputOf(
  step: DemoStep,
  story: DemoStory,
  request: StoredRequest,
  officer: SessionUser,
  deps: DemoDeps,
): Promise<Record<string, unknown>> {
  const language = request.language;
  switch (step.action) {
    case 'acknowledge':
    case 'withdraw':
      return {};
    case 'clarify':
      return { question: DEMO_CLARIFY[language] };
    case 'reply':
      return { message: DEMO_REPLY[language], attachments: [] };
    case 'extend':
      return { reason: DEMO_EXTEND[language] };
    case 'transfer':
      return { agency: step.to, reason: DEMO_TRANSFER[language] };
    case 'appeal':
      return { reason: DEMO_APPEAL[language] };
    case 'decide-appeal':
      return {
        decision: step.decision,
        // A refusal upheld, in whole or in part, on the articles it rested on.
        legalGrounds: step.decision === 'overturned' ? [] : [...request.legalGrounds],
        reason: DEMO_DECISION[step.decision][language],
      };
    case 'close':
      return {};
    case 'answer': {
      const rules = calendarAndRules(deps.calendars, request)?.rules;
      const grounds =
        step.outcome === 'refused' || step.outcome === 'partially_granted'
          ? [...new Set(rules?.exemptions.map((e) => e.article))].slice(0, 1)
          : [];
      const attachments: string[] = [];
      const release = story.ask.release;
      if (step.release && release && step.outcome !== 'refused') {
        const { id } = await storeDocumentStream(
          Readable.from(Buffer.from(release.csv, 'utf8')),
          release.filename,
          { contentType: 'text/csv' },
          { requestId: request._id, uploader: new Types.ObjectId(officer.id), side: 'agency' },
        );
        attachments.push(id.toString());
      }
      return {
        outcome: step.outcome,
        legalGrounds: grounds,
        reason: DEMO_ANSWERS[step.outcome][language],
        attachments,
        publish: true,
        unhide: [],
        hide: [],
      };
    }
  }
}

/** Who takes a step: the requester, the handling agency's officer, or the appeal body. */
function actorOf(step: DemoStep, request: StoredRequest, requester: SessionUser, cast: Cast) {
  if (step.action === 'reply' || step.action === 'withdraw' || step.action === 'appeal')
    return requester;
  if (step.action === 'decide-appeal') {
    const body = request.appeal?.body;
    return (body ? cast.officers.get(body) : undefined) ?? cast.admin;
  }
  const officer = cast.officers.get(request.agency);
  if (!officer) throw new Error(`no demo officer for ${request.agency}`);
  return officer;
}

/**
 * One story through the one write path, its clock the story's own: filed
 * (recordFiling) at its past moment, then each step (applyAction) at the time
 * its timing gives, until a step would happen after `now`. Nobody is told.
 */
async function tell(story: DemoStory, cast: Cast, deps: DemoDeps, now: Date): Promise<number> {
  const found = deps.calendars.get(story.jurisdiction);
  if (!found) return 0;
  const zone = found.jurisdiction.timeZone;
  const today = wallClock(now, zone).date;
  // Filed today at an hour still to come: an hour ago instead.
  const filedAt = new Date(
    Math.min(
      instantAt(addDays(today, -story.daysAgo), story.minuteOfDay * 60_000, zone).getTime(),
      now.getTime() - 3_600_000,
    ),
  );
  const requester =
    story.requester < 0 ? cast.citizen : (cast.requesters[story.requester] ?? cast.citizen);
  const deps1 = { calendars: deps.calendars, notifier: SILENT };
  const { request: filed } = await recordFiling(
    deps1,
    {
      agency: story.agency,
      receivedAt: filedAt,
      channel: 'web',
      requester: {
        user: new Types.ObjectId(requester.id),
        name: requester.name,
        email: requester.email,
        displayName: null,
      },
      language: story.ask.language,
    },
    {
      subject: story.ask.subject,
      body: askBody(story.ask, story.jurisdiction),
      visibility: story.visibility,
      urgent: false,
    },
    filedAt,
    { actor: { user: new Types.ObjectId(requester.id), role: 'citizen' } },
  );
  await DemoRecordModel.updateOne(
    { key: story.key },
    { $set: { kind: 'request', id: filed._id, complete: false, at: now } },
    { upsert: true },
  );
  let request: StoredRequest = filed;
  let previous = filedAt;
  let steps = 0;
  for (const step of story.steps) {
    const at = timeOf(step.at, request, previous);
    if (at.getTime() > now.getTime()) break;
    const actor = actorOf(step, request, requester, cast);
    const input = await inputOf(step, story, request, actor, deps);
    request = await applyAction(
      deps1,
      actor,
      request.ref,
      step.action,
      input as ActionBodies[typeof step.action],
      at,
    );
    previous = at;
    steps += 1;
  }
  await recordPastMails(request, deps, now);
  await DemoRecordModel.updateOne({ key: story.key }, { $set: { complete: true } });
  return steps;
}

/**
 * The mails of the story's past are recorded as sent (what the product would
 * have sent, then), never sent: each event's mails and each reminder whose
 * time has passed. Otherwise the worker's reconcile would send them now (the
 * last day's events' mails are swept up, past reminders fire at once).
 */
async function recordPastMails(request: StoredRequest, deps: DemoDeps, now: Date) {
  const sent: { key: string; kind: string; recipient: string; at: Date }[] = [];
  for (const event of await eventsOf(request._id)) {
    if (!MAILED_EVENT_TYPES.includes(event.type)) continue;
    for (const job of await mailJobsOfStoredEvent(request, event))
      sent.push({ key: job.key, kind: job.kind, recipient: job.recipient, at: event.at });
  }
  const requestId = request._id.toString();
  for (const reminder of remindersOf(deps.calendars, request, deps.settings)) {
    if (reminder.at.getTime() > now.getTime()) continue;
    const base = reminderJobId(requestId, reminder);
    const recipients = await reminderRecipients(request, reminder.kind);
    // A reminder nobody receives is still recorded: reconcile would otherwise queue it now.
    for (const recipient of recipients.length > 0 ? recipients : ['nobody'])
      sent.push({ key: `${base}_${recipient}`, kind: reminder.kind, recipient, at: reminder.at });
  }
  if (sent.length === 0) return;
  await NotificationModel.insertMany(
    sent.map((mail) => ({
      key: mail.key,
      request: request._id,
      kind: mail.kind,
      recipient: Types.ObjectId.isValid(mail.recipient) ? new Types.ObjectId(mail.recipient) : null,
      at: mail.at,
    })),
    { ordered: false },
  ).catch((error: unknown) => {
    // A key already recorded (a story told again after an interruption) is no loss.
    if (!isDuplicateKeyError(error)) throw error;
  });
}

/**
 * Removes demo requests and what hangs on them: their events, documents and
 * the mails recorded for them. (Follows are people's own and stay; a follow of
 * a removed request finds nothing more to tell.)
 */
async function forgetRequests(ids: readonly Types.ObjectId[]): Promise<void> {
  if (ids.length === 0) return;
  const files = await gridBucket('documents')
    .find({ 'metadata.requestId': { $in: ids } }, { projection: { _id: 1 } })
    .toArray();
  for (const file of files) await gridBucket('documents').delete(file._id);
  await NotificationModel.deleteMany({ request: mongoose.trusted({ $in: ids }) });
  await removeDemoRequests(ids);
}

/**
 * The living demo (issue 35): a few hundred requests over the last 18 months,
 * every state a request can be in, told through the one write path with the
 * clock of each step. A second run adds nothing; a story an earlier run left
 * half told is removed and told again. The rollups are rebuilt at the end.
 */
export async function seedDemoArchive(
  deps: DemoDeps,
  now: Date,
  size = DEMO_SIZE,
): Promise<DemoResult> {
  const agencies = await demoAgencies(deps.calendars);
  const cast = await demoCast(agencies, now);
  const stories = demoPlan(agencies, cast.requesters.length, size);
  const records = await DemoRecordModel.find(
    { kind: 'request' },
    { key: 1, id: 1, complete: 1 },
  ).lean();
  const done = new Set(records.filter((r) => r.complete).map((r) => r.key));
  await forgetRequests(records.filter((r) => !r.complete).map((r) => r.id));
  let made = 0;
  let steps = 0;
  for (const [i, story] of stories.entries()) {
    if (!done.has(story.key)) {
      steps += await tell(story, cast, deps, now);
      made += 1;
    }
    deps.onProgress?.(i + 1, stories.length);
  }
  if (made > 0) await rebuildAllRollups(deps.calendars, now);
  return { made, skipped: stories.length - made, steps };
}

/** `--reset`: removes exactly what the demo made (its requests and people), then the rollups. */
export async function resetDemoArchive(
  calendars: JurisdictionCalendars,
  now: Date,
): Promise<{ requests: number; users: number }> {
  const records = await DemoRecordModel.find({}, { kind: 1, id: 1 }).lean();
  const requests = records.filter((r) => r.kind === 'request').map((r) => r.id);
  const users = records.filter((r) => r.kind === 'user').map((r) => r.id);
  await forgetRequests(requests);
  await UserModel.deleteMany({ _id: mongoose.trusted({ $in: users }) });
  await DemoRecordModel.deleteMany({ _id: mongoose.trusted({ $in: records.map((r) => r._id) }) });
  await rebuildAllRollups(calendars, now);
  return { requests: requests.length, users: users.length };
}
