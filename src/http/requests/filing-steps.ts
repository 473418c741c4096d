/**
 * The filing's questions, one per page (GOV.UK's question pages): which pages a
 * person answers, in which order, and where each answer leads. Pure: the
 * routes (filing-routes.ts) keep the answers in the session and call these.
 */

/** A question page of the filing. */
export type FilingStep = 'country' | 'agency' | 'received' | 'question' | 'visibility';

/** Where the next page is: a question, or "Check your answers". */
export type FilingPlace = FilingStep | 'check';

/** The answers given so far, kept in the session between pages (text as typed). */
export interface FilingDraft {
  /** Tells this draft from one that replaced it (a session that expired and began again). */
  id: string;
  jurisdiction?: string;
  agency?: string;
  subject?: string;
  body?: string;
  urgent?: boolean;
  urgentReason?: string;
  visibility?: string;
  displayName?: string;
  /** An officer's logging: the receipt as a local date and time, the channel, the requester. */
  receivedAt?: string;
  channel?: string;
  requesterName?: string;
  requesterEmail?: string;
  language?: string;
}

/** The answers a step asks for (the draft's keys), in the order they stand on its page. */
export const STEP_FIELDS = {
  country: ['jurisdiction'],
  agency: ['agency'],
  received: ['receivedAt', 'channel', 'requesterName', 'requesterEmail', 'language'],
  question: ['subject', 'body', 'urgent', 'urgentReason'],
  visibility: ['visibility', 'displayName'],
} as const satisfies Record<FilingStep, readonly (keyof FilingDraft)[]>;

/** The answers a step must have before the person may go on (the rest are optional). */
const REQUIRED: Record<FilingStep, readonly (keyof FilingDraft)[]> = {
  country: ['jurisdiction'],
  agency: ['agency'],
  received: ['receivedAt', 'channel', 'requesterName', 'language'],
  question: ['subject', 'body'],
  visibility: ['visibility'],
};

/**
 * The pages of a filing, in order. A citizen chooses the country and the
 * agency; an officer logs a request for their own agency, so those two are
 * known and the receipt (when, how, from whom) comes first instead.
 */
export function stepsFor(officer: boolean): readonly FilingStep[] {
  return officer
    ? ['received', 'question', 'visibility']
    : ['country', 'agency', 'question', 'visibility'];
}

/** Whether `step` holds every answer it must have. */
export function answered(step: FilingStep, draft: Partial<FilingDraft>): boolean {
  return REQUIRED[step].every((key) => {
    const value = draft[key];
    return typeof value === 'string' ? value.trim() !== '' : value !== undefined;
  });
}

/** The first page still to answer, or "Check your answers" when every page is answered. */
export function firstUnanswered(
  steps: readonly FilingStep[],
  draft: Partial<FilingDraft>,
): FilingPlace {
  return steps.find((step) => !answered(step, draft)) ?? 'check';
}

/**
 * Where the person may be: a page whose earlier pages are all answered (no
 * agency before a country), or else the first page still to answer.
 */
export function reachable(
  steps: readonly FilingStep[],
  draft: Partial<FilingDraft>,
  wanted: FilingPlace,
): FilingPlace {
  const first = firstUnanswered(steps, draft);
  if (wanted === 'check') return first;
  const at = steps.indexOf(wanted);
  if (at === -1) return first;
  return first === 'check' || at <= steps.indexOf(first) ? wanted : first;
}

/**
 * Where the person goes once `step` is answered: the next page in order; or,
 * when they came from "Check your answers" to change something, straight back
 * there, unless the change left a later page to answer (a new country needs
 * its agency chosen again).
 */
export function nextPlace(
  steps: readonly FilingStep[],
  draft: Partial<FilingDraft>,
  step: FilingStep,
  changing: boolean,
): FilingPlace {
  const first = firstUnanswered(steps, draft);
  if (changing || first === 'check') return first;
  const after = steps[steps.indexOf(step) + 1];
  return after ?? first;
}

/** The page before `place` (the back link), or null on the first page. */
export function previousPlace(steps: readonly FilingStep[], place: FilingPlace): FilingStep | null {
  const at = place === 'check' ? steps.length : steps.indexOf(place);
  return at > 0 ? (steps[at - 1] ?? null) : null;
}

/**
 * The draft with one page's answers in place of that page's earlier ones. An
 * agency belongs to a country: a new country forgets the agency chosen.
 */
export function withAnswers(
  draft: FilingDraft,
  step: FilingStep,
  answers: Partial<FilingDraft>,
): FilingDraft {
  const replaced = new Set<string>(STEP_FIELDS[step]);
  if (step === 'country' && answers.jurisdiction !== draft.jurisdiction) replaced.add('agency');
  const kept = Object.entries(draft).filter(([key]) => !replaced.has(key));
  return { ...(Object.fromEntries(kept) as FilingDraft), ...answers, id: draft.id };
}

/** The page that asks for `field` (a key of the filing's body or the draft), if any. */
export function stepOfField(field: string): FilingStep | undefined {
  const key =
    field === 'requester.name'
      ? 'requesterName'
      : field === 'requester.email'
        ? 'requesterEmail'
        : field;
  return (Object.keys(STEP_FIELDS) as FilingStep[]).find((step) =>
    (STEP_FIELDS[step] as readonly string[]).includes(key),
  );
}
