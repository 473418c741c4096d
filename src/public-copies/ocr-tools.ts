import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runLimited, type ProcessLimits } from '../platform/limited-process.ts';

/**
 * Tesseract's Arabic script model with its English one. Measured on generated
 * letters (docs/documents.md): Debian's `ara` model read Arabic words as well
 * but wrote Arabic-Indic digits as letters or as other digits (٤٥٠ as 200);
 * the script model (`tesseract-ocr-script-arab`) reads them as digits, mostly
 * right, and in Persian forms the redaction rules fold.
 */
const OCR_LANGUAGES = 'Arabic+eng';
/** The resolution pages are rendered at for OCR: Tesseract's own advice for body text. */
export const OCR_DPI = 300;

/**
 * Straightens the scanned pages of `input` (pages that have a text layer are
 * left alone) with OCRmyPDF, without OCR: Tesseract then reads each page
 * itself, so that the words' boxes are those of the page published.
 */
export async function deskewPages(
  input: string,
  output: string,
  limits: ProcessLimits,
): Promise<void> {
  await runLimited(
    'ocrmypdf',
    [
      '--deskew',
      '--skip-text',
      '--tesseract-timeout',
      '0',
      '--optimize',
      '0',
      '--output-type',
      'pdf',
      '--jobs',
      '1',
      '--quiet',
      input,
      output,
    ],
    limits,
  );
}

/**
 * Reads one page image with Tesseract: its words with boxes and confidence
 * (TSV) and the page as a PDF with the words as an invisible text layer.
 */
export async function ocrPageImage(
  image: string,
  limits: ProcessLimits,
): Promise<{ tsv: string; pdf: Uint8Array }> {
  const base = path.join(path.dirname(image), path.basename(image, '.png'));
  await runLimited(
    'tesseract',
    [image, base, '-l', OCR_LANGUAGES, '--dpi', String(OCR_DPI), '--psm', '3', 'tsv', 'pdf'],
    limits,
  );
  const [tsv, pdf] = await Promise.all([readFile(`${base}.tsv`, 'utf8'), readFile(`${base}.pdf`)]);
  return { tsv, pdf: new Uint8Array(pdf) };
}
