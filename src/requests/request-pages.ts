import { calendarAndRules } from '../jurisdictions/jurisdiction-calendars.ts';
import { activeAgenciesOf, findAgency } from '../agencies/agency-store.ts';
import express, { type Request, type Response, type Router } from 'express';

import { AppError } from '../errors.ts';
import { t } from '../i18n/i18n.ts';
import { acceptsFiling, currentRules } from '../jurisdictions/jurisdiction-rules.ts';
import type { JurisdictionRegistry } from '../jurisdictions/jurisdiction-registry.ts';
import { instantOfLocalDateTime } from '../jurisdictions/local-date.ts';
import { activeStaffNames, type SessionUser } from '../users/user-store.ts';
import { requireRole } from '../web/auth.ts';
import { csrfToken } from '../web/csrf.ts';
import { formErrors, parseBody, parseQuery } from '../web/validation.ts';
import { ACTION_BODIES, bulkBody } from './request-action-bodies.ts';
import { logsForAgency, refOf } from './request-api.ts';
import { actingSide, actionRoles, toPolicyRequest } from './request-policy.ts';
import { applyBulk, bulkResultIn } from './request-bulk.ts';
import { openVisibleDocument, sendDownload } from './request-documents.ts';
import { receiveUpload, uploadOf, uploadRefusal } from './request-uploads.ts';
import { inboxCounts, inboxPage, inboxQuery, type InboxQuery } from './request-inbox.ts';
import { ACTIONS, decide, isOverdue, type Action } from './request-lifecycle.ts';
import { formatInstant, label } from './request-page-format.ts';
import { filingBody, loggedFilingBody } from './request-schemas.ts';
import {
  agencySuggestions,
  fileRequest,
  findVisibleRequest,
  likelyDuplicates,
  type RequestDeps,
} from './request-service.ts';
import { applyAction } from './request-transitions.ts';
import { requestView } from './request-view.ts';

type Form = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(text).filter(Boolean);

/** A page form's fields as the action's JSON body (the API's schema then checks them). */
function actionInput(action: Action, form: Form, attachment: string | undefined) {
  const input: Form = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === '_csrf' || value === '') continue;
    input[key] = value;
  }
  if (typeof form.version === 'string') input.version = Number(form.version);
  if (action === 'assign') input.assignee = text(form.assignee) || null;
  if (action === 'answer') input.legalGrounds = list(form.legalGrounds);
  if (attachment) input.attachments = [attachment];
  return input;
}

/** The filing form's fields as the API's filing body. */
function filingInput(user: SessionUser, form: Form, timeZone: string | undefined) {
  const input: Form = {
    jurisdiction: text(form.jurisdiction) || undefined,
    agency: text(form.agency) || undefined,
    subject: text(form.subject),
    body: text(form.body),
    visibility: text(form.visibility) || undefined,
    urgent: form.urgent === 'on',
    urgentReason: text(form.urgentReason) || undefined,
  };
  if (!logsForAgency(user)) return parseBody(filingBody, input);
  const received = timeZone ? instantOfLocalDateTime(text(form.receivedAt), timeZone) : undefined;
  return parseBody(loggedFilingBody, {
    ...input,
    language: text(form.language) || undefined,
    receivedAt: received?.toISOString() ?? 'invalid',
    channel: text(form.channel) || undefined,
    requester: {
      name: text(form.requesterName),
      ...(text(form.requesterEmail) ? { email: text(form.requesterEmail) } : {}),
    },
  });
}

