import type { NextFunction, Request, Response, Router } from 'express';
import express from 'express';
import { DIRECTION, isLocale, type Locale } from '../i18n/i18n.ts';

export const LOCALE_COOKIE = 'haqq_lang';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

declare module 'express-serve-static-core' {
  interface Request {
    locale: Locale;
  }
}

/** Picks the locale: the remembered cookie, then Accept-Language, then the default. */
export function localeMiddleware(defaultLocale: Locale) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    const fromCookie = cookies?.[LOCALE_COOKIE];
    const fromHeader = req.acceptsLanguages('ar', 'en');
    const locale: Locale = isLocale(fromCookie)
      ? fromCookie
      : isLocale(fromHeader) && req.headers['accept-language']
        ? fromHeader
        : defaultLocale;
    req.locale = locale;
    res.locals.locale = locale;
    res.locals.dir = DIRECTION[locale];
    res.locals.otherLocale = locale === 'ar' ? 'en' : 'ar';
    res.locals.returnTo = encodeURIComponent(req.originalUrl);
    next();
  };
}

/** Only same-site paths are followed after a language switch (no open redirect). */
export function safeLocalPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** `GET /lang/:locale?next=/path` remembers the choice in a cookie and goes back. */
export function localeRouter(secureCookies: boolean): Router {
  const router = express.Router();
  router.get('/lang/:locale', (req, res) => {
    const { locale } = req.params;
    if (isLocale(locale)) {
      res.cookie(LOCALE_COOKIE, locale, {
        maxAge: ONE_YEAR_MS,
        sameSite: 'lax',
        httpOnly: true,
        secure: secureCookies,
      });
    }
    res.redirect(303, safeLocalPath(req.query.next));
  });
  return router;
}
