import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { AppError } from '../errors.ts';
import { DEPENDENCY_RETRY_AFTER_SECONDS, isDependencyDown } from '../platform/dependency-errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import { wantsJson } from './error-handler.ts';

/** When a request still has no answer while a dependency is failing, it gets a 503 at this point. */
export const DEPENDENCY_DEADLINE_MS = 4_500;
/** How long after a dependency error the deadline applies to every request. */
const FAILING_FOR_MS = 10_000;

/**
 * Keeps the promise of issue 20 that a request needing a dependency that is
 * down answers 503 with `Retry-After` within 5 s, even when its code waits on
 * one timeout after another (each MongoDB operation may wait up to
 * MONGO_UNREACHABLE_TIMEOUT_MS). `watch` goes first in the app, `noteFailures`
 * beside the error handler. A slow request while everything is healthy (an
 * export) is left alone.
 */
export function dependencyDeadline(redis: Redis): {
  watch: RequestHandler;
  noteFailures: ErrorRequestHandler;
} {
  let failedAt = Number.NEGATIVE_INFINITY;
  const failing = () =>
    Date.now() - failedAt < FAILING_FOR_MS ||
    mongoose.connection.readyState !== mongoose.ConnectionStates.connected ||
    redis.status !== 'ready';
  return {
    watch(req, res, next) {
      const timer = setTimeout(() => {
        if (res.headersSent || !failing()) return;
        const locale: Locale = (req as Partial<typeof req>).locale ?? 'ar';
        const message = t(locale, 'error.unavailable.message');
        const send = res.send.bind(res);
        // The handler may still try to answer when its own wait ends: nothing more is sent.
        res.send = () => res;
        res.status(503).setHeader('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
        res.setHeader('Connection', 'close');
        if (wantsJson(req)) {
          res.type('json');
          send(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message } }));
          return;
        }
        res.render(
          'errors/error',
          { title: 'error.server.title', status: 503, code: 'SERVICE_UNAVAILABLE', message },
          (error: Error | null, html: string) => {
            if (error) send(message);
            else send(html);
          },
        );
      }, DEPENDENCY_DEADLINE_MS);
      timer.unref();
      res.once('close', () => {
        clearTimeout(timer);
      });
      next();
    },
    noteFailures(error, _req, _res, next) {
      if (!(error instanceof AppError) && isDependencyDown(error)) failedAt = Date.now();
      next(error);
    },
  };
}
