import path from 'node:path';
import type { Express } from 'express';
import { create } from 'express-handlebars';
import type { CountryFormat } from '../../jurisdictions/country-format.ts';
import Handlebars from 'handlebars';
import { fieldId } from './validation.ts';
import { isLocale, isolate, MESSAGES, t, type Locale } from '../../i18n/i18n.ts';
import { publishedParts } from '../../redaction/redaction.ts';

const VIEWS_DIR = path.resolve(import.meta.dirname, '../../../views');

interface HelperOptions {
  hash: Record<string, string | number>;
  data: { root: { locale?: unknown; failed?: unknown; fields?: unknown } };
}

/**
 * `{{failedField "answer" "reason"}}`: the error of that field when that form
 * came back with errors (the request page holds several forms), else "".
 */
const failedField = (action: unknown, name: unknown, options: HelperOptions): string => {
  const { failed, fields } = options.data.root;
  if (failed !== action || typeof fields !== 'object' || fields === null) return '';
  const message = (fields as Record<string, unknown>)[String(name)];
  return typeof message === 'string' ? message : '';
};

/** How the page writes dates and numbers: its country's voice, else the reader's digits. */
function pageFormat(options: HelperOptions, country?: string): CountryFormat | undefined {
  const root = options.data.root as {
    jurisdiction?: unknown;
    formatIn?: (country?: string) => CountryFormat;
  };
  const jurisdiction = root.jurisdiction as { code?: unknown } | undefined;
  const code = country ?? (typeof jurisdiction?.code === 'string' ? jurisdiction.code : '');
  return root.formatIn?.(code);
}

/** A helper's writer: of the country named as its optional last argument, else the page's. */
function helperFormat(rest: unknown[]): CountryFormat | undefined {
  const options = rest.at(-1) as HelperOptions;
  const country = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
  return pageFormat(options, country);
}

/** `{{t "directory.agencyCount" count=3}}`, in the page's locale and digits. */
const translate = (key: unknown, options: HelperOptions): string => {
  const locale = options.data.root.locale;
  const numerals = pageFormat(options)?.numerals;
  return t(isLocale(locale) ? locale : 'ar', String(key), options.hash, numerals);
};

/** `{{loc name}}`: the page locale's side of an `{ar, en}` pair. */
const localized = (value: unknown, options: HelperOptions): string => {
  const locale = isLocale(options.data.root.locale) ? options.data.root.locale : 'ar';
  return (value as Record<string, string> | undefined)?.[locale] ?? '';
};

/**
 * `{{localDate "2026-11-30"}}` or `{{localDate value "JO"}}`: a local date (or
 * month, "2026-11") as the page's country writes it for this reader
 * (country-format.ts): the country named, else the page's jurisdiction.
 */
const localDate = (value: unknown, ...rest: unknown[]): string => {
  const text = typeof value === 'string' ? value : '';
  const format = helperFormat(rest);
  if (!format) return text;
  return /^\d{4}-\d{2}$/.test(text) ? format.month(text) : format.shortDay(text);
};

/**
 * `{{address email}}`: an e-mail address isolated left to right, which a
 * narrow screen breaks after its "@" and dots rather than mid-word.
 */
const address = (value: unknown): Handlebars.SafeString => {
  const parts = (typeof value === 'string' ? value : '')
    .split(/(?<=[@.])/)
    .map((part) => Handlebars.escapeExpression(part));
  return new Handlebars.SafeString(`<bdi dir="ltr" class="address">${parts.join('<wbr>')}</bdi>`);
};

/** A published text as HTML: escaped, each hidden stretch "[e-mail removed]" in `locale`. */
export function redactedHtml(locale: Locale, text: string): string {
  return publishedParts(text)
    .map((part) =>
      'redacted' in part
        ? `<span class="redacted" lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">${Handlebars.escapeExpression(t(locale, `redaction.kind.${part.redacted}`))}</span>`
        : Handlebars.escapeExpression(part.text),
    )
    .join('');
}

/**
 * `{{redacted text}}`: a published text with each hidden stretch (⟦kind⟧)
 * shown as "[e-mail removed]" in the page's language; the rest escaped.
 */
const redacted = (value: unknown, options: HelperOptions): Handlebars.SafeString => {
  const locale = isLocale(options.data.root.locale) ? options.data.root.locale : 'ar';
  const text = typeof value === 'string' ? value : '';
  return new Handlebars.SafeString(redactedHtml(locale, text));
};

/** Handlebars with layouts, partials and the i18n helpers; templates cached in production. */
export function configureViews(app: Express, production: boolean): void {
  const engine = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(VIEWS_DIR, 'layouts'),
    partialsDir: path.join(VIEWS_DIR, 'partials'),
    helpers: {
      t: translate,
      loc: localized,
      failedField,
      /** A message's raw template, for the page's own scripts (plural forms and all). */
      rawMessage: (key: unknown, options: HelperOptions) =>
        MESSAGES[isLocale(options.data.root.locale) ? options.data.root.locale : 'ar'][
          String(key)
        ] ?? '',
      localDate,
      /** `{{digits text}}` or `{{digits text "JO"}}`: a written text's digits as the page (or that country) writes them. */
      digits: (value: unknown, ...rest: unknown[]) => {
        const text = typeof value === 'string' ? value : '';
        return helperFormat(rest)?.digits(text) ?? text;
      },
      /** `{{isolate ref}}`: a fragment of the other direction kept whole inside a sentence. */
      isolate: (value: unknown) => isolate(typeof value === 'string' ? value : ''),
      /** `{{pageDigits}}`: the digits the page writes ("arab", "latn"), for its own scripts. */
      pageDigits: (options: HelperOptions) => pageFormat(options)?.numerals ?? 'latn',
      /** `{{num count}}`: a number as the page writes numbers. */
      num: (value: unknown, options: HelperOptions) =>
        typeof value === 'number' ? (pageFormat(options)?.number(value) ?? String(value)) : value,
      address,
      redacted,
      eq: (a: unknown, b: unknown) => a === b,
      /** Whether a form value (one string, or a list of them for repeated fields) holds `value`. */
      includes: (list: unknown, value: unknown) =>
        Array.isArray(list) ? list.includes(value) : list === value,
      concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(''),
      /** The id of a form field from its error key: `requester.name` → `requesterName`. */
      fieldId: (key: unknown) => fieldId(String(key)),
      /** A list written in a template: `(array "a" "b")`. */
      array: (...args: unknown[]) => args.slice(0, -1),
    },
  });
  app.engine('.hbs', (viewPath, options, callback) => {
    // renderView both returns a promise and calls back; Express listens to the callback.
    engine
      .renderView(viewPath, options as Record<string, unknown>, callback)
      .catch(() => undefined);
  });
  app.set('view engine', '.hbs');
  app.set('views', VIEWS_DIR);
  app.set('view cache', production);
}
