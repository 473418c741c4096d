import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { httpDuration, metrics } from '../../platform/metrics.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read `/metrics`: a scraper on this host (a loopback address with no
 * proxy header: a reverse proxy on the same host forwards the world's requests
 * from the loopback too), or anyone with `Authorization: Bearer <METRICS_TOKEN>`.
 * Anyone else gets the 404 of a page that does not exist.
 */
function mayReadMetrics(
  req: Pick<Request, 'headers'> & { socket: { remoteAddress?: string | undefined } },
  token: string | undefined,
): boolean {
  const proxied =
    req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  if (!proxied && LOOPBACK.has(req.socket.remoteAddress ?? '')) return true;
  if (!token) return false;
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** `/metrics` in Prometheus's text format, for the scraper {@link mayReadMetrics} lets in. */
export function metricsRouter(token: string | undefined): Router {
  const router = express.Router();
  router.get('/metrics', async (req, res, next) => {
    // Anyone else falls through to the app's 404, as for a page that does not exist.
    if (!mayReadMetrics(req, token)) {
      next();
      return;
    }
    res.setHeader('Content-Type', metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await metrics.metrics());
  });
  return router;
}

/** Times every request into the HTTP histogram, labelled by its route pattern (never its path). */
export const timeRequests: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer({ method: req.method });
  res.once('finish', () => {
    const route = req.route as { path?: unknown } | undefined;
    const pattern =
      typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : req.baseUrl || 'unmatched';
    end({ route: pattern, status: String(res.statusCode) });
  });
  next();
};
