// Public copies of released documents (issue 36), with the real tools: the letters
// of test/support/letters.ts rendered by Chromium as 300 dpi A4 scans, then
// 1. OCR accuracy of each Tesseract model (character error rate, and digits apart);
// 2. a one-page scan through the whole pipeline (the job's child process, as the
//    workers run it): seconds a page, pages a minute, and the peak memory of the
//    child and every tool it starts;
// 3. a one-page PDF with its own (Latin) text: redaction alone, no OCR;
// 4. a scan of BENCH_PAGES pages (default 100): time and peak memory.
// Rounds: BENCH_ROUNDS (default 3) for 2 and 3.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as mupdf from 'mupdf';
import { chromium } from 'playwright-core';
import { runLimited } from '../src/platform/limited-process.ts';
import { matchingText } from '../src/text/matching-text.ts';
import {
  ARABIC_LETTER,
  ENGLISH_LETTER,
  letterPdf,
  letterScan,
  REQUESTER,
  type Letter,
} from '../test/support/letters.ts';
import { percentile, row } from './bench-support.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGES = Number(process.env.BENCH_PAGES ?? 100);
const CHILD = path.resolve(import.meta.dirname, '../src/public-copies/public-copy-child.ts');
const executablePath = process.env.CHROMIUM_PATH;
if (!executablePath)
  throw new Error('CHROMIUM_PATH is not set: run it with `npm run bench -- ocr`');
const dir = mkdtempSync(path.join(tmpdir(), 'haqq-bench-ocr-'));
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const file = (name: string, bytes: Uint8Array) => {
  const at = path.join(dir, name);
  writeFileSync(at, bytes);
  return at;
};
const scans = {
  ar: file('ar.png', await letterScan(browser, ARABIC_LETTER)),
  en: file('en.png', await letterScan(browser, ENGLISH_LETTER)),
};
const textPdf = file('en.pdf', await letterPdf(browser, ENGLISH_LETTER));
await browser.close();

/** Levenshtein distance of two strings, by code point. */
function distance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = Array.from({ length: y.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current.push(
        Math.min(
          (previous[j] ?? 0) + 1,
          (current[j - 1] ?? 0) + 1,
          (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
        ),
      );
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/** Text as compared: NFKC, digits as Latin ones, one space for any run of spaces. */
const plain = (text: string) => matchingText(text).text.replace(/\s+/g, ' ').trim();
const digitsOf = (text: string) => plain(text).replace(/\D/g, '');

/** 1. Each model's reading of each scan against the letter's own words. */
for (const model of ['Arabic+eng', 'ara+eng']) {
  for (const [lang, letter] of [
    ['ar', ARABIC_LETTER],
    ['en', ENGLISH_LETTER],
  ] as [keyof typeof scans, Letter][]) {
    const started = performance.now();
    const { stdout } = await runLimited(
      'tesseract',
      [scans[lang], 'stdout', '-l', model, '--dpi', '300', '--psm', '3'],
      { timeoutMs: 120_000, memoryBytes: 2 * 1024 ** 3 },
    );
    const ms = performance.now() - started;
    const truth = plain(letter.lines.join(' '));
    const read = plain(stdout);
    const digits = digitsOf(letter.lines.join(' '));
    console.log(
      row(
        `${model}, ${lang} letter: character error rate`,
        (100 * distance(read, truth)) / Array.from(truth).length,
        '%',
      ),
    );
    console.log(
      row(
        `${model}, ${lang} letter: digits read right`,
        100 * (1 - distance(digitsOf(stdout), digits) / digits.length),
        '%',
      ),
    );
    console.log(row(`${model}, ${lang} letter: OCR time`, ms / 1000, 's', 2));
  }
}

/** Runs the pipeline's child process on `input` (as a job does); its time and peak memory. */
async function pipeline(input: string, contentType: string) {
  const workDir = mkdtempSync(path.join(dir, 'job-'));
  const job = {
    input,
    contentType,
    workDir,
    context: {
      jurisdiction: 'JO',
      requester: { name: REQUESTER, email: 'salma.qasem@example.com' },
      agencyRules: [],
    },
    limits: { maxPages: 1000, maxPixels: 80_000_000 },
    tool: { timeoutMs: 3_600_000, memoryBytes: 4 * 1024 ** 3 },
    adjustments: { lifted: [], words: [], added: [] },
  };
  const started = performance.now();
  const seen = { result: false };
  const run = await runLimited(
    process.execPath,
    [CHILD],
    { timeoutMs: 3_600_000, memoryBytes: 4 * 1024 ** 3 },
    { stdin: JSON.stringify(job), onLine: (line) => (seen.result ||= line.startsWith('result ')) },
  );
  const ms = performance.now() - started;
  if (!seen.result) throw new Error(`no copy: ${run.stdout.slice(-200)}`);
  rmSync(workDir, { recursive: true, force: true });
  return { ms, peakMb: run.peakBytes / 1024 ** 2 };
}

/** 2 and 3: one page, ROUNDS times each. */
for (const [label, input, type] of [
  ['one-page Arabic scan (OCR, redaction)', scans.ar, 'image/png'],
  ['one-page English scan (OCR, redaction)', scans.en, 'image/png'],
  ['one-page PDF with its own Latin text (redaction only)', textPdf, 'application/pdf'],
] as const) {
  const times: number[] = [];
  let peak = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const { ms, peakMb } = await pipeline(input, type);
    times.push(ms);
    peak = Math.max(peak, peakMb);
  }
  const median = percentile(times, 50);
  console.log(row(`${label}: time, median of ${String(ROUNDS)}`, median / 1000, 's', 2));
  console.log(row(`${label}: pages a minute`, 60_000 / median, '/min', 1));
  console.log(row(`${label}: peak memory (child and tools)`, peak, 'MB', 0));
}

/** 4. A scan of PAGES pages, the two letters alternating. */
const many = new mupdf.PDFDocument();
const images = [scans.ar, scans.en].map((scan) => many.addImage(new mupdf.Image(scan)));
for (let i = 0; i < PAGES; i++) {
  const image = images[i % 2];
  const resources = many.addObject({ XObject: { I0: image } });
  many.insertPage(
    -1,
    many.addPage([0, 0, 595.44, 842.16], 0, resources, 'q 595.44 0 0 842.16 0 0 cm /I0 Do Q'),
  );
}
const long = file('many.pdf', many.saveToBuffer('compress').asUint8Array());
const { ms, peakMb } = await pipeline(long, 'application/pdf');
console.log(row(`${String(PAGES)}-page scan: time`, ms / 1000, 's', 0));
console.log(row(`${String(PAGES)}-page scan: seconds a page`, ms / 1000 / PAGES, 's', 2));
console.log(row(`${String(PAGES)}-page scan: peak memory (child and tools)`, peakMb, 'MB', 0));
rmSync(dir, { recursive: true, force: true });
