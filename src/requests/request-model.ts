import mongoose, { Schema } from 'mongoose';
import { OUTCOMES, REQUEST_STATUSES } from './request-states.ts';
import type { StoredRequest } from './stored-request.ts';

const pauseSchema = new Schema(
  { from: { type: Date, required: true }, to: { type: Date, default: null } },
  { _id: false },
);

const messageSchema = new Schema(
  {
    at: { type: Date, required: true },
    author: { type: Schema.Types.ObjectId, default: null },
    side: { type: String, enum: ['requester', 'agency'], required: true },
    body: { type: String, required: true, maxlength: 20_000 },
    attachments: { type: [Schema.Types.ObjectId], default: [] },
  },
  { _id: true },
);

/**
 * The request snapshot (DESIGN §2). It is only ever written by a transition,
 * through the one door: event insert with `seq = version + 1`, then this
 * document under a `version` guard.
 */
const transferSchema = new Schema(
  {
    from: { type: String, required: true },
    to: { type: String, required: true },
    at: { type: Date, required: true },
    /** The seq of the `transferred` event: the old agency keeps what came before it. */
    seq: { type: Number, required: true },
  },
  { _id: false },
);

const appealSchema = new Schema(
  {
    stage: { type: Number, required: true, min: 0 },
    ground: { type: String, enum: ['refusal', 'partial', 'silence'], required: true },
    /** The agency code standing for the appeal body, whose officers decide (or null: admins). */
    body: { type: String, default: null },
    filedAt: { type: Date, required: true },
    /** By when the appeal body must decide; null where the law sets no period. */
    dueAt: { type: Date, default: null },
    decision: {
      type: String,
      enum: ['upheld', 'overturned', 'partially_overturned', null],
      default: null,
    },
    decidedAt: { type: Date, default: null },
    /** The articles the appeal decision relies on (none when it overturns the refusal). */
    legalGrounds: { type: [String], default: [] },
  },
  { _id: false },
);

/**
 * What of a public request's answer is published, and whether it was taken
 * down. The answer's text is stored redacted (⟦kind⟧ markers); what was hidden
 * is recorded by kind and rule only, never by its words.
 */
const publicationSchema = new Schema(
  {
    answer: { type: String, default: null },
    redactions: {
      type: [new Schema({ kind: String, rule: String }, { _id: false, strict: 'throw' })],
      default: [],
    },
    publishedAt: { type: Date, default: null },
    hiddenAt: { type: Date, default: null },
    hiddenReason: { type: String, default: null },
    /** The released documents' public copies wait for an officer's review (src/public-copies/). */
    reviewDocuments: { type: Boolean, default: false },
  },
  { _id: false, strict: 'throw' },
);

const figuresSchema = new Schema(
  {
    daysToAnswer: { type: Number, default: null },
    answeredOnTime: { type: Boolean, default: null },
    acknowledgedInTime: { type: Boolean, default: null },
  },
  { _id: false },
);

/**
 * What a national portal sent with a request it pushed in (FOIA.gov agency
 * API 1.1.0), beyond the request itself: private to the agency, kept as it came.
 */
const intakeSchema = new Schema(
  {
    portal: { type: Schema.Types.ObjectId, required: true },
    /** `<portal id>:<request_id>`: the same portal request twice is one request (unique index). */
    key: { type: String, required: true },
    requestId: { type: String, required: true },
    version: { type: String, default: null },
    category: { type: String, default: null },
    organization: { type: String, default: null },
    phone: { type: String, default: null },
    fax: { type: String, default: null },
    address: { type: [String], default: [] },
    feeAmountWilling: { type: String, default: null },
    feeWaiver: { type: Boolean, default: false },
    feeWaiverExplanation: { type: String, default: null },
    /** Expedited processing asked; whether the law's urgent track could take it. */
    expedited: { type: Boolean, default: false },
    expeditedExplanation: { type: String, default: null },
    expeditedApplied: { type: Boolean, default: false },
    /** The agency's own form fields, each value as the JSON it came as. */
    extra: {
      type: [new Schema({ name: String, value: String }, { _id: false, strict: 'throw' })],
      default: [],
    },
    /** The documents it carried; a flagged one's bytes did not match its declared type. */
    documents: {
      type: [
        new Schema(
          {
            id: { type: Schema.Types.ObjectId, required: true },
            filename: { type: String, required: true },
            declaredType: { type: String, default: null },
            size: { type: Number, required: true },
            flagged: { type: Boolean, default: false },
            pdf: { type: Boolean, default: false },
          },
          { _id: false, strict: 'throw' },
        ),
      ],
      default: [],
    },
  },
  { _id: false, strict: 'throw' },
);

