import express, { type Request, type Response, type Router } from 'express';
import { agencyChoices, findAgency } from '../../agencies/agency-store.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import type { Queues } from '../../platform/queues.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { flash, takeFlash } from '../middleware/flash.ts';
import { pageQuery } from '../../platform/keyset.ts';
import { formErrors, parseQuery } from '../middleware/validation.ts';
import type { WebhookSettings } from '../../webhooks/webhook-delivery.ts';
import { type WebhookEndpoint } from '../../webhooks/webhook-model.ts';
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/webhook-event-types.ts';
import {
  createEndpoint,
  deleteEndpoint,
  deliveriesOf,
  endpointsOf,
  managedEndpoint,
  replayDelivery,
  resumeEndpoint,
  webhookBody,
} from '../../webhooks/webhook-service.ts';

export interface WebhookRouteDeps {
  queues: Pick<Queues, 'webhooks'>;
  settings: Pick<WebhookSettings, 'attempts' | 'backoffMs' | 'serverSecret' | 'addresses'>;
  production: boolean;
  jurisdictions: JurisdictionRegistry;
}

/** What a delivery that got no HTTP answer logs (webhook-dispatcher.ts). */
const FAILURES: ReadonlySet<string> = new Set(['refused', 'timeout', 'unreachable']);

export const endpointView = (e: WebhookEndpoint) => ({
  id: e._id.toString(),
  agency: e.agency,
  url: e.url,
  events: e.events,
  includePersonalData: e.includePersonalData,
  status: e.status,
  failuresInARow: e.failuresInARow,
  pausedAt: e.pausedAt ?? null,
  createdAt: e.createdAt,
});

/** Agency admins (for their agency) and admins (for any) register endpoints: the pages (the API's: webhook-api.ts). */
export function webhookRoutes(deps: WebhookRouteDeps): Router {
  const router = express.Router();
  const managers = requireRole('admin', 'agency_admin');
  const me = signedInUser;
  const id = (req: Request) => String(req.params.id);
  const options = { addresses: deps.settings.addresses, serverSecret: deps.settings.serverSecret };
  const replay = (req: Request) =>
    replayDelivery(
      deps.queues.webhooks,
      me(req),
      id(req),
      String(req.params.delivery),
      deps.settings,
    );

  const listPage = async (req: Request, res: Response, status = 200, extra = {}) => {
    const user = me(req);
    const admin = user.roles.includes('admin');
    const groups = admin ? await agencyChoices(deps.jurisdictions, req.locale) : [];
    res.status(status).render('webhooks/list', {
      title: 'webhook.title',
      notice: takeFlash(req),
      csrf: csrfToken(req, res),
      endpoints: (await endpointsOf(user)).items.map(endpointView),
      eventTypes: WEBHOOK_EVENT_TYPES.map((type) => ({
        type,
        label: t(req.locale, `request.event.${type}`),
      })),
      agencyGroups: groups,
      fixedAgency: admin ? null : user.agency,
      https: !deps.settings.addresses.allowLoopback,
      ...extra,
    });
  };
  router.get('/admin/webhooks', managers, async (req, res) => {
    await listPage(req, res);
  });
  router.post('/admin/webhooks', managers, async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const input = {
      url: form.url,
      events: form.events === undefined ? [] : [form.events].flat(),
      agency: form.agency === '' ? undefined : form.agency,
      includePersonalData: form.includePersonalData === 'on',
    };
    const parsed = webhookBody.safeParse(input);
    const fail = (fields: Record<string, string>) =>
      listPage(req, res, 422, { fields, values: { ...form, events: input.events } });
    if (!parsed.success) {
      await fail(formErrors(req.locale, parsed.error));
      return;
    }
    try {
      const created = await createEndpoint(me(req), parsed.data, options);
      await listPage(req, res, 201, { created: { ...created, url: parsed.data.url } });
    } catch (error) {
      if (!(error instanceof AppError) || !error.fields) throw error;
      await fail(formErrors(req.locale, error));
    }
  });
  router.get('/admin/webhooks/:id', managers, async (req, res) => {
    const endpoint = endpointView(await managedEndpoint(me(req), id(req)));
    const log = await deliveriesOf(me(req), id(req), parseQuery(pageQuery, req.query));
    // Times in the agency's own time zone and digits, as on its requests' pages.
    const agency = await findAgency(endpoint.agency);
    const shown = (at: Date) =>
      agency ? req.formatIn(agency.jurisdiction).instant(at) : at.toISOString();
    res.render('webhooks/show', {
      title: 'webhook.title',
      notice: takeFlash(req),
      csrf: csrfToken(req, res),
      endpoint: {
        ...endpoint,
        eventLabels: endpoint.events
          .map((type) => t(req.locale, `request.event.${type}`))
          .join(t(req.locale, 'list.separator')),
      },
      deliveries: log.items.map((d) => ({
        ...d,
        at: d.at.toISOString(),
        shown: shown(d.at),
        // What failed, in the reader's language: refused, timeout, unreachable.
        failure:
          d.error && FAILURES.has(d.error) ? t(req.locale, `webhook.failure.${d.error}`) : d.error,
      })),
      next: log.next,
      replayed: req.query.replayed === '1',
    });
  });
  router.post('/admin/webhooks/:id/delete', managers, async (req, res) => {
    await deleteEndpoint(me(req), id(req));
    flash(req, 'webhook.deleted');
    res.redirect(303, '/admin/webhooks');
  });
  router.post('/admin/webhooks/:id/resume', managers, async (req, res) => {
    await resumeEndpoint(me(req), id(req));
    flash(req, 'webhook.resumed');
    res.redirect(303, `/admin/webhooks/${id(req)}`);
  });
  router.post('/admin/webhooks/:id/deliveries/:delivery/replay', managers, async (req, res) => {
    await replay(req);
    res.redirect(303, `/admin/webhooks/${id(req)}?replayed=1`);
  });
  return router;
}
