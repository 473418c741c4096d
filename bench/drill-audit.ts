// What every drill of the fault and failover benchmarks (faults.bench.ts,
// ha.bench.ts) checks once its traffic is over: a reconcile as a worker runs it,
// the queues drained, then the acknowledged writes looked up one by one, the
// mails counted by Message-ID, and every open request's reminder jobs.
import { connectRedis } from '../src/platform/redis.ts';
import mongoose from 'mongoose';
import type { JurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { closeQueues, createQueues } from '../src/platform/queues.ts';
import { DEFAULT_REMINDER_SETTINGS, reminderJobId } from '../src/reminders/reminder-plan.ts';
import { RECONCILE_JOB, remindersOf } from '../src/reminders/reminder-scheduler.ts';
import { RequestEventModel } from '../src/requests/request-event-model.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { sleep, type Stack, type Traffic } from './load-harness.ts';

export interface DrillAudit {
  lostFilings: string[];
  lostActions: number;
  mails: number;
  duplicates: number;
  missingMail: number;
  missingReminders: number;
  expectedReminders: number;
}

export async function auditDrill(
  stack: Stack,
  traffic: Traffic,
  calendars: JurisdictionCalendars,
  label: string,
): Promise<DrillAudit> {
  // Reconcile, as a worker does every RECONCILE_EVERY_MS, then wait for the queues.
  const connection = connectRedis(stack.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues(connection, stack.prefix);
  const { deadlines } = queues;
  await RECONCILE_JOB.add(queues, {}, { jobId: `reconcile-after-${label}` });
  const drainStarted = Date.now();
  for (;;) {
    let busy = 0;
    for (const queue of Object.values(queues)) {
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
      busy += (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    }
    if (busy === 0 || Date.now() - drainStarted > 180_000) break;
    await sleep(500);
  }
  // Mail retries wait out their backoff: give the ones failed during the fault their next try.
  for (let i = 0; i < 120; i += 1) {
    const delayedMail = (await queues.mail.getJobCounts('delayed')).delayed ?? 0;
    if (delayedMail === 0) break;
    await sleep(1_000);
  }

  // Lost acknowledged writes.
  const filedFound = new Set(
    (
      await RequestModel.find({ ref: mongoose.trusted({ $in: traffic.filed }) }, { ref: 1 }).lean()
    ).map((r) => r.ref),
  );
  const lostFilings = traffic.filed.filter((ref) => !filedFound.has(ref));
  const byRef = new Map(
    (await RequestModel.find({ ref: mongoose.trusted({ $in: traffic.filed }) }).lean()).map((r) => [
      r.ref,
      r,
    ]),
  );
  let lostActions = 0;
  for (const entry of traffic.acted) {
    const [ref, action] = entry.split(' ') as [string, string];
    const request = byRef.get(ref);
    const type = action === 'acknowledge' ? 'acknowledged' : 'answered';
    if (!request || !(await RequestEventModel.exists({ requestId: request._id, type })))
      lostActions += 1;
  }
  // Mails: each acknowledged filing owes its requester a "filed" mail; none twice.
  const mails = stack.mail.all();
  const ids = new Map<string, number>();
  for (const { messageId } of mails)
    if (messageId) ids.set(messageId, (ids.get(messageId) ?? 0) + 1);
  const duplicates = [...ids.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
  const subjects = mails.map((m) => m.subject);
  const missingMail = traffic.filed.filter(
    (ref) => subjects.filter((subject) => subject.includes(ref)).length < 2,
  ).length;
  // Reminders: every open request filed in the run has its plan's jobs.
  const jobIds = new Set(
    (await deadlines.getJobs(['delayed', 'waiting', 'active', 'completed'])).map((j) => j.id),
  );
  let missingReminders = 0;
  let expectedReminders = 0;
  const now = Date.now();
  for (const request of byRef.values()) {
    for (const reminder of remindersOf(calendars, request, DEFAULT_REMINDER_SETTINGS)) {
      if (reminder.at.getTime() <= now) continue;
      expectedReminders += 1;
      if (!jobIds.has(reminderJobId(request._id.toString(), reminder))) missingReminders += 1;
    }
  }
  await closeQueues(queues);
  await connection.quit();

  return {
    lostFilings,
    lostActions,
    mails: mails.length,
    duplicates,
    missingMail,
    missingReminders,
    expectedReminders,
  };
}

/**
 * The drills `variable` names (comma-separated; all when unset), in their order; an
 * unknown name stops the run with the list of known ones.
 */
export function namedInEnv<T extends { name: string }>(variable: string, all: readonly T[]): T[] {
  const wanted = (process.env[variable] ?? '').split(',').filter(Boolean);
  const unknown = wanted.filter((name) => !all.some((d) => d.name === name));
  if (unknown.length > 0) {
    console.error(
      `${variable}: unknown ${unknown.join(', ')}; known: ${all.map((d) => d.name).join(', ')}`,
    );
    process.exit(2);
  }
  return all.filter((d) => wanted.length === 0 || wanted.includes(d.name));
}

/** The fields of a drill's summary line that every drill has. */
export function auditFields(traffic: Traffic, audit: DrillAudit): string[] {
  const statuses = [...traffic.routes.values()].flatMap((r) => [...r.statuses]);
  const count = (status: number | string) =>
    statuses.filter(([s]) => s === status).reduce((sum, [, n]) => sum + n, 0);
  return [
    `lost writes ${String(audit.lostFilings.length + audit.lostActions)}`,
    `5xx ${String(traffic.fiveHundreds)}`,
    `503 ${String(count(503))} (bad ${String(traffic.badUnavailable.length)})`,
    `cut ${String(traffic.cuts.length)}`,
    `signed out ${String(traffic.signedOut)}`,
    `mails ${String(audit.mails)}: duplicates ${String(audit.duplicates)}, filings missing a mail ${String(audit.missingMail)}`,
    `reminders missing ${String(audit.missingReminders)} of ${String(audit.expectedReminders)}`,
  ];
}

/** Each answer that was neither expected nor a 503, each request cut, each bad 503. */
export function incidentLines(traffic: Traffic): string[] {
  const lines: string[] = [];
  for (const [route, stats] of traffic.routes)
    for (const [status, n] of stats.statuses)
      if (typeof status !== 'number' || (status >= 500 && status !== 503))
        lines.push(`  ${route}: ${String(status)} ×${String(n)}`);
  for (const [what, incidents] of [
    ['cut', traffic.cuts],
    ['bad 503', traffic.badUnavailable],
  ] as const)
    for (const incident of incidents)
      lines.push(
        `  ${what}: ${incident.route} on ${incident.base} at ${(incident.atMs / 1000).toFixed(1)} s, after ${incident.ms.toFixed(0)} ms: ${incident.error}`,
      );
  return lines;
}
