/** The request events an endpoint may ask for (each is a timeline event type). */
export const WEBHOOK_EVENT_TYPES = [
  'submitted',
  'acknowledged',
  'assigned',
  'clarification_requested',
  'clarified',
  'message',
  'note',
  'extended',
  'transferred',
  'answered',
  'withdrawn',
  'appealed',
  'appeal_decided',
  'closed',
  'deadline_recomputed',
  'published',
  'unpublished',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
