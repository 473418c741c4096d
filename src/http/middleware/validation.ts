import { ZodError, type z } from 'zod';
import { AppError, BadRequestError, ValidationError, type FieldErrors } from '../../errors.ts';
import { t, type Locale } from '../../i18n/i18n.ts';

/**
 * Field errors from a zod failure. Schemas give i18n keys as their messages
 * (`validation.date`); anything else falls back to a generic key.
 */
function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_';
    if (fields[field]) continue;
    fields[field] = /^[a-z]+(\.[A-Za-z]+)+$/.test(issue.message)
      ? issue.message
      : issue.code === 'invalid_value'
        ? 'validation.oneOf'
        : 'validation.required';
  }
  return fields;
}

/** The id of a form field from its error key: `requester.name` → `requesterName`. */
export const fieldId = (key: string) =>
  key.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase());

/** A query string, parsed or a 400 naming each bad parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success)
    throw new BadRequestError(
      'VALIDATION.QUERY',
      'error.validation.message',
      fieldErrors(parsed.error),
    );
  return parsed.data;
}

/** The 422 naming each bad field of a body that failed `schema`. */
export const invalidBodyError = (error: z.ZodError) => new ValidationError(fieldErrors(error));

/** A body, parsed or a 422 naming each bad field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidBodyError(parsed.error);
  return parsed.data;
}

/**
 * Field messages in the order their fields stand on the page, so that an error summary reads
 * down the page (a schema's order is not the page's); fields not named keep theirs, last.
 */
export function inPageOrder<T>(
  fields: Record<string, T>,
  order: readonly string[],
): Record<string, T> {
  const rank = (key: string) => {
    const at = order.indexOf(key);
    return at === -1 ? order.length : at;
  };
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * The field messages a re-rendered form shows, in `locale`, from a zod
 * failure or a typed error with field errors; any other error is rethrown.
 */
export function formErrors(locale: Locale, error: unknown): Record<string, string> {
  const keys =
    error instanceof ZodError
      ? fieldErrors(error)
      : error instanceof AppError && error.fields
        ? error.fields
        : undefined;
  if (!keys) throw error;
  // An application error's numbers (a size limit) fill its field messages too.
  const vars = error instanceof AppError ? error.vars : undefined;
  return Object.fromEntries(
    Object.entries(keys).map(([field, key]) => [field, t(locale, key, vars)]),
  );
}
