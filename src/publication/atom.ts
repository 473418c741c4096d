/** An Atom 1.0 feed (RFC 4287), written by hand: a few elements, all escaped. Pure. */

export interface AtomEntry {
  /** A permanent id (a tag URI): the same entry keeps it forever. */
  id: string;
  title: string;
  link: string;
  updated: Date;
  published?: Date;
  summary: string;
  /** The entry's language, when it differs from the feed's. */
  lang?: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own address (rel="self") and the page it follows (rel="alternate"). */
  self: string;
  alternate: string;
  lang: string;
  author: string;
  entries: readonly AtomEntry[];
}

export const xmlEscape = (text: string) =>
  text
    // Characters XML 1.0 does not allow at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** A tag URI (RFC 4151) for `specific` under the site's host: `tag:haqq.example,2026:requests/JO-2026-000001`. */
export function tagUri(baseUrl: string, specific: string): string {
  return `tag:${new URL(baseUrl).hostname},2026:${specific}`;
}

export function atomXml(feed: AtomFeed): string {
  const updated = feed.entries.reduce(
    (latest, entry) => Math.max(latest, entry.updated.getTime()),
    0,
  );
  const entries = feed.entries.map(
    (entry) => `  <entry${entry.lang ? ` xml:lang="${xmlEscape(entry.lang)}"` : ''}>
    <id>${xmlEscape(entry.id)}</id>
    <title>${xmlEscape(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlEscape(entry.link)}"/>
    <updated>${entry.updated.toISOString()}</updated>${
      entry.published ? `\n    <published>${entry.published.toISOString()}</published>` : ''
    }
    <summary type="text">${xmlEscape(entry.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(feed.lang)}">
  <id>${xmlEscape(feed.id)}</id>
  <title>${xmlEscape(feed.title)}</title>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.self)}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(feed.alternate)}"/>
  <updated>${new Date(updated || 0).toISOString()}</updated>
  <author><name>${xmlEscape(feed.author)}</name></author>
${entries.join('\n')}
</feed>
`;
}
