import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { pdfOf, tiffOf } from '../support/paged-files.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/**
 * What people may attach, by the settings (here 1 MB and 3 pages per file):
 * scanners' TIFF beside PDF and the rest, pages counted in PDFs and TIFFs,
 * several files in one answer or message, each refusal a clear message
 * naming the limit, and nothing of a refused upload kept.
 */
describe('document uploads: TIFF, size and page limits from the settings, several at once', () => {
  let harness: TestApp;
  let citizen: Agent;
  let officer: Agent;
  let ref = '';
  before(async () => {
    harness = await startTestApp('document_uploads', {
      DOCUMENT_MAX_MB: '1',
      DOCUMENT_MAX_PAGES: '3',
    });
    await seedDemoData({});
    citizen = await signIn(harness.app, (await createUser('citizen')).email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
    ref = await fileThroughApi(citizen, {
      subject: 'Scanned inspection reports',
      body: 'Please send the inspection reports of the private pharmacies for 2025.',
    });
  });
  after(() => harness.close());

  const storedFiles = () => mongoose.connection.db!.collection('documents.files').countDocuments();
  const upload = (bytes: Buffer, name: string, locale = 'en') =>
    officer.agent
      .post(`/api/v1/requests/${ref}/documents`)
      .set('X-CSRF-Token', officer.csrf)
      .set('Cookie', `haqq_lang=${locale}`)
      .attach('file', bytes, name);

  it('takes a scanner’s TIFF and PDFs within the page limit; refuses more pages, saying how many', async () => {
    const scan = await upload(tiffOf(3), 'letter.tiff').expect(201);
    assert.equal((scan.body as { contentType: string }).contentType, 'image/tiff');
    await upload(tiffOf(2, 'MM'), 'letter.tif').expect(201);
    await upload(pdfOf(3), 'letter.pdf').expect(201);
    const before = await storedFiles();
    const longScan = await upload(tiffOf(7), 'archive.tif').expect(413);
    assert.equal((longScan.body as ErrorBody).error.code, 'DOCUMENT.TOO_MANY_PAGES');
    assert.equal(
      (longScan.body as ErrorBody).error.fields?.file,
      'A document may have at most 3 pages; this one has 7. Split it into several files.',
    );
    const longPdf = await upload(pdfOf(5), 'annual-report.pdf', 'ar').expect(413);
    assert.equal(
      (longPdf.body as ErrorBody).error.fields?.file,
      'لا يجوز أن تتجاوز الوثيقة 3 صفحات، وفي هذه 5 صفحات. قسّمها إلى عدة ملفات.',
    );
    assert.equal(await storedFiles(), before, 'nothing of a refused file is kept');
  });

  it('refuses a file past the size setting, naming it, and a TIFF that is not one', async () => {
    const big = await upload(Buffer.alloc(1024 * 1024 + 1, 0x41), 'big.txt').expect(413);
    assert.equal((big.body as ErrorBody).error.code, 'DOCUMENT.TOO_LARGE');
    assert.equal((big.body as ErrorBody).error.fields?.file, 'A document may be at most 1 MB.');
    await upload(Buffer.from('%PDF-1.4 not a tiff'), 'scan.tif').expect(422);
  });

  it('an answer carries several files sent at once; more than ten are refused on the page', async () => {
    const answered = await officer.agent
      .post(`/requests/${ref}/answer`)
      .field('_csrf', officer.csrf)
      .field('outcome', 'granted')
      .field('reason', 'The reports are attached.')
      .attach('file', pdfOf(2), 'report-2025-q1.pdf')
      .attach('file', tiffOf(1), 'cover-letter.tif')
      .attach('file', Buffer.from('pharmacy,visits\nA,4\n'), 'visits.csv')
      .expect(303);
    assert.match(answered.headers.location ?? '', /done=answer/);
    const stored = await RequestModel.findOne({ ref }).lean();
    assert.equal(stored?.attachments.length, 3);

    const other = await fileThroughApi(citizen, {
      subject: 'Pharmacy licences',
      body: 'How many pharmacy licences were granted in 2025, by governorate?',
    });
    const before = await storedFiles();
    let form = officer.agent
      .post(`/requests/${other}/message`)
      .set('Cookie', 'haqq_lang=en')
      .field('_csrf', officer.csrf)
      .field('message', 'The licences, one file per governorate.');
    for (let i = 1; i <= 11; i++)
      form = form.attach('file', Buffer.from(`n,${String(i)}\n`), `g${String(i)}.csv`);
    const page = await form.expect(413);
    assert.match(page.text, /Attach at most 10 files at a time\./);
    assert.match(page.text, /class="error-summary"/);
    assert.match(page.text, /up to 10 files, 1 MB each at most/);
    assert.equal(await storedFiles(), before, 'the files stored before the eleventh are removed');
  });
});
