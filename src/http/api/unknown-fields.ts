import type { z } from 'zod';
import { BadRequestError } from '../../errors.ts';

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
 * 400 `VALIDATION.UNKNOWN_FIELD`, naming each field, when a JSON body holds a field its
 * schema does not know (a misspelt `message` for `reason` would otherwise be dropped, and
 * the answer published without its text). The router checks it after the guard, so an
 * anonymous or unauthorised caller still gets 401 or 403 first; the values themselves are
 * the schema's to check (422).
 */
export function refuseUnknownFields(schema: z.ZodType, body: unknown): void {
  const fields = unknownFields(schema, body);
  if (fields.length === 0) return;
  throw new BadRequestError(
    'VALIDATION.UNKNOWN_FIELD',
    'error.unknownField.message',
    Object.fromEntries(fields.slice(0, 20).map((field) => [field, 'validation.unknownField'])),
  );
}
