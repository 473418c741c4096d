import { performance } from 'node:perf_hooks';
import type { Job, Queue } from 'bullmq';
import { portsOf, systemResolver, type AddressPolicy, type Resolver } from './webhook-address.ts';
import { failureOf, postToEndpoint } from './webhook-dispatcher.ts';
import mongoose, { type Types } from 'mongoose';
import type { Config } from '../config.ts';
import { RequestEventModel } from '../requests/request-event-model.ts';
import { agencyAdminsOrAdmins } from '../users/user-store.ts';
import {
  WebhookDeliveryModel,
  WebhookEndpointModel,
  type WebhookEndpoint,
} from './webhook-model.ts';
import { type WebhookEventType } from './webhook-event-types.ts';
import { openSecret } from './webhook-secret-box.ts';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.ts';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';
import { requestFields } from '../requests/request-reads.ts';

/** How deliveries are tried (config: WEBHOOK_*). */
export interface WebhookSettings {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  /** Deliveries failing every attempt, in a row, before the endpoint is paused. */
  pauseAfter: number;
  /** Unseals the endpoints' secrets (SESSION_SECRET). */
  serverSecret: string;
  /** Where deliveries may go (webhook-address.ts). */
  addresses: AddressPolicy;
}

/** The settings from the configuration. */
export const webhookSettings = (
  config: Pick<
    Config,
    | 'WEBHOOK_ATTEMPTS'
    | 'WEBHOOK_BACKOFF_MS'
    | 'WEBHOOK_TIMEOUT_MS'
    | 'WEBHOOK_PAUSE_AFTER'
    | 'WEBHOOK_PORTS'
    | 'WEBHOOK_ALLOW_LOOPBACK'
    | 'SESSION_SECRET'
  >,
  resolve: Resolver = systemResolver,
): WebhookSettings => ({
  attempts: config.WEBHOOK_ATTEMPTS,
  backoffMs: config.WEBHOOK_BACKOFF_MS,
  timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  pauseAfter: config.WEBHOOK_PAUSE_AFTER,
  serverSecret: config.SESSION_SECRET,
  addresses: {
    allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK === 'true',
    ports: portsOf(config.WEBHOOK_PORTS),
    resolve,
  },
});

/** A delivery job: ids only (DESIGN §6); the body is built again from the event each time. */
export const WEBHOOK_JOB = defineJob(
  'webhooks',
  'webhook-delivery',
  z.object({
    endpoint: z.string().regex(/^[0-9a-f]{24}$/),
    requestId: z.string().regex(/^[0-9a-f]{24}$/),
    seq: z.number().int().positive(),
    replay: z.boolean().optional(),
  }),
);
export type WebhookJob = z.infer<typeof WEBHOOK_JOB.payload>;
/** The agency's admins told that an endpoint was paused: ids only. */
export const WEBHOOK_PAUSED_MAIL_JOB = defineJob(
  'mail',
  'webhook-paused-mail',
  z.object({
    endpoint: z.string().regex(/^[0-9a-f]{24}$/),
    recipient: z.string().regex(/^[0-9a-f]{24}$/),
  }),
);

/** The job id of one event's delivery to one endpoint: BullMQ keeps one job per id. */
export const deliveryJobId = (endpoint: string, eventId: string) => `wh_${endpoint}_${eventId}`;

/**
 * Queues one delivery per live endpoint that asked for this event's type: the
 * request's agency's endpoints, and for a transfer the agency it left too.
 * The events worker gives the request and the event it has already read.
 */
export async function queueWebhookDeliveries(
  queue: Queue,
  settings: Pick<WebhookSettings, 'attempts' | 'backoffMs'>,
  request: { _id: Types.ObjectId; agency: string },
  event: { _id: Types.ObjectId; seq: number; type: string; data?: unknown },
): Promise<number> {
  const requestId = request._id.toString();
  const { seq } = event;
  const from = (event.data as { fromAgency?: unknown } | null)?.fromAgency;
  const agencies = [...new Set([request.agency, ...(typeof from === 'string' ? [from] : [])])];
  const endpoints = await WebhookEndpointModel.find(
    {
      agency: mongoose.trusted({ $in: agencies }),
      status: 'active',
      events: event.type as WebhookEventType,
    },
    { _id: 1 },
  ).lean();
  if (endpoints.length === 0) return 0;
  await WEBHOOK_JOB.addBulk(
    { webhooks: queue },
    endpoints.map((endpoint) => ({
      data: { endpoint: endpoint._id.toString(), requestId, seq },
      opts: {
        jobId: deliveryJobId(endpoint._id.toString(), event._id.toString()),
        attempts: settings.attempts,
        backoff: { type: 'exponential', delay: settings.backoffMs },
      },
    })),
  );
  return endpoints.length;
}

/** What a delivery says of one event: the same bytes at every attempt and replay. */
interface DeliveryBody {
  id: string;
  type: string;
  occurredAt: string;
  request: {
    ref: string;
    agency: string;
    status: string;
    requester?: { name: string; email: string | null };
  };
}

/**
 * The body of an event's delivery: its id and type, when it happened, and the
 * request as it stood after it (its agency after any transfer up to then, its
 * status as the last status change up to then left it); the requester's name
 * and e-mail only for an endpoint allowed them.
 */
