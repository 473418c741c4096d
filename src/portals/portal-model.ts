import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A national portal allowed to push requests in (FOIA.gov agency API): its
 * name, the SHA-256 of its secret (the secret itself is shown once, never
 * stored), and the agencies it may file to (none listed: every agency).
 */
const portalSchema = new Schema(
  {
    name: { type: String, required: true, maxlength: 120 },
    secretHash: { type: String, required: true },
    agencies: { type: [String], default: [] },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'portals', timestamps: true, strict: 'throw' },
);
// The header's secret finds its portal.
portalSchema.index({ secretHash: 1 }, { unique: true });
// The admin page: newest first.
portalSchema.index({ createdAt: -1, _id: -1 });

export type Portal = InferSchemaType<typeof portalSchema> & { _id: mongoose.Types.ObjectId };
export const PortalModel = mongoose.model('Portal', portalSchema);
