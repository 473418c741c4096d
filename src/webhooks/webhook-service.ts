import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import mongoose, { Types } from 'mongoose';
import { z } from 'zod';
import { AGENCY_CODE } from '../agencies/agency-code.ts';
import { activeAgency } from '../agencies/agency-directory.ts';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import { RequestEventModel } from '../requests/request-event-model.ts';
import type { SessionUser } from '../users/user-store.ts';
import {
  WebhookDeliveryModel,
  WebhookEndpointModel,
  type WebhookEndpoint,
} from './webhook-model.ts';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types.ts';
import { keysetPage, NEWEST_FIRST, sortOf, type Page } from '../platform/keyset.ts';
import { sealSecret } from './webhook-secret-box.ts';
import {
  AddressRefusedError,
  checkEndpointAddress,
  type AddressPolicy,
} from './webhook-address.ts';
import { deliveryJobId, WEBHOOK_JOB } from './webhook-delivery.ts';

/** `POST /api/v1/webhooks` and the page's form. */
export const webhookBody = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'validation.webhookUrl' })
    .max(2_000, 'validation.webhookUrl'),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, 'validation.oneOf'), 'validation.webhookEvents')
    .min(1, 'validation.webhookEvents')
    .max(WEBHOOK_EVENT_TYPES.length, 'validation.webhookEvents'),
  agency: z.string().regex(AGENCY_CODE, 'validation.agency').optional(),
  includePersonalData: z.boolean('validation.oneOf').default(false),
});
export type WebhookInput = z.infer<typeof webhookBody>;

/** An endpoint not removed. */
const LIVE: ('active' | 'paused')[] = ['active', 'paused'];

/**
 * Checks an endpoint's address (webhook-address.ts): its shape, then every
 * address its name resolves to. A refusal is a 422 on `url`.
 */
async function checkEndpointUrl(url: string, policy: AddressPolicy): Promise<void> {
  try {
    await checkEndpointAddress(url, policy);
  } catch (error) {
    if (error instanceof AddressRefusedError || error instanceof TypeError)
      throw new ValidationError({ url: 'validation.webhookUrl' });
    throw error;
  }
}

/** The agency an endpoint is for: an agency admin's own; an admin names one. */
async function agencyFor(user: SessionUser, asked: string | undefined): Promise<string> {
  if (!user.roles.includes('admin')) {
    if (!user.agency || (asked && asked !== user.agency))
      throw new ValidationError({ agency: 'validation.agency' });
    return user.agency;
  }
  if (!asked || !(await activeAgency(asked)))
    throw new ValidationError({ agency: 'validation.agency' });
  return asked;
}

/** A new endpoint and its signing secret, returned here once. */
export async function createEndpoint(
  user: SessionUser,
  input: WebhookInput,
  options: { addresses: AddressPolicy; serverSecret: string },
) {
  await checkEndpointUrl(input.url, options.addresses);
  const agency = await agencyFor(user, input.agency);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const endpoint = await WebhookEndpointModel.create({
    agency,
    url: input.url,
    events: [...new Set(input.events)],
    secretBox: sealSecret(secret, options.serverSecret),
    includePersonalData: input.includePersonalData,
    createdBy: new Types.ObjectId(user.id),
  });
  return { id: endpoint._id.toString(), secret };
}

/** The endpoints `user` manages, newest first: an admin's all, an agency admin's their agency's. */
export function endpointsOf(user: SessionUser, page: Page = { limit: 200 }) {
  const filter = user.roles.includes('admin')
    ? { status: mongoose.trusted({ $in: LIVE }) }
    : { agency: user.agency ?? '-', status: mongoose.trusted({ $in: LIVE }) };
  const sort = NEWEST_FIRST;
  return keysetPage(
    (where, limit) =>
      WebhookEndpointModel.find(where, { secretBox: 0 })
        .sort(sortOf(sort))
        .limit(limit)
        .lean<WebhookEndpoint[]>(),
    filter,
    sort,
    page,
  );
}

