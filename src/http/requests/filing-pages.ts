import type { Request, Response } from 'express';
import { activeAgenciesOf, findAgency } from '../../agencies/agency-store.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { logsForAgency } from '../../requests/request-policy.ts';
import { likelyDuplicates, type RequestDeps } from '../../requests/request-service.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { takeFlash } from '../middleware/flash.ts';
import { filingCountries, type Filer, type Problems } from './filing-answers.ts';
import { stepsFor, type FilingDraft, type FilingStep } from './filing-steps.ts';
import { checkView, stepView } from './filing-view.ts';

export type FilingDeps = RequestDeps & { jurisdictions: JurisdictionRegistry };

/** What a question page shows besides the answers: its problems, suggestions, a lost session. */
export interface StepExtras {
  values: Partial<FilingDraft>;
  /** Whether the person came from "Check your answers" (they go back there). */
  changing: boolean;
  fields?: Problems | undefined;
  /** Whether the session ended since the page before (its answers are gone). */
  expired?: boolean;
  suggestions?: { code: string; name: string }[];
  /** The words agencies were suggested from. */
  topic?: string;
}

/** The filing's pages as rendered: each question, and "Check your answers". */
export function filingRenderer(deps: FilingDeps) {
  const zoneOf = (code: string | undefined) =>
    deps.jurisdictions.get(code ?? '')?.timeZone ?? 'UTC';

  /** Who is filing: a citizen or a visitor, or an officer logging for their own agency. */
  const filerOf = async (req: Request): Promise<Filer> => {
    const officer = req.user !== undefined && logsForAgency(req.user);
    const own = officer && req.user?.agency ? await findAgency(req.user.agency) : undefined;
    return { officer, own, steps: stepsFor(officer) };
  };

  /** The draft with what an officer's own agency decides (their country and agency). */
  const answersOf = (filer: Filer, draft: Partial<FilingDraft> | undefined) =>
    filer.own
      ? { ...draft, jurisdiction: filer.own.jurisdiction, agency: filer.own.code }
      : { ...draft };

  const renderStep = async (
    req: Request,
    res: Response,
    filer: Filer,
    step: FilingStep,
    status: number,
    extra: StepExtras,
  ) => {
    const values = answersOf(filer, extra.values);
    const jurisdiction = deps.jurisdictions.get(values.jurisdiction ?? '');
    const [countries, agencies] = await Promise.all([
      step === 'country' ? filingCountries(deps.jurisdictions) : Promise.resolve([]),
      step === 'agency' && jurisdiction ? activeAgenciesOf(jurisdiction.code) : Promise.resolve([]),
    ]);
    res.status(status).render(`requests/filing/${step}`, {
      csrf: csrfToken(req, res),
      notice: takeFlash(req),
      ...stepView({
        locale: req.locale,
        filer,
        step,
        draftId: req.session.filing?.id ?? '',
        values,
        jurisdiction,
        countries,
        agencies,
        changing: extra.changing,
        suggestions: extra.suggestions,
        topic: extra.topic ?? '',
      }),
      fields: extra.fields,
      expired: extra.expired === true,
    });
  };

  /** The citizen's own recent requests to the chosen agency that look like this one. */
  const duplicatesOf = async (req: Request, filer: Filer, draft: Partial<FilingDraft>) => {
    if (!req.user || filer.officer || !draft.agency) return [];
    const words = `${draft.subject ?? ''} ${draft.body ?? ''}`;
    const found = await likelyDuplicates(req.user, draft.agency, words, new Date());
    const voice = req.formatIn(draft.jurisdiction);
    return found.map((d) => ({ ...d, received: voice.shortDay(d.receivedAt) }));
  };

  const renderCheck = async (
    req: Request,
    res: Response,
    filer: Filer,
    status: number,
    fields?: Problems,
  ) => {
    const draft = answersOf(filer, req.session.filing);
    const agency = draft.agency ? await findAgency(draft.agency) : undefined;
    res.status(status).render('requests/filing/check', {
      csrf: csrfToken(req, res),
      notice: takeFlash(req),
      ...checkView({
        locale: req.locale,
        filer,
        draft,
        draftId: req.session.filing?.id ?? '',
        jurisdiction: deps.jurisdictions.get(draft.jurisdiction ?? ''),
        agencyName: agency?.name[req.locale] ?? '',
        signedIn: req.user !== undefined,
      }),
      duplicates: await duplicatesOf(req, filer, draft),
      fields,
    });
  };

  return { zoneOf, filerOf, answersOf, renderStep, renderCheck, duplicatesOf };
}
