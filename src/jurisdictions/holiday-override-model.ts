import mongoose, { Schema } from 'mongoose';

/**
 * An administrator's correction of a jurisdiction's holidays (an announced Eid,
 * an exceptional closure, a computed day that was not observed). Overrides win
 * over the config's computed and explicit dates.
 */
const holidayOverrideSchema = new Schema(
  {
    jurisdiction: { type: String, required: true, match: /^[A-Z]{2}$/ },
    action: { type: String, enum: ['add', 'remove', 'move'], required: true },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    to: { type: String, default: null, match: /^\d{4}-\d{2}-\d{2}$/ },
    name: {
      ar: { type: String, default: null, maxlength: 200 },
      en: { type: String, default: null, maxlength: 200 },
    },
    status: { type: String, enum: ['confirmed', 'provisional'], required: true },
    note: { type: String, default: null, maxlength: 1000 },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'holiday_overrides', strict: 'throw' },
);
holidayOverrideSchema.index({ jurisdiction: 1, createdAt: 1 });

export const HolidayOverrideModel = mongoose.model('HolidayOverride', holidayOverrideSchema);
