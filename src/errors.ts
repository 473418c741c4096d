/**
 * Typed application errors. Each carries an HTTP status, a stable machine code
 * (`REQUEST.NOT_FOUND`) and the i18n key of the message shown to people; the one
 * error middleware (src/http/middleware/error-handler.ts) renders them as HTML or JSON.
 */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageKey: string;
  readonly vars: Record<string, string | number>;
  readonly fields: FieldErrors | undefined;

  constructor(options: {
    status: number;
    code: string;
    messageKey: string;
    vars?: Record<string, string | number>;
    fields?: FieldErrors;
    cause?: unknown;
  }) {
    super(options.code, { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status;
    this.code = options.code;
    this.messageKey = options.messageKey;
    this.vars = options.vars ?? {};
    this.fields = options.fields;
  }
}

/** The page or object does not exist, or the caller may not know that it does. */
export class NotFoundError extends AppError {
  constructor(code = 'NOT_FOUND', messageKey = 'error.notFound.message') {
    super({ status: 404, code, messageKey });
  }
}

/** Input failed validation; `fields` maps each bad field to an i18n key. */
export class ValidationError extends AppError {
  constructor(fields: FieldErrors, code = 'VALIDATION.FAILED') {
    super({ status: 422, code, messageKey: 'error.validation.message', fields });
  }
}

/** A bad request that is not about one form field (malformed query, bad JSON). */
export class BadRequestError extends AppError {
  constructor(code = 'BAD_REQUEST', messageKey = 'error.badRequest.message', fields?: FieldErrors) {
    super({ status: 400, code, messageKey, ...(fields ? { fields } : {}) });
  }
}

/** A uniqueness rule or a concurrent change stopped the write. */
export class ConflictError extends AppError {
  constructor(code = 'CONFLICT', messageKey = 'error.conflict.message', cause?: unknown) {
    super({ status: 409, code, messageKey, cause });
  }
}

/** A dependency (database, Redis) is not answering. */
export class ServiceUnavailableError extends AppError {
  constructor(code = 'SERVICE_UNAVAILABLE', messageKey = 'error.unavailable.message') {
    super({ status: 503, code, messageKey });
  }
}
