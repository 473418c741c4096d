import type { NextFunction, Request, Response, Router } from 'express';
import express from 'express';
import { DIRECTION, isLocale, type Locale } from '../../i18n/i18n.ts';
import { isNumerals, type Numerals } from '../../i18n/numerals.ts';

const LOCALE_COOKIE = 'haqq_lang';
/** The reader's choice of digits on Arabic pages (absent: the jurisdiction's custom). */
const NUMERALS_COOKIE = 'haqq_digits';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

declare module 'express-serve-static-core' {
  interface Request {
    locale: Locale;
    /** The digits the reader chose for Arabic pages, if they chose. */
    numerals: Numerals | undefined;
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
    const numerals = cookies?.[NUMERALS_COOKIE];
    req.numerals = isNumerals(numerals) ? numerals : undefined;
    res.locals.numerals = req.numerals;
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
  const remember = (res: Response, name: string, value: string) => {
    res.cookie(name, value, {
      maxAge: ONE_YEAR_MS,
      sameSite: 'lax',
      httpOnly: true,
      secure: secureCookies,
    });
  };
  router.get('/lang/:locale', (req, res) => {
    const { locale } = req.params;
    if (isLocale(locale)) remember(res, LOCALE_COOKIE, locale);
    res.redirect(303, safeLocalPath(req.query.next));
  });
  // `GET /digits/arab|latn?next=/path`: the digits of Arabic pages, remembered the same way.
  router.get('/digits/:numerals', (req, res) => {
    const { numerals } = req.params;
    if (isNumerals(numerals)) remember(res, NUMERALS_COOKIE, numerals);
    res.redirect(303, safeLocalPath(req.query.next));
  });
  return router;
}
