import { pageQuery } from '../../platform/keyset.ts';
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
import { apiOperations, idParams, MANAGERS, objectId } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import { endpointView, type WebhookRouteDeps } from './webhook-routes.ts';
import { NotFoundError } from '../../errors.ts';

/** What the webhook operations need: the delivery queue and its settings. */
export interface WebhookApiDeps {
  webhooks: WebhookRouteDeps;
}

const operation = apiOperations<WebhookApiDeps>();
const webhookNotFound = () => new NotFoundError('WEBHOOK.NOT_FOUND', 'webhook.notFound');

/** Agency admins (for their agency) and admins (for any) register signed webhooks. */
export const WEBHOOK_API = [
  operation({
    method: 'post',
    path: '/api/v1/webhooks',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    body: webhookBody,
    summary: {
      en: 'Register a webhook address (its secret shown once)',
      ar: 'تسجيل عنوان خطاف (يظهر رمزه مرة واحدة)',
    },
    responses: { 201: R.CreatedWithSecret },
    // The only time the secret is shown.
    handle: ({ deps, user, body }) => {
      const { settings } = deps.webhooks;
      const options = { addresses: settings.addresses, serverSecret: settings.serverSecret };
      return createEndpoint(user, body, options);
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/webhooks',
    query: pageQuery,
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    summary: { en: 'Webhook addresses', ar: 'عناوين الخطافات' },
    responses: { 200: R.WebhookEndpoints },
    handle: async ({ user, query }) => {
      const { items, next } = await endpointsOf(user, query);
      return { items: items.map(endpointView), next };
    },
  }),
  operation({
    method: 'delete',
    path: '/api/v1/webhooks/:id',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: idParams,
    summary: { en: 'Remove a webhook address', ar: 'حذف عنوان خطاف' },
    responses: { 204: 'empty' },
    notFound: webhookNotFound,
    handle: ({ user, params }) => deleteEndpoint(user, params.id),
  }),
  operation({
    method: 'post',
    path: '/api/v1/webhooks/:id/resume',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: idParams,
    summary: { en: 'Resume a paused webhook address', ar: 'استئناف عنوان خطاف متوقف' },
    responses: { 200: R.WebhookEndpointView },
    notFound: webhookNotFound,
    handle: async ({ user, params }) => {
      await resumeEndpoint(user, params.id);
      return endpointView(await managedEndpoint(user, params.id));
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/webhooks/:id/deliveries',
    query: pageQuery,
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: idParams,
    summary: { en: 'A webhook address’s delivery log', ar: 'سجل إرسال عنوان خطاف' },
    responses: { 200: R.WebhookDeliveries },
    notFound: webhookNotFound,
    handle: ({ user, params, query }) => deliveriesOf(user, params.id, query),
  }),
  operation({
    method: 'post',
    path: '/api/v1/webhooks/:id/deliveries/:delivery/replay',
    tag: 'integration',
    auth: 'session',
    roles: MANAGERS,
    params: idParams.extend({ delivery: objectId }),
    summary: { en: 'Send a logged delivery again', ar: 'إعادة إرسال رسالة من السجل' },
    responses: { 202: R.Queued },
    errors: [409],
    notFound: (req) =>
      idParams.safeParse(req.params).success
        ? new NotFoundError('WEBHOOK.DELIVERY_NOT_FOUND', 'webhook.notFound')
        : webhookNotFound(),
    handle: async ({ deps, user, params }) => {
      const { queues, settings } = deps.webhooks;
      await replayDelivery(queues.webhooks, user, params.id, params.delivery, settings);
      return { status: 'queued' };
    },
  }),
];
