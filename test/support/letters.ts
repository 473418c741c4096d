/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLimited } from '../../src/platform/limited-process.ts';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';

/**
 * Letters an agency might send, made by the tests (issue 36): an Arabic and an
 * English one, each with the requester's name, phone numbers in Latin and
 * Arabic-Indic digits, an e-mail address and a national number. Rendered by
 * Chromium to a PDF with a text layer, or to a noisy, slightly turned page
 * image, as a scanner or a phone camera gives.
 */
export interface Letter {
  lang: 'ar' | 'en';
  lines: readonly string[];
  /** Words the public copy must hold (the letter's own, not personal). */
  words: readonly string[];
  /** What must never reach the public: the requester's name and contacts, each as written. */
  personal: readonly string[];
}

export const REQUESTER = 'سلمى يوسف القاسم';

export const ARABIC_LETTER: Letter = {
  lang: 'ar',
  lines: [
    'المملكة الأردنية الهاشمية — وزارة الصحة',
    'الموضوع: قائمة المراكز الصحية الشاملة',
    `السيدة ${REQUESTER} المحترمة،`,
    'تحية طيبة وبعد، فإشارة إلى طلبكم الحصول على قائمة المراكز الصحية الشاملة في محافظة الزرقاء، نرفق لكم القائمة المطلوبة مع ساعات الدوام.',
    'للاستفسار: الهاتف ٠٧٩٥٥٥١٢٣٤ أو 0785551234، البريد salma.qasem@example.com',
    'الرقم الوطني لمقدمة الطلب: 9871234560',
    'وتفضلوا بقبول فائق الاحترام.',
  ],
  words: ['وزارة', 'الصحة', 'المراكز', 'الزرقاء', 'الدوام'],
  personal: [REQUESTER, '٠٧٩٥٥٥١٢٣٤', '0785551234', 'salma.qasem@example.com', '9871234560'],
};

export const ENGLISH_LETTER: Letter = {
  lang: 'en',
  lines: [
    'Hashemite Kingdom of Jordan — Ministry of Health',
    'Subject: the list of comprehensive health centres',
    'Dear Ms Salma Qasem,',
    'Further to your request for the list of comprehensive health centres in Zarqa governorate, please find the list and their opening hours enclosed.',
    'Enquiries: telephone 0795551234, e-mail salma.qasem@example.com',
    'Requester national number: 9871234560',
    'Yours sincerely, the Information Unit',
  ],
  words: ['Ministry', 'Health', 'centres', 'Zarqa', 'governorate'],
  personal: ['Salma Qasem', '0795551234', 'salma.qasem@example.com', '9871234560'],
};

const require = createRequire(import.meta.url);
const font = (pkg: string, file: string) =>
  readFileSync(require.resolve(`${pkg}/files/${file}`)).toString('base64');
const FACES = `
@font-face{font-family:Plex;src:url(data:font/woff2;base64,${font('@fontsource/ibm-plex-sans-arabic', 'ibm-plex-sans-arabic-arabic-400-normal.woff2')}) format('woff2');unicode-range:U+0600-06FF,U+0750-077F,U+FB50-FDFF,U+FE70-FEFF}
@font-face{font-family:Plex;src:url(data:font/woff2;base64,${font('@fontsource/ibm-plex-sans', 'ibm-plex-sans-latin-400-normal.woff2')}) format('woff2')}`;

/** A seeded speckle of dust, so that a scan differs from a clean render the same way every run. */
function speckles(seed: number, count: number): string {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return Array.from(
    { length: count },
    () =>
      `<i style="left:${(next() * 100).toFixed(2)}%;top:${(next() * 100).toFixed(2)}%;opacity:${(0.2 + next() * 0.5).toFixed(2)}"></i>`,
  ).join('');
}

/** Each piece of personal data in `line` wrapped in a span the test can find on the page. */
const marked = (line: string, personal: readonly string[]) =>
  personal.reduce(
    (text, item) => text.split(item).join(`<span data-personal>${item}</span>`),
    line,
  );

