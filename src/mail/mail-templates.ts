import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { DIRECTION, type Locale } from '../i18n/i18n.ts';
import { singleLine, withoutControls } from '../text/single-line.ts';

const DIR = path.resolve(import.meta.dirname, '../../views/emails');

export type MailKind =
  | 'confirm-email'
  | 'already-registered'
  | 'reset-password'
  | 'account-locked'
  | 'invitation'
  | 'request-update'
  | 'notice';

const compiled = new Map<string, Handlebars.TemplateDelegate>();
/** Plain-text templates are not HTML-escaped (a link must keep its `=`); the HTML layout is. */
function template(file: string, html = false): Handlebars.TemplateDelegate {
  let found = compiled.get(file);
  if (!found) {
    found = Handlebars.compile(readFileSync(path.join(DIR, file), 'utf8'), {
      strict: true,
      noEscape: !html,
    });
    compiled.set(file, found);
  }
  return found;
}

/** The variables that are links the product built (never user text). */
const LINK_VARS = new Set(['link']);
/** The variables that may hold paragraphs (a reason an officer wrote); every other is one line. */
const PARAGRAPH_VARS = new Set(['body', 'reason']);

/**
 * A mail in the recipient's language: `views/emails/<kind>.<locale>.hbs`, whose
 * first line is the subject and the rest the plain text; the HTML part wraps the
 * same paragraphs in `layout.hbs` with the right direction. A variable
 * becomes a link only if it is one the product built (`link`); every other
 * variable is text: no line break can enter the subject, and the HTML part
 * never turns a URL someone typed into a link.
 */
export function renderMail(
  kind: MailKind,
  locale: Locale,
  vars: Record<string, string>,
): { subject: string; text: string; html: string } {
  const clean = Object.fromEntries(
    Object.entries(vars).map(([key, value]) => [
      key,
      LINK_VARS.has(key)
        ? value
        : PARAGRAPH_VARS.has(key)
          ? withoutControls(value)
          : singleLine(value),
    ]),
  );
  const [subject = '', ...rest] = template(`${kind}.${locale}.hbs`)(clean).split('\n');
  const links = new Set([...LINK_VARS].map((key) => clean[key]).filter(Boolean));
  // An empty variable leaves an empty paragraph behind: drop it.
  const text = rest
    .join('\n')
    .trim()
    .replace(/\n{3,}/g, '\n\n');
  const html = template(
    'layout.hbs',
    true,
  )({
    lang: locale,
    dir: DIRECTION[locale],
    subject,
    paragraphs: text.split(/\n{2,}/).map((paragraph) => ({
      text: paragraph.trim(),
      link: links.has(paragraph.trim()),
    })),
  });
  return { subject: subject.trim(), text, html };
}
