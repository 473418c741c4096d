import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { AppError, ServiceUnavailableError } from '../../errors.ts';
import { isDependencyDown } from '../../platform/dependency-errors.ts';

/** When a request still has no answer while a dependency is failing, it gets a 503 at this point. */
const DEPENDENCY_DEADLINE_MS = 4_500;
/** How long after a dependency error the deadline applies to every request. */
const FAILING_FOR_MS = 10_000;

/**
 * Keeps the promise of issue 20 that a request needing a dependency that is
 * down answers 503 with `Retry-After` within 5 s, even when its code waits on
 * one timeout after another (each MongoDB operation may wait up to
 * MONGO_UNREACHABLE_TIMEOUT_MS). `watch` goes first in the app, `noteFailures`
 * beside the error handler, which gives the 503 (`answer`). A slow request while everything is healthy (an
 * export) is left alone.
 */
export function dependencyDeadline(
  redis: Redis,
  answer: ErrorRequestHandler,
): {
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
        // The one answer is the 503 the error handler gives; the handler's own, when its wait
        // ends, is dropped.
        const send = res.send.bind(res);
        let answered = false;
        res.send = ((body?: unknown) => {
          if (answered) return res;
          answered = true;
          return send(body);
        }) as typeof res.send;
        res.setHeader('Connection', 'close');
        answer(new ServiceUnavailableError(), req, res, () => undefined);
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
