import { getDocumentProxy } from 'unpdf';

/**
 * How many pages a multi-page image or a PDF holds, so that an upload past
 * the page limit is refused at once with a clear error, before any work is
 * queued for it. Reads only what it must; never trusts an offset.
 */

/**
 * The pages (image file directories) of a TIFF, counted along its chain of
 * directories up to `stopAfter` + 1 (enough to tell that a limit is passed),
 * or undefined when the bytes are not a TIFF whose chain can be followed. A
 * chain that loops or leaves the file ends the count. Pure.
 */
export function tiffPageCount(bytes: Uint8Array, stopAfter: number): number | undefined {
  if (bytes.length < 8) return undefined;
  const little = bytes[0] === 0x49 && bytes[1] === 0x49;
  const big = bytes[0] === 0x4d && bytes[1] === 0x4d;
  if (!little && !big) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(2, little) !== 42) return undefined;
  const seen = new Set<number>();
  let offset = view.getUint32(4, little);
  let pages = 0;
  while (offset !== 0 && pages <= stopAfter) {
    // A directory: its entry count (2 bytes), 12 bytes per entry, then the next one's offset.
    if (offset % 2 !== 0 || offset + 2 > bytes.length || seen.has(offset)) break;
    seen.add(offset);
    const entries = view.getUint16(offset, little);
    const next = offset + 2 + entries * 12;
    if (entries === 0 || next + 4 > bytes.length) break;
    pages += 1;
    offset = view.getUint32(next, little);
  }
  return pages > 0 ? pages : undefined;
}

/**
 * The pages of a PDF, read by pdf.js (unpdf), or undefined when it cannot be
 * opened (encrypted, corrupt): such a file is kept and stays private, its
 * problem told when its public copy is prepared.
 */
export async function pdfPageCount(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const pdf = await getDocumentProxy(bytes);
    const pages = pdf.numPages;
    await pdf.cleanup();
    return pages;
  } catch {
    return undefined;
  }
}
