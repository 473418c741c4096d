import mongoose, { type Types } from 'mongoose';
import type { Queues } from '../platform/queues.ts';
import { UserModel } from '../users/user-model.ts';
import { activeStaffOf } from '../users/user-store.ts';
import type { RequestEventJob } from '../requests/request-event-queue.ts';
import { REMINDER_KINDS, REQUEST_MAIL_KINDS, type RequestMailKind } from './mail-kinds.ts';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';

/** What the notifier needs to know of the request after an event. */
export interface NotifiedRequest {
  _id: Types.ObjectId;
  agency: string;
  jurisdiction?: string;
  assignee?: Types.ObjectId | null;
  requester?: { user?: Types.ObjectId | null; email?: string | null } | null;
  appeal?: { body?: string | null } | null;
  /** A portal's test submission: its requester is never mailed. */
  test?: boolean | null;
}

/** The fields of a request that NotifiedRequest reads (a projection for its reads). */
export const NOTIFIED_FIELDS = {
  agency: 1,
  jurisdiction: 1,
  assignee: 1,
  'requester.user': 1,
  'requester.email': 1,
  'appeal.body': 1,
  test: 1,
} as const;

export type Audience =
  'requester' | 'handlers' | 'agency' | 'appeal_body' | 'assignee' | 'escalation';

/** Who hears of each event, and as which mail. */
const MAILS: Readonly<Record<string, readonly { kind: RequestMailKind; to: Audience }[]>> = {
  submitted: [
    { kind: 'filed', to: 'requester' },
    { kind: 'new-request', to: 'agency' },
  ],
  acknowledged: [{ kind: 'acknowledged', to: 'requester' }],
  assigned: [{ kind: 'assigned', to: 'assignee' }],
  clarification_requested: [{ kind: 'clarification-requested', to: 'requester' }],
  clarified: [{ kind: 'clarified', to: 'handlers' }],
  extended: [{ kind: 'extended', to: 'requester' }],
  transferred: [
    { kind: 'transferred', to: 'requester' },
    { kind: 'transferred-in', to: 'agency' },
  ],
  answered: [{ kind: 'answered', to: 'requester' }],
  appealed: [
    { kind: 'appealed', to: 'handlers' },
    { kind: 'appealed', to: 'appeal_body' },
  ],
  appeal_decided: [
    { kind: 'appeal-decided', to: 'requester' },
    { kind: 'appeal-decided', to: 'handlers' },
  ],
  withdrawn: [{ kind: 'withdrawn', to: 'handlers' }],
  closed: [{ kind: 'closed', to: 'requester' }],
};

/** The event types that mail someone (a message always does; the rest as MAILS says). */
export const MAILED_EVENT_TYPES: readonly string[] = ['message', ...Object.keys(MAILS)];

async function usersWhere(filter: Record<string, unknown>): Promise<string[]> {
  const users = await UserModel.find({ ...filter, active: true }, { _id: 1 })
    .sort({ _id: 1 })
    .lean();
  return users.map((user) => user._id.toString());
}
const officersOf = (agency: string) => usersWhere(activeStaffOf(agency));

/** The recipients (user ids, or `requester`) of one audience. */
export async function recipients(request: NotifiedRequest, audience: Audience): Promise<string[]> {
  switch (audience) {
    case 'requester': {
      if (request.test) return [];
      const user = request.requester?.user;
      if (user) return [user.toString()];
      return request.requester?.email ? ['requester'] : [];
    }
    case 'assignee':
      return request.assignee ? [request.assignee.toString()] : [];
    case 'handlers':
      // The assigned officer when there is one, else everyone of the agency.
      return request.assignee ? [request.assignee.toString()] : officersOf(request.agency);
    case 'agency':
      return officersOf(request.agency);
    case 'appeal_body':
      // Where no agency stands for the appeal body, its deadline is watched by the admins.
      return request.appeal?.body
        ? officersOf(request.appeal.body)
        : usersWhere({ roles: 'admin' });
    case 'escalation': {
      // The agency's admins and the auditors of the jurisdiction (or of every one).
      const [admins, auditors] = await Promise.all([
        usersWhere({ agency: request.agency, roles: 'agency_admin' }),
        usersWhere({
          roles: 'auditor',
          jurisdiction: mongoose.trusted({ $in: [request.jurisdiction ?? null, null] }),
        }),
      ]);
      return [...new Set([...admins, ...auditors])];
    }
  }
}

/** The mail jobs of an event as stored (its `data.side` says who wrote a message). */
export function mailJobsOfStoredEvent(
  request: NotifiedRequest,
  event: { type: string; seq: number; data?: unknown },
): Promise<RequestMailJob[]> {
  const side = (event.data as { side?: unknown } | null | undefined)?.side;
  return mailJobsFor(request, {
    type: event.type,
    seq: event.seq,
    ...(side === 'requester' || side === 'agency' ? { side } : {}),
  });
}

/** The mail jobs an event causes: one per recipient, with the notification key as job id. */
async function mailJobsFor(
  request: NotifiedRequest,
  event: { type: string; seq: number; side?: 'requester' | 'agency' },
): Promise<RequestMailJob[]> {
  const plan =
    event.type === 'message'
      ? [
          event.side === 'agency'
            ? { kind: 'message-to-requester' as const, to: 'requester' as const }
            : { kind: 'message-to-agency' as const, to: 'handlers' as const },
        ]
      : (MAILS[event.type] ?? []);
  const jobs = new Map<string, RequestMailJob>();
  for (const { kind, to } of plan) {
    for (const recipient of await recipients(request, to)) {
      const key = `${request._id.toString()}_${kind}_${String(event.seq)}_${recipient}`;
      jobs.set(key, { key, requestId: request._id.toString(), seq: event.seq, kind, recipient });
    }
  }
  return [...jobs.values()];
}

/** A mail job's payload: ids only, never personal data (DESIGN §6). */
export const REQUEST_MAIL_JOB = defineJob(
  'mail',
  'request-mail',
  z.object({
    key: z.string().min(1),
    requestId: z.string().regex(/^[0-9a-f]{24}$/),
    /** The event the mail is about; 0 for a reminder. */
    seq: z.number().int().nonnegative(),
    kind: z.enum([...REQUEST_MAIL_KINDS, ...REMINDER_KINDS]),
    /** A user id, or `requester` for a requester without an account (logged by an officer). */
    recipient: z.string().min(1),
  }),
);
export type RequestMailJob = z.infer<typeof REQUEST_MAIL_JOB.payload>;

/** The mail worker's half: one mail job per recipient, each with its notification key as id. */
export async function fanOutRequestEvent(
  queues: Pick<Queues, 'mail'>,
  request: NotifiedRequest,
  event: RequestEventJob,
): Promise<number> {
  const jobs = await mailJobsFor(request, event);
  if (jobs.length > 0)
    await REQUEST_MAIL_JOB.addBulk(
      queues,
      jobs.map((data) => ({ data, opts: { jobId: data.key } })),
    );
  return jobs.length;
}
