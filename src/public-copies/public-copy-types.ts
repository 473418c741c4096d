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
