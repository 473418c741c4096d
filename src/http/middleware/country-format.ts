import type { NextFunction, Request, Response } from 'express';
import { countryFormat, type CountryFormat } from '../../jurisdictions/country-format.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** How a country's dates and numbers are written for this reader (country-format.ts). */
    formatIn: (country?: string) => CountryFormat;
  }
}

/**
 * Gives each request, and its templates (`formatIn` in the view's locals), the
 * one writer of a country's dates, numbers and percentages for this reader:
 * their language and the digits they chose in the footer. After the locale.
 */
export function countryFormats(registry: JurisdictionRegistry) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const made = new Map<string, CountryFormat>();
    req.formatIn = (country = '') => {
      let format = made.get(country);
      if (!format) {
        format = countryFormat(req.locale, registry.get(country), req.numerals);
        made.set(country, format);
      }
      return format;
    };
    res.locals.formatIn = req.formatIn;
    next();
  };
}
