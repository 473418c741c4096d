/**
 * How long a public list (a feed, the sitemap, an open-data file) may be kept
 * by a browser or a proxy. A takedown leaves every public output within 60 s,
 * HTTP caches included: the app's own caches forget at once (publication-epoch.ts),
 * open data is rewritten within seconds (open-data-snapshots.ts), and 30 s here
 * leaves the rest of the minute for that.
 */
export const PUBLIC_LIST_CACHE = 'public, max-age=30';
