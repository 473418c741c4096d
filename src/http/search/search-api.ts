import { rankMatches, searchQuery, searchRequests } from '../../search/search-service.ts';
import { apiOperations } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import Handlebars from 'handlebars';
import { publishedParts } from '../../redaction/redaction.ts';
import type { SnippetPart } from '../../text/search-text.ts';

/** A snippet as HTML (v1's `snippet`): the text escaped, each matched word in `<mark>`. */
const snippetHtml = (parts: readonly SnippetPart[]) =>
  parts
    .map((part) => {
      const text = Handlebars.escapeExpression(part.text);
      return part.mark ? `<mark>${text}</mark>` : text;
    })
    .join('');

/** The same snippet in stretches a client renders: words, or hidden stretches by kind. */
const snippetParts = (parts: readonly SnippetPart[]) =>
  parts.flatMap((part) =>
    publishedParts(part.text).map((piece) => ({ ...piece, mark: part.mark })),
  );

/** What search needs: the ranking (cached per publication epoch in the app). */
export interface SearchApiDeps {
  searchRank: typeof rankMatches;
}

const operation = apiOperations<SearchApiDeps>();

/**
 * `GET /api/v1/search?q=&jurisdiction=&agency=&status=&outcome=&year=&cursor=`, open to
 * anonymous callers: never a private request, never a redacted word (search-service.ts).
 */
export const SEARCH_API = [
  operation({
    method: 'get',
    path: '/api/v1/search',
    tag: 'public',
    auth: 'public',
    query: searchQuery,
    summary: { en: 'Search the published requests', ar: 'البحث في الطلبات المنشورة' },
    responses: { 200: R.SearchResults },
    handle: async ({ deps, query }) => {
      const result = await searchRequests(query, deps.searchRank);
      return {
        items: result.items.map((hit) => ({
          ...hit,
          receivedAt: hit.receivedAt.toISOString(),
          answeredAt: hit.answeredAt?.toISOString() ?? null,
          url: `/requests/${hit.ref}`,
          snippet: snippetHtml(hit.snippet),
          snippetParts: snippetParts(hit.snippet),
        })),
        total: result.total,
        next: result.next,
        facets: result.facets,
      };
    },
  }),
];