async function deliveryBody(
  endpoint: Pick<WebhookEndpoint, 'includePersonalData'>,
  requestId: string,
  seq: number,
): Promise<DeliveryBody | null> {
  const [event, lastStatus, request] = await Promise.all([
    RequestEventModel.findOne({ requestId, seq }, { type: 1, at: 1 }).lean(),
    RequestEventModel.findOne(
      { requestId, seq: mongoose.trusted({ $lte: seq }), to: mongoose.trusted({ $ne: null }) },
      { to: 1 },
    )
      .sort({ seq: -1 })
      .lean(),
    requestFields(requestId, { ref: 1, agency: 1, transfers: 1, requester: 1 }),
  ]);
  if (!event || !request) return null;
  const transfers = request.transfers.filter((t) => t.seq <= seq);
  const agency = transfers.at(-1)?.to ?? request.transfers[0]?.from ?? request.agency;
  return {
    id: event._id.toString(),
    type: event.type,
    occurredAt: event.at.toISOString(),
    request: {
      ref: request.ref,
      agency,
      status: lastStatus?.to ?? 'submitted',
      ...(endpoint.includePersonalData && request.requester
        ? { requester: { name: request.requester.name, email: request.requester.email ?? null } }
        : {}),
    },
  };
}

export interface DeliveryDeps {
  settings: WebhookSettings;
  /** The mail queue: the paused endpoint's admins hear of it there. */
  mail: Queue;
  now: () => Date;
}

/**
 * One attempt to deliver: a signed JSON POST, logged with its status code and
 * latency. A 2xx is a delivery; anything else (or no answer within the
 * timeout) throws, and BullMQ tries again with backoff. When the last attempt
 * fails, the endpoint's failures in a row go up; at `pauseAfter` it is paused
 * and its agency's admins get one mail.
 */
export async function deliverWebhook(deps: DeliveryDeps, job: Job<WebhookJob>): Promise<string> {
  const { endpoint: id, requestId, seq, replay = false } = job.data;
  const endpoint = await WebhookEndpointModel.findById(id).lean();
  if (endpoint?.status !== 'active') return 'endpoint not active';
  const body = await deliveryBody(endpoint, requestId, seq);
  if (!body) return 'event gone';
  const raw = JSON.stringify(body);
  const at = deps.now();
  const started = performance.now();
  let responseCode: number | null = null;
  let error: string | null = null;
  try {
    // No redirect is followed (a 3xx is a failed delivery); the address is checked as it is
    // resolved, and the connection made to it (webhook-dispatcher.ts).
    const response = await postToEndpoint(
      endpoint.url,
      {
        body: raw,
        signal: AbortSignal.timeout(deps.settings.timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Haqq-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(
            openSecret(endpoint.secretBox, deps.settings.serverSecret),
            raw,
            at,
          ),
          'Haqq-Event-Id': body.id,
        },
      },
      deps.settings.addresses,
    );
    responseCode = response.status;
    await response.body?.cancel();
  } catch (failure) {
    error = failureOf(failure);
  }
  const ok = responseCode !== null && responseCode >= 200 && responseCode < 300;
  await WebhookDeliveryModel.create({
    endpoint: endpoint._id,
    eventId: body.id,
    type: body.type,
    ref: body.request.ref,
    attempt: job.attemptsMade + 1,
    replay,
    at,
    ok,
    responseCode,
    latencyMs: Math.round(performance.now() - started),
    error,
  });
  if (ok) {
    await WebhookEndpointModel.updateOne(
      { _id: endpoint._id, failuresInARow: mongoose.trusted({ $gt: 0 }) },
      { $set: { failuresInARow: 0 } },
    );
    return 'delivered';
  }
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (last && !replay) await countFailedDelivery(deps, endpoint);
  throw new Error(
    `webhook delivery failed: ${responseCode === null ? String(error) : `HTTP ${String(responseCode)}`}`,
  );
}

/** A delivery that failed every attempt: one more in a row; at the limit, pause and tell. */
async function countFailedDelivery(deps: DeliveryDeps, endpoint: WebhookEndpoint): Promise<void> {
  const counted = await WebhookEndpointModel.findOneAndUpdate(
    { _id: endpoint._id, status: 'active' },
    { $inc: { failuresInARow: 1 } },
    { returnDocument: 'after', projection: { failuresInARow: 1 } },
  ).lean();
  if (!counted || counted.failuresInARow < deps.settings.pauseAfter) return;
  const pausedAt = deps.now();
  const paused = await WebhookEndpointModel.updateOne(
    { _id: endpoint._id, status: 'active' },
    { $set: { status: 'paused', pausedAt } },
  );
  // Only the one update that paused it tells: one mail per admin, whatever the workers.
  if (paused.modifiedCount === 0) return;
  const recipients = await agencyAdminsOrAdmins(endpoint.agency);
  await WEBHOOK_PAUSED_MAIL_JOB.addBulk(
    { mail: deps.mail },
    recipients.map((user) => ({
      data: { endpoint: endpoint._id.toString(), recipient: user._id.toString() },
      opts: {
        jobId: `webhook-paused-${endpoint._id.toString()}-${String(pausedAt.getTime())}-${user._id.toString()}`,
      },
    })),
  );
}
