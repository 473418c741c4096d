import { Readable } from 'node:stream';
import { Types } from 'mongoose';
import { activeAgency } from '../agencies/agency-directory.ts';
import { deleteDocument, storeDocumentStream } from '../documents/document-store.ts';
import { documentKind, MAX_DOCUMENT_BYTES, safeFilename } from '../documents/document-types.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import { recordFiling, type RequestDeps } from '../requests/request-service.ts';
import { singleLine } from '../text/single-line.ts';
import type { Portal } from './portal-model.ts';
import { extraFields, type PortalFile, type PortalRequestBody } from './portal-request-body.ts';
import { PortalError } from './portal-errors.ts';
import { requestByIntakeKey } from '../requests/request-reads.ts';

/** A subject from the description: its first line, cut at a word near 120 characters. */
function subjectOf(description: string): string {
  const first = singleLine(description.split(/\n/).find((l) => l.trim() !== '') ?? description);
  if (first.length <= 120) return first;
  const cut = first.slice(0, 120);
  const space = cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Arabic when the description is written in Arabic script, English otherwise. */
const languageOf = (text: string): 'ar' | 'en' => (/[\u0600-\u06FF]/.test(text) ? 'ar' : 'en');

/** Bytes of the documents a portal request may carry in all (the spec's 20 MB). */
const MAX_PORTAL_BYTES = 20 * 1024 * 1024;

interface StoredFile {
  id: Types.ObjectId;
  filename: string;
  declaredType: string | null;
  size: number;
  flagged: boolean;
  pdf: boolean;
}

/**
 * Stores a portal's file with the request. Its kind is told by its bytes, as
 * for an upload; when they do not match the name and the declared type the
 * file is kept all the same, as an opaque download, flagged for the officer
 * (never refused: the request stands).
 */
async function storeFile(
  file: PortalFile,
  requestId: Types.ObjectId,
  pdf: boolean,
): Promise<StoredFile> {
  const bytes = Buffer.from(file.filedata, 'base64');
  const kind = documentKind(file.filename, bytes);
  const declared = file.content_type?.split(';')[0]?.trim().toLowerCase() ?? null;
  const matches =
    kind !== undefined && (declared === null || kind.contentType.split(';')[0] === declared);
  const stored = matches
    ? { kind, filename: safeFilename(file.filename, kind) }
    : {
        kind: { contentType: 'application/octet-stream' },
        filename: `${
          singleLine(file.filename)
            .replace(/[^\p{L}\p{N}._-]+/gu, '_')
            .slice(0, 120) || 'file'
        }.bin`,
      };
  const { id, size } = await storeDocumentStream(
    Readable.from([bytes]),
    stored.filename,
    stored.kind,
    { requestId, uploader: null, side: 'requester' },
  );
  return { id, filename: stored.filename, declaredType: declared, size, flagged: !matches, pdf };
}

/** The files of a body, checked for size before any is stored. */
function filesOf(body: PortalRequestBody) {
  const files = [
    ...(body.attachments_supporting_documentation ?? []).map((file, i) => ({
      file,
      pdf: false,
      field: `attachments_supporting_documentation.${String(i)}.filedata`,
    })),
    ...(body.pdf ? [{ file: body.pdf, pdf: true, field: 'pdf.filedata' }] : []),
  ];
  let total = 0;
  for (const { file, field } of files) {
    const size = Math.floor((file.filedata.length * 3) / 4);
    total += size;
    if (size > MAX_DOCUMENT_BYTES)
      throw PortalError.badField(field, `larger than ${String(MAX_DOCUMENT_BYTES)} bytes`);
  }
  if (total > MAX_PORTAL_BYTES)
    throw PortalError.badField(
      'attachments_supporting_documentation',
      `more than ${String(MAX_PORTAL_BYTES)} bytes in all`,
    );
  return files;
}

const intakeKey = (portal: Portal, requestId: string) => `${portal._id.toString()}:${requestId}`;

/** The request a portal already sent under this id, if any. */
async function alreadyReceived(key: string) {
  const found = await requestByIntakeKey(key);
  return found ? { id: found._id.toString(), ref: found.ref, created: false } : null;
}

/**
 * A portal's request into the lifecycle, as a logged request with channel
 * `portal`: received now (the legal deadline counts from receipt), private
 * (the requester chose nothing about publication), the requester's details
 * kept for the agency alone, expedited processing taken as the urgent track
 * where the law has one (and noted otherwise), test submissions marked. The
 * same `request_id` from the same portal yields the same request, never a
 * second one (the intake key's unique index settles a race).
 */
export async function receivePortalRequest(
  deps: Pick<RequestDeps, 'calendars' | 'notifier'>,
  portal: Portal,
  agencyCode: string,
  raw: Record<string, unknown>,
  body: PortalRequestBody,
  now: Date,
): Promise<{ id: string; ref: string; created: boolean }> {
  const requestId = String(body.request_id);
  const key = intakeKey(portal, requestId);
  const agency = await activeAgency(agencyCode);
  if (!agency) throw PortalError.agencyNotFound(agencyCode);
  // Sent before (a retry: the portal waits 30 s for an answer): the same request,
  // wherever it has been transferred since.
  const before = await alreadyReceived(key);
  if (before) return before;
  const files = filesOf(body);
  const _id = new Types.ObjectId();
  const stored: StoredFile[] = [];
  try {
    for (const { file, pdf } of files) stored.push(await storeFile(file, _id, pdf));
    const name =
      [body.name_first, body.name_last].filter(Boolean).join(' ') ||
      body.company_organization ||
      body.email ||
      `${portal.name} ${requestId}`;
    const expedited = body.expedited_processing;
    const { request } = await recordFiling(
      deps,
      {
        agency: agency.code,
        receivedAt: now,
        channel: 'portal',
        requester: { user: null, name: singleLine(name).slice(0, 200), email: body.email ?? null },
        language: languageOf(body.request_description),
      },
      {
        jurisdiction: agency.jurisdiction,
        subject: subjectOf(body.request_description),
        body: body.request_description,
        visibility: 'private',
        urgent: expedited,
        urgentReason: body.expedited_processing_explanation ?? '—',
      },
      now,
      {
        actor: { user: null, role: 'portal' },
        urgentIfTrack: true,
        extra: ({ urgent }) => ({
          _id,
          test: body.testing === true,
          intake: {
            portal: portal._id,
            key,
            requestId,
            version: body.version ?? null,
            category: body.request_category,
            organization: body.company_organization,
            phone: body.phone_number,
            fax: body.fax_number,
            address: [
              body.address_line1,
              body.address_line2,
              [body.address_zip_postal_code, body.address_city].filter(Boolean).join(' '),
              body.address_state_province,
              body.address_country,
            ].filter((part): part is string => Boolean(part)),
            feeAmountWilling: body.fee_amount_willing,
            feeWaiver: body.fee_waiver,
            feeWaiverExplanation: body.fee_waiver_explanation,
            expedited,
            expeditedExplanation: body.expedited_processing_explanation,
            expeditedApplied: urgent,
            extra: extraFields(raw),
            documents: stored,
          },
        }),
      },
    );
    return { id: request._id.toString(), ref: request.ref, created: true };
  } catch (error) {
    for (const file of stored) await deleteDocument(file.id);
    // The same request sent twice at once: the other one was recorded.
    if (isDuplicateKeyError(error)) {
      const other = await alreadyReceived(key);
      if (other) return other;
    }
    throw error;
  }
}
