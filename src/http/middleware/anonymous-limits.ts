import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  consume,
  policyOf,
  rateLimitHeaders,
  type RateLimits,
} from '../../platform/rate-limits.ts';

type Limited = 'searchByIp' | 'feedsByIp' | 'openDataByIp';

/** The limit a public read falls under, by its path; none for the rest. */
function limitOf(path: string): Limited | null {
  if (path === '/search' || path === '/api/v1/search' || path === '/feeds/search.atom')
    return 'searchByIp';
  if (path.startsWith('/feeds/') || path === '/sitemap.xml' || path.startsWith('/sitemaps/'))
    return 'feedsByIp';
  if (path.startsWith('/open-data/')) return 'openDataByIp';
  return null;
}

/**
 * Limits on what anyone may read without an account (issue 30): searches,
 * feeds and sitemaps, open-data files, per address (the client's own, as
 * TRUST_PROXY lets Express read it). Every answer carries the RateLimit-Policy
 * and RateLimit fields; past the quota, 429 with Retry-After
 * (platform/rate-limits.ts). A signed-in user or an API token is not counted
 * here: their own limits apply.
 */
export function anonymousLimits(limits: Pick<RateLimits, Limited>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const limit = req.method === 'GET' || req.method === 'HEAD' ? limitOf(req.path) : null;
    if (!limit || req.user) {
      next();
      return;
    }
    const limiter = limits[limit];
    const { remaining, resetSeconds } = await consume(limiter, req.ip ?? 'unknown');
    res.set(rateLimitHeaders(policyOf(limiter), remaining, resetSeconds));
    next();
  };
}
