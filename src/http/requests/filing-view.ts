import type { AgencySummary } from '../../agencies/agency-store.ts';
import { t, type Locale } from '../../i18n/i18n.ts';
import { responsePeriod } from '../../jurisdictions/deadline.ts';
import { currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import type { Jurisdiction } from '../../jurisdictions/jurisdiction-schema.ts';
import { periodWords } from '../jurisdictions/jurisdiction-view.ts';
import type { Filer } from './filing-answers.ts';
import { previousPlace, type FilingDraft, type FilingStep } from './filing-steps.ts';

/** Above this many agencies a country's list is a select, not radios. */
const MOST_RADIOS = 12;
const CHANNELS = ['paper', 'phone', 'email', 'in_person'] as const;
const LANGUAGES = [
  { code: 'ar', name: 'العربية' },
  { code: 'en', name: 'English' },
] as const;

export interface StepPageInput {
  locale: Locale;
  filer: Filer;
  step: FilingStep;
  /** The draft this page belongs to ('' before the first answer). */
  draftId: string;
  values: Partial<FilingDraft>;
  jurisdiction: Jurisdiction | undefined;
  /** The countries on offer (the country page) and the chosen country's agencies (the agency page). */
  countries: readonly Jurisdiction[];
  agencies: readonly AgencySummary[];
  changing: boolean;
  suggestions?: readonly { code: string; name: string }[] | undefined;
  topic: string;
}

/** Where the back link of a page goes: the page before, or "Check your answers" when changing. */
function backOf(filer: Filer, step: FilingStep | 'check', changing: boolean): string {
  if (changing) return '/requests/new/check';
  const before = previousPlace(filer.steps, step);
  return before ? `/requests/new/${before}` : filer.officer ? '/requests' : '/';
}

/**
 * The agencies as choices: those suggested from the person's words first, best
 * first and marked, the best one chosen; then the rest in their order.
 */
function agencyChoices(
  locale: Locale,
  agencies: readonly AgencySummary[],
  suggested: readonly { code: string }[],
  chosen: string | undefined,
) {
  const rank = (code: string) => {
    const at = suggested.findIndex((s) => s.code === code);
    return at === -1 ? suggested.length : at;
  };
  const pick = suggested[0]?.code ?? chosen;
  return [...agencies]
    .sort((a, b) => rank(a.code) - rank(b.code))
    .map((a) => ({
      code: a.code,
      name: a.name[locale],
      checked: a.code === pick,
      tag: rank(a.code) < suggested.length ? t(locale, 'filing.matches') : null,
    }));
}

/** The filing's heading: a citizen files, an officer logs. */
const captionOf = (locale: Locale, filer: Filer) =>
  t(locale, filer.officer ? 'filing.logTitle' : 'filing.title');

/** One question page's view model: the question, its choices and what was answered. Pure. */
export function stepView(input: StepPageInput) {
  const { locale, filer, step, values, jurisdiction } = input;
  const rules = jurisdiction ? currentRules(jurisdiction) : undefined;
  return {
    titleText: t(locale, `filing.q.${step}`),
    caption: captionOf(locale, filer),
    progress: t(locale, 'filing.stepOf', {
      step: filer.steps.indexOf(step) + 1,
      count: filer.steps.length,
    }),
    back: backOf(filer, step, input.changing),
    place: step,
    draftId: input.draftId,
    changing: input.changing,
    officer: filer.officer,
    values,
    countries: input.countries.map((j) => ({
      code: j.code,
      name: j.name[locale],
      checked: j.code === values.jurisdiction,
    })),
    countryName: jurisdiction?.name[locale] ?? '',
    agencies: agencyChoices(locale, input.agencies, input.suggestions ?? [], values.agency),
    manyAgencies: input.agencies.length > MOST_RADIOS,
    suggested: input.suggestions !== undefined,
    suggestions: input.suggestions ?? [],
    topic: input.topic,
    urgentTrack: rules?.urgent != null,
    channels: CHANNELS.map((code) => ({
      code,
      name: t(locale, `request.channel.${code}`),
      checked: code === values.channel,
    })),
    languages: LANGUAGES.map((l) => ({ ...l, checked: l.code === (values.language ?? locale) })),
    // What each choice means, beside it: who reads the request and its answer.
    visibilities: (['public', 'private'] as const).map((code) => ({
      code,
      name: t(locale, `filing.${code}`),
      hint: t(locale, `filing.${code}Hint`),
      checked: values.visibility === code,
    })),
  };
}

export interface CheckPageInput {
  locale: Locale;
  filer: Filer;
  draft: Partial<FilingDraft>;
  draftId: string;
  jurisdiction: Jurisdiction | undefined;
  agencyName: string;
  signedIn: boolean;
}

interface Row {
  /** The draft's key: the row's id, so an error summary's link lands on it. */
  id: keyof FilingDraft;
  label: string;
  value: string;
  step: FilingStep;
}

/** "Check your answers": each answer with a link to change it, and what sending starts. Pure. */
export function checkView(input: CheckPageInput) {
  const { locale, filer, draft, jurisdiction } = input;
  const row = (id: keyof FilingDraft, step: FilingStep, label: string, value: string): Row => ({
    id,
    label: t(locale, label),
    value,
    step,
  });
  const yesNo = (yes: boolean) => t(locale, yes ? 'common.yes' : 'common.no');
  const rows: Row[] = [];
  if (!filer.officer)
    rows.push(
      row('jurisdiction', 'country', 'filing.country', jurisdiction?.name[locale] ?? ''),
      row('agency', 'agency', 'filing.agency', input.agencyName),
    );
  else
    rows.push(
      row('receivedAt', 'received', 'filing.receivedAt', draft.receivedAt?.replace('T', ' ') ?? ''),
      row(
        'channel',
        'received',
        'filing.channel',
        t(locale, `request.channel.${draft.channel ?? 'paper'}`),
      ),
      row('requesterName', 'received', 'filing.requesterName', draft.requesterName ?? ''),
      row('requesterEmail', 'received', 'filing.requesterEmail', draft.requesterEmail ?? ''),
      row(
        'language',
        'received',
        'filing.language',
        draft.language === 'en' ? 'English' : 'العربية',
      ),
    );
  rows.push(
    row('subject', 'question', 'request.subject', draft.subject ?? ''),
    row('body', 'question', 'filing.body', draft.body ?? ''),
  );
  if (jurisdiction && currentRules(jurisdiction).urgent)
    rows.push(
      row(
        'urgent',
        'question',
        'filing.check.urgent',
        draft.urgent ? `${yesNo(true)}: ${draft.urgentReason ?? ''}` : yesNo(false),
      ),
    );
  rows.push(
    row(
      'visibility',
      'visibility',
      'filing.visibility',
      t(locale, `filing.${draft.visibility ?? 'public'}`),
    ),
  );
  if (!filer.officer && draft.visibility === 'public')
    rows.push(
      row(
        'displayName',
        'visibility',
        'filing.displayName',
        draft.displayName ?? t(locale, 'filing.check.noName'),
      ),
    );
  const period = jurisdiction ? responsePeriod(currentRules(jurisdiction)) : undefined;
  return {
    titleText: t(locale, 'filing.check.title'),
    caption: captionOf(locale, filer),
    back: backOf(filer, 'check', false),
    draftId: input.draftId,
    officer: filer.officer,
    rows: rows.map((r) => ({ ...r, change: `/requests/new/${r.step}?change=1#${r.id}` })),
    next: period
      ? t(locale, filer.officer ? 'filing.check.nextLogged' : 'filing.check.next', {
          period: periodWords(locale, period),
        })
      : null,
    signedIn: input.signedIn,
  };
}
