import express, { type Request, type Response, type Router } from 'express';
import { activeAgencyCodes, findActiveAgency } from '../../agencies/agency-store.ts';
import { NotFoundError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import {
  firstPublishedReceipt,
  latestPublished,
  publishedBetween,
} from '../../requests/request-reads.ts';
import { searchQuery, searchRequests } from '../../search/search-service.ts';
import { parseQuery } from '../middleware/validation.ts';
import { atomXml, tagUri, xmlEscape, type AtomEntry } from '../../publication/atom.ts';
import { PUBLIC_LIST_CACHE } from '../../publication/published.ts';
import { plainPublished } from '../../redaction/redaction.ts';

const FEED_SIZE = 50;
const SITEMAP_PAGES = ['/', '/jurisdictions', '/statistics', '/search', '/deadline-calculator'];

type Published = {
  ref: string;
  language?: string | null;
  receivedAt: Date;
  updatedAt?: Date | null;
  publicText?: { subject?: string | null; body?: string | null } | null;
  publication?: { answer?: string | null } | null;
};

function entryOf(base: string, doc: Published, answerLabel: string): AtomEntry {
  const answer = plainPublished(doc.publication?.answer);
  return {
    id: tagUri(base, `requests/${doc.ref}`),
    title: `${doc.ref} · ${plainPublished(doc.publicText?.subject)}`,
    link: `${base}/requests/${doc.ref}`,
    updated: doc.updatedAt ?? doc.receivedAt,
    published: doc.receivedAt,
    summary: `${plainPublished(doc.publicText?.body)}${answer ? ` — ${answerLabel}: ${answer}` : ''}`,
    ...(doc.language ? { lang: doc.language } : {}),
  };
}

/** The newest published requests matching `filter` (by receipt, through the receipt indexes). */
function latest(filter: Record<string, unknown>) {
  return latestPublished(
    filter,
    { ref: 1, language: 1, receivedAt: 1, updatedAt: 1, publicText: 1, 'publication.answer': 1 },
    FEED_SIZE,
  );
}

function sendXml(res: Response, type: string, xml: string) {
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Cache-Control', PUBLIC_LIST_CACHE);
  res.send(xml);
}

const monthKey = (date: Date) => date.toISOString().slice(0, 7);

/**
 * Atom feeds of the published requests (an agency's, a country's, a search's),
 * the sitemap of the public pages and requests, and robots.txt. Nothing
 * private, nothing taken down, no redacted word (DESIGN §7).
 */
export function publicFeeds(jurisdictions: JurisdictionRegistry): Router {
  const router = express.Router();
  const base = (req: Request) => String(req.app.locals.baseUrl);

  const feed = (
    req: Request,
    res: Response,
    options: { path: string; page: string; title: string; docs: Published[] | AtomEntry[] },
  ) => {
    const answerLabel = t(req.locale, 'publication.answerTitle');
    const entries = options.docs.map((doc) =>
      'id' in doc ? doc : entryOf(base(req), doc, answerLabel),
    );
    sendXml(
      res,
      'application/atom+xml',
      atomXml({
        id: tagUri(base(req), `feeds${options.path}`),
        title: `${options.title} · ${t(req.locale, 'app.name')}`,
        self: `${base(req)}/feeds${options.path}`,
        alternate: `${base(req)}${options.page}`,
        lang: req.locale,
        author: t(req.locale, 'app.name'),
        entries,
      }),
    );
  };

  router.get('/feeds/agencies/:code.atom', async (req, res) => {
    const code = req.params.code;
    const agency = await findActiveAgency(code);
    if (!agency) throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
    feed(req, res, {
      path: `/agencies/${code}.atom`,
      page: `/agencies/${code}`,
      title: agency.name?.[req.locale] ?? code,
      docs: await latest({ agency: code }),
    });
  });

  router.get('/feeds/jurisdictions/:code.atom', async (req, res) => {
    const jurisdiction = /^[A-Z]{2}$/.test(req.params.code)
      ? jurisdictions.get(req.params.code)
      : undefined;
    if (!jurisdiction) throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    feed(req, res, {
      path: `/jurisdictions/${jurisdiction.code}.atom`,
      page: `/jurisdictions/${jurisdiction.code}`,
      title: jurisdiction.name[req.locale],
      docs: await latest({ jurisdiction: jurisdiction.code }),
    });
  });

  router.get('/feeds/search.atom', async (req, res) => {
    const query = parseQuery(searchQuery, { ...req.query, limit: String(FEED_SIZE) });
    const result = await searchRequests({ ...query, cursor: undefined });
    const params = new URLSearchParams(
      Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ).toString();
    feed(req, res, {
      path: `/search.atom${params ? `?${params}` : ''}`,
      page: `/search${params ? `?${params}` : ''}`,
      title: `${t(req.locale, 'search.title')}: ${query.q}`,
      docs: result.items.map((hit) => ({
        id: tagUri(base(req), `requests/${hit.ref}`),
        title: `${hit.ref} · ${plainPublished(hit.subject)}`,
        link: `${base(req)}/requests/${hit.ref}`,
        updated: hit.answeredAt ?? hit.receivedAt,
        published: hit.receivedAt,
        summary: plainPublished(hit.snippet.map((part) => part.text).join('')),
      })),
    });
  });

  router.get('/robots.txt', (req, res) => {
    res
      .type('text/plain')
      .send(
        [
          'User-agent: *',
          ...[
            '/admin',
            '/audit',
            '/account',
            '/api/',
            '/dev/',
            '/requests/new',
            '/login',
            '/lang/',
            '/digits/',
          ].map((path) => `Disallow: ${path}`),
          `Sitemap: ${base(req)}/sitemap.xml`,
          '',
        ].join('\n'),
      );
  });

  // A sitemap index: the public pages, then the published requests month by month.
  router.get('/sitemap.xml', async (req, res) => {
    const first = await firstPublishedReceipt();
    const months: string[] = [];
    if (first) {
      const at = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
      for (const now = new Date(); at <= now; at.setUTCMonth(at.getUTCMonth() + 1))
        months.push(monthKey(at));
    }
    const maps = ['pages', ...months.map((m) => `requests-${m}`)];
    sendXml(
      res,
      'application/xml',
      `<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${maps.map((name) => `  <sitemap><loc>${xmlEscape(`${base(req)}/sitemaps/${name}.xml`)}</loc></sitemap>`).join('\n')}
</sitemapindex>
`,
    );
  });

  const urlset = (urls: readonly { loc: string; lastmod?: Date }[]) =>
    `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls
  .map(
    (url) =>
      `  <url><loc>${xmlEscape(url.loc)}</loc>${url.lastmod ? `<lastmod>${url.lastmod.toISOString()}</lastmod>` : ''}</url>`,
  )
  .join('\n')}
</urlset>
`;

  router.get('/sitemaps/pages.xml', async (req, res) => {
    const agencies = await activeAgencyCodes();
    const paths = [
      ...SITEMAP_PAGES,
      ...jurisdictions.all().flatMap((j) => [`/jurisdictions/${j.code}`, `/statistics/${j.code}`]),
      ...agencies.map((code) => `/agencies/${code}`),
    ];
    sendXml(res, 'application/xml', urlset(paths.map((path) => ({ loc: `${base(req)}${path}` }))));
  });

  router.get('/sitemaps/requests-:month.xml', async (req, res) => {
    const match = /^(\d{4})-(\d{2})$/.exec(req.params.month);
    if (!match) throw new NotFoundError('SITEMAP.NOT_FOUND', 'error.notFound.message');
    const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
    const to = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
    const docs = await publishedBetween(from, to, 50_000);
    sendXml(
      res,
      'application/xml',
      urlset(
        docs.map((doc) => ({
          loc: `${base(req)}/requests/${doc.ref}`,
          lastmod: doc.updatedAt,
        })),
      ),
    );
  });
  return router;
}
