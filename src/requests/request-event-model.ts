import mongoose, { Schema } from 'mongoose';

/**
 * The append-only trail (DESIGN §2). The unique `(requestId, seq)` index is what
 * lets exactly one of two racing transitions win, on MongoDB and FerretDB alike.
 */
const requestEventSchema = new Schema(
  {
    requestId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true, min: 1 },
    type: { type: String, required: true },
    actor: {
      user: { type: Schema.Types.ObjectId, default: null },
      role: { type: String, default: null },
    },
    at: { type: Date, required: true },
    from: { type: String, default: null },
    to: { type: String, default: null },
    /** The snapshot fields this event sets, so a replay needs nothing else. */
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'request_events', strict: 'throw', minimize: false },
);
requestEventSchema.index({ requestId: 1, seq: 1 }, { unique: true });
requestEventSchema.index({ type: 1, at: 1 });

export const RequestEventModel = mongoose.model('RequestEvent', requestEventSchema);
