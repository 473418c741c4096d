import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { AGENCY_CODE } from '../../agencies/agency-code.ts';
import { refParam } from '../../requests/request-schemas.ts';
import type { Role } from '../../users/user-model.ts';
import type { SessionUser } from '../../users/user-store.ts';

/**
 * One operation of the API, declared once: method, path, who may call it,
 * the zod schemas of what it takes and answers, and its handler. Its route,
 * guard, validation and unknown-field check (api-router.ts) and its OpenAPI
 * entry (openapi-document.ts) are all derived from this declaration; each
 * feature declares its operations beside its pages (`src/http/<feature>/*-api.ts`)
 * and `src/http/api-operations.ts` lists them all.
 */
export interface ApiOperationSpec {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The Express path (`:ref`). */
  path: string;
  tag: string;
  summary: { en: string; ar: string };
  /** `public`: anyone; `session`: a signed-in user or an API token (roles below); `portal`: FOIA-API-SECRET. */
  auth: 'public' | 'session' | 'portal';
  /** With `session`, the roles that may call it (none: anyone signed in). */
  roles?: readonly Role[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A `multipart/form-data` body with one `file`. */
  upload?: boolean;
  /** Success responses by status (one each): a JSON schema, none (204), or a file. */
  responses: Record<number, z.ZodType | 'empty' | 'file'>;
  /** The error statuses this route may answer beyond those of its auth and inputs. */
  errors?: readonly number[];
}

/** What a handler gets: its inputs parsed by its own schemas, and a typed user. */
export interface ApiCall<D, P, Q, B, U> {
  req: Request;
  res: Response;
  deps: D;
  /** The caller: always there on a `session` operation. */
  user: U;
  params: P;
  query: Q;
  body: B;
  /** The caller's address, for the security log and the rate limits. */
  ip: string;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type Auth = ApiOperationSpec['auth'];
type CallerOf<A extends Auth> = A extends 'session' ? SessionUser : SessionUser | undefined;

/** What an operation adds to its declaration to be served. */
interface Serving<D, C> {
  /**
   * The JSON the success status answers with; nothing for a 204, or for a
   * file the handler sent itself.
   */
  handle: (call: C) => unknown;
  /** The body schema to check for this caller, when it depends on who calls (else `body`). */
  bodyFor?: (user: SessionUser | undefined) => z.ZodType;
  /** Middleware between the guard and the handler (an upload, a portal's secret). */
  middleware?: (deps: D) => RequestHandler[];
  /** The error for path parameters that do not parse (default: 404 `NOT_FOUND`). */
  notFound?: (req: Request) => Error;
  /** The error for a body that does not parse (default: 422 naming each field). */
  invalidBody?: (error: z.ZodError, body: unknown) => Error;
  /** Whether a JSON body's unknown fields are refused (default: on `/api/v1`). */
  unknownFields?: 'refuse' | 'keep';
}

/** An operation as the router and the document read it, whatever its schemas. */
export interface ApiOperation<D = never> extends ApiOperationSpec, Serving<D, never> {
  // The handler's call is typed where it is declared (apiOperations below); here it is opaque.
  handle: (call: never) => unknown;
}

/**
 * Declares a feature's operations, each handler typed by its own schemas and
 * auth, over the deps `D` the feature's handlers use:
 * `apiOperations<RequestDeps>()({ method: 'get', …, handle: ({ user, query }) => … })`.
 */
export function apiOperations<D>() {
  return <
    A extends Auth,
    P extends z.ZodObject | undefined = undefined,
    Q extends z.ZodObject | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
  >(
    operation: Omit<ApiOperationSpec, 'auth' | 'params' | 'query' | 'body'> & {
      auth: A;
      params?: P;
      query?: Q;
      body?: B;
    } & Serving<D, ApiCall<D, Parsed<P>, Parsed<Q>, Parsed<B>, CallerOf<A>>>,
  ): ApiOperation<D> => operation;
}

/** The roles that work in agencies; those that manage accounts; everyone with an account. */
export const STAFF: readonly Role[] = ['officer', 'agency_admin', 'admin'];
export const MANAGERS: readonly Role[] = ['admin', 'agency_admin'];
export const EVERYONE: readonly Role[] = ['citizen', 'officer', 'agency_admin', 'auditor', 'admin'];

/** Path parameters several features share. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/);
export const idParams = z.object({ id: objectId });
export const refParams = z.object({
  ref: refParam.meta({ description: 'The request’s reference, JO-2026-000123' }),
});
export const jurisdictionParams = z.object({ code: z.string().regex(/^[A-Za-z]{2}$/) });
export const agencyParams = z.object({ code: z.string().regex(AGENCY_CODE) });