/** One endpoint `user` manages, or a 404 (another agency's is not theirs to know of). */
export async function managedEndpoint(user: SessionUser, id: string): Promise<WebhookEndpoint> {
  const endpoint = Types.ObjectId.isValid(id)
    ? await WebhookEndpointModel.findOne({
        _id: new Types.ObjectId(id),
        status: mongoose.trusted({ $in: LIVE }),
      }).lean<WebhookEndpoint>()
    : null;
  if (!endpoint || (!user.roles.includes('admin') && endpoint.agency !== user.agency))
    throw new NotFoundError('WEBHOOK.NOT_FOUND', 'webhook.notFound');
  return endpoint;
}

/** Removes an endpoint: nothing more is delivered to it; its log stays its 30 days. */
export async function deleteEndpoint(user: SessionUser, id: string): Promise<void> {
  const endpoint = await managedEndpoint(user, id);
  await WebhookEndpointModel.updateOne({ _id: endpoint._id }, { $set: { status: 'deleted' } });
}

/** Delivers again to a paused endpoint, from the next event on (replay the missed ones). */
export async function resumeEndpoint(user: SessionUser, id: string): Promise<void> {
  const endpoint = await managedEndpoint(user, id);
  await WebhookEndpointModel.updateOne(
    { _id: endpoint._id, status: 'paused' },
    { $set: { status: 'active', failuresInARow: 0, pausedAt: null } },
  );
}

/** An endpoint's delivery log, newest first. */
export async function deliveriesOf(user: SessionUser, id: string, page: Page = { limit: 100 }) {
  const endpoint = await managedEndpoint(user, id);
  const sort = [
    ['at', -1],
    ['_id', -1],
  ] as const;
  const { items: rows, next } = await keysetPage(
    (where, limit) => WebhookDeliveryModel.find(where).sort(sortOf(sort)).limit(limit).lean(),
    { endpoint: endpoint._id },
    sort,
    page,
  );
  const items = rows.map((row) => ({
    id: row._id.toString(),
    eventId: row.eventId,
    type: row.type,
    ref: row.ref,
    attempt: row.attempt,
    replay: row.replay,
    at: row.at,
    ok: row.ok,
    responseCode: row.responseCode ?? null,
    latencyMs: row.latencyMs,
    error: row.error ?? null,
  }));
  return { items, next };
}

/**
 * Delivers one logged event again (the replay button): a job of its own, tried
 * as any other; the receiver tells it by the same event id.
 */
export async function replayDelivery(
  queue: Queue,
  user: SessionUser,
  id: string,
  deliveryId: string,
  settings: { attempts: number; backoffMs: number },
): Promise<void> {
  const endpoint = await managedEndpoint(user, id);
  if (endpoint.status !== 'active')
    throw new AppError({ status: 409, code: 'WEBHOOK.PAUSED', messageKey: 'webhook.paused' });
  const delivery = Types.ObjectId.isValid(deliveryId)
    ? await WebhookDeliveryModel.findOne({
        _id: new Types.ObjectId(deliveryId),
        endpoint: endpoint._id,
      }).lean()
    : null;
  if (!delivery) throw new NotFoundError('WEBHOOK.DELIVERY_NOT_FOUND', 'webhook.notFound');
  const event = await RequestEventModel.findById(delivery.eventId, { requestId: 1, seq: 1 }).lean();
  if (!event) throw new NotFoundError('WEBHOOK.DELIVERY_NOT_FOUND', 'webhook.notFound');
  await WEBHOOK_JOB.add(
    { webhooks: queue },
    {
      endpoint: endpoint._id.toString(),
      requestId: event.requestId.toString(),
      seq: event.seq,
      replay: true,
    },
    {
      jobId: `${deliveryJobId(endpoint._id.toString(), delivery.eventId)}_replay_${String(Date.now())}`,
      attempts: settings.attempts,
      backoff: { type: 'exponential', delay: settings.backoffMs },
    },
  );
}
