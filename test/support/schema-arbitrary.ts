import fc from 'fast-check';
import { z } from 'zod';

/** The part of JSON Schema (2020-12, as zod writes it) the arbitraries read. */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
}

/** Anything a client could send as a JSON value, short and nasty strings included. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '<script>alert(1)</script>',
    '{"$gt":""}',
    '../../etc/passwd',
    '٣٠',
    'JO-2026-000001',
    'ي'.repeat(5_000),
    -1,
    0,
    1e308,
    Number.MAX_SAFE_INTEGER,
    true,
    null,
  ),
  fc.jsonValue({ maxDepth: 2 }),
  fc.record({ $gt: fc.constant('') }),
);

const stringOf = (schema: JsonSchema): fc.Arbitrary<string> => {
  if (schema.pattern) {
    try {
      const pattern = new RegExp(schema.pattern);
      return fc.stringMatching(pattern).filter((s) => s.length <= (schema.maxLength ?? 10_000));
    } catch {
      // A pattern JavaScript cannot build: plain strings instead.
    }
  }
  switch (schema.format) {
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'date':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    default:
      return fc.string({
        unit: fc.oneof(
          fc.constantFrom(...'abc ابت ١٢٣'.split('')),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        ),
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 200, 400),
      });
  }
};

const numberOf = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_000) + (integer ? 1 : 0);
  const max = schema.maximum ?? (schema.exclusiveMaximum ?? 1_000_000) - (integer ? 1 : 0);
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true });
};

/** Values that fit `schema` (mostly), as fast-check arbitraries. */
type Hints = Readonly<Record<string, readonly unknown[]>>;

function fitting(schema: JsonSchema, depth: number, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (depth > 4) return junk;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length)
    return fc.oneof(...options.map((option) => fitting(option, depth + 1, hints)));
  if (schema.allOf?.length)
    return fitting(Object.assign({}, ...schema.allOf) as JsonSchema, depth, hints);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ? fitting(schema.items, depth + 1, hints) : junk;
      return fc.array(items, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 20),
      });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const keys = Object.keys(properties);
      if (keys.length === 0)
        return fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 3 });
      return fc.record(
        Object.fromEntries(
          keys.map((key) => {
            const value = fitting(properties[key]!, depth + 1, hints);
            const known = hints[key];
            // A field whose good values are few (an agency code): mostly one of them.
            return [
              key,
              known?.length
                ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, value)
                : value,
            ];
          }),
        ),
        { requiredKeys: (schema.required ?? []).filter((key) => keys.includes(key)) },
      );
    }
    default:
      return junk;
  }
}

/**
 * Inputs for a route from the zod schema it validates with: mostly values that
 * fit (so the route's code past validation runs; `hints` gives the few good
 * values of fields such as an agency code), some with one field broken
 * or missing, and some anything at all.
 */
export function arbitraryFor(
  schema: z.ZodType | undefined,
  hints: Hints = {},
): fc.Arbitrary<unknown> {
  if (!schema) return fc.constant(undefined);
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const valid = fitting(json, 0, hints);
  const broken =
    json.type === 'object' && json.properties
      ? fc
          .tuple(valid, fc.constantFrom(...Object.keys(json.properties)), junk)
          .map(([value, key, bad]) =>
            typeof value === 'object' && value !== null ? { ...value, [key]: bad } : value,
          )
      : junk;
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 3, arbitrary: broken },
    { weight: 1, arbitrary: junk },
  );
}
