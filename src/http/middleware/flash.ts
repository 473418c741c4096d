import type { Request } from 'express';
import { t } from '../../i18n/i18n.ts';

/**
 * A success banner carried across a redirect (post, redirect, get): the next page of this
 * session shows it once, in the reader's language. Kept in the session, so no address or
 * name ever travels in a URL.
 */
export function flash(req: Request, key: string, vars: Record<string, string> = {}): void {
  req.session.flash = { key, vars };
}

/** The banner left for this page, in words, and forgotten; null when there is none. */
export function takeFlash(req: Request): string | null {
  const found = req.session.flash;
  if (!found) return null;
  delete req.session.flash;
  return t(req.locale, found.key, found.vars);
}
