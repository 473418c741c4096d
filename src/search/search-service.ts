import { escapeRegExp } from '../text/regexp-escape.ts';
import mongoose, { type PipelineStage, Types } from 'mongoose';
import { z } from 'zod';
import { AGENCY_CODE } from '../agencies/agency-code.ts';
import { OUTCOMES, REQUEST_STATUSES } from '../requests/request-states.ts';
import {
  queryWords,
  snippet,
  type SearchQueryWords,
  type SnippetPart,
} from '../text/search-text.ts';
import { aggregatePublished, PUBLISHED, publishedAmong } from '../requests/request-reads.ts';

export const searchQuery = z.object({
  q: z.string().trim().max(200, 'validation.searchQuery').default(''),
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}$/, 'validation.oneOf')
    .optional(),
  agency: z.string().regex(AGENCY_CODE, 'validation.oneOf').optional(),
  status: z.enum(REQUEST_STATUSES, 'validation.oneOf').optional(),
  outcome: z.enum(OUTCOMES, 'validation.oneOf').optional(),
  year: z.coerce
    .number()
    .int()
    .min(2000, 'validation.oneOf')
    .max(2100, 'validation.oneOf')
    .optional(),
  cursor: z
    .string()
    .regex(/^\d{1,3}_\d{13}_[0-9a-f]{24}$/, 'validation.oneOf')
    .optional(),
  limit: z.coerce.number().int().min(1).max(50, 'validation.oneOf').default(20),
});
export type SearchQuery = z.infer<typeof searchQuery>;

/** A match in the subject weighs this much against one in the text. */
const SUBJECT_WEIGHT = 2;

export interface SearchHit {
  ref: string;
  subject: string;
  agency: string;
  jurisdiction: string;
  status: string;
  outcome: string | null;
  receivedAt: Date;
  answeredAt: Date | null;
  snippet: SnippetPart[];
}

/**
 * The filter every search starts from: the query's words through the multikey
 * index, or with no words the published requests, then the filters. Only a
 * published request holds tokens (a private one never gets any, a takedown
 * clears them), so with words the index alone finds published requests,
 * without a second index to intersect over every public request; the page's
 * read checks PUBLISHED again all the same.
 */
function matchOf(query: SearchQuery, words: SearchQueryWords): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const tokens = words.words.flat();
  const anyWord: Record<string, unknown>[] = [];
  if (tokens.length > 0) anyWord.push({ searchTokens: mongoose.trusted({ $in: tokens }) });
  if (words.prefix)
    anyWord.push({
      searchTokens: mongoose.trusted({
        $regex: `^${escapeRegExp(words.prefix)}`,
      }),
    });
  if (anyWord.length === 1) Object.assign(filter, anyWord[0]);
  if (anyWord.length > 1) filter.$or = anyWord;
  if (anyWord.length === 0) Object.assign(filter, PUBLISHED);
  if (query.jurisdiction) filter.jurisdiction = query.jurisdiction;
  if (query.agency) filter.agency = query.agency;
  if (query.status) filter.status = query.status;
  if (query.outcome) filter.outcome = query.outcome;
  if (query.year)
    filter.receivedAt = mongoose.trusted({
      $gte: new Date(Date.UTC(query.year, 0, 1)),
      $lt: new Date(Date.UTC(query.year + 1, 0, 1)),
    });
  return filter;
}

/**
 * How many of the query's whole words a request holds: each counts twice when
 * it is in the subject, once when only in the text. (A word still being typed
 * finds requests by its prefix but adds nothing to the score: comparing every
 * token's prefix costs more than it tells.)
 */
function scoreOf(words: SearchQueryWords): unknown {
  const found = (field: string, variants: string[]) => ({
    $gt: [{ $size: { $setIntersection: [`$${field}`, variants] } }, 0],
  });
  const terms = words.words.map((variants) => ({
    $cond: [
      found('subjectTokens', variants),
      SUBJECT_WEIGHT,
      { $cond: [found('searchTokens', variants), 1, 0] },
    ],
  }));
  return terms.length > 0 ? { $add: terms } : { $literal: 0 };
}

/**
 * The newest matches ranked: the window bounds a common word's cost (it is
 * read through the index, sorted by receipt). A request older than the newest
 * WINDOW matches of the query is reached by narrowing the query or its filters.
 */
const WINDOW = 2_000;

/** The cursor after a hit: its score, receipt time and id (the sort's keys). */
const cursorOf = (hit: { score: number; receivedAt: Date; _id: Types.ObjectId }) =>
  `${String(hit.score)}_${String(hit.receivedAt.getTime())}_${hit._id.toString()}`;

function afterCursor(cursor: string): Record<string, unknown> {
  const [score = '0', ms = '0', id = ''] = cursor.split('_');
  const at = new Date(Number(ms));
  const s = Number(score);
  return {
    $or: [
      { score: { $lt: s } },
      { score: s, receivedAt: { $lt: at } },
      { score: s, receivedAt: at, _id: { $lt: new Types.ObjectId(id) } },
    ],
  };
}

/** Added to the score of a request holding every word: it ranks above any that holds fewer. */
const EVERY_WORD = 100;

type Ranked = { _id: Types.ObjectId; receivedAt: Date; score: number };

/**
 * The tiers a query is ranked in: with two words or more, first the requests
 * holding every word (a far smaller set, so the newest WINDOW of them are all
 * of them far more often), then those holding some; one tier otherwise.
 */
