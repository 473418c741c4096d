import { z } from 'zod';

/**
 * What the API answers, as JSON: the response side of the OpenAPI document
 * (the request side is the routes' own zod schemas). Objects are open
 * (`looseObject`): a field may be added to a response without breaking a
 * client (docs/requests.md, "API versions"); the fields named here are always there.
 */

const instant = z.iso.datetime({ offset: true });
const status = <T extends string>(value: T) => z.looseObject({ status: z.literal(value) });
/** The cursor of a list's next page; null on its last. */
const next = z.string().nullable();

/** Every error of `/api/v1`: a stable code, a message in the caller's language, and field messages. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

/** The national portals' error (the FOIA.gov agency API's shape). */
export const PortalErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  description: z.string(),
});
export const OpenApiDocument = z.looseObject({ openapi: z.string(), paths: z.looseObject({}) });

export const PortalAccepted = z.object({
  id: z.string(),
  status_tracking_number: z.string(),
});

export const SessionStarted = z.looseObject({
  user: z.looseObject({ id: z.string(), email: z.string(), roles: z.array(z.string()) }),
  csrfToken: z.string(),
});
export const CheckYourMail = status('check_your_mail');
export const Confirmed = status('confirmed');
export const PasswordSet = status('password_set');
export const PasswordChanged = z.looseObject({
  status: z.literal('password_changed'),
  csrfToken: z.string().optional(),
});
export const Deactivated = status('deactivated');
export const Revoked = status('revoked');
export const Queued = status('queued');
export const CreatedId = z.looseObject({ id: z.string() });
export const CreatedWithSecret = z.looseObject({ id: z.string(), secret: z.string() });
export const CreatedToken = z.looseObject({ id: z.string(), token: z.string() });

export const UsersList = z.looseObject({
  users: z.array(z.looseObject({ id: z.string() })),
  next,
});
export const SecurityEvents = z.looseObject({
  events: z.array(z.looseObject({ type: z.string() })),
  next,
});
export const ApiTokens = z.looseObject({
  tokens: z.array(z.looseObject({ id: z.string() })),
  next,
});

export const Agencies = z.looseObject({
  items: z.array(z.looseObject({ code: z.string() })),
  /** Absent for suggestions (the best ten), a cursor or null for the list. */
  next: next.optional(),
});
export const RulesSaved = z.looseObject({});
export const Jurisdictions = z.looseObject({
  jurisdictions: z.array(z.looseObject({ code: z.string() })),
});
export const Deadline = z.looseObject({ dueAt: instant });
export const HolidayOverrides = z.looseObject({ overrides: z.array(z.looseObject({})) });
export const HolidayOverrideChange = z.looseObject({ recompute: z.unknown() });

export const Stats = z.looseObject({});

export const SearchResults = z.looseObject({
  items: z.array(
    z.looseObject({
      ref: z.string(),
      subject: z.string(),
      agency: z.string(),
      jurisdiction: z.string(),
      status: z.string(),
      outcome: z.string().nullable(),
      receivedAt: instant,
      answeredAt: instant.nullable(),
      url: z.string(),
      /** HTML: the text escaped, each matched word in `<mark>` (hidden stretches as ⟦kind⟧). */
      snippet: z.string(),
      /**
       * The same snippet in stretches, for a client to render: words (`text`), or a stretch
       * hidden from the public (`redacted`: its kind, e.g. `phone`), each `mark`ed when it
       * matched the query.
       */
      snippetParts: z.array(
        z.union([
          z.object({ text: z.string(), mark: z.boolean() }),
          z.object({ redacted: z.string(), mark: z.boolean() }),
        ]),
      ),
    }),
  ),
  total: z.number().int(),
  next: z.string().nullable(),
});

export const Filed = z.looseObject({
  ref: z.string(),
  jurisdiction: z.string(),
  agency: z.string(),
  status: z.string(),
  rulesVersion: z.string(),
  receivedAt: instant,
  dueAt: instant,
});
export const FilingCheck = z.looseObject({
  suggestions: z.array(z.looseObject({})),
  duplicates: z.array(z.looseObject({})),
});
export const BulkResults = z.looseObject({
  results: z.array(z.looseObject({ ref: z.string() })),
});
export const Inbox = z.looseObject({
  items: z.array(z.looseObject({ ref: z.string(), status: z.string(), dueAt: instant })),
  next: z.string().nullable(),
});
export const InboxCounts = z.looseObject({});
/** A request as the caller may see it (`GET /api/v1/requests/:ref`, and after each action). */
export const RequestView = z.looseObject({
  ref: z.string(),
  jurisdiction: z.string(),
  agency: z.string(),
  status: z.string(),
  visibility: z.enum(['public', 'private']),
  receivedAt: instant,
  dueAt: instant,
  overdue: z.boolean(),
  events: z.array(z.looseObject({ type: z.string() })),
  documents: z.array(z.looseObject({ id: z.string(), url: z.string() })),
});
export const Uploaded = z.looseObject({ id: z.string() });

export const Portals = z.looseObject({
  items: z.array(
    z.looseObject({ id: z.string(), name: z.string(), agencies: z.array(z.string()) }),
  ),
  next,
});
const webhookEndpoint = z.looseObject({
  id: z.string(),
  agency: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  status: z.enum(['active', 'paused', 'deleted']),
});
export const WebhookEndpointView = webhookEndpoint;
export const WebhookEndpoints = z.looseObject({ items: z.array(webhookEndpoint), next });
export const WebhookDeliveries = z.looseObject({
  items: z.array(
    z.looseObject({
      id: z.string(),
      eventId: z.string(),
      ok: z.boolean(),
      responseCode: z.number().int().nullable(),
      latencyMs: z.number(),
    }),
  ),
  next,
});
