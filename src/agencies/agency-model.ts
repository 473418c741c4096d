import { AGENCY_CODE } from './agency-code.ts';
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const localized = { ar: { type: String, required: true }, en: { type: String, required: true } };

/** A public agency that receives requests (DESIGN §2 `agencies`). */
const agencySchema = new Schema(
  {
    code: { type: String, required: true, match: AGENCY_CODE },
    jurisdiction: { type: String, required: true, match: /^[A-Z]{2}$/ },
    name: localized,
    contactEmail: { type: String, required: true, lowercase: true, trim: true },
    parent: { type: String, default: null },
    keywords: {
      ar: { type: [String], default: [] },
      en: { type: [String], default: [] },
    },
    active: { type: Boolean, default: true },
    /**
     * The agency's own redaction patterns (its file numbers…), applied before publication,
     * in RE2's syntax. One stored before RE2 was required and refused by it is disabled
     * (when, and RE2's reason) rather than dropped: agency-rule-check.ts.
     */
    redactionRules: {
      type: [
        new Schema(
          {
            id: String,
            pattern: String,
            disabledAt: { type: Date, default: null },
            disabledReason: { type: String, default: null },
          },
          { _id: false, strict: 'throw' },
        ),
      ],
      default: [],
    },
  },
  { collection: 'agencies', timestamps: true, strict: 'throw' },
);
agencySchema.index({ code: 1 }, { unique: true });
agencySchema.index({ jurisdiction: 1, active: 1, code: 1 });

export type Agency = InferSchemaType<typeof agencySchema>;
export const AgencyModel = mongoose.model('Agency', agencySchema);
