import { Types } from 'mongoose';
import { recordSecurityEvent } from '../security/security-log.ts';
import { NotFoundError } from '../errors.ts';
import { recomputeOpenDeadlines, type RecomputeResult } from './request-deadline-recompute.ts';
import {
  createOverride,
  deleteOverride,
  refreshOverrides,
  type StoredOverride,
} from '../jurisdictions/holiday-override-store.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';

/** Who made an admin change, for the audit log. */
export interface Actor {
  id: string | null;
  ip: string | null;
}

export type OverrideInput = Omit<StoredOverride, 'id' | 'createdAt' | 'jurisdiction'>;

async function afterChange(
  calendars: JurisdictionCalendars,
  code: string,
  now: Date,
  cause: Record<string, unknown>,
): Promise<RecomputeResult> {
  await refreshOverrides(calendars, now.getTime(), true);
  const found = calendars.get(code);
  if (!found) throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
  return recomputeOpenDeadlines(found.jurisdiction, found.calendar, now, cause);
}

/** Adds an override, then moves every open request's deadline that it changes. */
export async function addHolidayOverride(
  calendars: JurisdictionCalendars,
  code: string,
  input: OverrideInput,
  actor: Actor,
  now: Date,
): Promise<{ override: StoredOverride; recompute: RecomputeResult }> {
  const override = await createOverride(
    { ...input, jurisdiction: code, createdBy: actor.id ? new Types.ObjectId(actor.id) : null },
    now,
  );
  const recompute = await afterChange(calendars, code, now, {
    holidayOverride: override.id,
    action: override.action,
    date: override.date,
  });
  await recordSecurityEvent({
    type: 'holiday_override_added',
    actor: actor.id,
    ip: actor.ip,
    target: code,
    at: now,
    data: {
      override: override.id,
      action: override.action,
      date: override.date,
      changedDeadlines: recompute.changed.length,
    },
  });
  return { override, recompute };
}

/** Removes an override (404 if it is not one of this jurisdiction's), then recomputes. */
export async function removeHolidayOverride(
  calendars: JurisdictionCalendars,
  code: string,
  id: string,
  actor: Actor,
  now: Date,
): Promise<RecomputeResult> {
  if (!(await deleteOverride(code, id))) throw new NotFoundError('HOLIDAY_OVERRIDE.NOT_FOUND');
  const recompute = await afterChange(calendars, code, now, {
    holidayOverride: id,
    action: 'deleted',
  });
  await recordSecurityEvent({
    type: 'holiday_override_removed',
    actor: actor.id,
    ip: actor.ip,
    target: code,
    at: now,
    data: { override: id, changedDeadlines: recompute.changed.length },
  });
  return recompute;
}