const requestSchema = new Schema(
  {
    ref: { type: String, required: true, match: /^[A-Z]{2}-\d{4}-\d{6,}$/ },
    jurisdiction: { type: String, required: true },
    agency: { type: String, required: true },
    requester: {
      user: { type: Schema.Types.ObjectId, default: null },
      name: { type: String, required: true },
      email: { type: String, default: null },
      /** The name the requester chose to be shown publicly; null: "a citizen". */
      displayName: { type: String, default: null },
    },
    channel: {
      type: String,
      enum: ['web', 'api', 'paper', 'phone', 'email', 'in_person', 'portal'],
      default: 'web',
    },
    /** A portal's test submission: kept, shown as a test, and out of every statistic. */
    test: { type: Boolean, default: false },
    intake: { type: intakeSchema, default: null },
    subject: { type: String, required: true, maxlength: 300 },
    body: { type: String, required: true, maxlength: 20_000 },
    language: { type: String, enum: ['ar', 'en'], required: true },
    urgent: { type: Boolean, default: false },
    urgentReason: { type: String, default: null },
    visibility: { type: String, enum: ['public', 'private'], required: true },
    status: { type: String, enum: REQUEST_STATUSES, required: true },
    outcome: { type: String, enum: [...OUTCOMES, null], default: null },
    legalGrounds: { type: [String], default: [] },
    assignee: { type: Schema.Types.ObjectId, default: null },
    rulesVersion: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    /** When the response period started: `receivedAt`, or a transfer that restarted the clock. */
    clockStartedAt: { type: Date, default: null },
    /** Lawful extensions granted so far; each adds the law's extension period to the due date. */
    extensionCount: { type: Number, default: 0, min: 0 },
    dueAt: { type: Date, required: true },
    originalDueAt: { type: Date, required: true },
    acknowledgedAt: { type: Date, default: null },
    answeredAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    pauses: { type: [pauseSchema], default: [] },
    transfers: { type: [transferSchema], default: [] },
    appeal: { type: appealSchema, default: null },
    /** The figures stored at the answer or the end (DESIGN §8), so statistics do not recount them. */
    figures: { type: figuresSchema, default: null },
    /** Documents (GridFS ids) attached to the answer. */
    attachments: { type: [Schema.Types.ObjectId], default: [] },
    messages: { type: [messageSchema], default: [] },
    /**
     * A public request's free texts as published (subject, text, the urgent
     * track's reason, the name shown): the redaction rules applied, each
     * hidden stretch a marker (⟦kind⟧). Null for a private request.
     */
    publicText: {
      type: new Schema(
        {
          subject: String,
          body: String,
          urgentReason: { type: String, default: null },
          displayName: { type: String, default: null },
          /** The redaction rules' version that made these words (REDACTION_RULES_VERSION). */
          rules: { type: String, default: null },
        },
        { _id: false, strict: 'throw' },
      ),
      default: null,
    },
    /** The published answer and any takedown (public requests only). */
    publication: { type: publicationSchema, default: null },
    /** Normalised words of the public text (search's multikey index); none for a private request. */
    searchTokens: { type: [String], default: [] },
    /** The same, of the public subject alone: a match there ranks higher. */
    subjectTokens: { type: [String], default: [] },
    version: { type: Number, required: true, min: 1 },
  },
  { collection: 'requests', timestamps: true, strict: 'throw' },
);
// Every index serves a query (checked with explain at 100,000 requests: `npm run bench -- query-plans`).
// Lists sorted by due date end with `_id`, the tie-break of their keyset cursor, so that
// MongoDB walks the index in order and stops at the page's end.
requestSchema.index({ ref: 1 }, { unique: true });
// A portal's request once: its intake key, on the requests that came from a portal.
requestSchema.index(
  { 'intake.key': 1 },
  { unique: true, partialFilterExpression: { 'intake.key': { $exists: true } } },
);
// The officer inbox: one agency, by due date; filtered by status, and the daily digest.
requestSchema.index({ agency: 1, status: 1, dueAt: 1, _id: 1 });
requestSchema.index({ agency: 1, dueAt: 1, _id: 1 });
// A citizen's own requests in the inbox, by due date.
requestSchema.index({ 'requester.user': 1, dueAt: 1, _id: 1 });
// Published requests by receipt: the sitemap's months, feeds and search without words.
requestSchema.index({ visibility: 1, receivedAt: 1 });
// Search: a query's words against the public requests' tokens (multikey).
requestSchema.index({ searchTokens: 1 });
// The appeals an appeal body decides (its inbox's "appeals" filter).
requestSchema.index({ 'appeal.body': 1, status: 1, dueAt: 1, _id: 1 });
// The duplicate hint: the requester's recent requests to one agency.
requestSchema.index({ 'requester.user': 1, agency: 1, receivedAt: -1 });
// The requests behind a figure of a jurisdiction, by day of receipt.
requestSchema.index({ jurisdiction: 1, receivedAt: 1 });
// An agency's requests by day of receipt: the rollup job and the drill-down of one agency.
requestSchema.index({ agency: 1, receivedAt: 1 });
// Open requests of a jurisdiction: the overdue list (by due date), reconcile, deadline recomputation.
requestSchema.index({ jurisdiction: 1, status: 1, dueAt: 1, _id: 1 });

export const RequestModel = mongoose.model('Request', requestSchema);

// The schema and the shape its reads are typed with (stored-request.ts) agree: what the
// schema stores is assignable to the shape (an array of subdocuments to a plain array), and
// the shape names no field the schema lacks. A change to one without the other fails tsc.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- never called: it names the type of a lean read
const leanRequest = () => RequestModel.findOne().lean();
type Inferred = NonNullable<Awaited<ReturnType<typeof leanRequest>>>;
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : { missing: Exclude<keyof A, keyof B>; extra: Exclude<keyof B, keyof A> };
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- checked by tsc, never read
const schemaMatches: [
  Inferred extends StoredRequest ? true : false,
  SameKeys<Inferred, StoredRequest>,
] = [true, true];
