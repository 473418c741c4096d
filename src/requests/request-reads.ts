import mongoose, { Types, type PipelineStage } from 'mongoose';
import { RequestModel } from './request-model.ts';
import { OPEN_STATUSES, REMINDED_STATUSES, RUNNING_STATUSES } from './request-states.ts';
import type { StoredRequest } from './stored-request.ts';

/**
 * The read side of requests: every query on the `requests` collection, beside
 * the one door that writes it (request-store.ts). Each read names the index
 * that serves it (request-model.ts lists them; `npm run bench -- query-plans`
 * checks each with explain at 100,000 requests). The callers choose the
 * fields they read (`fields`); the filters, sorts and limits live here, so
 * that a new query and its index are reviewed in one place.
 */

/** The fields a read returns: `{ field: 1 }` (a sub-field, `'a.b': 1`, reads part of `a`). */
export type Fields = Readonly<Record<string, 1>>;
type TopOf<K> = K extends `${infer Head}.${string}` ? Head : K;
/** A request as read with `fields`: its `_id` and the top-level fields named. */
export type Projected<F extends Fields> = Pick<
  StoredRequest,
  '_id' | Extract<TopOf<keyof F>, keyof StoredRequest>
>;

/** What anyone may read: public requests, less those taken down. */
export const PUBLISHED = { visibility: 'public', 'publication.hiddenAt': null } as const;

const byId = (id: Types.ObjectId | string) =>
  typeof id === 'string' ? new Types.ObjectId(id) : id;

/** A stream of `filter`'s requests in `sort` order, a thousand at a time (a web process never holds more). */
function streamOf<F extends Fields>(
  filter: Record<string, unknown>,
  fields: F,
  sort: Record<string, 1 | -1> = { _id: 1 },
  batchSize = 1_000,
) {
  return RequestModel.find(filter, fields)
    .sort(sort)
    .lean<Projected<F>[]>()
    .batchSize(batchSize)
    .cursor();
}

// One request

/** A request by its ref (`{ref}`, unique). */
export function requestByRef(ref: string): Promise<StoredRequest | null> {
  return RequestModel.findOne({ ref }).lean<StoredRequest>();
}

/** A request by id, whole. */
export function requestById(id: Types.ObjectId | string): Promise<StoredRequest | null> {
  return RequestModel.findById(byId(id)).lean<StoredRequest>();
}

/** A request by id, the fields named only. */
export function requestFields<F extends Fields>(
  id: Types.ObjectId | string,
  fields: F,
): Promise<Projected<F> | null> {
  return RequestModel.findById(byId(id), fields).lean<Projected<F>>();
}

/** The requests of these ids (by `_id`), the fields named only. */
export function requestsByIds<F extends Fields>(
  ids: readonly Types.ObjectId[],
  fields: F,
): Promise<Projected<F>[]> {
  return RequestModel.find({ _id: mongoose.trusted({ $in: ids }) }, fields).lean<Projected<F>[]>();
}

/** The request a portal already pushed with this intake key (`{intake.key}`, unique). */
export function requestByIntakeKey(key: string) {
  return RequestModel.findOne({ 'intake.key': key }, { ref: 1 }).lean<
    Pick<StoredRequest, '_id' | 'ref'>
  >();
}

// Lists of work

/**
 * One page of an inbox view (its filter from request-inbox.ts), by due date then id: the
 * `{agency, status, dueAt, _id}`, `{agency, dueAt, _id}`, `{requester.user, dueAt, _id}` and
 * `{appeal.body, status, dueAt, _id}` indexes end in the sort, so the read stops at the page.
 */
export function inboxRequests<F extends Fields>(
  filter: Record<string, unknown>,
  fields: F,
  limit: number,
) {
  return RequestModel.find(filter, fields)
    .sort({ dueAt: 1, _id: 1 })
    .limit(limit)
    .lean<Projected<F>[]>();
}

/** How many requests an inbox filter holds (through the same indexes). */
export function countRequests(filter: Record<string, unknown>): Promise<number> {
  return RequestModel.countDocuments(filter);
}

/** A citizen's inbox counts: their requests (one short index range) read once, counted per facet. */
export async function countFacets(
  own: Record<string, unknown>,
  facets: Record<string, PipelineStage.FacetPipelineStage[]>,
): Promise<Record<string, { n: number }[]> | undefined> {
  const [row] = await RequestModel.aggregate<Record<string, { n: number }[]>>([
    { $match: own },
    { $facet: facets },
  ]);
  return row;
}

