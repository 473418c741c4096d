import mongoose, { Schema, Types } from 'mongoose';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import { reportChanges, type FigureChange } from './report-revisions.ts';
import type { AnnualReport } from './report-shape.ts';

const revisionSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: Schema.Types.ObjectId, default: null },
    report: { type: Schema.Types.Mixed, required: true },
    publicReport: { type: Schema.Types.Mixed, required: true },
    changes: { type: Schema.Types.Mixed, default: [] },
  },
  { _id: false },
);

/**
 * Published (frozen) reports (`stats_reports`, `_id` `<scope>_<from>_<to>`):
 * the report as published stays; each later correction is a dated revision
 * beside it, with what it changed. The auditors' report is kept; visitors
 * read its public subset.
 */
const frozenSchema = new Schema(
  {
    _id: { type: String, required: true },
    jurisdiction: { type: String, required: true },
    agency: { type: String, default: null },
    from: { type: String, required: true },
    to: { type: String, required: true },
    frozenAt: { type: Date, required: true },
    frozenBy: { type: Schema.Types.ObjectId, default: null },
    report: { type: Schema.Types.Mixed, required: true },
    publicReport: { type: Schema.Types.Mixed, required: true },
    revisions: { type: [revisionSchema], default: [] },
  },
  { collection: 'stats_reports', strict: 'throw', minimize: false, versionKey: false },
);
const FrozenReportModel = mongoose.model('StatsFrozenReport', frozenSchema);

/** A report as published: the auditors' and the public's, as first published and as revised. */
export interface PublishedVersions {
  report: AnnualReport;
  publicReport: AnnualReport;
}
export interface FrozenReport extends PublishedVersions {
  frozenAt: Date;
  revisions: (PublishedVersions & { at: Date; changes: FigureChange[] })[];
}

/** The key of a period's report: its country, or one agency, and its days. */
export const reportKey = (jurisdiction: string, agency: string | null, from: string, to: string) =>
  `${agency ?? jurisdiction}_${from}_${to}`;

export async function frozenReport(key: string): Promise<FrozenReport | null> {
  return FrozenReportModel.findById(key, {
    report: 1,
    publicReport: 1,
    frozenAt: 1,
    revisions: 1,
  }).lean<FrozenReport>();
}

/**
 * Publishes a period's report: the first time as it stands; after that, only
 * what changed, as a revision dated `now` (a `$push`, one atomic write; two
 * admins at once may each add theirs). Returns what it did.
 */
export async function freezeReport(
  scope: { jurisdiction: string; agency: string | null; from: string; to: string },
  versions: PublishedVersions,
  by: Types.ObjectId | null,
  now: Date,
): Promise<{ done: 'frozen' | 'revised' | 'unchanged'; changes: FigureChange[] }> {
  const key = reportKey(scope.jurisdiction, scope.agency, scope.from, scope.to);
  const existing = await frozenReport(key);
  if (!existing) {
    try {
      await FrozenReportModel.create({
        _id: key,
        ...scope,
        frozenAt: now,
        frozenBy: by,
        ...versions,
      });
      return { done: 'frozen', changes: [] };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return freezeReport(scope, versions, by, now);
    }
  }
  const latest = existing.revisions.at(-1)?.report ?? existing.report;
  const changes = reportChanges(latest, versions.report);
  if (changes.length === 0) return { done: 'unchanged', changes };
  await FrozenReportModel.updateOne(
    { _id: key },
    { $push: { revisions: { at: now, by, ...versions, changes } } },
  );
  return { done: 'revised', changes };
}
