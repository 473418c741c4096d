import { tooManyHeaders, type LimitPolicy } from '../platform/rate-limits.ts';

/**
 * An error in the shape the FOIA.gov agency API gives a portal:
 * `{code, message, description}` with its HTTP status.
 */
export class PortalError extends Error {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  /** Further header fields of the answer (a 429's or a 503's Retry-After, a 429's RateLimit fields). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    description: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.description = description;
    this.headers = headers;
  }

  /** An address that sent too many wrong secrets, and the limit it passed. */
  static tooManyFailures(retryAfterSeconds: number, policy: LimitPolicy): PortalError {
    return new PortalError(
      429,
      'PORTAL.TOO_MANY_FAILURES',
      'too many wrong secrets',
      'This address sent too many wrong FOIA-API-SECRET headers; try again later.',
      tooManyHeaders(retryAfterSeconds, policy),
    );
  }

  /** As many bodies as this process reads at once are being read. */
  static busy(): PortalError {
    return new PortalError(
      503,
      'PORTAL.BUSY',
      'busy',
      'Too many requests are being received at once; send it again shortly.',
      { 'Retry-After': '5' },
    );
  }

  static badField(field: string, problem: string): PortalError {
    return new PortalError(
      400,
      'PORTAL.INVALID_FIELD',
      `invalid field: ${field}`,
      `${field}: ${problem}`,
    );
  }

  static agencyNotFound(code: string): PortalError {
    return new PortalError(
      404,
      'PORTAL.AGENCY_NOT_FOUND',
      'agency component not found',
      `No active agency has the code ${code}.`,
    );
  }

  toJSON() {
    return { code: this.code, message: this.message, description: this.description };
  }
}
