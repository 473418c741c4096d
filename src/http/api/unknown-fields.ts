import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { match } from 'path-to-regexp';
import type { z } from 'zod';
import { BadRequestError } from '../../errors.ts';
import { hasAnyRole } from '../middleware/auth.ts';
import type { ApiOperation } from './api-operations.ts';

/** What a zod schema's definition holds, as far as the walk below reads it (zod 4). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  in?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields of `value` that `schema` does not know, as paths (`requester.phone`), at any
 * depth. A loose object (`looseObject`, a catchall) knows every field; a union knows what
 * any of its options knows. Pure: the schema and the value only.
 */
export function unknownFields(schema: z.ZodType, value: unknown, path = ''): string[] {
  const def = defOf(schema);
  const at = (key: string) => (path ? `${path}.${key}` : key);
  switch (def.type) {
    case 'object': {
      if (!isRecord(value) || def.catchall) return [];
      const shape = def.shape ?? {};
      return Object.entries(value).flatMap(([key, inner]) => {
        // Own fields only: `valueOf` or `constructor` are no field of a shape.
        const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
        return field ? unknownFields(field, inner, at(key)) : [at(key)];
      });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? unknownFields(def.innerType, value, path) : [];
    case 'pipe':
      return def.in ? unknownFields(def.in, value, path) : [];
    case 'array':
      return Array.isArray(value) && def.element
        ? value.flatMap((item, i) => unknownFields(def.element as z.ZodType, item, at(String(i))))
        : [];
    case 'union': {
      const found = (def.options ?? []).map((option) => unknownFields(option, value, path));
      // Unknown to the option that knows the most; none when one option knows them all.
      return (
        found.reduce<string[] | null>(
          (fewest, fields) => (fewest === null || fields.length < fewest.length ? fields : fewest),
          null,
        ) ?? []
      );
    }
    case 'intersection': {
      if (!def.left || !def.right) return [];
      const right = new Set(unknownFields(def.right, value, path));
      return unknownFields(def.left, value, path).filter((field) => right.has(field));
    }
    default:
      return [];
  }
}

/**
 * Answers 400 `VALIDATION.UNKNOWN_FIELD`, naming each field, when a JSON body of an
 * `/api/v1` operation holds a field the operation does not know (a misspelt `message` for
 * `reason` would otherwise be dropped, and the answer published without its text). It runs
 * only where the caller may call the operation (API_OPERATIONS' auth and roles), so an
 * anonymous or unauthorised caller still gets the router's 401 or 403 first; the values
 * themselves are the router's to check (422).
 */
export function rejectUnknownFields(operations: readonly ApiOperation[]): RequestHandler {
  const checked = operations
    .filter((op) => op.body && !op.upload && op.path.startsWith('/api/v1/'))
    // Matched as Express matches its routes (the same path-to-regexp).
    .map((op) => ({ op, matches: match(op.path) }));
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/v1/') || !req.is('application/json')) {
      next();
      return;
    }
    const method = req.method.toLowerCase();
    const op = checked.find(({ op, matches }) => op.method === method && matches(req.path))?.op;
    const mayCall =
      op?.auth === 'public' ||
      (op?.auth === 'session' && (op.roles ? hasAnyRole(req.user, op.roles) : Boolean(req.user)));
    if (!op?.body || !mayCall) {
      next();
      return;
    }
    const fields = unknownFields(op.body, req.body);
    if (fields.length === 0) {
      next();
      return;
    }
    next(
      new BadRequestError(
        'VALIDATION.UNKNOWN_FIELD',
        'error.unknownField.message',
        Object.fromEntries(fields.slice(0, 20).map((field) => [field, 'validation.unknownField'])),
      ),
    );
  };
}
