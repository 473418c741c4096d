import {
  activeAgenciesOf,
  jurisdictionsWithAgencies,
  type AgencySummary,
} from '../../agencies/agency-store.ts';
import { t, type Locale } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { acceptsFiling, currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import { fieldId, formErrors } from '../middleware/validation.ts';
import { STEP_FIELDS, stepOfField, type FilingDraft, type FilingStep } from './filing-steps.ts';
import { filingInput, text, type Form } from './request-form-input.ts';

/** Who answers the questions: a citizen (or a visitor), or an officer logging for their agency. */
export interface Filer {
  officer: boolean;
  /** The officer's own agency: its country and code are the answers they skip. */
  own: AgencySummary | undefined;
  steps: readonly FilingStep[];
}

/** A page's problems: the draft's key → the message, in the order of the page. */
export type Problems = Record<string, string>;

/** The countries a request can be filed in: a law with a deadline, and an agency to ask. */
export async function filingCountries(registry: JurisdictionRegistry) {
  const open = await jurisdictionsWithAgencies();
  return registry.all().filter((j) => open.has(j.code) && acceptsFiling(currentRules(j)));
}

const trimmed = (value: unknown) => text(value).trim();

/** The answers one page posted, as the draft keeps them (empty ones left out). */
export function pageAnswers(step: FilingStep, form: Form, filer: Filer): Partial<FilingDraft> {
  const answers: Partial<FilingDraft> = {};
  switch (step) {
    case 'country':
      answers.jurisdiction = trimmed(form.jurisdiction);
      break;
    case 'agency':
      answers.agency = trimmed(form.agency);
      break;
    case 'received':
      answers.receivedAt = trimmed(form.receivedAt);
      answers.channel = trimmed(form.channel);
      answers.requesterName = trimmed(form.requesterName);
      answers.requesterEmail = trimmed(form.requesterEmail);
      answers.language = trimmed(form.language);
      break;
    case 'question':
      answers.subject = text(form.subject);
      answers.body = text(form.body);
      answers.urgent = form.urgent === 'on';
      answers.urgentReason = answers.urgent ? text(form.urgentReason) : '';
      break;
    case 'visibility':
      answers.visibility = trimmed(form.visibility);
      if (!filer.officer) answers.displayName = trimmed(form.displayName);
      break;
  }
  return Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== ''));
}

/** The draft as the filing form's fields (what `filingInput` reads). */
export function draftForm(draft: Partial<FilingDraft>): Form {
  return { ...draft, urgent: draft.urgent ? 'on' : '' };
}

/** Problems named by the filing body's fields, named by the draft's answers, in page order. */
export function answerProblems(fields: Record<string, string>): Problems {
  const order = Object.values(STEP_FIELDS).flat() as string[];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(
    Object.entries(fields)
      .map(([field, message]) => [fieldId(field), message] as const)
      .sort(([a], [b]) => rank(a) - rank(b)),
  );
}

/**
 * The problems of one page's answers, checked by the filing's own schema (the
 * same one the API and the final send use) and, for the first two pages,
 * against the countries and agencies on offer. Null when there are none.
 */
export async function stepProblems(
  locale: Locale,
  step: FilingStep,
  draft: Partial<FilingDraft>,
  filer: Filer,
  registry: JurisdictionRegistry,
): Promise<Problems | null> {
  const keys: Problems = {};
  if (step === 'country') {
    const offered = await filingCountries(registry);
    if (!offered.some((j) => j.code === draft.jurisdiction))
      keys.jurisdiction = t(locale, 'validation.country');
  } else if (step === 'agency') {
    const agencies = draft.jurisdiction ? await activeAgenciesOf(draft.jurisdiction) : [];
    if (!agencies.some((a) => a.code === draft.agency))
      keys.agency = t(locale, 'validation.agency');
  } else {
    const zone = registry.get(draft.jurisdiction ?? '')?.timeZone;
    const messages = schemaProblems(locale, () =>
      filingInput(filer.officer, draftForm(draft), zone),
    );
    for (const [key, message] of Object.entries(answerProblems(messages)))
      if (stepOfField(key) === step) keys[key] = message;
    // The filing's service asks a reason of an urgent request; say so on this page.
    if (step === 'question' && draft.urgent && !draft.urgentReason?.trim() && !keys.urgentReason)
      keys.urgentReason = t(locale, 'validation.urgentReason');
  }
  return Object.keys(keys).length > 0 ? answerProblems(keys) : null;
}

/** The field messages of a parse that failed, or none. */
function schemaProblems(locale: Locale, parse: () => unknown): Record<string, string> {
  try {
    parse();
    return {};
  } catch (error) {
    // Any other failure is not the person's answer: formErrors throws it on.
    return formErrors(locale, error);
  }
}
