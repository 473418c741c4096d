import express, { type Request, type Response, type Router } from 'express';
import {
  activeAgenciesOf,
  findAgency,
  jurisdictionsWithAgencies,
} from '../../agencies/agency-store.ts';
import { t } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import type { SessionUser } from '../../users/user-store.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { formErrors, inPageOrder } from '../middleware/validation.ts';
import { filingView } from './filing-view.ts';
import { filingInput, text, type Form } from './request-form-input.ts';
import { formatInstant } from '../../jurisdictions/date-format.ts';
import { logsForAgency } from '../../requests/request-policy.ts';
import {
  agencySuggestions,
  fileRequest,
  likelyDuplicates,
  type RequestDeps,
} from '../../requests/request-service.ts';

/** The filing form's fields in the order they stand on the page (views/requests/new.hbs). */
const FILING_FIELDS = [
  'jurisdiction',
  'subject',
  'body',
  'agency',
  'urgent',
  'urgentReason',
  'displayName',
  'visibility',
  'receivedAt',
  'channel',
  'requester.name',
  'requester.email',
  'language',
];

/**
 * The filing page (DESIGN §9): pick the country, then the agency (suggested from
 * the text), then file; a likely duplicate of one's own recent request is shown
 * and must be confirmed. Works without JavaScript: each step is a form post.
 */
export function filingPages(deps: RequestDeps & { jurisdictions: JurisdictionRegistry }): Router {
  const router = express.Router();
  const filers = requireRole('citizen', 'officer', 'agency_admin');

  /** An officer's own agency: they log requests for it, in its jurisdiction. */
  const ownAgency = async (user: SessionUser) =>
    logsForAgency(user) && user.agency ? await findAgency(user.agency) : undefined;

  const render = async (req: Request, res: Response, status: number, form: Form, extra = {}) => {
    const user = signedInUser(req);
    const own = await ownAgency(user);
    const jurisdiction = deps.jurisdictions.get(own?.jurisdiction ?? text(form.jurisdiction));
    const [agencies, open] = await Promise.all([
      jurisdiction ? activeAgenciesOf(jurisdiction.code) : Promise.resolve([]),
      jurisdictionsWithAgencies(),
    ]);
    res.status(status).render('requests/new', {
      csrf: csrfToken(req, res),
      ...filingView({
        locale: req.locale,
        officer: logsForAgency(user),
        ownAgency: own,
        // Only the countries with an agency to ask: others would give an empty list.
        jurisdictions: deps.jurisdictions.all().filter((j) => open.has(j.code)),
        jurisdiction,
        agencies,
        values: form,
      }),
      ...extra,
    });
  };

  /** The citizen's own recent requests to `agency` that look like this one. */
  const duplicatesOf = async (req: Request, form: Form, now: Date) => {
    const user = signedInUser(req);
    const agency = text(form.agency);
    if (logsForAgency(user) || !agency) return [];
    const code = text(form.jurisdiction);
    const zone = deps.jurisdictions.get(code)?.timeZone ?? 'UTC';
    const found = await likelyDuplicates(
      user,
      agency,
      `${text(form.subject)} ${text(form.body)}`,
      now,
    );
    return found.map((d) => ({
      ...d,
      received: formatInstant(d.receivedAt, req.locale, zone, code),
    }));
  };

  router.get('/requests/new', filers, async (req, res) => {
    await render(req, res, 200, { jurisdiction: text(req.query.jurisdiction) });
  });

  router.post('/requests/new', filers, async (req, res) => {
    const user = signedInUser(req);
    const form = req.body as Form;
    const now = new Date();
    // A suggested agency picked with one click: the suggestions stay, that one chosen.
    const picked = text(form.pick);
    if (picked) form.agency = picked;
    // The steps before filing: a country chosen, or agencies suggested from the text.
    if (form.intent === 'suggest' || form.intent === 'country' || picked) {
      const code = text(form.jurisdiction);
      // No country chosen (Enter on an empty choice): say so, rather than reload in silence.
      if (form.intent === 'country' && !deps.jurisdictions.get(code)) {
        await render(req, res, 422, form, {
          fields: { jurisdiction: t(req.locale, 'validation.country') },
          focus: 'country',
        });
        return;
      }
      const suggesting = form.intent === 'suggest' || Boolean(picked);
      const suggestions =
        deps.jurisdictions.get(code) && suggesting
          ? await agencySuggestions(code, `${text(form.subject)} ${text(form.body)}`)
          : [];
      // The most likely agency is chosen unless the person chose one.
      if (!text(form.agency) && suggestions[0]) form.agency = suggestions[0].code;
      await render(req, res, 200, form, {
        suggested: suggesting,
        // After the round trip, focus returns to where the person was.
        focus: picked ? 'suggestions' : suggesting ? 'suggest' : 'country',
        suggestions: suggestions.map((s) => ({ code: s.code, name: s.name[req.locale] })),
        duplicates: await duplicatesOf(req, form, now),
      });
      return;
    }
    try {
      const own = await ownAgency(user);
      const zone = deps.jurisdictions.get(own?.jurisdiction ?? text(form.jurisdiction))?.timeZone;
      const input = filingInput(user, form, zone);
      const duplicates = await duplicatesOf(req, form, now);
      if (duplicates.length > 0 && form.duplicateConfirmed !== 'on') {
        await render(req, res, 200, form, { duplicates, askDuplicate: true });
        return;
      }
      const { request } = await fileRequest(deps, user, input, now);
      res.redirect(303, `/requests/${request.ref}?filed=1`);
    } catch (error) {
      await render(req, res, 422, form, {
        fields: inPageOrder(formErrors(req.locale, error), FILING_FIELDS),
      });
    }
  });
  return router;
}