/** An officer's requests that are due soon or overdue (assigned to them, or to nobody). */
export function digestFilter(
  user: { _id: Types.ObjectId; agency?: string | null },
  now: Date,
  soonMs: number,
) {
  return {
    agency: user.agency,
    status: mongoose.trusted({ $in: [...RUNNING_STATUSES] }),
    dueAt: mongoose.trusted({ $lte: new Date(now.getTime() + soonMs) }),
    assignee: mongoose.trusted({ $in: [user._id, null] }),
  };
}

/** An officer's digest: at most 200 of digestFilter's requests, soonest first (`{agency, status, dueAt, _id}`). */
export function dueForOfficer(
  user: { _id: Types.ObjectId; agency?: string | null },
  now: Date,
  soonMs: number,
) {
  return RequestModel.find(digestFilter(user, now, soonMs), {
    ref: 1,
    subject: 1,
    dueAt: 1,
    jurisdiction: 1,
  })
    .sort({ dueAt: 1, _id: 1 })
    .limit(200)
    .lean<Pick<StoredRequest, '_id' | 'ref' | 'subject' | 'dueAt' | 'jurisdiction'>[]>();
}

/**
 * The requests reconcile reads: those with a running clock or a pending appeal,
 * of every jurisdiction named (so that the `{jurisdiction, status, dueAt}` index
 * serves it; no index leads with the status).
 */
export function reconcileFilter(jurisdictions: readonly string[]) {
  return {
    jurisdiction: mongoose.trusted({ $in: [...jurisdictions] }),
    status: mongoose.trusted({ $in: [...REMINDED_STATUSES] }),
  };
}

/** reconcileFilter's requests, streamed. */
export function remindedRequests<F extends Fields>(jurisdictions: readonly string[], fields: F) {
  return streamOf(reconcileFilter(jurisdictions), fields, { _id: 1 });
}

/** The open requests of a jurisdiction, whose due dates a holiday change may move. */
export function openRequestsOf(jurisdiction: string) {
  return { jurisdiction, status: mongoose.trusted({ $in: OPEN_STATUSES }) };
}

/** openRequestsOf's requests, streamed (`{jurisdiction, status, dueAt, _id}`). */
export function openRequests<F extends Fields>(jurisdiction: string, fields: F) {
  return streamOf(openRequestsOf(jurisdiction), fields, { _id: 1 });
}

/** The requester's requests to `agency` received since `since`, newest first, at most 50. */
export function recentRequestsOf(user: Types.ObjectId, agency: string, since: Date) {
  return RequestModel.find(
    { 'requester.user': user, agency, receivedAt: mongoose.trusted({ $gte: since }) },
    { ref: 1, subject: 1, body: 1, receivedAt: 1, status: 1 },
  )
    .sort({ receivedAt: -1 })
    .limit(50)
    .lean<Pick<StoredRequest, '_id' | 'ref' | 'subject' | 'body' | 'receivedAt' | 'status'>[]>();
}

// Statistics

/** About how many requests there are (the collection's count from its metadata: a progress bar's total). */
export function estimatedRequestCount(): Promise<number> {
  return RequestModel.estimatedDocumentCount();
}

/** Every request, streamed in batches of `batchSize` (the rollups' full rebuild). */
export function everyRequest<F extends Fields>(fields: F, batchSize: number) {
  return streamOf({}, fields, { _id: 1 }, batchSize);
}

/** The requests `agency` received in [from, to) (`{agency, receivedAt}`): an agency-day's rollup. */
export function requestsReceived<F extends Fields>(
  agency: string,
  from: Date,
  to: Date,
  fields: F,
) {
  return RequestModel.find(
    { agency, receivedAt: mongoose.trusted({ $gte: from, $lt: to }) },
    fields,
  ).lean<Projected<F>[]>();
}

/**
 * The requests of a jurisdiction (or one agency) received in [from, to), oldest first
 * (`{jurisdiction, receivedAt}`, `{agency, receivedAt}`): the requests behind a figure.
 */
