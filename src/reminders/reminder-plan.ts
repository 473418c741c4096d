import { clockRuns } from '../requests/request-lifecycle.ts';
import { nextWorkingDay } from '../jurisdictions/deadline.ts';
import { addDays, instantAt, wallClock, type LocalDate } from '../time/local-date.ts';
import type { WorkingCalendar } from '../jurisdictions/working-calendar.ts';
import type { ReminderKind } from '../notifications/mail-kinds.ts';

export interface ReminderSettings {
  /** `due-soon` this many working days before the due date. */
  leadDays: number;
  /** `escalation` this many working days after the due date. */
  escalationDays: number;
  /** Reminders go out at this local hour (0–23) of their day. */
  hour: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  leadDays: 3,
  escalationDays: 5,
  hour: 8,
};

/** One reminder: which, when, and the due date it is about (part of its id). */
export interface Reminder {
  kind: ReminderKind;
  at: Date;
  dueAtMs: number;
}

/** What the plan reads of a request. */
export interface PlannedRequest {
  status: string;
  dueAt: Date;
  appeal?: { dueAt?: Date | null; decision?: string | null } | null;
}

/** The Nth working day before (n < 0) or after (n > 0) `date`. */
function workingDaysFrom(calendar: WorkingCalendar, date: LocalDate, n: number): LocalDate {
  let day = date;
  for (let moved = 0; moved < Math.abs(n);) {
    day = addDays(day, Math.sign(n));
    if (calendar.isWorkingDay(day)) moved += 1;
  }
  return day;
}

/** The reminders of one deadline: before it, on its day, the first working day after, later. */
function chain(
  calendar: WorkingCalendar,
  dueAt: Date,
  settings: ReminderSettings,
  kinds: {
    soon: ReminderKind;
    today: ReminderKind;
    overdue: ReminderKind;
    escalation?: ReminderKind;
    refused?: ReminderKind;
  },
): Reminder[] {
  const zone = calendar.jurisdiction.timeZone;
  const dueDate = wallClock(dueAt, zone).date;
  const at = (date: LocalDate) => instantAt(date, settings.hour * 3_600_000, zone);
  const dueAtMs = dueAt.getTime();
  const firstAfter = nextWorkingDay(calendar, addDays(dueDate, 1)).date;
  const reminders: Reminder[] = [
    { kind: kinds.soon, at: at(workingDaysFrom(calendar, dueDate, -settings.leadDays)), dueAtMs },
    { kind: kinds.today, at: at(dueDate), dueAtMs },
    { kind: kinds.overdue, at: at(firstAfter), dueAtMs },
  ];
  if (kinds.refused) reminders.push({ kind: kinds.refused, at: at(firstAfter), dueAtMs });
  if (kinds.escalation)
    reminders.push({
      kind: kinds.escalation,
      at: at(workingDaysFrom(calendar, dueDate, settings.escalationDays)),
      dueAtMs,
    });
  return reminders;
}

/**
 * Every reminder a request should have now, from its snapshot alone: the
 * response deadline's while the clock runs (and the citizen's notice of a deemed
 * refusal where the law makes silence a refusal), the appeal body's while an
 * appeal waits. Nothing for a paused, answered, withdrawn or closed request.
 */
export function planReminders(
  request: PlannedRequest,
  calendar: WorkingCalendar,
  silenceIsRefusal: boolean,
  settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
): Reminder[] {
  if (clockRuns(request.status))
    return chain(calendar, request.dueAt, settings, {
      soon: 'due-soon',
      today: 'due-today',
      overdue: 'overdue',
      escalation: 'escalation',
      ...(silenceIsRefusal ? { refused: 'deemed-refused' as const } : {}),
    });
  const appealDue = request.appeal?.dueAt;
  if (request.status === 'appealed' && appealDue && !request.appeal?.decision)
    return chain(calendar, appealDue, settings, {
      soon: 'appeal-due-soon',
      today: 'appeal-due-today',
      overdue: 'appeal-overdue',
    });
  return [];
}

/** The job id of a reminder (DESIGN §6; BullMQ forbids `:`). */
export const reminderJobId = (requestId: string, reminder: Pick<Reminder, 'kind' | 'dueAtMs'>) =>
  `${requestId}_${reminder.kind}_${String(reminder.dueAtMs)}`;
