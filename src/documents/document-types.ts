/**
 * The kinds of file a request may carry, told by their first bytes (never by
 * the name or the type the browser claims), each with the one content type we
 * serve it as. HTML, SVG, scripts and anything unknown are refused.
 */
const ZIP = [[0x50, 0x4b, 0x03, 0x04]];
const DOCUMENT_KINDS = [
  { ext: 'pdf', contentType: 'application/pdf', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  {
    ext: 'png',
    contentType: 'image/png',
    magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  },
  { ext: 'jpg', contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  // Scanners' TIFF, one page or many: little-endian "II*\0" or big-endian "MM\0*".
  {
    ext: 'tif',
    contentType: 'image/tiff',
    magic: [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
    ],
  },
  // Office Open XML and OpenDocument files are ZIP archives.
  {
    ext: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
  },
  {
    ext: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: ZIP,
  },
  {
    ext: 'odt',
    contentType: 'application/vnd.oasis.opendocument.text',
    magic: ZIP,
  },
  {
    ext: 'ods',
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    magic: ZIP,
  },
  { ext: 'csv', contentType: 'text/csv; charset=utf-8', magic: null },
  { ext: 'txt', contentType: 'text/plain; charset=utf-8', magic: null },
] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A national portal's file at most (the FOIA.gov agency API's own limit); people's uploads: DOCUMENT_MAX_MB. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** What people may attach to a request (DOCUMENT_MAX_MB, DOCUMENT_MAX_PAGES). */
export interface DocumentLimits {
  maxBytes: number;
  maxPages: number;
}

/** The limits the settings give. */
export const documentLimits = (config: {
  DOCUMENT_MAX_MB: number;
  DOCUMENT_MAX_PAGES: number;
}): DocumentLimits => ({
  maxBytes: config.DOCUMENT_MAX_MB * 1024 * 1024,
  maxPages: config.DOCUMENT_MAX_PAGES,
});

/** The size limit in whole MB, as messages and hints state it. */
export const documentMaxMb = (limits: DocumentLimits) =>
  Math.round(limits.maxBytes / (1024 * 1024));

/** The kinds whose pages are counted against DOCUMENT_MAX_PAGES (page-count.ts). */
export const PAGED_KINDS: ReadonlySet<string> = new Set(['application/pdf', 'image/tiff']);

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
  const wanted = ext === 'jpeg' ? 'jpg' : ext === 'tiff' ? 'tif' : ext;
  const kind = DOCUMENT_KINDS.find((candidate) => candidate.ext === wanted);
  if (!kind) return undefined;
  if (kind.magic === null) return isPlainText(bytes) ? kind : undefined;
  return kind.magic.some((magic) => magic.every((byte, i) => bytes[i] === byte)) ? kind : undefined;
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
