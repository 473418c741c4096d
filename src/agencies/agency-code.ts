/** An agency's code: its country, a dash, then letters, digits and dashes (`JO-MOH`). */
export const AGENCY_CODE = /^[A-Z]{2}-[A-Z0-9-]{2,40}$/;
