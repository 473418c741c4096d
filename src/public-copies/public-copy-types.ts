/** The kinds a public copy is made of: PDFs and page images (photos and scans). */
const COPYABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff']);

/** Whether a document of this type gets a public copy (OCR and redaction) in the workers. */
export const copyableType = (contentType: string): boolean =>
  COPYABLE.has(contentType.split(';')[0]?.trim() ?? '');

/** A public copy's name: its place among the answer's documents, never the original's name. */
export const publicFilename = (position: number): string => `document-${String(position + 1)}.pdf`;

/** Text files: published as their redacted words (released-documents.ts), never as a copy. */
export const textType = (contentType: string): boolean =>
  ['text/plain', 'text/csv'].includes(contentType.split(';')[0]?.trim() ?? '');
