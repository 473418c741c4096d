import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { t, type Locale } from '../../i18n/i18n.ts';
import { NotFoundError } from '../../errors.ts';
import { apiOperations, type ApiOperation } from './api-operation.ts';
import * as R from './api-responses.ts';
import { openApiDocument, openApiPath } from './openapi-document.ts';

const VERSION = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

type JsonSchema = {
  type?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
};

/** A schema's type as a reader wants it: `string (e-mail)`, `one of: a, b`, `array`. */
function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map(String).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  const type = Array.isArray(schema.type)
    ? schema.type.map(String).join(' | ')
    : typeof schema.type === 'string'
      ? schema.type
      : 'any';
  return schema.format ? `${type} (${schema.format})` : type;
}

/** The top-level fields of a body (the first shape of a choice of shapes). */
function fieldsOf(schema: JsonSchema) {
  const shape = schema.anyOf?.[0] ?? schema;
  const required = new Set(shape.required ?? []);
  return Object.entries(shape.properties ?? {}).map(([name, field]) => ({
    name,
    type: typeOf(field),
    required: required.has(name),
  }));
}

/** An operation of the generated document, as far as the page reads it. */
interface DocumentedOperation {
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

/** One operation as the reference page shows it, in `locale`, read from the document. */
function operationView(op: ApiOperation, documented: DocumentedOperation, locale: Locale) {
  const who =
    op.auth === 'portal'
      ? t(locale, 'apiDocs.auth.portal')
      : op.auth === 'public'
        ? t(locale, 'apiDocs.auth.public')
        : t(locale, 'apiDocs.auth.roles', {
            roles: (op.roles ?? [])
              .map((role) => t(locale, `role.${role}`))
              .join(t(locale, 'list.separator')),
          });
  const json = documented.requestBody?.content['application/json']?.schema;
  return {
    id: `${op.method}-${op.path.replace(/[^A-Za-z0-9]+/g, '-')}`,
    method: op.method.toUpperCase(),
    path: openApiPath(op.path),
    summary: op.summary[locale],
    who,
    params: documented.parameters.map((p) => ({
      name: p.name,
      where: p.in,
      type: typeOf(p.schema),
      required: p.required,
    })),
    body: json
      ? fieldsOf(json)
      : documented.requestBody
        ? [{ name: 'file', type: 'multipart/form-data', required: true }]
        : [],
    statuses: Object.keys(documented.responses)
      .filter((status) => status !== 'default')
      .join(', '),
  };
}

/** The OpenAPI document of `operations`, served at `baseUrl`, uploads at most `uploadBytes`. */
export const apiDocument = (
  operations: readonly ApiOperation[],
  baseUrl: string,
  uploadBytes: number,
) => openApiDocument(operations, baseUrl, VERSION, uploadBytes);

/** What the document's own operation needs: the document, made once at start. */
export interface DocumentApiDeps {
  openApiDocument: ReturnType<typeof apiDocument>;
}

/** `GET /api/v1/openapi.json`: this API, as OpenAPI 3.1. */
export const DOCUMENT_API = [
  apiOperations<DocumentApiDeps>()({
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'documentation',
    auth: 'public',
    summary: { en: 'This API, as OpenAPI 3.1', ar: 'هذه الواجهة بصيغة OpenAPI 3.1' },
    responses: { 200: R.OpenApiDocument },
    handle: ({ deps }) => deps.openApiDocument,
  }),
];

/** The readable reference of `operations` at `/api/docs`, in both languages, read from `document`. */
export function apiDocRoutes(
  operations: readonly ApiOperation[],
  document: ReturnType<typeof apiDocument>,
): Router {
  const router = express.Router();
  const tags = [...new Set(operations.map((op) => op.tag))];
  const sectionOf = (locale: Locale, tag: string) => ({
    tag,
    href: `/api/docs/${tag}`,
    title: t(locale, `apiDocs.tag.${tag}`),
    count: operations.filter((op) => op.tag === tag).length,
  });
  // The contents: what the API is, how to call it, and one page per part.
  router.get('/api/docs', (req, res) => {
    res.render('api/docs', {
      title: 'apiDocs.title',
      version: VERSION,
      sections: tags.map((tag) => sectionOf(req.locale, tag)),
    });
  });
  // One part of the API per page, with the parts before and after it.
  router.get('/api/docs/:tag', (req, res) => {
    const at = tags.indexOf(req.params.tag);
    const tag = tags[at];
    if (tag === undefined) throw new NotFoundError('API.DOCS_NOT_FOUND', 'error.notFound.message');
    const section = sectionOf(req.locale, tag);
    const before = tags[at - 1];
    const after = tags[at + 1];
    res.render('api/docs-section', {
      title: 'apiDocs.title',
      titleText: `${section.title} · ${t(req.locale, 'apiDocs.title')}`,
      section,
      previous: before === undefined ? null : sectionOf(req.locale, before),
      next: after === undefined ? null : sectionOf(req.locale, after),
      operations: operations
        .filter((op) => op.tag === tag)
        .map((op) =>
          operationView(
            op,
            document.paths[openApiPath(op.path)]?.[op.method] as DocumentedOperation,
            req.locale,
          ),
        ),
    });
  });
  return router;
}
