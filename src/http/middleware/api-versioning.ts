import type { RequestHandler } from 'express';

/**
 * The versioning policy's headers (docs/requests.md, "API versions"): once a version is
 * deprecated every response of it says so, `Deprecation: @<unix seconds>`
 * (RFC 9745) and `Sunset: <HTTP date>` (RFC 8594). Nothing is added while
 * the version is current.
 */
export function apiVersionHeaders(
  prefix: string,
  deprecatedAt: string | undefined,
  sunsetAt: string | undefined,
): RequestHandler {
  const headers: Record<string, string> = {};
  if (deprecatedAt)
    headers.Deprecation = `@${String(Math.floor(Date.parse(`${deprecatedAt}T00:00:00Z`) / 1000))}`;
  if (sunsetAt) headers.Sunset = new Date(`${sunsetAt}T00:00:00Z`).toUTCString();
  return (req, res, next) => {
    if (req.path.startsWith(prefix)) res.set(headers);
    next();
  };
}
