import { escapeRegExp } from '../text/regexp-escape.ts';
import { matchingText, originalStretch } from '../text/matching-text.ts';
import { patternRules, type PatternRule } from './personal-patterns.ts';
import { phoneStretches } from './phone-numbers.ts';
import { re2Stretches } from '../text/re2-pattern.ts';
import { nameStretches } from './requester-names.ts';

/**
 * Redaction of personal data before anything is published (pure, no I/O).
 * Rules read the text as matching-text.ts normalises it and their stretches
 * are mapped back onto the original. They work at three levels: global
 * (e-mail addresses, written plainly or to fool a robot; addresses of a
 * person's page; IBANs; identity numbers a word names; the requester's name,
 * in parts, alone or in Latin letters, and contacts), jurisdiction (phone
 * numbers of its plan and any number in international form, phone-numbers.ts;
 * identity numbers in its format, personal-patterns.ts) and agency (patterns
 * an agency adds for its own file numbers). When in doubt a number is hidden:
 * the officer's preview shows every hit and can lift it.
 */

/**
 * The version of the rules below. Raise it whenever a rule changes what it
 * hides: every published text made under an older version is redacted again
 * (`npm run publication:rebuild`), and released documents' redacted copies
 * are made again on their next download.
 */
export const REDACTION_RULES_VERSION = '2026-12-07';

type RedactionKind =
  | 'email'
  | 'url'
  | 'phone'
  | 'national_id'
  | 'iban'
  | 'requester'
  | 'agency_rule'
  | 'manual'
  // What OCR read on a scanned page and may have misread (src/public-copies/page-boxes.ts).
  | 'unsure_digits'
  | 'unsure_address';

/** One stretch of text to hide, why, and which rule found it. */
export interface Redaction {
  start: number;
  end: number;
  kind: RedactionKind;
  /** `global:email`, `JO:national_id`, `agency:<id>`, `manual`. */
  rule: string;
}

/** An agency's own pattern (a regular expression's source), e.g. its file numbers. */
export interface AgencyRedactionRule {
  id: string;
  pattern: string;
}

export interface RedactionContext {
  jurisdiction: string;
  /** The requester's own details: hidden wherever they appear. */
  requester?: { name?: string | null; email?: string | null; phone?: string | null };
  agencyRules?: readonly AgencyRedactionRule[];
}

export { ibanChecks } from './personal-patterns.ts';

/** The requester's own e-mail and phone, wherever they appear (a phone by its digits, any separators). */
function contactRules(requester: RedactionContext['requester']): PatternRule<RedactionKind>[] {
  const rules: PatternRule<RedactionKind>[] = [];
  const email = requester?.email?.trim();
  if (email && email.length >= 5)
    rules.push({
      rule: 'requester:contact',
      kind: 'requester',
      pattern: new RegExp(escapeRegExp(matchingText(email).text), 'giu'),
    });
  const digits = (requester?.phone ?? '').replace(/\D/g, '').slice(-8);
  if (digits.length >= 7)
    rules.push({
      rule: 'requester:contact',
      kind: 'requester',
      pattern: new RegExp(`(?<!\\d)${Array.from(digits).join('[ .()-]{0,3}')}(?!\\d)`, 'g'),
    });
  return rules;
}

/** Sorted, with overlapping or touching stretches joined (the first kind found is kept). */
export function mergeRedactions(list: readonly Redaction[]): Redaction[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Redaction[] = [];
  for (const item of sorted) {
    const last = merged.at(-1);
    if (last && item.start <= last.end) last.end = Math.max(last.end, item.end);
    else merged.push({ ...item });
  }
  return merged;
}

/**
 * Every stretch of `text` the rules would hide, merged and in order. The rules
 * read the text normalised (matching-text.ts: NFKC, no zero-width characters,
 * Latin digits, one space for many); each stretch they find is mapped back
 * onto the original, which is what gets hidden.
 */
export function findRedactions(text: string, context: RedactionContext): Redaction[] {
  const matching = matchingText(text);
  const readable = matching.text;
  const found: Redaction[] = [];
  const add = (stretch: { start: number; end: number }, kind: RedactionKind, rule: string) => {
    if (stretch.end > stretch.start)
      found.push({ ...originalStretch(matching, stretch.start, stretch.end), kind, rule });
  };
  const name = context.requester?.name?.trim();
  if (name) for (const s of nameStretches(readable, name)) add(s, 'requester', 'requester:name');
  const rules = [...contactRules(context.requester), ...patternRules(context.jurisdiction)];
  for (const { rule, kind, pattern, valid } of rules) {
    for (const match of readable.matchAll(new RegExp(pattern.source, pattern.flags))) {
      const value = match[0];
      const end = match.index + value.length;
      if (value.length === 0 || (valid && !valid(value, readable, match.index, end))) continue;
      add({ start: match.index, end }, kind, rule);
    }
  }
  for (const s of phoneStretches(readable, context.jurisdiction))
    add(s, 'phone', `${context.jurisdiction}:phone`);
  // An agency's own patterns, under RE2: linear time, whatever an agency admin wrote.
  for (const own of context.agencyRules ?? [])
    for (const s of re2Stretches(own.pattern, readable)) add(s, 'agency_rule', `agency:${own.id}`);
  return mergeRedactions(found);
}

/** The marker a published text holds in place of a hidden stretch: `⟦email⟧`. */
export const redactionMarker = (kind: RedactionKind) => `⟦${kind}⟧`;

/**
 * `text` with every redaction replaced by its marker. Brackets that look like
 * markers in the original are changed first, so nobody can forge one.
 */
export function applyRedactions(text: string, redactions: readonly Redaction[]): string {
  let out = '';
  let at = 0;
  for (const r of mergeRedactions(redactions)) {
    out += unforgeable(text.slice(at, r.start)) + redactionMarker(r.kind);
    at = r.end;
  }
  out += unforgeable(text.slice(at));
  return out;
}

/** The original text's own ⟦ and ⟧ made plain: only a redaction writes a marker. */
const unforgeable = (text: string) => text.replace(/⟦/g, '[').replace(/⟧/g, ']');

/** One stretch of a published text: its words, or a hidden stretch named by its kind. */
export type PublishedPart = { text: string } | { redacted: string };

/** A published text in stretches: the words as they are, each marker (⟦kind⟧) by its kind. */
export function publishedParts(text: string): PublishedPart[] {
  return text
    .split(/(⟦[a-z_]+⟧)/)
    .filter((part) => part !== '')
    .map((part) => {
      const kind = /^⟦([a-z_]+)⟧$/.exec(part)?.[1];
      return kind ? { redacted: kind } : { text: part };
    });
}

/** A published text on one line for a title, a card, a feed or a cell: each hidden stretch as `marker`. */
export function plainPublished(text: string | null | undefined, marker = '…'): string {
  return (text ?? '')
    .replace(/⟦[a-z_]+⟧/g, marker)
    .replace(/\s+/g, ' ')
    .trim();
}
