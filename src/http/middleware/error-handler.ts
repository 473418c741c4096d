import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, NotFoundError, ServiceUnavailableError } from '../../errors.ts';
import { t, type Locale } from '../../i18n/i18n.ts';
import {
  DEPENDENCY_RETRY_AFTER_SECONDS,
  isDependencyDown,
} from '../../platform/dependency-errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { tooManyHeaders, TooManyRequestsError } from '../../platform/rate-limits.ts';

/** JSON for the API and for clients that ask for it; HTML pages for browsers. */
export function wantsJson(req: Request): boolean {
  // The API's readable reference (/api/docs) is pages for people, under /api/ all the same.
  const api = req.originalUrl.startsWith('/api/') && !/^\/api\/docs(\/|\?|$)/.test(req.originalUrl);
  return api || req.accepts(['html', 'json']) === 'json';
}

/** The last route: nothing matched. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError());
};

/**
 * What could not be read of the request itself: a path with malformed
 * percent-encoding (Express's router throws a URIError with status 400 as it
 * decodes a parameter), and body-parser's own failures (errors with `type`
 * and `status`).
 */
function fromParsing(error: unknown): AppError | undefined {
  if (error instanceof URIError)
    return new AppError({ status: 400, code: 'BAD_REQUEST', messageKey: 'error.badUrl.message' });
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    return new AppError({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      messageKey: 'error.tooLarge.message',
    });
  }
  if (
    typeof type === 'string' &&
    (type.startsWith('entity.') || type.endsWith('.unsupported') || type === 'parameters.too.many')
  ) {
    return new AppError({
      status: 400,
      code: 'BAD_REQUEST',
      messageKey: 'error.badRequest.message',
    });
  }
  return undefined;
}

/** A typed error as it is, a dependency that is down as a 503, a request that could not be read as a 400. */
function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isDependencyDown(error)) return new ServiceUnavailableError();
  return fromParsing(error);
}

/**
 * The one error middleware: typed errors keep their status, code and message;
 * a dependency that is down (MongoDB, Redis) gives 503 with `Retry-After`;
 * anything else is logged and becomes a plain 500 with no detail for the user.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // The answer is complete (a late error). Express's own handler would destroy the socket,
      // which can cut the answer still being flushed, or the client's next request on it.
      if (res.writableEnded) {
        logger.warn(
          { err: (error as Error | undefined)?.message, reqId: req.id },
          'error after the answer was sent',
        );
        return;
      }
      // Part of the answer is out: Express's own handler closes the connection, so the
      // client sees it cut rather than complete.
      logger.warn(
        { err: (error as Error | undefined)?.message, reqId: req.id },
        'error while the answer was being sent',
      );
      next(error);
      return;
    }
    const appError = asAppError(error);
    const locale: Locale = (req as Partial<Request>).locale ?? 'ar';
    const status = appError?.status ?? 500;
    const code = appError?.code ?? 'INTERNAL';
    const messageKey = appError?.messageKey ?? 'error.server.message';
    if (!appError) logger.error({ err: error, reqId: req.id }, 'unhandled error');
    else if (appError instanceof ServiceUnavailableError && appError !== error)
      logger.warn({ err: (error as Error).message, reqId: req.id }, 'dependency down');
    const message = t(locale, messageKey, appError?.vars);
    const fields = appError?.fields
      ? Object.fromEntries(
          Object.entries(appError.fields).map(([key, value]) => [
            key,
            t(locale, value, appError.vars),
          ]),
        )
      : undefined;

    res.status(status);
    // Answered before its body was read (too large, or refused first): the connection is
    // closed after the answer, so the rest of the body is never read.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (appError instanceof TooManyRequestsError)
      res.set(tooManyHeaders(appError.retryAfterSeconds, appError.policy));
    if (appError instanceof ServiceUnavailableError)
      res.setHeader('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    if (wantsJson(req)) {
      res.json({ error: { code, message, ...(fields ? { fields } : {}) } });
      return;
    }
    const view = status === 404 ? 'errors/404' : 'errors/error';
    res.render(view, {
      title: status === 404 ? 'error.notFound.title' : 'error.server.title',
      status,
      code,
      message,
    });
  };
}
