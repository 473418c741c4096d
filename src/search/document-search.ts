import { pagesWithWords } from '../public-copies/copy-page-index.ts';
import { publicCopiesOfDocuments } from '../public-copies/public-copy-store.ts';
import { publicFilename } from '../public-copies/public-copy-types.ts';
import { publishedAmong } from '../requests/request-reads.ts';
import { queryWords, snippet, type SnippetPart } from '../text/search-text.ts';
import type { SearchQuery } from './search-service.ts';

/** A page of a released document that holds the query's words. */
export interface DocumentHit {
  ref: string;
  subject: string;
  agency: string;
  jurisdiction: string;
  /** The document's public name (`document-2.pdf`) and the page, from 1. */
  filename: string;
  page: number;
  machineRead: boolean;
  url: string;
  snippet: SnippetPart[];
}

/** How many pages a search reads before its filters: enough for a first page of hits. */
const READ = 50;

/**
 * Pages of released documents' public copies holding every whole word of
 * the query (normalised as request texts are), newest first, of published
 * requests only and within the query's country and agency: at most `limit`.
 * Each hit names its document and page, with the words around the match.
 */
export async function searchDocuments(query: SearchQuery, limit = 5): Promise<DocumentHit[]> {
  const words = queryWords(query.q);
  const pages = await pagesWithWords(words.words, READ);
  if (pages.length === 0) return [];
  const requests = await publishedAmong(
    { ids: [...new Map(pages.map((p) => [p.request.toString(), p.request])).values()] },
    { ref: 1, agency: 1, jurisdiction: 1, attachments: 1, publicText: 1 },
  );
  const byId = new Map(requests.map((r) => [r._id.toString(), r]));
  const copies = await publicCopiesOfDocuments(pages.map((p) => p.document));
  const hits: DocumentHit[] = [];
  for (const found of pages) {
    const request = byId.get(found.request.toString());
    if (!request) continue;
    if (query.jurisdiction && request.jurisdiction !== query.jurisdiction) continue;
    if (query.agency && request.agency !== query.agency) continue;
    const copy = copies.get(found.document.toString());
    const page =
      copy?.status === 'ready' && copy.published ? copy.pages[found.page - 1] : undefined;
    if (!page) continue;
    const position = request.attachments.findIndex((a) => a.equals(found.document));
    if (position < 0) continue;
    hits.push({
      ref: request.ref,
      subject: request.publicText?.subject ?? '',
      agency: request.agency,
      jurisdiction: request.jurisdiction,
      filename: publicFilename(position),
      page: found.page,
      machineRead: page.machineRead,
      url: `/requests/${request.ref}/documents/${found.document.toString()}/public#page-${String(found.page)}`,
      snippet: snippet(page.text, words),
    });
    if (hits.length >= limit) break;
  }
  return hits;
}
