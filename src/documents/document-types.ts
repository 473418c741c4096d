/**
 * The kinds of file a request may carry, told by their first bytes (never by
 * the name or the type the browser claims), each with the one content type we
 * serve it as. HTML, SVG, scripts and anything unknown are refused.
 */
const DOCUMENT_KINDS = [
  { ext: 'pdf', contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { ext: 'png', contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { ext: 'jpg', contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  // Office Open XML and OpenDocument files are ZIP archives.
  {
    ext: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  {
    ext: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  {
    ext: 'odt',
    contentType: 'application/vnd.oasis.opendocument.text',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  {
    ext: 'ods',
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  { ext: 'csv', contentType: 'text/csv; charset=utf-8', magic: null },
  { ext: 'txt', contentType: 'text/plain; charset=utf-8', magic: null },
] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Plain UTF-8 text with no NUL and nothing a browser could take for markup. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  let text: string;
  try {
    // `stream`: the sample may end inside a character; only bad bytes before that fail.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096), {
      stream: true,
    });
  } catch {
    return false;
  }
  return !/^\s*</.test(text.replace(/^\uFEFF/, ''));
}

/**
 * The kind of an upload, from its extension and its first bytes, or undefined
 * when the two disagree or the kind is not allowed.
 */
export function documentKind(filename: string, bytes: Uint8Array): DocumentKind | undefined {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(filename)?.[1]?.toLowerCase();
  const wanted = ext === 'jpeg' ? 'jpg' : ext;
  const kind = DOCUMENT_KINDS.find((candidate) => candidate.ext === wanted);
  if (!kind) return undefined;
  if (kind.magic === null) return isPlainText(bytes) ? kind : undefined;
  return kind.magic.every((byte, i) => bytes[i] === byte) ? kind : undefined;
}

/** A file name safe for a Content-Disposition header and a download folder. */
export function safeFilename(filename: string, kind: DocumentKind): string {
  const base = filename
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, '_')
    .trim()
    .slice(0, 120);
  return `${base || 'document'}.${kind.ext}`;
}
