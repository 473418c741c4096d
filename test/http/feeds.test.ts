import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileAsCitizens, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface Entry {
  id: string;
  title: string;
  updated: string;
  summary: string | { '#text': string };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => name === 'entry' || name === 'url' || name === 'sitemap',
});

/** Parses an Atom feed, checking what RFC 4287 requires of a feed and its entries. */
function atom(xml: string) {
  assert.equal(SyntaxValidator.validate(xml), true, 'well-formed XML');
  const feed = (parser.parse(xml) as { feed: Record<string, unknown> }).feed;
  assert.equal(feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
  for (const key of ['id', 'title', 'updated', 'author']) assert.ok(feed[key], `feed ${key}`);
  const entries = (feed.entry ?? []) as Entry[];
  for (const entry of entries) {
    assert.match(entry.id, /^tag:[^,]+,2026:requests\/[A-Z]{2}-\d{4}-\d{6}$/);
    assert.ok(entry.title && !Number.isNaN(Date.parse(entry.updated)));
  }
  return entries;
}

/**
 * Feeds, the sitemap and robots.txt: valid, with stable ids; never a private
 * request, a request taken down or a redacted word.
 */
describe('feeds, sitemap and robots.txt', () => {
  let harness: TestApp;
  const refs: Record<string, string> = {};
  before(async () => {
    harness = await startTestApp('feeds');
    await seedDemoData({});
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    Object.assign(
      refs,
      await fileAsCitizens(harness.app, {
        open: {
          subject: 'Hospital waiting lists',
          body: 'Please send the waiting lists of public hospitals; reach me on 0791234567.',
        },
        answered: {
          subject: 'Hospital cleaning contracts',
          body: 'Please send the cleaning contracts of 2025.',
        },
        private: {
          subject: 'My hospital file',
          body: 'Please send my own hospital file.',
          visibility: 'private',
        },
        down: {
          subject: 'Hospital staff names',
          body: 'Please send the names of the hospital staff.',
        },
      }),
    );
    await act(officer, refs.answered ?? '', 'answer', {
      outcome: 'granted',
      reason: 'They are attached & listed <here>.',
    }).expect(200);
    await act(officer, refs.down ?? '', 'answer', { outcome: 'granted', reason: 'Listed.' }).expect(
      200,
    );
    await act(officer, refs.down ?? '', 'unpublish', { reason: 'Names of people.' }).expect(200);
  });
  after(() => harness.close());

  const get = (path: string) =>
    request(harness.app).get(path).set('Cookie', 'haqq_lang=en').expect(200);

  it('an agency’s and a country’s Atom feeds: the published requests, stable ids, nothing private or taken down', async () => {
    for (const path of ['/feeds/agencies/JO-MOH.atom', '/feeds/jurisdictions/JO.atom']) {
      const res = await get(path);
      assert.match(String(res.headers['content-type']), /^application\/atom\+xml; charset=utf-8/);
      const entries = atom(res.text);
      const ids = entries.map((e) => e.id.split('/').at(-1));
      assert.deepEqual(ids.sort(), [refs.open, refs.answered].sort(), path);
      assert.doesNotMatch(res.text, /0791234567|My hospital file|staff names/);
      // The same entry keeps its id from one fetch to the next.
      assert.deepEqual(
        atom((await get(path)).text).map((e) => e.id),
        entries.map((e) => e.id),
      );
    }
    const answered = atom((await get('/feeds/agencies/JO-MOH.atom')).text).find((e) =>
      e.id.endsWith(refs.answered ?? ''),
    );
    assert.match(
      JSON.stringify(answered?.summary),
      /They are attached &amp; listed &lt;here&gt;|They are attached & listed <here>/,
    );
    await request(harness.app).get('/feeds/agencies/JO-NOPE.atom').expect(404);
    await request(harness.app).get('/feeds/jurisdictions/XX.atom').expect(404);
  });

  it('a search’s feed holds what the search finds', async () => {
    const entries = atom((await get('/feeds/search.atom?q=cleaning')).text);
    assert.deepEqual(
      entries.map((e) => e.id.split('/').at(-1)),
      [refs.answered],
    );
    assert.equal(atom((await get('/feeds/search.atom?q=names')).text).length, 0);
  });

  it('the sitemap lists the public pages and the published requests by month; robots.txt points to it', async () => {
    const index = await get('/sitemap.xml');
    assert.equal(SyntaxValidator.validate(index.text), true);
    const maps = (
      parser.parse(index.text) as { sitemapindex: { sitemap: { loc: string }[] } }
    ).sitemapindex.sitemap.map((s) => s.loc);
    assert.ok(maps.some((loc) => loc.endsWith('/sitemaps/pages.xml')));
    const month = maps.find((loc) => /requests-\d{4}-\d{2}\.xml$/.test(loc));
    assert.ok(month);
    const pages = await get('/sitemaps/pages.xml');
    assert.match(pages.text, /\/agencies\/JO-MOH<\/loc>/);
    const requests = await get(new URL(maps.at(-1) ?? '').pathname);
    assert.equal(SyntaxValidator.validate(requests.text), true);
    assert.match(requests.text, new RegExp(`/requests/${refs.open ?? ''}<`));
    assert.doesNotMatch(requests.text, new RegExp(`${refs.private ?? ''}|${refs.down ?? ''}`));
    await request(harness.app).get('/sitemaps/requests-2026-13x.xml').expect(404);
    const robots = await get('/robots.txt');
    assert.match(robots.text, /Disallow: \/admin/);
    assert.match(robots.text, /Sitemap: https?:\/\/[^/]+\/sitemap\.xml/);
  });
});
