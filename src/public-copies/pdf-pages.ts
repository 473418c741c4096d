import * as mupdf from 'mupdf';
import type { Box, PageLine, Piece } from './page-types.ts';

/** Why a document cannot have a public copy; it stays private with this reason. */
export type UnreadableReason =
  | 'encrypted'
  | 'corrupt'
  | 'too_many_pixels'
  | 'too_many_pages'
  | 'unreadable_scan'
  | 'redaction_check'
  | 'too_slow'
  | 'too_much_memory';

export class UnreadableDocument extends Error {
  readonly reason: UnreadableReason;
  constructor(reason: UnreadableReason, detail = '') {
    super(`unreadable document (${reason})${detail ? `: ${detail}` : ''}`);
    this.name = 'UnreadableDocument';
    this.reason = reason;
  }
}

export interface PageLimits {
  maxPages: number;
  /** The most pixels one page image may decode to (a decompression bomb claims billions). */
  maxPixels: number;
}

const IMAGE_TYPES: Record<string, string> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/tiff': 'image/tiff',
};

/**
 * A document as a PDF whose pages can be read, rendered and redacted. A PDF
 * is opened as it is (an encrypted one is refused); a photo or a scan (PNG,
 * JPEG, TIFF of one or more pages) becomes one page per image, its pixels
 * copied into a new image: EXIF (GPS, the camera, the date) and any other
 * chunk of the file never reach the copy. Sizes are checked before anything
 * is decoded.
 */
export function openAsPdf(
  bytes: Uint8Array,
  contentType: string,
  limits: PageLimits,
): mupdf.PDFDocument {
  const type = contentType.split(';')[0]?.trim() ?? '';
  let source: mupdf.Document;
  try {
    source = mupdf.Document.openDocument(bytes, IMAGE_TYPES[type] ?? 'application/pdf');
  } catch (error) {
    throw new UnreadableDocument('corrupt', (error as Error).message);
  }
  if (source.needsPassword()) throw new UnreadableDocument('encrypted');
  const pages = countPages(source);
  if (pages > limits.maxPages) throw new UnreadableDocument('too_many_pages');
  const pdf = source.asPDF();
  if (pdf) {
    for (let i = 0; i < pages; i++) checkPixels(pdf.loadPage(i), limits);
    return pdf;
  }
  return imagesAsPdf(source, pages, limits);
}

function countPages(document: mupdf.Document): number {
  try {
    const pages = document.countPages();
    if (pages < 1) throw new UnreadableDocument('corrupt', 'no pages');
    return pages;
  } catch (error) {
    if (error instanceof UnreadableDocument) throw error;
    throw new UnreadableDocument('corrupt', (error as Error).message);
  }
}

/** Refuses a page whose images would decode to more than the limit. */
function checkPixels(page: mupdf.Page, limits: PageLimits): void {
  const [x0, y0, x1, y1] = page.getBounds();
  // A page itself larger than 5 m a side is no letter.
  if ((x1 - x0) * (y1 - y0) > 14_000 * 14_000) throw new UnreadableDocument('too_many_pixels');
  page.toStructuredText('preserve-images').walk({
    onImageBlock(_bbox, _transform, image) {
      if (image.getWidth() * image.getHeight() > limits.maxPixels)
        throw new UnreadableDocument('too_many_pixels');
    },
  });
}

/** The pixel size of the (first) image a page of an image document shows. */
function nativeSize(page: mupdf.Page): { width: number; height: number } {
  let size = { width: 0, height: 0 };
  page.toStructuredText('preserve-images').walk({
    onImageBlock(_bbox, _transform, image) {
      if (size.width === 0) size = { width: image.getWidth(), height: image.getHeight() };
    },
  });
  return size;
}

/** Pages of an image are laid out at this resolution, whatever the file says (cameras say 72). */
const SCAN_DPI = 300;

/**
 * Each page of an image document as a page of a new PDF: its pixels at their
 * own size (checked before they are decoded), laid out at SCAN_DPI.
 */
function imagesAsPdf(source: mupdf.Document, pages: number, limits: PageLimits): mupdf.PDFDocument {
  const pdf = new mupdf.PDFDocument();
  for (let i = 0; i < pages; i++) {
    const page = source.loadPage(i);
    const { width, height } = nativeSize(page);
    if (width * height === 0) throw new UnreadableDocument('corrupt', 'no image');
    if (width * height > limits.maxPixels) throw new UnreadableDocument('too_many_pixels');
    // MuPDF turns a photo as its EXIF orientation says (a page of 100 × 300 for a 300 × 100
    // image taken sideways): the scale is the one that keeps its number of pixels.
    const [x0, y0, x1, y1] = page.getBounds();
    const scale = Math.sqrt((width * height) / ((x1 - x0) * (y1 - y0)));
    const pixmap = renderWide(page, Math.round((x1 - x0) * scale), mupdf.ColorSpace.DeviceRGB);
    const w = (pixmap.getWidth() * 72) / SCAN_DPI;
    const h = (pixmap.getHeight() * 72) / SCAN_DPI;
    const image = pdf.addImage(new mupdf.Image(pixmap));
    const resources = pdf.addObject({ XObject: { I0: image } });
    const contents = `q ${w.toFixed(3)} 0 0 ${h.toFixed(3)} 0 0 cm /I0 Do Q`;
    pdf.insertPage(-1, pdf.addPage([0, 0, w, h], 0, resources, contents));
  }
  return pdf;
}

