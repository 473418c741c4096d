/** Office files LibreOffice turns into PDF (and a spreadsheet's sheets into CSV), by type. */
const OFFICE: Record<string, { ext: string; spreadsheet: boolean }> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx',
    spreadsheet: false,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: 'xlsx',
    spreadsheet: true,
  },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', spreadsheet: false },
  'application/vnd.oasis.opendocument.spreadsheet': { ext: 'ods', spreadsheet: true },
};

/** The kinds a public copy is made of: PDFs and page images (photos and scans). */
const PAGES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff']);

const bare = (contentType: string) => contentType.split(';')[0]?.trim() ?? '';

/** An office file's kind (its extension, whether it has sheets), or undefined. */
export const officeType = (contentType: string) => OFFICE[bare(contentType)];

/** Whether a document of this type gets a public copy (OCR and redaction) in the workers. */
export const copyableType = (contentType: string): boolean =>
  PAGES.has(bare(contentType)) || officeType(contentType) !== undefined;

/** A public copy's name: its place among the answer's documents, never the original's name. */
export const publicFilename = (position: number): string => `document-${String(position + 1)}.pdf`;

/** Text files: published as their redacted words (released-documents.ts), never as a copy. */
export const textType = (contentType: string): boolean =>
  ['text/plain', 'text/csv'].includes(bare(contentType));

/** Whether a request's released documents are public now: public, published and not taken down. */
export const documentsArePublic = (request: {
  visibility: string;
  publication?: { publishedAt?: Date | null; hiddenAt?: Date | null } | null;
}): boolean =>
  request.visibility === 'public' &&
  Boolean(request.publication?.publishedAt) &&
  !request.publication?.hiddenAt;

/** Why a copy stays private when the job's or a tool's time or memory limit stopped it. */
export const limitReason = (reason: 'time' | 'memory') =>
  reason === 'time' ? 'too_slow' : 'too_much_memory';
