import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as mupdf from 'mupdf';
import type { ProcessLimits } from '../platform/limited-process.ts';
import { phraseRedactions } from '../redaction/answer-publication.ts';
import { matchingText } from '../text/matching-text.ts';
import { officeToPdf, sheetsToCsv } from './office-convert.ts';
import { officeType } from './public-copy-types.ts';
import { redactSheet } from './sheet-redaction.ts';
import { findRedactions, type Redaction, type RedactionContext } from '../redaction/redaction.ts';
import { ocrPageOf, type OcrPage } from './ocr-words.ts';
import { deskewPages, OCR_DPI, ocrPageImage } from './ocr-tools.ts';
import { ARABIC_LETTER, logicalLine } from './line-order.ts';
import {
  findLineBoxes,
  joinOverlapping,
  markedText,
  reverseDigitRuns,
  wordsUnder,
} from './page-boxes.ts';
import {
  boxKey,
  type CopyAdjustments,
  type CopyPage,
  type ProposedBox,
  type SheetCopy,
} from './page-types.ts';
import {
  burnBoxes,
  hasTextLayer,
  openAsPdf,
  pageTexts,
  renderPage,
  renderWide,
  sanitizedBytes,
  textLayerLines,
  UnreadableDocument,
  type PageLimits,
} from './pdf-pages.ts';

export interface PublicCopyInput {
  /** The original's bytes, on disk in `workDir`. */
  input: string;
  contentType: string;
  /** A directory of the job's own, removed after it. */
  workDir: string;
  context: RedactionContext;
  limits: PageLimits;
  /** The limits of each tool's run (OCRmyPDF, Tesseract); the job's own limits cover them too. */
  tool: ProcessLimits;
  /** The officer's changes to the rules' boxes. */
  adjustments: CopyAdjustments;
}

export interface PublicCopyResult {
  /** The public PDF, in `workDir`. */
  output: string;
  pages: CopyPage[];
  /** A spreadsheet's sheets as CSV, redacted cell by cell (none for other documents). */
  sheets: SheetCopy[];
}

/** Below this mean confidence a scanned page's words are guesses: its personal data cannot be found. */
const UNREADABLE_CONFIDENCE = 45;

/**
 * The public copy of a released document (DESIGN §7): every page straightened
 * and, where it has no text of its own, read by OCR; what the rules find on it
 * (and every run of digits OCR may have misread) burned out of the page, text
 * and pixels; metadata, attachments, scripts and annotations removed. The
 * copy is then read back, and if any rule still finds something in its text
 * the document stays private. `onPage` is told each page done.
 */
export async function preparePublicCopy(
  input: PublicCopyInput,
  onPage: (done: number, total: number) => void = () => undefined,
): Promise<PublicCopyResult> {
  const { words, lifted } = input.adjustments;
  const find = (text: string) => [
    ...findRedactions(text, input.context),
    ...words.flatMap((phrase) => phraseRedactions(text, phrase)),
  ];
  // An office file is converted first (LibreOffice); a spreadsheet's sheets also become CSV.
  const office = officeType(input.contentType);
  const sheets = office?.spreadsheet ? await redactedSheets(office.ext, input, find) : [];
  const source = office
    ? await officeToPdf(input.input, office.ext, input.workDir, input.tool)
    : input.input;
  let pdf = openAsPdf(
    await readFile(source),
    office ? 'application/pdf' : input.contentType,
    input.limits,
  );
  const total = pdf.countPages();
  const scanned = Array.from({ length: total }, (_v, i) => !hasTextLayer(pdf.loadPage(i)));
  if (scanned.some(Boolean)) pdf = await deskewed(pdf, input);
  const pages: CopyPage[] = [];
  for (let i = 0; i < total; i++) {
    pages.push(await pageCopy(pdf, i, Boolean(scanned[i]), input, find, new Set(lifted)));
    onPage(i + 1, total);
  }
  const bytes = sanitizedBytes(pdf);
  // What the officer left visible may be found again: the check passes it (compared by
  // its letters and digits, in either order: a text layer may store a number backwards).
  const leftVisible = pages.flatMap((p) =>
    p.boxes.filter((b) => b.lifted).map((b) => comparable(b.words)),
  );
  const visible = (found: string) =>
    [comparable(found), comparable(reverseDigitRuns(found))].some(
      (text) => text.length > 0 && leftVisible.some((words) => words.includes(text)),
    );
  checkNothingLeft(bytes, pages, (text) =>
    find(text).filter((r) => !visible(text.slice(r.start, r.end))),
  );
  const output = path.join(input.workDir, 'public.pdf');
  await writeFile(output, bytes);
  await writePreviews(bytes, input.workDir);
  return { output, pages, sheets };
}

/**
 * One page made public. Its lines are read from its own text layer (in
 * reading order) or, for a scan, by OCR. A text layer with Arabic in it is
 * read by OCR as well, for the boxes only: PDF writers store Arabic in orders
 * the rules cannot always follow, and what either reading finds is hidden.
 */
