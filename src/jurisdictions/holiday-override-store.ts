import { Types } from 'mongoose';
import type { HolidayOverride } from './holidays.ts';
import { HolidayOverrideModel } from './holiday-override-model.ts';
import type { JurisdictionCalendars } from './jurisdiction-calendars.ts';

export interface StoredOverride extends HolidayOverride {
  id: string;
  jurisdiction: string;
  note: string | null;
  createdAt: Date;
}

function toOverride(doc: {
  _id: Types.ObjectId;
  jurisdiction: string;
  action: 'add' | 'remove' | 'move';
  date: string;
  to?: string | null;
  name?: { ar?: string | null; en?: string | null } | null;
  status: 'confirmed' | 'provisional';
  note?: string | null;
  createdAt: Date;
}): StoredOverride {
  const name = doc.name?.ar && doc.name.en ? { ar: doc.name.ar, en: doc.name.en } : null;
  return {
    id: doc._id.toString(),
    jurisdiction: doc.jurisdiction,
    action: doc.action,
    date: doc.date,
    to: doc.to ?? null,
    name,
    status: doc.status,
    note: doc.note ?? null,
    createdAt: doc.createdAt,
  };
}

/** Every override, oldest first (later ones win), grouped by jurisdiction. */
async function listOverridesByJurisdiction(): Promise<Map<string, StoredOverride[]>> {
  const docs = await HolidayOverrideModel.find({}).sort({ createdAt: 1, _id: 1 }).lean();
  const byCode = new Map<string, StoredOverride[]>();
  for (const doc of docs) {
    const list = byCode.get(doc.jurisdiction) ?? [];
    list.push(toOverride(doc));
    byCode.set(doc.jurisdiction, list);
  }
  return byCode;
}

export async function listOverrides(jurisdiction: string): Promise<StoredOverride[]> {
  const docs = await HolidayOverrideModel.find({ jurisdiction })
    .sort({ createdAt: 1, _id: 1 })
    .lean();
  return docs.map(toOverride);
}

export async function createOverride(
  input: Omit<StoredOverride, 'id' | 'createdAt'> & { createdBy: Types.ObjectId | null },
  now: Date,
): Promise<StoredOverride> {
  // A nested path cannot be null in mongoose: an unnamed override stores empty names.
  const doc = await HolidayOverrideModel.create({
    ...input,
    name: input.name ?? { ar: null, en: null },
    createdAt: now,
  });
  return toOverride(doc.toObject());
}

/** Deletes one override of a jurisdiction; false when there was none. */
export async function deleteOverride(jurisdiction: string, id: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  const result = await HolidayOverrideModel.deleteOne({
    _id: new Types.ObjectId(id),
    jurisdiction,
  });
  return result.deletedCount === 1;
}

/** How old the overrides a web process holds may get before it reloads them. */
const OVERRIDES_MAX_AGE_MS = 30_000;

const loadAllOverrides = (): Promise<Map<string, readonly HolidayOverride[]>> =>
  listOverridesByJurisdiction();

export async function refreshOverrides(
  calendars: JurisdictionCalendars,
  now: number,
  force = false,
): Promise<void> {
  await calendars.refresh(loadAllOverrides, { now, maxAgeMs: OVERRIDES_MAX_AGE_MS, force });
}
