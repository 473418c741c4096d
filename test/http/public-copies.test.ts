import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as mupdf from 'mupdf';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { Types } from 'mongoose';
import { publicCopyOf } from '../../src/public-copies/public-copy-store.ts';
import { rebuildPublicCopies } from '../../src/public-copies/public-copy-rebuild.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { launchBrowser } from '../support/browser.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import {
  ARABIC_LETTER,
  ENGLISH_LETTER,
  letterPdf,
  letterScan,
  letterDocx,
  letterScanWithMarks,
  sheetXlsx,
  pngBomb,
  type PersonalMark,
  REQUESTER,
  withExif,
  type Letter,
} from '../support/letters.ts';
import { eventually } from '../support/mail.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;

/** Digits of any script as Latin ones, so a number is found however the page wrote it. */
const latinDigits = (text: string) =>
  text
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
const digitsOnly = (text: string) => latinDigits(text).replace(/\D/g, '');

/** What of `letter`'s personal data `text` still holds (a name by any of its words, a number by its digits). */
function personalLeft(letter: Letter, text: string): string[] {
  const digits = digitsOnly(text);
  const words = text.toLowerCase();
  return letter.personal.filter((item) =>
    /\d|[٠-٩]/.test(item)
      ? digits.includes(digitsOnly(item))
      : item.includes('@')
        ? words.includes(item.toLowerCase()) || words.includes(item.split('@')[0] ?? '')
        : item
            .toLowerCase()
            .split(' ')
            .some((part) => part.length > 3 && words.includes(part)),
  );
}

const GPS = 'GPS-31.9539N-35.9106E';

/**
 * Issue 36: a public request's released documents get public copies in the
 * workers, with the real tools (Tesseract, OCRmyPDF, MuPDF): scans read by
 * OCR, personal data burned out of text and pixels, metadata and EXIF gone;
 * what cannot be made safe stays private with its reason.
 */
