import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { findAgency, isActiveAgency } from '../../agencies/agency-store.ts';
import { AppError, NotFoundError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import { agencySuggestions, fileRequest } from '../../requests/request-service.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { flash } from '../middleware/flash.ts';
import { formErrors } from '../middleware/validation.ts';
import {
  answerProblems,
  draftForm,
  filingCountries,
  pageAnswers,
  stepProblems,
  type Filer,
} from './filing-answers.ts';
import { filingRenderer, type FilingDeps } from './filing-pages.ts';
import {
  firstUnanswered,
  nextPlace,
  reachable,
  withAnswers,
  type FilingDraft,
  type FilingPlace,
  type FilingStep,
} from './filing-steps.ts';
import { filingInput, text, type Form } from './request-form-input.ts';

declare module 'express-session' {
  interface SessionData {
    /** The filing's answers so far, one page at a time; they go with a sign-in (auth.ts). */
    filing?: FilingDraft;
  }
}

const urlOf = (place: FilingPlace, changing = false) =>
  `/requests/new/${place}${changing && place !== 'check' ? '?change=1' : ''}`;

const placeOf = (filer: Filer, place: string): FilingPlace | undefined =>
  place === 'check' || (filer.steps as readonly string[]).includes(place)
    ? (place as FilingPlace)
    : undefined;

/**
 * Filing, one question per page (DESIGN §9; GOV.UK's question pages): the
 * country, the agency (with suggestions from a few words), what the person
 * wants to know, who may see it, then "Check your answers" and a page that
 * gives the ref and what happens next. An officer logging a paper or phone
 * request answers the receipt (when, how, from whom) instead of the country
 * and the agency. Works without JavaScript. The answers live in the session
 * between pages; visitors may answer and sign in before sending (the answers
 * go with them, auth.ts); a page posted after the session ended says so and
 * keeps that page's answers.
 */
export function filingPages(deps: FilingDeps): Router {
  const router = express.Router();
  const pages = filingRenderer(deps);
  const mayFile = requireRole('citizen', 'officer', 'agency_admin');
  // Visitors may answer the questions; someone signed in must be one who files.
  const mayAsk = (req: Request, res: Response, next: NextFunction) => {
    if (req.user) mayFile(req, res, next);
    else next();
  };
  const placeIn = (req: Request, filer: Filer) => {
    const place = placeOf(filer, String(req.params.place));
    if (!place) throw new NotFoundError();
    return place;
  };

  // The start: a link from an agency's page or a country's gives those answers.
  router.get('/requests/new', mayAsk, async (req, res) => {
    const filer = await pages.filerOf(req);
    const agency = filer.officer ? '' : text(req.query.agency);
    const country = filer.officer ? '' : text(req.query.jurisdiction);
    const draft = req.session.filing ?? { id: randomUUID() };
    const found = agency ? await findAgency(agency) : undefined;
    if (found && (await isActiveAgency(found.code)))
      req.session.filing = withAnswers(
        withAnswers(draft, 'country', { jurisdiction: found.jurisdiction }),
        'agency',
        { agency: found.code },
      );
    else if (country && (await filingCountries(deps.jurisdictions)).some((j) => j.code === country))
      req.session.filing = withAnswers(draft, 'country', { jurisdiction: country });
    const answers = pages.answersOf(filer, req.session.filing);
    res.redirect(303, urlOf(firstUnanswered(filer.steps, answers)));
  });

  router.get('/requests/new/:place', mayAsk, async (req, res) => {
    const filer = await pages.filerOf(req);
    const wanted = placeIn(req, filer);
    const draft = pages.answersOf(filer, req.session.filing);
    // No page before the ones it depends on (an agency needs its country).
    const place = reachable(filer.steps, draft, wanted);
    if (place !== wanted) {
      res.redirect(303, urlOf(place));
      return;
    }
    if (place === 'check') await pages.renderCheck(req, res, filer, 200);
    else
      await pages.renderStep(req, res, filer, place, 200, {
        values: draft,
        changing: req.query.change === '1',
      });
  });

  router.post('/requests/new/:place', mayAsk, async (req, res) => {
    const filer = await pages.filerOf(req);
    const place = placeIn(req, filer);
    const form = req.body as Form;
    if (place === 'check') await send(req, res, filer, form);
    else await answer(req, res, filer, place, form);
  });

  /** One page's answers: kept and on to the next page, or the page again with its problems. */
  const answer = async (
    req: Request,
    res: Response,
    filer: Filer,
    step: FilingStep,
    form: Form,
  ) => {
    const changing = form.change === '1';
    // A page posted from a draft the session no longer holds: the session ended meanwhile.
    const held = req.session.filing;
    const expired = text(form.draft) !== '' && held?.id !== text(form.draft);
    const draft: FilingDraft = !held || expired ? { id: randomUUID() } : held;
    if (expired) req.session.filing = draft;
    const answers = pageAnswers(step, form, filer);
    const candidate = pages.answersOf(filer, { ...draft, ...answers });
    if (step === 'agency' && form.intent === 'suggest') {
      // Agencies suggested from a few words; one click chooses one.
      const topic = text(form.topic).trim();
      const found =
        topic && candidate.jurisdiction
          ? await agencySuggestions(candidate.jurisdiction, topic)
          : [];
      await pages.renderStep(req, res, filer, step, 200, {
        values: candidate,
        changing,
        expired,
        topic,
        suggestions: found.map((s) => ({ code: s.code, name: s.name[req.locale] })),
      });
      return;
    }
    const fields = await stepProblems(req.locale, step, candidate, filer, deps.jurisdictions);
    if (fields) {
      await pages.renderStep(req, res, filer, step, 422, {
        values: candidate,
        changing,
        fields,
        expired,
      });
      return;
    }
    req.session.filing = withAnswers(draft, step, answers);
    if (expired) flash(req, 'filing.expired');
    const next = nextPlace(filer.steps, pages.answersOf(filer, req.session.filing), step, changing);
    res.redirect(303, urlOf(next, changing));
  };

  /** "Check your answers" sent: filed, the draft forgotten, and the ref with what comes next. */
  const send = async (req: Request, res: Response, filer: Filer, form: Form) => {
    if (!req.user) {
      res.redirect(303, `/login?next=${encodeURIComponent('/requests/new/check')}`);
      return;
    }
    const draft = pages.answersOf(filer, req.session.filing);
    const missing = firstUnanswered(filer.steps, draft);
    if (!req.session.filing || missing !== 'check') {
      if (text(form.draft)) flash(req, 'filing.expired');
      res.redirect(303, urlOf(missing));
      return;
    }
    try {
      const zone = pages.zoneOf(draft.jurisdiction);
      const input = filingInput(filer.officer, draftForm(draft), zone);
      const duplicates = await pages.duplicatesOf(req, filer, draft);
      if (duplicates.length > 0 && form.duplicateConfirmed !== 'on') {
        await pages.renderCheck(req, res, filer, 422, {
          duplicateConfirmed: t(req.locale, 'validation.duplicateConfirm'),
        });
        return;
      }
      const { request } = await fileRequest(deps, signedInUser(req), input, new Date());
      delete req.session.filing;
      res.redirect(303, `/requests/${request.ref}/sent`);
    } catch (error) {
      // A rule only the send can check (an agency closed meanwhile): named beside its answer.
      await pages.renderCheck(req, res, filer, 422, answerProblems(formErrors(req.locale, error)));
    }
  };
  return router;
}

/**
 * A question page posted after a signed-in session ended fails the CSRF check
 * (its token lived in the session): the page comes back with what was typed on
 * it and says why, instead of an error page that loses it. Nothing is kept
 * until it is posted again, with the new token. Mounted on `/requests/new`.
 */
export function filingAfterSessionEnd(deps: FilingDeps) {
  const pages = filingRenderer(deps);
  return async (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof AppError) || error.code !== 'CSRF.INVALID' || req.method !== 'POST') {
      next(error);
      return;
    }
    const filer = await pages.filerOf(req);
    const place = placeOf(filer, req.path.replace(/^\//, ''));
    if (!place || place === 'check') {
      next(error);
      return;
    }
    const values = pageAnswers(place, req.body as Form, filer);
    await pages.renderStep(req, res, filer, place, 403, { values, changing: false, expired: true });
  };
}
