import { z } from 'zod';
import { SESSION_COOKIE } from '../middleware/session.ts';
import type { ApiOperation } from './api-operation.ts';
import { ErrorBody, PortalErrorBody } from './api-responses.ts';
import { stateLimits } from './schema-limits.ts';

/**
 * The OpenAPI 3.1 document of the API, generated from its operations (the
 * routes' own zod schemas, through zod's JSON Schema output, which is the
 * 2020-12 dialect OpenAPI 3.1 uses). Never written by hand.
 */

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema: what a client sends (`input`) or what it gets (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema: node }) => {
      const jsonSchema = node as JsonSchema;
      const def = (zodSchema as unknown as { _zod: { def: { type: string; out?: z.ZodType } } })
        ._zod.def;
      // A field cleaned before it is checked (singleLineField): a client reads the limits
      // of what is kept, which zod gives only on the output side of the pipe.
      if (io === 'input' && def.type === 'pipe' && def.out) {
        const out = z.toJSONSchema(def.out, { io: 'output', unrepresentable: 'any' });
        for (const key of ['minLength', 'maxLength', 'minimum', 'maximum', 'pattern'] as const)
          if (out[key] !== undefined && jsonSchema[key] === undefined) jsonSchema[key] = out[key];
      }
      stateLimits(jsonSchema);
    },
  }) as JsonSchema;
  // The dialect is the document's own (OpenAPI 3.1: JSON Schema 2020-12).
  delete json.$schema;
  return json;
}

/** `/api/v1/requests/:ref` → `/api/v1/requests/{ref}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The statuses an operation may answer with the shared error shape. */
function errorStatuses(op: ApiOperation): number[] {
  // Any operation: a body that is not JSON, or nests too deep (400); too large (413).
  const found = new Set<number>([400, 413, ...(op.errors ?? [])]);
  if (op.auth === 'session') [401, 403].forEach((s) => found.add(s));
  if (op.auth === 'portal') [400, 401, 403, 404].forEach((s) => found.add(s));
  if (op.params) found.add(404);
  if (op.query) found.add(400);
  if (op.body || op.upload) found.add(op.auth === 'portal' ? 400 : 422);
  // A JSON body with a field the operation does not know (src/http/api/unknown-fields.ts).
  if (op.body && !op.upload) found.add(400);
  return [...found].sort((a, b) => a - b);
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad query; a body that is not JSON, nests too deep, or holds a field the operation does not know: the fields named',
  401: 'Not signed in (or no portal secret)',
  403: 'Not allowed for this role, agency or portal',
  404: 'Not found, or not the caller’s to see',
  409: 'Conflict: changed meanwhile, or already done',
  413: 'Too large',
  422: 'Invalid fields, each named with its message',
  429: 'Too many attempts; Retry-After says when to try again',
};

function parameters(op: ApiOperation) {
  const list: Record<string, unknown>[] = [];
  const add = (where: 'path' | 'query', object: z.ZodObject | undefined) => {
    for (const [name, schema] of Object.entries(object?.shape ?? {})) {
      const field = schema as z.ZodType;
      list.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        schema: jsonSchemaOf(field, 'input'),
      });
    }
  };
  add('path', op.params);
  add('query', op.query);
  return list;
}

function requestBody(op: ApiOperation, uploadBytes: number) {
  if (op.upload)
    return {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: {
              file: {
                type: 'string',
                contentMediaType: 'application/octet-stream',
                // In bytes: the upload limit (DOCUMENT_MAX_MB).
                maxLength: uploadBytes,
              },
            },
          },
        },
      },
    };
  if (!op.body) return undefined;
  return {
    required: true,
    content: { 'application/json': { schema: jsonSchemaOf(op.body, 'input') } },
  };
}

function responses(op: ApiOperation) {
  const out: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(op.responses)) {
    out[status] =
      body === 'empty'
        ? { description: 'Done, no content' }
        : body === 'file'
          ? {
              description: 'The file, as a download',
              content: { 'application/octet-stream': { schema: { type: 'string' } } },
            }
          : {
              description: 'Success',
              content: { 'application/json': { schema: jsonSchemaOf(body, 'output') } },
            };
  }
  const error = op.auth === 'portal' ? 'PortalError' : 'Error';
  const errorContent = {
    'application/json': { schema: { $ref: `#/components/schemas/${error}` } },
  };
  for (const status of errorStatuses(op))
    out[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: errorContent };
  out.default = {
    description: 'Any other error (500: our fault; 503: a dependency is down)',
    content: errorContent,
  };
  return out;
}

function security(op: ApiOperation) {
  if (op.auth === 'portal') return [{ portalSecret: [] }];
  const signedIn =
    op.method === 'get'
      ? [{ session: [] }, { bearer: [] }]
      : [{ session: [], csrf: [] }, { bearer: [] }];
  // A public route answers anyone; signed in, it may show more (a party's view of a request).
  return op.auth === 'public' ? [{}, ...signedIn] : signedIn;
}

const operationId = (op: ApiOperation) =>
  `${op.method}${op.path
    .replace(/^\/api(\/v1)?/, '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `By${part.slice(1)}` : part))
    .map((part) => part.replace(/\W/g, ''))
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;

/** What each group of operations is for (the documentation's sections). */
const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  accounts: 'Sign in and out, register, confirm an address, reset a password, one’s own account.',
  administration: 'Accounts, invitations, API tokens, the security log, agencies’ redaction rules.',
  documentation: 'This document.',
  integration: 'National portals (the FOIA.gov agency API) and agencies’ signed webhooks.',
  law: 'The countries’ access-to-information laws: deadlines and holidays.',
  public: 'What anyone may read: search and statistics.',
  requests:
    'Filing, the inbox, a request’s history, its documents and every action of its lifecycle.',
};

/** The whole document. */
export function openApiDocument(
  operations: readonly ApiOperation[],
  baseUrl: string,
  version: string,
  uploadBytes: number,
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    const body = requestBody(op, uploadBytes);
    paths[path] ??= {};
    paths[path][op.method] = {
      operationId: operationId(op),
      tags: [op.tag],
      summary: op.summary.en,
      'x-summary-ar': op.summary.ar,
      ...(op.roles ? { 'x-roles': op.roles } : {}),
      security: security(op),
      parameters: parameters(op),
      ...(body ? { requestBody: body } : {}),
      responses: responses(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Haqq API',
      version,
      summary: 'Access-to-information requests: filing, deadlines, answers, statistics.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    // One public server (OWASP API9: every server's audience declared).
    servers: [{ url: baseUrl.replace(/\/$/, ''), 'x-internal': false }],
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({
      name,
      description: TAG_DESCRIPTIONS[name] ?? name,
    })),
    paths,
    components: {
      schemas: {
        Error: jsonSchemaOf(ErrorBody, 'output'),
        PortalError: jsonSchemaOf(PortalErrorBody, 'output'),
      },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token an admin created' },
        portalSecret: { type: 'apiKey', in: 'header', name: 'FOIA-API-SECRET' },
      },
    },
  };
}