async function pageCopy(
  pdf: mupdf.PDFDocument,
  index: number,
  scanned: boolean,
  input: PublicCopyInput,
  find: (text: string) => Redaction[],
  lifted: ReadonlySet<string>,
): Promise<CopyPage> {
  const textLayer = scanned ? null : textLayerLines(pdf.loadPage(index)).map(logicalLine);
  const arabic = textLayer?.some((line) => line.pieces.some((p) => ARABIC_LETTER.test(p.text)));
  const ocr = scanned || arabic ? await ocrPage(pdf, index, input, scanned) : null;
  const lines = textLayer ?? ocr?.lines ?? [];
  const page = index + 1;
  const found = joinOverlapping([
    ...(textLayer ? findLineBoxes(textLayer, find, false) : []),
    ...(ocr ? findLineBoxes(ocr.lines, find, scanned) : []),
    ...input.adjustments.added
      .filter((added) => added.page === page)
      .map(({ box }): ProposedBox => ({ box, kind: 'manual', rule: 'manual:box' })),
  ]).map((b) => {
    const key = boxKey(page, b);
    return { ...b, key, words: wordsUnder(lines, b.box), lifted: lifted.has(key) };
  });
  const burned = found.filter((b) => !b.lifted);
  burnBoxes(
    pdf.loadPage(index),
    burned.map((b) => b.box),
  );
  const [x0, y0, x1, y1] = pdf.loadPage(index).getBounds();
  return {
    page,
    machineRead: scanned,
    text: markedText(lines, burned),
    boxes: found,
    confidence: ocr ? Math.round(ocr.confidence) : null,
    width: x1 - x0,
    height: y1 - y0,
  };
}

/**
 * A spreadsheet's sheets, each as CSV redacted cell by cell (`sheet-<n>.csv` in
 * the job's directory). A sheet's name the rules find something in is not shown.
 */
async function redactedSheets(
  ext: string,
  input: PublicCopyInput,
  find: (text: string) => Redaction[],
): Promise<SheetCopy[]> {
  const sheets = await sheetsToCsv(input.input, ext, input.workDir, input.tool);
  const copies: SheetCopy[] = [];
  for (const [i, sheet] of sheets.entries()) {
    const { csv, hidden } = redactSheet(await readFile(sheet.file, 'utf8'), find);
    const file = path.join(input.workDir, `sheet-${String(i + 1)}.csv`);
    await writeFile(file, csv);
    copies.push({ n: i + 1, name: find(sheet.name).length ? null : sheet.name, file, hidden });
  }
  return copies;
}

/** Letters and digits alone, digits as Latin ones, lower case: how a lifted box's words compare. */
const comparable = (text: string) =>
  matchingText(text)
    .text.toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The width, in pixels, of the page previews an officer reviews the boxes on. */
const PREVIEW_WIDTH = 900;

/** Each page of the public copy as a PNG (`preview-<n>.png` in `dir`), for the officer's review. */
async function writePreviews(bytes: Uint8Array, dir: string): Promise<void> {
  const document = new mupdf.PDFDocument(bytes);
  for (let i = 0; i < document.countPages(); i++) {
    const pixmap = renderWide(document.loadPage(i), PREVIEW_WIDTH);
    await writeFile(path.join(dir, `preview-${String(i + 1)}.png`), pixmap.asPNG());
  }
}

/** The document with its scanned pages straightened (OCRmyPDF); as it was if that fails. */
async function deskewed(
  pdf: mupdf.PDFDocument,
  input: PublicCopyInput,
): Promise<mupdf.PDFDocument> {
  const before = path.join(input.workDir, 'pages.pdf');
  const after = path.join(input.workDir, 'straight.pdf');
  await writeFile(before, pdf.saveToBuffer('').asUint8Array());
  try {
    await deskewPages(before, after, input.tool);
  } catch {
    // A page OCRmyPDF cannot straighten is read as it is; the rest of the pipeline holds.
    return pdf;
  }
  return new mupdf.PDFDocument(await readFile(after));
}

/**
 * Reads page `index` by OCR. A scanned page is replaced by Tesseract's (the
 * same image with its words as an invisible text layer); a scanned page whose
 * words are mostly guesses makes the document unreadable: its personal data
 * could not be found.
 */
async function ocrPage(
  pdf: mupdf.PDFDocument,
  index: number,
  input: PublicCopyInput,
  scanned: boolean,
): Promise<OcrPage> {
  const image = path.join(input.workDir, `page-${String(index + 1)}.png`);
  await writeFile(image, renderPage(pdf.loadPage(index), OCR_DPI));
  const { tsv, pdf: ocrPdf } = await ocrPageImage(image, input.tool);
  const page = ocrPageOf(tsv, OCR_DPI);
  if (!scanned) return page;
  if (page.words > 0 && page.confidence < UNREADABLE_CONFIDENCE)
    throw new UnreadableDocument('unreadable_scan', `page ${String(index + 1)}`);
  pdf.graftPage(index, new mupdf.PDFDocument(ocrPdf), 0);
  pdf.deletePage(index + 1);
  return page;
}

/**
 * Fails when the rules still find something in the copy: in its PDF's own
 * text (as stored, and with digit runs turned round), or in the words the
 * public will read. Nothing is published then.
 */
function checkNothingLeft(
  bytes: Uint8Array,
  pages: readonly CopyPage[],
  find: (text: string) => unknown[],
): void {
  const texts = pageTexts(bytes);
  texts.forEach((text, i) => {
    const published = pages[i]?.text ?? '';
    if ([text, reverseDigitRuns(text), published].some((t) => find(t).length > 0))
      throw new UnreadableDocument(
        'redaction_check',
        `personal data left on page ${String(i + 1)}`,
      );
  });
}