/** The server-rendered faces of requests: inbox, filing, the request page and its forms (DESIGN §9). */
export function requestPages(deps: RequestDeps & { jurisdictions: JurisdictionRegistry }): Router {
  const router = express.Router();
  const transitions = { calendars: deps.calendars, notifier: deps.notifier };
  const zoneOf = (code: string) => deps.jurisdictions.get(code)?.timeZone ?? 'UTC';
  const when = (req: Request, at: Date | string, jurisdiction: string) =>
    formatInstant(at, req.locale, zoneOf(jurisdiction), jurisdiction);

  // The inbox: an officer's agency, or a citizen's own requests.
  router.get('/requests', requireRole('citizen', 'officer', 'agency_admin'), async (req, res) => {
    const query = parseQuery(inboxQuery, req.query);
    const user = req.user as SessionUser;
    const now = new Date();
    const [page, counts] = await Promise.all([inboxPage(user, query, now), inboxCounts(user, now)]);
    const filters: { key: string; query: Partial<InboxQuery>; count: number }[] = [
      { key: 'all', query: {}, count: -1 },
      { key: 'submitted', query: { status: 'submitted' }, count: counts.submitted },
      { key: 'acknowledged', query: { status: 'acknowledged' }, count: counts.acknowledged },
      {
        key: 'awaiting_clarification',
        query: { status: 'awaiting_clarification' },
        count: counts.awaitingClarification,
      },
      { key: 'dueSoon', query: { due: 'soon' }, count: counts.dueSoon },
      { key: 'overdue', query: { due: 'overdue' }, count: counts.overdue },
      ...(logsForAgency(user)
        ? [
            { key: 'mine', query: { assignee: 'me' as const }, count: counts.mine },
            { key: 'unassigned', query: { assignee: 'none' as const }, count: counts.unassigned },
          ]
        : []),
    ];
    const current = { status: query.status, due: query.due, assignee: query.assignee };
    const href = (q: Partial<InboxQuery>) => {
      const params = new URLSearchParams(
        Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      return `/requests${params.size ? `?${params.toString()}` : ''}`;
    };
    res.render('requests/inbox', {
      title: logsForAgency(user) ? 'inbox.agencyTitle' : 'inbox.ownTitle',
      csrf: csrfToken(req, res),
      officer: logsForAgency(user),
      filters: filters.map((f) => ({
        label: t(req.locale, `inbox.filter.${f.key}`),
        href: href(f.query),
        count: f.count >= 0 ? f.count : null,
        current:
          f.query.status === current.status &&
          f.query.due === current.due &&
          f.query.assignee === current.assignee,
      })),
      items: page.items.map((item) => ({
        ref: item.ref,
        subject: item.subject,
        status: label(req.locale, 'status', item.status),
        due: when(req, item.dueAt, item.jurisdiction),
        dueAt: item.dueAt.toISOString(),
        overdue: isOverdue(item, now),
        assigned: item.assignee !== null,
      })),
      next: page.next ? href({ ...current, cursor: page.next }) : null,
    });
  });

  // Filing: pick the country, then the agency (suggested from the text), then file.
  const filingPage = async (
    req: Request,
    res: Response,
    status: number,
    form: Form,
    extra: Form = {},
  ) => {
    const user = req.user as SessionUser;
    const officer = logsForAgency(user);
    const own = officer && user.agency ? await findAgency(user.agency) : undefined;
    const code = own?.jurisdiction ?? text(form.jurisdiction);
    const jurisdiction = deps.jurisdictions.get(code);
    const rules = jurisdiction ? currentRules(jurisdiction) : undefined;
    const agencies = jurisdiction ? await activeAgenciesOf(code) : [];
    res.status(status).render('requests/new', {
      title: 'filing.title',
      csrf: csrfToken(req, res),
      officer,
      ownAgency: own?.name[req.locale] ?? null,
      jurisdictions: deps.jurisdictions
        .all()
        .filter((j) => acceptsFiling(currentRules(j)))
        .map((j) => ({ code: j.code, name: j.name[req.locale], selected: j.code === code })),
      jurisdiction: jurisdiction
        ? { code, name: jurisdiction.name[req.locale], urgent: rules?.urgent !== null }
        : null,
      agencies: agencies.map((a) => ({
        code: a.code,
        name: a.name[req.locale],
        selected: a.code === form.agency,
      })),
      values: form,
      ...extra,
    });
  };
  const filers = requireRole('citizen', 'officer', 'agency_admin');
  router.get('/requests/new', filers, async (req, res) => {
    await filingPage(req, res, 200, { jurisdiction: text(req.query.jurisdiction) });
  });
  router.post('/requests/new', filers, async (req, res) => {
    const user = req.user as SessionUser;
    const form = req.body as Form;
    const code = text(form.jurisdiction);
    const now = new Date();
    const duplicatesOf = async (agency: string) =>
      logsForAgency(user) || !agency
        ? []
        : (
            await likelyDuplicates(user, agency, `${text(form.subject)} ${text(form.body)}`, now)
          ).map((d) => ({ ...d, received: when(req, d.receivedAt, code) }));
    if (form.intent === 'suggest' || form.intent === 'country') {
      const suggestions = deps.jurisdictions.get(code)
        ? await agencySuggestions(code, `${text(form.subject)} ${text(form.body)}`)
        : [];
      await filingPage(req, res, 200, form, {
        suggested: form.intent === 'suggest',
        suggestions: suggestions.map((s) => ({
          code: s.code,
          name: s.name[req.locale],
        })),
        duplicates: await duplicatesOf(text(form.agency)),
      });
      return;
    }
    try {
      const own = logsForAgency(user) && user.agency ? await findAgency(user.agency) : undefined;
      const input = filingInput(
        user,
        form,
        deps.jurisdictions.get(own?.jurisdiction ?? code)?.timeZone,
      );
      const duplicates = await duplicatesOf(text(form.agency));
      if (duplicates.length > 0 && form.duplicateConfirmed !== 'on') {
        await filingPage(req, res, 200, form, { duplicates, askDuplicate: true });
        return;
      }
      const { request } = await fileRequest(deps, user, input, now);
      res.redirect(303, `/requests/${request.ref}?filed=1`);
    } catch (error) {
      await filingPage(req, res, 422, form, { fields: formErrors(req.locale, error) });
    }
  });

  router.post(
    '/requests/bulk',
    requireRole('officer', 'agency_admin', 'admin'),
    async (req, res) => {
      const form = req.body as Form;
      const input = parseBody(bulkBody, {
        action: text(form.action),
        refs: list(form.refs),
        reason: text(form.reason),
      });
      const results = await applyBulk(transitions, req.user as SessionUser, input, new Date());
      res.render('requests/bulk-result', {
        title: 'bulk.title',
        action: t(req.locale, `action.${input.action}`),
        results: results.map((result) => bulkResultIn(req.locale, result)),
      });
    },
  );

  const page = async (req: Request, res: Response, ref: string, status = 200, extra: Form = {}) => {
    const request = await findVisibleRequest(req.user, ref);
    const now = new Date();
    const view = await requestView(deps.calendars, request, req.user, now);
    const rules = calendarAndRules(deps.calendars, request)?.rules;
    const jurisdiction = request.jurisdiction;
    // The forms this user may use now: the side they act for, and the table's verdict.
    const side = view.standing;
    const policy = toPolicyRequest(request);
    const offered = ACTIONS.filter((action) => {
      if (!actingSide(req.user, policy, action)) return false;
      if (action === 'appeal') return view.appealable;
      return decide(action, request.status, {
        extensionCount: request.extensionCount,
        maxExtensions: rules?.extension?.maxCount ?? 0,
      }).allowed;
    });
    const agencyNames = new Map(
      (await activeAgenciesOf(jurisdiction)).map((a) => [a.code, a.name[req.locale]]),
    );
    const officers = side === 'agency' ? await activeStaffNames(request.agency) : [];
    const explanation = view.explanation?.[req.locale] ?? null;
    res.status(status).render('requests/show', {
      title: 'request.title',
      csrf: csrfToken(req, res),
      r: view,
      agencyName: agencyNames.get(view.agency) ?? view.agency,
      statusLabel: label(req.locale, 'status', view.status),
      outcomeLabel: label(req.locale, 'outcome', view.outcome),
      decisionLabel: label(req.locale, 'decision', view.appeal?.decision),
      received: when(req, view.receivedAt, jurisdiction),
      due: when(req, view.dueAt, jurisdiction),
      appealDue: view.appeal?.dueAt ? when(req, view.appeal.dueAt, jurisdiction) : null,
      explanation,
      unverifiedRules: (rules?.unverified.length ?? 0) > 0,
      requester: 'masked' in view.requester ? null : view.requester,
      events: view.events.map((event) => ({
        type: label(req.locale, 'event', event.type),
        at: when(req, event.at, jurisdiction),
        details: Object.entries(event.details)
          .filter(([key]) =>
            ['reason', 'question', 'note', 'outcome', 'decision', 'toAgency', 'dueAt'].includes(
              key,
            ),
          )
          .map(([key, value]) => ({
            // At filing, the due date is the first one, not a new one.
            label: t(
              req.locale,
              event.type === 'submitted' && key === 'dueAt'
                ? 'request.due'
                : `request.detail.${key}`,
            ),
            value:
              key === 'dueAt' && typeof value === 'string'
                ? when(req, value, jurisdiction)
                : key === 'outcome'
                  ? label(req.locale, 'outcome', String(value))
                  : key === 'decision'
                    ? label(req.locale, 'decision', String(value))
                    : key === 'toAgency'
                      ? (agencyNames.get(String(value)) ?? String(value))
                      : String(value),
          })),
      })),
      messages: view.messages.map((m) => ({
        ...m,
        at: when(req, m.at, jurisdiction),
        sideLabel: t(req.locale, `request.side.${m.side}`),
      })),
      notifications: view.notifications.map((n) => ({
        label: t(req.locale, `request.mailKind.${n.kind}`),
        at: when(req, n.at, jurisdiction),
      })),
      documents: view.documents.map((d) => ({
        ...d,
        url: `/requests/${view.ref}/documents/${d.id}`,
      })),
      can: Object.fromEntries(offered.map((action) => [action.replace('-', '_'), true])),
      officers: officers.map((o) => ({ id: o._id.toString(), name: o.name })),
      transferTargets: [...agencyNames]
        .filter(([code]) => code !== view.agency)
        .map(([code, name]) => ({ code, name })),
      exemptions: (rules?.exemptions ?? []).map((e) => ({
        article: e.article,
        text: e.text[req.locale],
      })),
      filed: req.query.filed === '1',
      done:
        typeof req.query.done === 'string' && (ACTIONS as string[]).includes(req.query.done)
          ? t(req.locale, `action.done`, { action: t(req.locale, `action.${req.query.done}`) })
          : null,
      ...extra,
    });
  };

  router.get('/requests/:ref', async (req, res) => {
    await page(req, res, refOf(req));
  });
  router.get('/requests/:ref/documents/:id', async (req, res) => {
    sendDownload(res, await openVisibleDocument(req.user, refOf(req), req.params.id));
  });
  for (const action of ACTIONS) {
    router.post(
      `/requests/:ref/${action}`,
      requireRole(...actionRoles(action)),
      receiveUpload(),
      async (req, res) => {
        const ref = refOf(req);
        const user = req.user as SessionUser;
        try {
          const refusal = uploadRefusal(req);
          if (refusal) throw refusal;
          const attachment = uploadOf(req)?.id;
          const input = parseBody(
            ACTION_BODIES[action],
            actionInput(action, req.body as Form, attachment),
          );
          await applyAction(transitions, user, ref, action, input, new Date());
          res.redirect(303, `/requests/${ref}?done=${action}`);
        } catch (error) {
          if (!(error instanceof AppError) || error.status === 404) throw error;
          const fields = error.fields ? formErrors(req.locale, error) : {};
          await page(req, res, ref, error.status, {
            failed: action,
            problem: t(req.locale, error.messageKey, error.vars),
            fields,
          });
        }
      },
    );
  }
  return router;
}
