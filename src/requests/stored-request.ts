import type { ObjectId } from 'bson';
import type { Outcome, RequestStatus } from './request-states.ts';

// A request snapshot as stored (DESIGN §2), as its reads return it: plain data, no model.
// Written out rather than inferred from the schema, so that the modules that read a request
// (notifications, publication, the pure projections) depend on this shape, not on the
// mongoose model; it imports no mongoose (an id is BSON's ObjectId, which mongoose's ids are).
// request-model.ts checks at compile time that the schema and this shape agree.

/** A stretch of time the clock stood still (a clarification asked). */
interface StoredPause {
  from: Date;
  to?: Date | null | undefined;
}

/** A transfer to another agency: the old agency keeps what came before the event `seq`. */
interface StoredTransfer {
  at: Date;
  from: string;
  to: string;
  seq: number;
}

/** A message between the requester and the agency. */
interface StoredMessage {
  _id: ObjectId;
  at: Date;
  body: string;
  attachments: ObjectId[];
  side: 'agency' | 'requester';
  author?: ObjectId | null | undefined;
}

/** An appeal, and its decision once made. */
interface StoredAppeal {
  stage: number;
  ground: 'partial' | 'refusal' | 'silence';
  filedAt: Date;
  /** The agency code standing for the appeal body (null: admins). */
  body?: string | null | undefined;
  /** By when the appeal body must decide; null where the law sets no period. */
  dueAt?: Date | null | undefined;
  decision?: 'upheld' | 'overturned' | 'partially_overturned' | null | undefined;
  decidedAt?: Date | null | undefined;
  /** The articles the decision relies on. */
  legalGrounds?: string[] | null | undefined;
}

/** What a national portal sent beyond the request itself (private to the agency). */
interface StoredIntake {
  portal: ObjectId;
  key: string;
  requestId: string;
  address: string[];
  feeWaiver: boolean;
  expedited: boolean;
  expeditedApplied: boolean;
  extra: { name?: string | null | undefined; value?: string | null | undefined }[];
  documents: {
    id: ObjectId;
    filename: string;
    size: number;
    flagged: boolean;
    pdf: boolean;
    declaredType?: string | null | undefined;
  }[];
  version?: string | null | undefined;
  phone?: string | null | undefined;
  category?: string | null | undefined;
  organization?: string | null | undefined;
  fax?: string | null | undefined;
  feeAmountWilling?: string | null | undefined;
  feeWaiverExplanation?: string | null | undefined;
  expeditedExplanation?: string | null | undefined;
}

/** A public request's free texts as published, each hidden stretch a marker (⟦kind⟧). */
interface StoredPublicText {
  displayName?: string | null | undefined;
  subject?: string | null | undefined;
  body?: string | null | undefined;
  urgentReason?: string | null | undefined;
  /** The redaction rules' version that made these words. */
  rules?: string | null | undefined;
}

/** The published answer and any takedown (public requests only). */
interface StoredPublication {
  redactions: { kind?: string | null | undefined; rule?: string | null | undefined }[];
  answer?: string | null | undefined;
  publishedAt?: Date | null | undefined;
  hiddenAt?: Date | null | undefined;
  hiddenReason?: string | null | undefined;
  reviewDocuments?: boolean | null | undefined;
}

/** The figures stored at the answer or the end (DESIGN §8). */
interface StoredFigures {
  daysToAnswer?: number | null | undefined;
  answeredOnTime?: boolean | null | undefined;
  acknowledgedInTime?: boolean | null | undefined;
}

/** A request snapshot as read from the database. */
export interface StoredRequest {
  _id: ObjectId;
  __v: number;
  ref: string;
  version: number;
  jurisdiction: string;
  agency: string;
  channel: 'email' | 'web' | 'api' | 'paper' | 'phone' | 'in_person' | 'portal';
  /** A portal's test submission: out of every statistic. */
  test: boolean;
  subject: string;
  body: string;
  language: 'ar' | 'en';
  urgent: boolean;
  visibility: 'public' | 'private';
  status: RequestStatus;
  legalGrounds: string[];
  rulesVersion: string;
  receivedAt: Date;
  extensionCount: number;
  dueAt: Date;
  originalDueAt: Date;
  pauses: StoredPause[];
  transfers: StoredTransfer[];
  /** Documents attached to the answer. */
  attachments: ObjectId[];
  messages: StoredMessage[];
  searchTokens: string[];
  subjectTokens: string[];
  requester?:
    | {
        name: string;
        user?: ObjectId | null | undefined;
        email?: string | null | undefined;
        displayName?: string | null | undefined;
      }
    | null
    | undefined;
  intake?: StoredIntake | null | undefined;
  urgentReason?: string | null | undefined;
  outcome?: Outcome | null | undefined;
  assignee?: ObjectId | null | undefined;
  clockStartedAt?: Date | null | undefined;
  acknowledgedAt?: Date | null | undefined;
  answeredAt?: Date | null | undefined;
  closedAt?: Date | null | undefined;
  appeal?: StoredAppeal | null | undefined;
  figures?: StoredFigures | null | undefined;
  publicText?: StoredPublicText | null | undefined;
  publication?: StoredPublication | null | undefined;
  createdAt: Date;
  updatedAt: Date;
}
