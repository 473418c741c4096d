import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type Router } from 'express';
import type { Queues } from '../../platform/queues.ts';
import { requireRole } from '../middleware/auth.ts';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The queues' dashboard (@bull-board/express) for admins only: waiting,
 * delayed and failed jobs, including mail that failed for good, with retry.
 * Jobs carry ids only, so it shows no personal data.
 */
export function queueDashboard(queues: Queues): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(queues).map((queue) => new BullMQAdapter(queue)),
    serverAdapter: adapter,
  });
  const router = express.Router();
  router.use(
    QUEUE_DASHBOARD_PATH,
    requireRole('admin'),
    (_req, res, next) => {
      // The dashboard's UI styles itself inline; scripts stay same-origin only.
      res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
      next();
    },
    adapter.getRouter() as Router,
  );
  return router;
}
