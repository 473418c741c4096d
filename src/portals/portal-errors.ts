/**
 * An error in the shape the FOIA.gov agency API gives a portal:
 * `{code, message, description}` with its HTTP status.
 */
export class PortalError extends Error {
  readonly status: number;
  readonly code: string;
  readonly description: string;

  constructor(status: number, code: string, message: string, description: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.description = description;
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