function letterHtml(letter: Letter, scan: boolean): string {
  const paragraphs = letter.lines.map((line) => `<p>${marked(line, letter.personal)}</p>`).join('');
  return `<!doctype html><html lang="${letter.lang}" dir="${letter.lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><style>${FACES}
html,body{margin:0}
body{font-family:Plex,sans-serif;font-size:13pt;line-height:1.7;background:${scan ? '#f1efe8' : '#fff'}}
.sheet{padding:70px 80px;${scan ? 'transform:rotate(1.1deg);filter:blur(0.35px);color:#222' : ''}}
i{position:absolute;width:2px;height:2px;background:#555;border-radius:1px}
</style></head><body><div class="sheet">${paragraphs}</div>${scan ? speckles(36, 400) : ''}</body></html>`;
}

/** A4 at 96 CSS pixels an inch, drawn at 300 dpi. */
const A4 = { width: 794, height: 1123 };
const SCALE = 300 / 96;

/** The letter as a PDF with its own text layer (as an office suite exports it). */
export async function letterPdf(browser: Browser, letter: Letter): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(letterHtml(letter, false));
    await page.evaluate(() => document.fonts.ready);
    return await page.pdf({ format: 'A4', printBackground: true });
  } finally {
    await page.close();
  }
}

/** The letter scanned: a 300 dpi page image, turned a little, dusty and a little blurred. */
export async function letterScan(
  browser: Browser,
  letter: Letter,
  type: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  return (await letterScanWithMarks(browser, letter, type)).image;
}

/** Where a piece of personal data lies on a scan, as fractions of the page. */
export interface PersonalMark {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** letterScan, and where on the page each piece of personal data was drawn. */
export async function letterScanWithMarks(
  browser: Browser,
  letter: Letter,
  type: 'png' | 'jpeg' = 'png',
): Promise<{ image: Buffer; marks: PersonalMark[] }> {
  const page = await browser.newPage({ viewport: A4, deviceScaleFactor: SCALE });
  try {
    await page.setContent(letterHtml(letter, true));
    await page.evaluate(() => document.fonts.ready);
    const marks = await page.evaluate(
      ({ width, height }) =>
        [...document.querySelectorAll('[data-personal]')].map((span) => {
          const box = span.getBoundingClientRect();
          return {
            text: span.textContent,
            x0: box.left / width,
            y0: box.top / height,
            x1: box.right / width,
            y1: box.bottom / height,
          };
        }),
      A4,
    );
    const image = await page.screenshot({ type, ...(type === 'jpeg' ? { quality: 80 } : {}) });
    return { image, marks };
  } finally {
    await page.close();
  }
}

/**
 * A JPEG with an EXIF block (APP1) put in after its start marker, holding
 * `marker` where a camera writes its GPS position: the public copy must not
 * carry it.
 */
export function withExif(jpeg: Buffer, marker: string): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from(marker, 'latin1')]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** A PNG whose header claims `side` × `side` pixels over a few bytes of data: a decompression bomb. */
export function pngBomb(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Converts `name` (written with `bytes`) with LibreOffice, as an office suite saves it. */
async function officeFile(name: string, bytes: string, to: string, args: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'haqq-office-'));
  try {
    writeFileSync(path.join(dir, name), bytes);
    await runLimited(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        ...args,
        '--convert-to',
        to,
        '--outdir',
        path.join(dir, 'out'),
        path.join(dir, name),
      ],
      { timeoutMs: 60_000, memoryBytes: 2 * 1024 ** 3 },
    );
    return readFileSync(
      path.join(dir, 'out', `${name.replace(/\.\w+$/, '')}.${to.split(':')[0] ?? ''}`),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The letter as a Word file (DOCX), as an office saves one. */
export const letterDocx = (letter: Letter): Promise<Buffer> =>
  officeFile('letter.html', letterHtml(letter, false), 'docx:MS Word 2007 XML');

/** A spreadsheet (XLSX) of `rows` (the first the headings). */
export const sheetXlsx = (rows: readonly (readonly string[])[]): Promise<Buffer> =>
  officeFile(
    'sheet.csv',
    rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\n'),
    'xlsx',
    ['--infilter=Text - txt - csv (StarCalc):44,34,76,1'],
  );