describe('public copies of released documents', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  let browser: Browser;
  let officer: Agent;
  let citizen: Agent;
  let ref = '';
  const ids: string[] = [];
  /** Where each scan's personal data was drawn (fractions of the page). */
  const marks: PersonalMark[][] = [];
  before(async () => {
    harness = await startTestAppWithMailbox('public_copies', { queues: ['events', 'documents'] });
    await seedDemoData({});
    browser = await launchBrowser();
    const person = await createUser('citizen');
    await RequestModel.db
      .collection('users')
      .updateOne({ email: person.email }, { $set: { name: REQUESTER } });
    citizen = await signIn(harness.app, person.email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
  });
  after(async () => {
    await browser.close();
    await harness.close();
  });

  const upload = async (bytes: Buffer, name: string) => {
    const res = await officer.agent
      .post(`/api/v1/requests/${ref}/documents`)
      .set('X-CSRF-Token', officer.csrf)
      .attach('file', bytes, name)
      .expect(201);
    return (res.body as { id: string }).id;
  };
  const page = (path: string, lang: 'ar' | 'en' = 'en') =>
    request(harness.app).get(path).set('Cookie', `haqq_lang=${lang}`);

  it('answers at once, and prepares each document’s public copy in the workers', async () => {
    ref = await fileThroughApi(citizen, {
      subject: 'Comprehensive health centres',
      body: 'Please send the list of comprehensive health centres in Zarqa.',
    });
    const encrypted = new mupdf.PDFDocument(await letterPdf(browser, ENGLISH_LETTER))
      .saveToBuffer('encrypt=aes-256,user-password=secret,owner-password=secret')
      .asUint8Array();
    const arabic = await letterScanWithMarks(browser, ARABIC_LETTER);
    const english = await letterScanWithMarks(browser, ENGLISH_LETTER, 'jpeg');
    marks.push(arabic.marks, english.marks);
    ids.push(
      await upload(arabic.image, 'scan of Salma Qasem.png'),
      await upload(withExif(english.image, GPS), 'IMG_0042.jpg'),
      await upload(await letterPdf(browser, ARABIC_LETTER), 'letter.pdf'),
      await upload(Buffer.from(encrypted), 'protected.pdf'),
      await upload(pngBomb(60_000), 'huge.png'),
    );
    await act(officer, ref, 'answer', {
      outcome: 'granted',
      reason: 'The list is attached.',
      attachments: ids,
    }).expect(200);
    // The answer is there before any copy: the deadline is met when it is sent.
    const first = await page(`/requests/${ref}`).expect(200);
    assert.match(first.text, /The list is attached\./);
    const done = await eventually(
      'every public copy',
      async () => {
        const res = await page(`/requests/${ref}`);
        return /being prepared for the public/.test(res.text) ? undefined : res.text;
      },
      100_000,
    );
    for (const n of [1, 2, 3])
      assert.match(
        done,
        new RegExp(
          `<a href="/requests/${ref}/documents/${ids[n - 1] ?? ''}/public"><bdi>document-${String(n)}\\.pdf</bdi></a> · a redacted copy, with its text`,
        ),
      );
    assert.match(
      done,
      /document-4\.pdf<\/bdi> · kept private: the file is protected by a password/,
    );
    assert.match(done, /document-5\.pdf<\/bdi> · kept private: its pages are too large to process/);
    assert.doesNotMatch(done, /Salma Qasem|IMG_0042|protected\.pdf/);
  });

  const letters: [number, Letter, boolean][] = [
    [0, ARABIC_LETTER, true],
    [1, ENGLISH_LETTER, true],
    [2, ARABIC_LETTER, false],
  ];
  for (const [index, letter, scanned] of letters)
    it(`publishes document-${String(index + 1)} (${letter.lang}, ${scanned ? 'a scan' : 'a PDF with its own text'}): its words, none of its personal data`, async () => {
      const id = ids[index] ?? '';
      for (const lang of ['ar', 'en'] as const) {
        const html = (await page(`/requests/${ref}/documents/${id}/public`, lang).expect(200)).text;
        assert.deepEqual(personalLeft(letter, html), [], `${lang} page`);
        assert.equal(/Machine-read text|نص قرأته الآلة/.test(html), scanned);
      }
      const html = (await page(`/requests/${ref}/documents/${id}/public`).expect(200)).text;
      const found = letter.words.filter((word) => html.includes(word));
      assert.ok(found.length >= letter.words.length - 1, `words read: ${found.join(' ')}`);
      assert.match(html, /passages removed: personal data/);
      const pdf = await page(`/requests/${ref}/documents/${id}/public.pdf`)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            callback(null, Buffer.concat(chunks));
          });
        })
        .expect(200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(
        String(pdf.headers['content-disposition']),
        new RegExp(`document-${String(index + 1)}\\.pdf`),
      );
      const bytes = pdf.body as Buffer;
      const document = new mupdf.PDFDocument(bytes);
      const text = document.loadPage(0).toStructuredText('').asText();
      assert.deepEqual(personalLeft(letter, text), [], 'the PDF’s own text');
      // No metadata (Chromium writes its name as the producer), nothing of the camera's EXIF.
      assert.ok(!document.getMetaData('info:Producer'));
      assert.ok(!document.getMetaData('info:Creator'));
      const plain = Buffer.from(document.saveToBuffer('decompress').asUint8Array()).toString(
        'latin1',
      );
      assert.ok(!plain.includes(GPS) && !plain.includes('Exif'));
      // Under every box, the page's pixels are black.
      const copy = await publicCopyOf(new Types.ObjectId(id));
      const boxes = copy?.pages[0]?.boxes ?? [];
      assert.ok(boxes.length >= letter.personal.length - 1, `${String(boxes.length)} boxes`);
      const pixmap = document
        .loadPage(0)
        .toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceGray, false);
      const pixels = pixmap.getPixels();
      const dark = (x: number, y: number) =>
        (pixels[Math.round(y) * pixmap.getStride() + Math.round(x)] ?? 255) < 60;
      for (const { box, lifted } of boxes)
        if (!lifted)
          assert.ok(dark((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2), 'black under a box');
      // Where the scan showed each piece of personal data, the page is black, whatever OCR read.
      for (const mark of marks[index] ?? []) {
        const w = pixmap.getWidth();
        const h = pixmap.getHeight();
        const y = ((mark.y0 + mark.y1) / 2) * h;
        for (const at of [0.3, 0.5, 0.7])
          assert.ok(dark((mark.x0 + (mark.x1 - mark.x0) * at) * w, y), `${mark.text} hidden`);
      }
    });

  it('search finds words inside the released documents, naming the document and page', async () => {
    const found = (await page('/search?q=governorate').expect(200)).text;
    assert.match(found, /Found in released documents/);
    assert.match(
      found,
      new RegExp(
        `href="/requests/${ref}/documents/${ids[1] ?? ''}/public#page-1">\u2068document-2\\.pdf\u2069, page 1<`,
      ),
    );
    assert.match(found, /machine-read text/);
    const arabic = (await page('/search?q=الزرقاء', 'ar').expect(200)).text;
    assert.match(arabic, /وُجدت في وثائق مُفرج عنها/);
    // Personal data is not in the copies' words, so nothing finds it.
    for (const q of ['salma', 'qasem', '0785551234', 'القاسم'])
      assert.doesNotMatch(
        (await page(`/search?q=${encodeURIComponent(q)}`).expect(200)).text,
        /Found in released documents/,
        q,
      );
  });

  it('an answer on the page holds the copy for the officer: lift a box, hide words, draw one, publish', async () => {
    const webRef = await fileThroughApi(citizen, {
      subject: 'Health centres, again',
      body: 'Please send the list of health centres in Zarqa.',
    });
    const previous = ref;
    ref = webRef;
    const scan = await upload(await letterScan(browser, ENGLISH_LETTER), 'scan.png');
    ref = previous;
    const version = (await RequestModel.findOne({ ref: webRef }, { version: 1 }).lean())?.version;
    await officer.agent
      .post(`/requests/${webRef}/answer`)
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({
        _csrf: officer.csrf,
        version: String(version),
        outcome: 'granted',
        reason: 'Attached.',
        attachments: scan,
        publish: 'yes',
        intent: 'send',
      })
      .expect(303);
    const review = `/requests/${webRef}/documents/${scan}/review`;
    /** The review page once the copy is ready for review (as the officer checks back). */
    const readyForReview = (what: string) =>
      eventually(
        what,
        async () => {
          const res = await officer.agent.get(review).set('Cookie', 'haqq_lang=en').expect(200);
          return /Ready for your review/.test(res.text) ? res.text : undefined;
        },
        60_000,
      );
    const waiting = await readyForReview('the copy ready for review');
    // The public cannot read it yet; neither the requester nor a visitor may review it.
    await page(`/requests/${webRef}/documents/${scan}/public`).expect(404);
    assert.match(
      (await page(`/requests/${webRef}`).expect(200)).text,
      /being prepared for the public/,
    );
    await citizen.agent.get(review).expect(403);
    await request(harness.app).get(review).expect(303);
    // Each box is listed with what it hides, for the officer alone; its preview is served.
    assert.match(waiting, /Leave box 1 visible/);
    assert.match(waiting, /salma\.qasem@example\.com/);
    await officer.agent
      .get(`${review}/pages/1.png`)
      .expect('Content-Type', 'image/png')
      .expect(200);
    await citizen.agent.get(`${review}/pages/1.png`).expect(403);
    // An officer of another agency finds nothing there.
    const other = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-IC' })).email,
    );
    await other.agent.get(review).expect(404);
    const copy = await publicCopyOf(new Types.ObjectId(scan));
    const phone = copy?.pages[0]?.boxes.find((box) => box.kind === 'phone');
    assert.ok(phone, 'a phone box');
    // The officer lifts the phone's box, hides "Zarqa" everywhere and draws a box at the top.
    await officer.agent
      .post(review)
      .type('form')
      .send({
        _csrf: officer.csrf,
        lift: phone.key,
        words: 'Zarqa\nZarga',
        add: '1:0.1,0.02,0.5,0.05',
        intent: 'prepare',
      })
      .expect(303);
    const again = await readyForReview('the copy prepared again');
    assert.match(again, /hidden by an officer/);
    const changed = await publicCopyOf(new Types.ObjectId(scan));
    const text = changed?.pages[0]?.text ?? '';
    assert.ok(latinDigits(text).includes('0795551234'), 'the lifted phone is left visible');
    assert.doesNotMatch(text, /Zarqa|Zarga/);
    assert.ok(changed?.pages[0]?.boxes.some((box) => box.rule === 'manual:box'));
    // A box off the page is refused with a clear error; a made-up key too.
    const bad = await officer.agent
      .post(review)
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: officer.csrf, add: '9:0.1,0.1,0.2,0.2', intent: 'prepare' })
      .expect(422);
    assert.match(bad.text, /too small or off the page/);
    await officer.agent
      .post(review)
      .type('form')
      .send({ _csrf: officer.csrf, intent: 'publish' })
      .expect(303)
      .expect('Location', `/requests/${webRef}?done=copyPublished`);
    const open = await page(`/requests/${webRef}/documents/${scan}/public`).expect(200);
    assert.doesNotMatch(open.text, /Zarqa|Zarga|salma/i);
    // The parties read the redaction log: who changed and published it, and when.
    const log = (await citizen.agent.get(`/requests/${webRef}`).set('Cookie', 'haqq_lang=en')).text;
    // In the request's history, among its events: each step, by whom, and what changed.
    assert.match(
      log,
      /<strong>Public copy of document-1\.pdf prepared<\/strong>.*By: <bdi>the rules/s,
    );
    assert.match(
      log,
      /<strong>Boxes of the public copy of document-1\.pdf changed<\/strong>.*By: <bdi>Test officer<\/bdi>.*Changes: <bdi>left visible: 1; words hidden everywhere: 2; boxes drawn: 1<\/bdi>/s,
    );
    assert.match(
      log,
      /<strong>Public copy of document-1\.pdf published<\/strong>.*By: <bdi>Test officer/s,
    );
    // What was removed, by page, kind and rule; never the words a box hides.
    assert.match(log, /page 1: hidden by an officer \(manual:box\)/);
    assert.doesNotMatch(log, /salma\.qasem@example\.com/);
  });

  it('`npm run documents:rebuild` prepares every published request’s copies again, with progress', async () => {
    const seen: number[] = [];
    let total = -1;
    const rebuilt = await rebuildPublicCopies(
      { timeoutMs: 120_000, memoryBytes: 1024 ** 3, maxPages: 300, now: () => new Date() },
      { onStart: (n) => (total = n), onProgress: (done) => seen.push(done) },
    );
    // Two requests: the first's five documents and the page answer's scan.
    assert.deepEqual(rebuilt, { documents: 6, ready: 4, private: 2, skipped: 0, failed: 0 });
    assert.equal(total, 6);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    // What the public could read stays published.
    const id = ids[0] ?? '';
    await page(`/requests/${ref}/documents/${id}/public`).expect(200);
  });

  it('office files are converted; a spreadsheet’s sheets are published as CSV, cell by cell', async () => {
    const officeRef = await fileThroughApi(citizen, {
      subject: 'Health centres as files',
      body: 'Please send the list as a spreadsheet.',
    });
    const previous = ref;
    ref = officeRef;
    const docx = await upload(await letterDocx(ARABIC_LETTER), 'letter.docx');
    const xlsx = await upload(
      await sheetXlsx([
        ['المركز', 'المدينة', 'هاتف المسؤول', 'البريد'],
        ['مركز الزرقاء الشامل', 'الزرقاء', '0795551234', 'salma.qasem@example.com'],
        ['مركز الرصيفة', 'الرصيفة', '0785551234', 'مغلق يوم الجمعة'],
      ]),
      'centres.xlsx',
    );
    ref = previous;
    await act(officer, officeRef, 'answer', {
      outcome: 'granted',
      reason: 'Attached.',
      attachments: [docx, xlsx],
    }).expect(200);
    await eventually(
      'the office copies',
      async () => {
        const res = await page(`/requests/${officeRef}`);
        return /being prepared for the public/.test(res.text) ? undefined : res.text;
      },
      100_000,
    );
    const letter = (await page(`/requests/${officeRef}/documents/${docx}/public`).expect(200)).text;
    assert.deepEqual(personalLeft(ARABIC_LETTER, letter), []);
    assert.match(letter, /الزرقاء/);
    const sheetPage = (await page(`/requests/${officeRef}/documents/${xlsx}/public`).expect(200))
      .text;
    assert.match(sheetPage, /Sheet 1: sheet \(CSV\)/);
    assert.match(sheetPage, /3 cells removed: personal data/);
    const csv = await page(`/requests/${officeRef}/documents/${xlsx}/sheets/1.csv`)
      .buffer(true)
      .expect('Content-Type', /^text\/csv/)
      .expect(200);
    assert.match(String(csv.headers['content-disposition']), /document-2-sheet-1\.csv/);
    const text = csv.text;
    assert.match(text, /مركز الرصيفة,الرصيفة,\[حُذف · removed\],مغلق يوم الجمعة/);
    assert.doesNotMatch(text, /795551234|785551234|salma/);
    await page(`/requests/${officeRef}/documents/${xlsx}/sheets/2.csv`).expect(404);
  });

  it('a takedown removes the public copies', async () => {
    await act(officer, ref, 'unpublish', { reason: 'A name was left in.' }).expect(200);
    const id = ids[0] ?? '';
    await page(`/requests/${ref}/documents/${id}/public`).expect(404);
    await eventually('the copies removed', async () =>
      (await publicCopyOf(new Types.ObjectId(id))) ? undefined : true,
    );
    await page(`/requests/${ref}/documents/${id}/public.pdf`).expect(404);
    assert.doesNotMatch(
      (await page('/search?q=governorate').expect(200)).text,
      new RegExp(`/requests/${ref}/documents/`),
    );
  });
});
