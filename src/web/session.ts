import { RedisStore } from 'connect-redis';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';

declare module 'express-session' {
  interface SessionData {
    /** When the user logged in (ms): the absolute lifetime counts from here. */
    startedAt: number;
    csrfToken: string;
  }
}

export const SESSION_COOKIE = 'haqq.sid';

/**
 * Sessions in Redis (connect-redis 8, which still takes the project's ioredis
 * client; from v9 it takes only node-redis), so web processes stay stateless.
 * The cookie is HttpOnly, SameSite=Lax and Secure behind https; each request
 * renews the idle timeout, and a session older than the absolute lifetime ends.
 */
export function sessionMiddleware(config: Config, redis: Redis): RequestHandler[] {
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
    proxy: config.NODE_ENV === 'production',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.BASE_URL.startsWith('https://'),
      maxAge: idleMs,
    },
  });
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
  return [sessions, absoluteLifetime];
}
