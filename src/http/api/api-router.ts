import express, { type Request, type Response, type Router } from 'express';
import { NotFoundError } from '../../errors.ts';
import { requireRole } from '../middleware/auth.ts';
import { invalidBodyError, parseQuery } from '../middleware/validation.ts';
import type { ApiCall, ApiOperation } from './api-operation.ts';
import { refuseUnknownFields } from './unknown-fields.ts';

type AnyCall = ApiCall<unknown, unknown, unknown, unknown, unknown>;

/** The one success status an operation answers with, and how. */
function successOf(op: ApiOperation) {
  const [status, kind] = Object.entries(op.responses)[0] ?? ['200', 'empty'];
  return { status: Number(status), kind };
}

/**
 * The routes of `operations`, each derived from its declaration: the guard
 * its auth and roles name, its middleware, the unknown-field check of a JSON
 * body, its parameters, query and body parsed by its own schemas (404, 400,
 * 422 naming each field), then its handler, whose result is the JSON of its
 * success status. Order matters only as in Express: a fixed path
 * (`/requests/counts`) is declared before a parameter (`/requests/:ref`).
 */
export function apiRouter<D>(operations: readonly ApiOperation<D>[], deps: D): Router {
  const router = express.Router();
  for (const op of operations) {
    const guard = op.auth === 'session' ? [requireRole(...(op.roles ?? []))] : [];
    const success = successOf(op);
    const refuseUnknown =
      !op.upload && (op.unknownFields ?? (op.path.startsWith('/api/v1/') ? 'refuse' : 'keep'));
    router[op.method](
      op.path,
      ...guard,
      ...(op.middleware?.(deps) ?? []),
      async (req: Request, res: Response) => {
        const params = op.params ? op.params.safeParse(req.params) : undefined;
        if (params && !params.success) throw op.notFound?.(req) ?? new NotFoundError();
        const query = op.query ? parseQuery(op.query, req.query) : {};
        const schema = op.bodyFor?.(req.user) ?? op.body;
        if (schema && refuseUnknown === 'refuse' && req.is('application/json'))
          refuseUnknownFields(schema, req.body);
        const body = schema?.safeParse(req.body);
        if (body && !body.success)
          throw op.invalidBody?.(body.error, req.body) ?? invalidBodyError(body.error);
        const call: AnyCall = {
          req,
          res,
          deps,
          user: req.user,
          params: params?.data ?? {},
          query,
          body: body?.data,
          ip: req.ip ?? '',
        };
        const result = await (op.handle as (call: AnyCall) => unknown)(call);
        if (res.headersSent || success.kind === 'file') return;
        if (success.kind === 'empty') res.status(success.status).end();
        else res.status(success.status).json(result);
      },
    );
  }
  return router;
}
