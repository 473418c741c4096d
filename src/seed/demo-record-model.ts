import mongoose, { Schema } from 'mongoose';

/**
 * What the demo archive made (demo-archive.ts), by the key of its plan: a
 * request of a story, or a person it needed. A second run skips what is here
 * and complete; `--reset` removes exactly what is here, and nothing else.
 */
const demoRecordSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, enum: ['request', 'user'], required: true },
    id: { type: Schema.Types.ObjectId, required: true },
    /** A request's story was told to its end (an interrupted one is made again). */
    complete: { type: Boolean, default: false },
    at: { type: Date, required: true },
  },
  { collection: 'demo_records', strict: 'throw', versionKey: false },
);
demoRecordSchema.index({ key: 1 }, { unique: true });
demoRecordSchema.index({ kind: 1 });

export const DemoRecordModel = mongoose.model('DemoRecord', demoRecordSchema);