/** Whether a page has a text layer worth reading (ten letters or more). */
export function hasTextLayer(page: mupdf.Page): boolean {
  return page.toStructuredText('').asText().replace(/\s/g, '').length >= 10;
}

/** A text layer's lines, one piece per character with its box, in the order the PDF holds them. */
export function textLayerLines(page: mupdf.Page): PageLine[] {
  const lines: PageLine[] = [];
  let pieces: Piece[] = [];
  page.toStructuredText('preserve-whitespace').walk({
    beginLine() {
      pieces = [];
    },
    onChar(c, _origin, _font, _size, quad) {
      const xs = [quad[0], quad[2], quad[4], quad[6]];
      const ys = [quad[1], quad[3], quad[5], quad[7]];
      pieces.push({
        text: c,
        box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
      });
    },
    endLine() {
      lines.push({ pieces, joiner: '' });
    },
  });
  return lines;
}

/** A page drawn `pixels` wide (its height in proportion), without alpha. */
export function renderWide(
  page: mupdf.Page,
  pixels: number,
  colorspace: mupdf.ColorSpace = mupdf.ColorSpace.DeviceGray,
): mupdf.Pixmap {
  const [x0, , x1] = page.getBounds();
  const scale = pixels / (x1 - x0);
  return page.toPixmap(mupdf.Matrix.scale(scale, scale), colorspace, false);
}

/** A page as a greyscale PNG at `dpi`, for OCR. */
export function renderPage(page: mupdf.Page, dpi: number): Uint8Array {
  const scale = dpi / 72;
  const pixmap = page.toPixmap(
    mupdf.Matrix.scale(scale, scale),
    mupdf.ColorSpace.DeviceGray,
    false,
  );
  pixmap.setResolution(dpi, dpi);
  return pixmap.asPNG();
}

/**
 * Removes what lies under each box from the page: the text (characters gone
 * from the content, not hidden), the pixels of images (set black) and the
 * vector drawing it covers; a black box marks each place.
 */
export function burnBoxes(page: mupdf.PDFPage, boxes: readonly Box[]): void {
  if (boxes.length === 0) return;
  for (const box of boxes) {
    const annotation = page.createAnnotation('Redact');
    annotation.setRect([box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1]);
  }
  page.applyRedactions(
    true,
    mupdf.PDFPage.REDACT_IMAGE_PIXELS,
    mupdf.PDFPage.REDACT_LINE_ART_REMOVE_IF_COVERED,
    mupdf.PDFPage.REDACT_TEXT_REMOVE,
  );
}

/**
 * What a published PDF must not carry: its metadata (author, software, dates,
 * XMP), attached files, scripts and actions, forms, and every annotation
 * (comments, links, the redaction marks once applied). Saved rewritten from
 * scratch, so that no earlier revision survives in the file.
 */
export function sanitizedBytes(pdf: mupdf.PDFDocument): Uint8Array {
  const trailer = pdf.getTrailer();
  trailer.delete('Info');
  const root = trailer.get('Root');
  for (const key of ['Metadata', 'Names', 'OpenAction', 'AA', 'AcroForm', 'Outlines', 'PieceInfo'])
    root.delete(key);
  for (let i = 0; i < pdf.countPages(); i++) {
    const page = pdf.loadPage(i);
    for (const annotation of page.getAnnotations()) page.deleteAnnotation(annotation);
    const object = page.getObject();
    for (const key of ['Annots', 'AA', 'Metadata', 'PieceInfo']) object.delete(key);
  }
  return pdf.saveToBuffer('garbage=4,compress,clean,sanitize').asUint8Array();
}

/** The characters left on each page of a PDF (the public copy, to check that nothing hidden remains). */
export function pageTexts(bytes: Uint8Array): string[] {
  const document = mupdf.Document.openDocument(bytes, 'application/pdf');
  const texts: string[] = [];
  for (let i = 0; i < document.countPages(); i++)
    texts.push(document.loadPage(i).toStructuredText('').asText());
  return texts;
}