function tiersOf(match: Record<string, unknown>, words: SearchQueryWords) {
  if (words.words.length < 2) return [{ filter: match, bonus: 0 }];
  const every = words.words.map((variants) => ({
    searchTokens: mongoose.trusted({ $in: variants }),
  }));
  return [
    { filter: { ...match, $and: every }, bonus: EVERY_WORD },
    { filter: { ...match, $nor: [{ $and: every }] }, bonus: 0 },
  ];
}

/** The ids of a page of matches in rank order (one more than the page when there are more), and the counts. */
export interface Ranking {
  found: Ranked[];
  total: number;
  byStatus: Record<string, number>;
  byJurisdiction: Record<string, number>;
}

/**
 * Ranks the published requests matching `query`: by how many of its words they
 * hold (every word first; the subject weighing more), then the newest first,
 * with the counts per status and country. A tier is read only while the page
 * is not full. The two reads that cost (search-cache.ts may keep them a while).
 */
export async function rankMatches(query: SearchQuery): Promise<Ranking> {
  const words = queryWords(query.q);
  const match = matchOf(query, words);
  const counted = counts(match);
  // Awaited below; a tier's failure must not leave it rejected unheard.
  counted.catch(() => undefined);
  const cursorScore = query.cursor ? Number(query.cursor.split('_')[0]) : null;
  const found: Ranked[] = [];
  for (const tier of tiersOf(match, words)) {
    // A cursor from a later tier: this one is done. From this tier: go on after it.
    // From an earlier one: this tier starts from its top.
    if (cursorScore !== null && cursorScore < tier.bonus) continue;
    const resume =
      query.cursor && cursorScore !== null && cursorScore < tier.bonus + EVERY_WORD
        ? [{ $match: afterCursor(query.cursor) }]
        : [];
    // Rank on the ids, dates and tokens alone; the page's words are read after.
    const newest: PipelineStage.Sort = { $sort: { receivedAt: -1, _id: -1 } };
    const scoreIt: PipelineStage.Project = {
      $project: { receivedAt: 1, score: { $add: [scoreOf(words), tier.bonus] } },
    };
    const pageSize: PipelineStage.Limit = { $limit: query.limit + 1 - found.length };
    // With no whole word every match scores the same: the newest come first.
    // Otherwise the newest WINDOW are ranked, narrowed to what the score reads
    // before they are sorted (sorting whole requests costs far more).
    const pipeline: PipelineStage[] =
      words.words.length === 0
        ? [{ $match: tier.filter }, newest, scoreIt, ...resume, pageSize]
        : [
            { $match: tier.filter },
            { $project: { receivedAt: 1, searchTokens: 1, subjectTokens: 1 } },
            newest,
            { $limit: WINDOW },
            scoreIt,
            ...resume,
            { $sort: { score: -1, receivedAt: -1, _id: -1 } },
            pageSize,
          ];
    found.push(...(await aggregatePublished<Ranked>(pipeline)));
    if (found.length > query.limit) break;
  }
  return { found, ...(await counted) };
}

/**
 * Published requests matching `query`, ranked (`rank`: rankMatches, or a cache
 * of it), with the total, a cursor for the next page and the counts per status
 * and country. The page's requests are always read now, and only while
 * published: a request taken down leaves the results at once, cache or not.
 */
export async function searchRequests(
  query: SearchQuery,
  rank: (query: SearchQuery) => Promise<Ranking> = rankMatches,
) {
  const words = queryWords(query.q);
  const { found, total, byStatus, byJurisdiction } = await rank(query);
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  const docs = await publishedAmong(
    { ids: page.map((hit) => hit._id) },
    {
      ref: 1,
      agency: 1,
      jurisdiction: 1,
      status: 1,
      outcome: 1,
      receivedAt: 1,
      answeredAt: 1,
      publicText: 1,
    },
  );
  const byId = new Map(docs.map((doc) => [doc._id.toString(), doc]));
  const hits = page.flatMap((hit) => {
    const doc = byId.get(hit._id.toString());
    return doc ? [doc] : [];
  });
  return {
    items: hits.map((hit): SearchHit => ({
      ref: hit.ref,
      subject: hit.publicText?.subject ?? '',
      agency: hit.agency,
      jurisdiction: hit.jurisdiction,
      status: hit.status,
      outcome: hit.outcome ?? null,
      receivedAt: hit.receivedAt,
      answeredAt: hit.answeredAt ?? null,
      snippet: snippet(hit.publicText?.body ?? '', words),
    })),
    total,
    next: found.length > query.limit && last ? cursorOf(last) : null,
    facets: { status: byStatus, jurisdiction: byJurisdiction },
  };
}

/**
 * The total and the counts per status and per country, from one read of the
 * matches (grouped by both at once; the few groups are summed here).
 */
async function counts(match: Record<string, unknown>) {
  const rows = await aggregatePublished<{
    _id: { status: string; jurisdiction: string };
    n: number;
  }>([
    { $match: match },
    { $group: { _id: { status: '$status', jurisdiction: '$jurisdiction' }, n: { $sum: 1 } } },
  ]);
  const byStatus: Record<string, number> = {};
  const byJurisdiction: Record<string, number> = {};
  let total = 0;
  for (const { _id, n } of rows) {
    byStatus[_id.status] = (byStatus[_id.status] ?? 0) + n;
    byJurisdiction[_id.jurisdiction] = (byJurisdiction[_id.jurisdiction] ?? 0) + n;
    total += n;
  }
  return { total, byStatus, byJurisdiction };
}
