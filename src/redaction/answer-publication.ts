import { documentTokens } from '../text/search-text.ts';
import {
  applyRedactions,
  findRedactions,
  mergeRedactions,
  type Redaction,
  type RedactionContext,
} from './redaction.ts';

/** Every place `phrase` appears in `text`, case and Arabic-Indic digits aside, as a manual redaction. */
export function phraseRedactions(text: string, phrase: string): Redaction[] {
  const found: Redaction[] = [];
  const haystack = text.toLowerCase();
  const needle = phrase.toLowerCase();
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1))
    found.push({ start: at, end: at + needle.length, kind: 'manual', rule: 'manual' });
  return found;
}

/**
 * The answer as it would be published: the rules' redactions (less those the
 * officer lifted, by `start-end`) and the officer's own phrases hidden. Pure:
 * the preview and the answer itself call it with the same inputs.
 */
export function answerRedactions(
  text: string,
  context: RedactionContext,
  choices: { unhide?: readonly string[]; hide?: readonly string[] } = {},
): { found: Redaction[]; applied: Redaction[]; published: string } {
  const found = findRedactions(text, context);
  const lifted = new Set(choices.unhide ?? []);
  const kept = found.filter((r) => !lifted.has(`${String(r.start)}-${String(r.end)}`));
  const manual = (choices.hide ?? []).flatMap((phrase) => phraseRedactions(text, phrase));
  const applied = mergeRedactions([...kept, ...manual]);
  return { found, applied, published: applyRedactions(text, applied) };
}

/** A public request's tokens with its published answer's words added. */
export function tokensWithAnswer(
  publicText: { subject: string; body: string },
  answer: string | null,
): { searchTokens: string[]; subjectTokens: string[] } {
  return {
    searchTokens: documentTokens(`${publicText.subject} ${publicText.body} ${answer ?? ''}`),
    subjectTokens: documentTokens(publicText.subject),
  };
}
