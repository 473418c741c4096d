import { LRUCache } from 'lru-cache';
import { rankMatches, type Ranking, type SearchQuery } from './search-service.ts';

/** How many distinct searches a process keeps (a ranking is a page of ids and a few counts). */
const MAX_ENTRIES = 1_000;

/**
 * rankMatches behind a short-lived per-process cache: the same search within
 * `ttlMs` reuses the ranking and counts, and searches arriving together while
 * one is computed wait for that one (under load a popular word is ranked once,
 * not once per caller). A failed ranking is not kept. The page's requests are
 * still read on every search (searchRequests), so a takedown leaves the results
 * at once; and each key holds the publication epoch (publication-epoch.ts), so
 * a takedown in any process also leaves the counts within a second. A new
 * publication may lag by up to `ttlMs`. 0 turns it off.
 */
export function cachedRanking(
  ttlMs: number,
  epoch: () => Promise<number>,
): (query: SearchQuery) => Promise<Ranking> {
  if (ttlMs <= 0) return rankMatches;
  const cache = new LRUCache<string, Ranking, SearchQuery>({
    max: MAX_ENTRIES,
    ttl: ttlMs,
    fetchMethod: (_key, _stale, { context }) => rankMatches(context),
  });
  return async (query) => {
    // The parsed query, its fields in the schema's order: every filter is in the key.
    const key = `${String(await epoch())}:${JSON.stringify(query)}`;
    const ranking = await cache.fetch(key, { context: query });
    // fetch gives undefined only when its method does, which rankMatches never does.
    return ranking ?? rankMatches(query);
  };
}