export function requestsReceivedIn<F extends Fields>(
  where: { jurisdiction: string; agency?: string | undefined },
  from: Date,
  to: Date,
  fields: F,
) {
  return streamOf(
    {
      jurisdiction: where.jurisdiction,
      ...(where.agency ? { agency: where.agency } : {}),
      receivedAt: mongoose.trusted({ $gte: from, $lt: to }),
    },
    fields,
    { receivedAt: 1, _id: 1 },
  );
}

/** The requests of a jurisdiction whose clock runs past their due date, most overdue first. */
export function overdueRequestsOf<F extends Fields>(jurisdiction: string, now: Date, fields: F) {
  return streamOf(
    {
      jurisdiction,
      status: mongoose.trusted({ $in: [...RUNNING_STATUSES] }),
      dueAt: mongoose.trusted({ $lt: now }),
    },
    fields,
    { dueAt: 1, _id: 1 },
  );
}

// What is published

/** The newest published requests matching `filter`, with the fields named. */
export function latestPublished<F extends Fields>(
  filter: Record<string, unknown>,
  fields: F,
  limit: number,
) {
  return RequestModel.find({ ...PUBLISHED, ...filter }, fields)
    .sort({ receivedAt: -1 })
    .limit(limit)
    .lean<Projected<F>[]>();
}

/**
 * The latest published answers: public requests whose answer is published, newest
 * received first (`{visibility, receivedAt}`, walked from its end): the start page.
 */
export function latestAnswers<F extends Fields>(fields: F, limit: number) {
  return latestPublished(
    { 'publication.publishedAt': mongoose.trusted({ $ne: null }) },
    fields,
    limit,
  );
}

/** A published request by ref, or null (a private or taken-down one is not). */
export function publishedRequest<F extends Fields>(ref: string, fields: F) {
  return RequestModel.findOne({ ...PUBLISHED, ref }, fields).lean<Projected<F>>();
}

/** The published requests among `ids` or `refs` (a page of search, a batch of open data). */
export function publishedAmong<F extends Fields>(
  among: { ids: readonly Types.ObjectId[] } | { refs: readonly string[] },
  fields: F,
) {
  const key =
    'ids' in among
      ? { _id: mongoose.trusted({ $in: [...among.ids] }) }
      : { ref: mongoose.trusted({ $in: [...among.refs] }) };
  return RequestModel.find({ ...PUBLISHED, ...key }, fields).lean<Projected<F>[]>();
}

/** When the first published request was received, or null when none is. */
export async function firstPublishedReceipt(): Promise<Date | null> {
  const first = await RequestModel.findOne(PUBLISHED, { receivedAt: 1 })
    .sort({ receivedAt: 1 })
    .lean<{ receivedAt: Date }>();
  return first?.receivedAt ?? null;
}

/** The published requests received in [from, to): refs and last changes (a month's sitemap). */
export function publishedBetween(from: Date, to: Date, limit: number) {
  return RequestModel.find(
    { ...PUBLISHED, receivedAt: mongoose.trusted({ $gte: from, $lt: to }) },
    { ref: 1, updatedAt: 1 },
  )
    .sort({ receivedAt: 1 })
    .limit(limit)
    .lean<Pick<StoredRequest, '_id' | 'ref' | 'updatedAt'>[]>();
}

/** Every published request, oldest first, as a stream of the fields named. */
export function publishedStream<F extends Fields>(fields: F) {
  return RequestModel.find(PUBLISHED, fields)
    .sort({ receivedAt: 1 })
    .lean<Projected<F>[]>()
    .cursor();
}

/**
 * A search's aggregation over the published requests (search/search-service.ts builds
 * the pipeline, which starts with a `$match` on PUBLISHED and the `{searchTokens}` index).
 */
export function aggregatePublished<T>(pipeline: PipelineStage[]): Promise<T[]> {
  return RequestModel.aggregate<T>(pipeline);
}

/** Public requests whose published words were made by other redaction rules than `rules`. */
const staleFilter = (rules: string) => ({
  visibility: 'public' as const,
  'publicText.rules': mongoose.trusted({ $ne: rules }),
});

/** How many public requests await redacting again under `rules`. */
export function countStalePublications(rules: string): Promise<number> {
  return RequestModel.countDocuments(staleFilter(rules));
}

/** The ids of the public requests to redact again under `rules`, by id. */
export function stalePublicationIds(rules: string) {
  return RequestModel.find(staleFilter(rules), { _id: 1 })
    .sort({ _id: 1 })
    .lean<{ _id: Types.ObjectId }[]>()
    .cursor();
}
