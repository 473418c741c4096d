import { RedisStore } from 'connect-redis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import type { Logger } from '../../platform/logger.ts';

declare module 'express-session' {
  interface SessionData {
    /** When the user logged in (ms): the absolute lifetime counts from here. */
    startedAt: number;
    csrfToken: string;
    /** A success banner for the next page (flash.ts). */
    flash?: { key: string; vars: Record<string, string> };
  }
}

export const SESSION_COOKIE = 'haqq.sid';

/**
 * Sessions in Redis (connect-redis 8, which still takes the project's ioredis
 * client; from v9 it takes only node-redis), so web processes stay stateless.
 * The cookie is HttpOnly, SameSite=Lax and Secure behind https; each request
 * renews the idle timeout, and a session older than the absolute lifetime ends.
 */
export function sessionMiddleware(config: Config, redis: Redis, logger: Logger): RequestHandler[] {
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
  const store = new RedisStore({
    client: redis,
    prefix: `${config.REDIS_PREFIX}:sess:`,
    ttl: idleMs / 1000,
  });
  const sessions = session({
    name: SESSION_COOKIE,
    secret: config.SESSION_SECRET,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // Whether the connection was HTTPS (for the Secure cookie) comes from the app's
    // `trust proxy` (TRUST_PROXY): X-Forwarded-Proto is believed only from a trusted proxy.
    proxy: undefined,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.BASE_URL.startsWith('https://'),
      maxAge: idleMs,
    },
  });
  /**
   * express-session saves or renews the session as the answer ends, and when
   * that fails (Redis down) it calls `next` a second time, after the answer.
   * Where the first pass had ended in the error handler (a 503, a 404), the
   * router has no layer left and hands the error to Express's final handler,
   * which destroys the socket: the keep-alive connection the client has just
   * had its whole answer on, so the next request it sends there is cut (seen
   * in `npm run bench -- faults`, Redis restart). That second call is logged
   * here and goes no further.
   */
  const guarded: RequestHandler = (req, res, next) => {
    let passed = false;
    sessions(req, res, (error?: unknown) => {
      if (!passed) {
        passed = true;
        next(error);
        return;
      }
      logger.warn(
        { err: (error as Error | undefined)?.message, reqId: req.id },
        'session not saved after the answer',
      );
    });
  };
  const absoluteLifetime = (req: Request, _res: Response, next: NextFunction) => {
    const startedAt = req.session.startedAt;
    if (startedAt !== undefined && Date.now() - startedAt > absoluteMs) {
      req.session.destroy(() => {
        next();
      });
      return;
    }
    next();
  };
  return [guarded, absoluteLifetime];
}
