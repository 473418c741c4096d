import express, { type Router } from 'express';
import Handlebars from 'handlebars';
import { agencyNames } from '../../agencies/agency-store.ts';
import { isolate, t, label, type Locale } from '../../i18n/i18n.ts';
import { redactedHtml } from '../middleware/views.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { REQUEST_STATUSES } from '../../requests/request-states.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { parseQuery } from '../middleware/validation.ts';
import {
  rankMatches,
  searchQuery,
  searchRequests,
  type SearchQuery,
} from '../../search/search-service.ts';
import type { SnippetPart } from '../../text/search-text.ts';
import { searchDocuments } from '../../search/document-search.ts';

/** A snippet as a page shows it: escaped, hidden stretches in words, each matched word in `<mark>`. */
const snippetPageHtml = (locale: Locale, parts: readonly SnippetPart[]) =>
  parts
    .map((part) => {
      const html = redactedHtml(locale, part.text);
      return part.mark ? `<mark>${html}</mark>` : html;
    })
    .join('');

/** The search's link for a query (and page): only the set parameters. */
function searchHref(query: Partial<Record<keyof SearchQuery, unknown>>) {
  const params = new URLSearchParams(
    Object.entries(query).flatMap(([key, value]) =>
      (typeof value === 'string' && value !== '') || (typeof value === 'number' && key !== 'limit')
        ? [[key, String(value)]]
        : [],
    ),
  );
  return `/search${params.size ? `?${params.toString()}` : ''}`;
}

/**
 * Search of the published requests, open to anonymous visitors: the page
 * `/search` (the API's: search-api.ts).
 * Never a private request, never a redacted word (search-service.ts).
 */
export function searchRoutes(
  jurisdictions: JurisdictionRegistry,
  rank: typeof rankMatches = rankMatches,
): Router {
  const router = express.Router();

  router.get('/search', async (req, res) => {
    const query = parseQuery(searchQuery, req.query);
    const [result, pages] = await Promise.all([
      searchRequests(query, rank),
      // Words inside released documents, with the first page of results.
      query.cursor ? [] : searchDocuments(query),
    ]);
    const names = await agencyNames([
      ...result.items.map((hit) => hit.agency),
      ...pages.map((hit) => hit.agency),
    ]);
    const current = { ...query, cursor: undefined };
    res.render('search/index', {
      title: 'search.title',
      values: query,
      jurisdictions: jurisdictions.all().map((j) => ({
        code: j.code,
        name: j.name[req.locale],
        selected: j.code === query.jurisdiction,
      })),
      statuses: REQUEST_STATUSES.map((status) => ({
        value: status,
        label: label(req.locale, 'status', status),
        selected: status === query.status,
        count: result.facets.status[status] ?? 0,
        href: searchHref({ ...current, status }),
      })).filter((s) => s.count > 0 || s.selected),
      total: result.total,
      summary: t(req.locale, 'search.total', { count: result.total }),
      items: result.items.map((hit) => ({
        ref: hit.ref,
        subject: hit.subject,
        agency: names.get(hit.agency)?.[req.locale] ?? hit.agency,
        jurisdiction: jurisdictions.get(hit.jurisdiction)?.name[req.locale] ?? hit.jurisdiction,
        status: label(req.locale, 'status', hit.status),
        outcome: label(req.locale, 'outcome', hit.outcome),
        received: req.formatIn(hit.jurisdiction).shortDay(hit.receivedAt),
        snippet: new Handlebars.SafeString(snippetPageHtml(req.locale, hit.snippet)),
      })),
      documents: pages.map((hit) => ({
        url: hit.url,
        subject: hit.subject,
        ref: hit.ref,
        where: t(req.locale, 'search.inDocument', {
          document: isolate(hit.filename),
          page: req.formatIn(hit.jurisdiction).digits(String(hit.page)),
        }),
        agency: names.get(hit.agency)?.[req.locale] ?? hit.agency,
        machineRead: hit.machineRead,
        snippet: new Handlebars.SafeString(snippetPageHtml(req.locale, hit.snippet)),
      })),
      next: result.next ? searchHref({ ...current, cursor: result.next }) : null,
      // A search with words or filters can be followed by e-mail.
      followTarget: searchHref(current).replace(/^\/search\??/, ''),
      csrf: csrfToken(req, res),
    });
  });
  return router;
}
