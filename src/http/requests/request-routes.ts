import express, { type Request, type Response, type Router } from 'express';
import { agencyRedactionRules } from '../../agencies/agency-directory.ts';
import { redactionContextOf } from '../../redaction/public-text.ts';
import { activeAgenciesOf } from '../../agencies/agency-store.ts';
import { AppError } from '../../errors.ts';
import { isolate, t } from '../../i18n/i18n.ts';
import { calendarAndRules } from '../../jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { activeStaffNames, namesOf } from '../../users/user-store.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { confirmed } from '../middleware/confirmation.ts';
import { csrfToken } from '../middleware/csrf.ts';
import {
  formErrors,
  inPageOrder,
  invalidBodyError,
  parseBody,
  parseQuery,
} from '../middleware/validation.ts';
import { filingPages } from './filing-routes.ts';
import { dueInWords, inboxLanding, inboxView } from './inbox-view.ts';
import { currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import {
  ACTION_BODIES,
  bulkBody,
  type ActionBodies,
} from '../../requests/request-action-bodies.ts';
import { answerRedactions } from '../../redaction/answer-publication.ts';
import { checkAnswer } from '../../requests/request-effects.ts';
import { openRedactedDocument } from '../../publication/released-documents.ts';
import { applyBulk, bulkResultIn } from '../../requests/request-bulk.ts';
import { openVisibleDocument, sendDownload } from './request-downloads.ts';
import { actionInput, keptFields, list, text, type Form } from './request-form-input.ts';
import { inboxCounts, inboxPage, inboxQuery } from '../../requests/request-inbox.ts';
import { ACTIONS } from '../../requests/request-lifecycle.ts';
import { offeredActions, requestPageView } from './request-page-view.ts';
import { actionRoles, logsForAgency } from '../../requests/request-policy.ts';
import { refOf } from '../../requests/request-schemas.ts';
import { findVisibleRequest } from '../../requests/request-service.ts';
import { applyAction } from '../../requests/request-transitions.ts';
import { receiveUpload, uploadsOf, uploadRefusal } from './request-uploads.ts';
import type { RequestApiDeps } from './request-api.ts';
import { MAX_ATTACHMENTS } from '../../requests/request-action-bodies.ts';
import { documentMaxMb } from '../../documents/document-types.ts';
import { requestView } from './request-page-loader.ts';
import { copyStatesOf } from '../../publication/copy-states.ts';
import { copiesView, copyHistory } from './document-copy-view.ts';
import { isParty } from './request-projection.ts';

/** A bulk action sent back: what was chosen and typed, and the problems. */
interface BulkKept {
  action: string;
  refs: string[];
  reason: string;
  fields: Record<string, string>;
}
/** The bulk form's fields in the order they stand on the inbox page. */
const BULK_FIELDS = ['refs', 'action', 'reason'];

/** The server-rendered faces of requests: inbox, filing, the request page and its forms (DESIGN §9). */
export function requestPages(
  deps: RequestApiDeps & { jurisdictions: JurisdictionRegistry },
): Router {
  const router = express.Router();
  // The request pages' upload fields say how large a file may be.
  router.use('/requests', (_req, res, next) => {
    res.locals.documentMaxMb = documentMaxMb(deps.documents);
    next();
  });
  const transitions = { calendars: deps.calendars, notifier: deps.notifier };
  // The agencies that decide appeals under some country's law (their staff land on them).
  const appealBodies = new Set(
    deps.jurisdictions
      .all()
      .flatMap((j) => currentRules(j).appeals.flatMap((appeal) => appeal.agency ?? [])),
  );
  const zoneOf = (code: string) => deps.jurisdictions.get(code)?.timeZone ?? 'UTC';
  // Dates and digits as the request's country writes them for this reader (country-format.ts).
  const digitsIn = (req: Request, jurisdiction: string) => req.formatIn(jurisdiction).digits;
  const whenIn = (req: Request, jurisdiction: string) => req.formatIn(jurisdiction).instant;
  // The local day alone (no Hijri, no time): the story and the correspondence.
  const dayIn = (req: Request, jurisdiction: string) => (at: Date | string) =>
    req.formatIn(jurisdiction).day(new Date(at));

  /** The inbox: an officer's agency, or a citizen's own requests (a bulk action's problems kept). */
  const inbox = async (req: Request, res: Response, status = 200, kept?: BulkKept) => {
    const user = signedInUser(req);
    const query = inboxLanding(
      parseQuery(inboxQuery, req.query),
      logsForAgency(user) ? user : null,
      appealBodies,
    );
    const now = new Date();
    const [page, counts] = await Promise.all([inboxPage(user, query, now), inboxCounts(user, now)]);
    res.status(status).render('requests/inbox', {
      csrf: csrfToken(req, res),
      ...inboxView({
        locale: req.locale,
        staff: logsForAgency(user),
        query,
        items: page.items,
        next: page.next,
        counts,
        now,
        // A list shows each day only: Hijri dates and times are in a request's own details.
        when: (at, jurisdiction) => dayIn(req, jurisdiction)(at),
        zoneOf,
        digits: (text, jurisdiction) => digitsIn(req, jurisdiction)(text),
        allSelected: query.all === '1',
        selected: kept?.refs,
      }),
      fields: kept?.fields,
      kept,
    });
  };
  router.get('/requests', requireRole('citizen', 'officer', 'agency_admin'), async (req, res) => {
    await inbox(req, res);
  });

  router.use(filingPages(deps));

  router.post(
    '/requests/bulk',
    requireRole('officer', 'agency_admin', 'admin'),
    async (req, res) => {
      const form = req.body as Form;
      const posted = {
        action: text(form.action),
        refs: list(form.refs),
        reason: text(form.reason),
      };
      const parsed = bulkBody.safeParse(posted);
      if (!parsed.success) {
        // The inbox again, the lines and the choice kept, each problem named.
        const fields = formErrors(req.locale, invalidBodyError(parsed.error));
        await inbox(req, res, 422, { ...posted, fields: inPageOrder(fields, BULK_FIELDS) });
        return;
      }
      const input = parsed.data;
      // Many requests at once: the list and the action are confirmed first.
      if (
        !(await confirmed(req, res, () => ({
          question: t(req.locale, 'confirm.bulk', {
            action: t(req.locale, `action.${input.action}`),
            count: input.refs.length,
          }),
          details: input.refs,
          button: t(req.locale, 'confirm.bulkButton'),
          back: '/requests',
          fields: { action: input.action, refs: input.refs, reason: input.reason },
        })))
      )
        return;
      const results = await applyBulk(transitions, signedInUser(req), input, new Date());
      res.render('requests/bulk-result', {
        title: 'bulk.title',
        action: t(req.locale, `action.${input.action}`),
        results: results.map((result) => bulkResultIn(req.locale, result)),
      });
    },
  );

  const page = async (
    req: Request,
    res: Response,
    ref: string,
    status = 200,
    extra: Form = {},
    template = 'requests/show',
  ) => {
    const request = await findVisibleRequest(req.user, ref);
    const view = await requestView(deps.calendars, request, req.user, new Date());
    const rules = calendarAndRules(deps.calendars, request)?.rules;
    const recipients = view.notifications.flatMap((n) => (n.recipient ? [n.recipient] : []));
    const [agencies, staff, recipientNames, copies] = await Promise.all([
      activeAgenciesOf(request.jurisdiction),
      view.standing === 'agency' ? activeStaffNames(request.agency) : Promise.resolve([]),
      namesOf(recipients),
      // The released documents' public copies and their redaction log: for the parties.
      isParty(view.standing) ? copyStatesOf(request) : Promise.resolve([]),
    ]);
    res.status(status).render(template, {
      title: 'request.title',
      csrf: csrfToken(req, res),
      // The page speaks in its country's voice: its messages' digits as its dates' (views.ts).
      jurisdiction: { code: request.jurisdiction },
      ...requestPageView({
        locale: req.locale,
        view,
        rules,
        offered: offeredActions(req.user, request, view.appealable, rules),
        agencyNames: new Map(agencies.map((a) => [a.code, a.name[req.locale]])),
        recipientNames,
        officers: staff.map((o) => ({ id: o._id.toString(), name: o.name })),
        when: whenIn(req, request.jurisdiction),
        day: dayIn(req, request.jurisdiction),
        digits: digitsIn(req, request.jurisdiction),
        dueIn: dueInWords(
          req.locale,
          request.status,
          request.dueAt,
          new Date(),
          zoneOf(request.jurisdiction),
        ),
        query: req.query,
        failed: ACTIONS.find((action) => action === extra.failed),
        copyHistory: copyHistory(req.locale, copies, req.formatIn(request.jurisdiction)),
      }),
      copies: copiesView(
        req.locale,
        request.ref,
        copies,
        view.standing === 'agency',
        req.formatIn(request.jurisdiction),
      ),
      ...extra,
    });
  };

  /** The preview of an answer's publication: the published text, and each redaction to lift. */
  const answerPreview = async (req: Request, ref: string, input: ActionBodies['answer']) => {
    const request = await findVisibleRequest(req.user, ref);
    const rules = calendarAndRules(deps.calendars, request)?.rules;
    if (rules) checkAnswer(rules, input);
    const reason = input.reason ?? '';
    const { found, published } = answerRedactions(
      reason,
      redactionContextOf(request, await agencyRedactionRules(request.agency)),
      { unhide: input.unhide, hide: input.hide },
    );
    const lifted = new Set(input.unhide);
    return {
      published: input.publish ? published : null,
      publish: input.publish,
      hide: input.hide.join('\n'),
      found: found.map((r) => {
        const id = `${String(r.start)}-${String(r.end)}`;
        return {
          id,
          words: reason.slice(r.start, r.end),
          kind: t(req.locale, `redaction.kind.${r.kind}`),
          lifted: lifted.has(id),
        };
      }),
    };
  };

  router.get('/requests/:ref', async (req, res) => {
    await page(req, res, refOf(req));
  });
  // The page after filing: the ref, the date the law sets, and what happens next.
  router.get('/requests/:ref/sent', async (req, res) => {
    await page(
      req,
      res,
      refOf(req),
      200,
      { titleText: t(req.locale, 'sent.title') },
      'requests/sent',
    );
  });
  router.get('/requests/:ref/documents/:id/redacted', async (req, res) => {
    const request = await findVisibleRequest(req.user, refOf(req));
    sendDownload(res, await openRedactedDocument(request, req.params.id));
  });
  router.get('/requests/:ref/documents/:id', async (req, res) => {
    sendDownload(res, await openVisibleDocument(req.user, refOf(req), req.params.id));
  });
  for (const action of ACTIONS) {
    router.post(
      `/requests/:ref/${action}`,
      requireRole(...actionRoles(action)),
      receiveUpload(deps.documents, MAX_ATTACHMENTS),
      async (req, res) => {
        const ref = refOf(req);
        try {
          const refusal = uploadRefusal(req);
          if (refusal) throw refusal;
          const form = actionInput(
            action,
            req.body as Form,
            uploadsOf(req).map((upload) => upload.id),
          );
          const input = parseBody(ACTION_BODIES[action], form);
          // A takedown cannot be taken back in a click: it asks first.
          if (
            action === 'unpublish' &&
            !(await confirmed(req, res, () => ({
              question: t(req.locale, 'confirm.unpublish', { ref: isolate(ref) }),
              details: [t(req.locale, 'confirm.unpublishWhat')],
              button: t(req.locale, 'confirm.unpublishButton'),
              back: `/requests/${ref}`,
              fields: keptFields(req.body as Form),
            })))
          )
            return;
          // A public request's answer is previewed before it is sent: what the public will read.
          if (action === 'answer' && (req.body as Form).intent === 'preview') {
            await page(req, res, ref, 200, {
              // The form comes back open, with its values, and the preview beside them.
              failed: action,
              kept: { ...keptFields(req.body as Form), attachments: form.attachments },
              preview: await answerPreview(req, ref, input as ActionBodies['answer']),
            });
            return;
          }
          await applyAction(transitions, signedInUser(req), ref, action, input, new Date());
          res.redirect(303, `/requests/${ref}?done=${action}`);
        } catch (error) {
          // A failed form shows the request page again, with the problem beside the form.
          if (!(error instanceof AppError) || error.status === 404) throw error;
          await page(req, res, ref, error.status, {
            failed: action,
            kept: keptFields(req.body as Form),
            // Field errors beside their fields; any other problem names the whole form.
            fields: error.fields
              ? formErrors(req.locale, error)
              : { _: t(req.locale, error.messageKey, error.vars) },
          });
        }
      },
    );
  }
  return router;
}
