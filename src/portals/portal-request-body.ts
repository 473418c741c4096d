import { z } from 'zod';
import { paragraphsField, singleLine } from '../text/single-line.ts';

/**
 * The body a national portal sends: the FOIA.gov agency API, version 1.1.0
 * (https://www.foia.gov/developer/agency-api/), field for field. Its
 * published sample leaves out `pdf` and `testing` though its table marks them
 * required, so both are optional here (`testing` is then false); `version` is
 * optional too (the 1.0 payloads had none). Fields left empty may come as
 * null. Any other field is the agency's own form field, kept as it came.
 */

/** A one-line text of at most `max` characters, or nothing. */
const line = (max: number) =>
  z
    .string()
    .max(max)
    .transform(singleLine)
    .nullish()
    .transform((value) => value || null);

/** A text that may hold paragraphs (the spec's 10,000-character fields), or nothing. */
const paragraphs = paragraphsField(0, 10_000)
  .nullish()
  .transform((value) => value || null);

/** "yes"/"no" as the spec sends them (and the true/false of its older samples). */
const yesNo = z
  .union([z.enum(['yes', 'no', 'Yes', 'No', 'YES', 'NO']), z.boolean()])
  .nullish()
  .transform(
    (value) => value === true || (typeof value === 'string' && value.toLowerCase() === 'yes'),
  );

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A file as the spec sends one: its name, declared type and size, and its bytes in base64. */
const portalFile = z.object({
  filename: z.string().min(1).max(255),
  content_type: z.string().max(200).nullish(),
  filesize: z.number().int().min(0).nullish(),
  // Base64 of at most a whole intake's bytes (portal-intake.ts), with room for line breaks.
  filedata: z
    .string()
    .max(30_000_000)
    .transform((value) => value.replace(/\s+/g, ''))
    .refine((value) => value.length % 4 === 0 && BASE64.test(value), 'not base64'),
});
export type PortalFile = z.infer<typeof portalFile>;

/** The fields this schema names; any other is an agency form field. */
const SPEC_FIELDS = [
  'version',
  'request_id',
  'agency',
  'agency_name',
  'agency_component_name',
  'name_first',
  'name_last',
  'address_line1',
  'address_line2',
  'address_city',
  'address_state_province',
  'address_zip_postal_code',
  'address_country',
  'request_description',
  'email',
  'phone_number',
  'fax_number',
  'company_organization',
  'request_category',
  'expedited_processing',
  'expedited_processing_explanation',
  'fee_waiver',
  'fee_waiver_explanation',
  'fee_amount_willing',
  'attachments_supporting_documentation',
  'pdf',
  'testing',
] as const;

/** Agency form fields kept at most, each value as JSON of at most this many characters. */
const MAX_EXTRA_FIELDS = 50;
const MAX_EXTRA_VALUE = 10_000;

export const portalRequestBody = z.looseObject({
  version: z.string().max(20).nullish(),
  request_id: z.union([
    z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  ]),
  agency: line(300),
  agency_name: line(300),
  agency_component_name: line(300),
  name_first: line(100),
  name_last: line(100),
  address_line1: line(200),
  address_line2: line(200),
  address_city: line(200),
  address_state_province: line(200),
  address_zip_postal_code: line(40),
  address_country: line(100),
  request_description: paragraphsField(1, 10_000),
  email: z.email().max(254).nullish(),
  phone_number: line(50),
  fax_number: line(50),
  company_organization: line(200),
  request_category: line(100),
  expedited_processing: yesNo,
  expedited_processing_explanation: paragraphs,
  fee_waiver: yesNo,
  fee_waiver_explanation: paragraphs,
  fee_amount_willing: z
    .union([z.string().max(40), z.number().min(0)])
    .nullish()
    .transform((value) =>
      value === null || value === undefined || value === '' ? null : String(value),
    ),
  attachments_supporting_documentation: z.array(portalFile).max(20).nullish(),
  pdf: portalFile.nullish(),
  testing: z.boolean().nullish(),
});
export type PortalRequestBody = z.infer<typeof portalRequestBody>;

/** The agency form fields of a body: every field the spec does not name, as JSON. */
export function extraFields(body: Record<string, unknown>): { name: string; value: string }[] {
  const named = new Set<string>(SPEC_FIELDS);
  return Object.entries(body)
    .filter(([name]) => !named.has(name))
    .slice(0, MAX_EXTRA_FIELDS)
    .map(([name, value]) => ({
      name: singleLine(name).slice(0, 100),
      value: JSON.stringify(value).slice(0, MAX_EXTRA_VALUE),
    }));
}
