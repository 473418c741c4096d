import mongoose, { Schema } from 'mongoose';

/**
 * The stints of every request (src/stats/request-stints.ts), one document
 * each (`stats_stints`, `_id` `<request>_<n>`), rewritten from the request
 * after each of its events and by `npm run stats:rebuild`. The annual
 * report's event rollups are counted from them, and its drill-down lists and
 * ten oldest read them: each query by agency and one of the days, as indexed.
 */
const stintSchema = new Schema(
  {
    _id: { type: String, required: true },
    request: { type: Schema.Types.ObjectId, required: true },
    ref: { type: String, required: true },
    /** The request's version the stint was computed from: an older computation never overwrites it. */
    version: { type: Number, required: true },
    n: { type: Number, required: true },
    agency: { type: String, required: true },
    jurisdiction: { type: String, required: true },
    inDay: { type: String, required: true },
    inKind: { type: String, enum: ['filed', 'transfer'], required: true },
    outDay: { type: String, required: true },
    disposition: { type: String, default: null },
    track: { type: String, enum: ['normal', 'urgent'], required: true },
    days: { type: Number, default: null },
    onTime: { type: Boolean, default: null },
    extended: { type: Boolean, required: true },
    lateDay: { type: String, default: null },
    silent: { type: Boolean, required: true },
    public: { type: Boolean, required: true },
    articles: { type: [String], default: [] },
    appealDay: { type: String, default: null },
    decidedDay: { type: String, default: null },
    decision: { type: String, default: null },
    decidedInTime: { type: Boolean, default: null },
    appealArticles: { type: [String], default: [] },
    builtAt: { type: Date, required: true },
  },
  { collection: 'stats_stints', strict: 'throw', minimize: false, versionKey: false },
);
stintSchema.index({ request: 1 });
// The agency-day rebuild: the stints of an agency with any event on the day.
stintSchema.index({ agency: 1, inDay: 1, outDay: 1 });
stintSchema.index({ agency: 1, outDay: 1 });
stintSchema.index({ agency: 1, lateDay: 1 });
stintSchema.index({ agency: 1, appealDay: 1 });
stintSchema.index({ agency: 1, decidedDay: 1 });
// A full rebuild finds the requests whose stints the event job rewrote while it ran.
stintSchema.index({ builtAt: 1 });
export const StintModel = mongoose.model('StatsStint', stintSchema);

/** The day fields of a stint, each indexed after `agency`. */
export const STINT_DAYS = ['inDay', 'outDay', 'lateDay', 'appealDay', 'decidedDay'] as const;
