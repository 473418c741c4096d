import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;

/** A one-page PDF whose text layer reads `line`, with a correct cross-reference table. */
function minimalPdf(line: string): Buffer {
  const content = `BT /F1 12 Tf 10 100 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${String(content.length)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${String(i + 1)} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Publication of public requests' answers, redacted, after a preview; their
 * takedown; and nothing of a private request or of a document's original
 * ever reaching a visitor.
 */
describe('publication and takedown', () => {
  let harness: TestApp;
  let citizen: Agent;
  let officer: Agent;
  before(async () => {
    harness = await startTestApp('publication');
    await seedDemoData({});
    const person = await createUser('citizen');
    await RequestModel.db
      .collection('users')
      .updateOne({ email: person.email }, { $set: { name: 'سارة عبد الرحمن' } });
    citizen = await signIn(harness.app, person.email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
  });
  after(() => harness.close());

  const visitor = (ref: string) =>
    request(harness.app).get(`/requests/${ref}`).set('Cookie', 'haqq_lang=en').expect(200);
  const search = async (q: string) =>
    (
      (await request(harness.app).get('/api/v1/search').query({ q }).expect(200)).body as {
        items: { ref: string }[];
      }
    ).items.map((i) => i.ref);
  const answerPage = (ref: string, fields: Record<string, string | string[]>) =>
    officer.agent
      .post(`/requests/${ref}/answer`)
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({ _csrf: officer.csrf, ...fields });

  /** A public request filed by the citizen and granted through the API, with `reason`. */
  const answered = async (fields: { subject: string; body: string }, reason: string) => {
    const ref = await fileThroughApi(citizen, fields);
    await act(officer, ref, 'answer', { outcome: 'granted', reason }).expect(200);
    return ref;
  };

  const answer =
    'Dear Sara Abdulrahman, the list of clinics is attached. Our switchboard is 06 520 0230. ' +
    'Write to سارة عبد الرحمن at sara.abdulrahman@example.org if needed. File 44/2025 is closed.';

  it('an officer previews what the public will read, lifts one redaction, hides more words, then publishes', async () => {
    const ref = await fileThroughApi(citizen, {
      subject: 'Vaccination clinics',
      body: 'Please list the vaccination clinics open on Fridays.',
      displayName: 'Um Ahmad',
    });
    const preview = await answerPage(ref, {
      outcome: 'granted',
      reason: answer,
      intent: 'preview',
    }).expect(200);
    assert.match(preview.text, /What the public will read/);
    // The requester's name (in Arabic), the e-mail and the phone are hidden in the preview.
    assert.match(preview.text, /\[requester’s details removed\]/);
    assert.match(preview.text, /\[e-mail removed\]/);
    assert.match(preview.text, /\[phone number removed\]/);
    assert.doesNotMatch(preview.text, /class="published-answer"[^<]*sara\.abdulrahman/);
    assert.match(
      preview.text,
      /<textarea id="answer-reason"[^>]*>Dear Sara/,
      'what was typed stays',
    );
    const phone =
      /name="unhide" value="(\d+-\d+)"[^>]*><label[^>]*>Leave visible: <bdi>06 520 0230<\/bdi>/.exec(
        preview.text,
      )?.[1];
    assert.ok(phone, 'the switchboard number can be left visible');
    // Nothing is sent by a preview.
    assert.equal((await RequestModel.findOne({ ref }).lean())?.status, 'submitted');

    await answerPage(ref, {
      outcome: 'granted',
      reason: answer,
      unhide: phone,
      hide: 'File 44/2025',
      publish: 'yes',
      intent: 'send',
    }).expect(303);
    const stored = await RequestModel.findOne({ ref }).lean();
    assert.ok(stored?.publication);
    assert.equal(stored.status, 'answered');
    const published = stored.publication.answer ?? '';
    assert.match(published, /switchboard is 06 520 0230/);
    assert.match(published, /⟦manual⟧ is closed/);
    // Her name in Latin letters too (latin-names.ts), not only as she wrote it.
    assert.doesNotMatch(published, /sara\.abdulrahman|سارة|Sara Abdulrahman|File 44/);
    assert.deepEqual(stored.publication.redactions.map((r) => r.kind).sort(), [
      'email',
      'manual',
      'requester',
      'requester',
    ]);

    const page = await visitor(ref);
    // The requester as they chose to be shown, never their name.
    assert.match(page.text, /<dt>Requester<\/dt><dd><bdi>Um Ahmad<\/bdi><\/dd>/);
    // Shared with its canonical address and a card.
    assert.match(
      page.text,
      new RegExp(`<link rel="canonical" href="https?://[^"]+/requests/${ref}">`),
    );
    assert.match(
      page.text,
      /<meta property="og:title" content="JO-\d{4}-\d{6} · Vaccination clinics">/,
    );
    // The correspondence: the request from the name they chose, then the agency's answer.
    assert.match(page.text, /<strong><bdi>Um Ahmad<\/bdi><\/strong> · Request · /);
    assert.match(page.text, /<strong><bdi>[^<]+<\/bdi><\/strong> · Answer: [a-z ]+ · /);
    assert.match(page.text, /switchboard is 06 520 0230/);
    assert.doesNotMatch(page.text, /sara\.abdulrahman|سارة عبد|File 44/);
    // The answer's published words are found by search; its hidden ones are not.
    assert.deepEqual(await search('switchboard '), [ref]);
    assert.deepEqual(await search('44 '), []);
  });

  it('through the API a public answer is published with the rules’ redactions unless `publish: false`', async () => {
    const one = await answered(
      { subject: 'Clinic hours', body: 'When do clinics open?' },
      'Call me on 0791234567.',
    );
    assert.equal(
      (await RequestModel.findOne({ ref: one }).lean())?.publication?.answer,
      'Call me on ⟦phone⟧.',
    );
    const two = await fileThroughApi(citizen, {
      subject: 'Clinic staff',
      body: 'How many nurses work there?',
    });
    await act(officer, two, 'answer', {
      outcome: 'granted',
      reason: 'Forty.',
      publish: false,
    }).expect(200);
    assert.equal((await RequestModel.findOne({ ref: two }).lean())?.publication ?? null, null);
    // A private request is never published, whatever is asked.
    const secret = await fileThroughApi(citizen, {
      subject: 'My file',
      body: 'Please send my own medical file.',
      visibility: 'private',
    });
    await act(officer, secret, 'answer', { outcome: 'granted', reason: 'Attached.' }).expect(200);
    assert.equal((await RequestModel.findOne({ ref: secret }).lean())?.publication ?? null, null);
    await request(harness.app).get(`/requests/${secret}`).expect(404);
  });

  it('an agency’s own patterns are applied with the rules; only its admins and the site’s set them', async () => {
    const admin = await signIn(harness.app, (await createUser('admin')).email);
    const otherAdmin = await signIn(
      harness.app,
      (await createUser('agency_admin', { agency: 'JO-MOF' })).email,
    );
    const put = (agent: Agent, rules: unknown) =>
      agent.agent
        .put('/api/v1/admin/agencies/JO-MOH/redaction-rules')
        .set('X-CSRF-Token', agent.csrf)
        .send({ rules });
    await put(otherAdmin, [{ id: 'file-no', pattern: 'MOH/\\d{4}/\\d+' }]).expect(404);
    const bad = await put(admin, [{ id: 'broken', pattern: '(' }]).expect(422);
    assert.match(JSON.stringify(bad.body), /rules/);
    await put(admin, [{ id: 'file-no', pattern: 'MOH/\\d{4}/\\d+' }]).expect(200);
    const ref = await fileThroughApi(citizen, {
      subject: 'Clinic tenders',
      body: 'Please send the tender file MOH/2025/778 and its annexes.',
    });
    const page = await visitor(ref);
    assert.match(
      page.text,
      /tender file <span class="redacted"[^>]*>\[removed by the agency’s rule\]<\/span> and/,
    );
    await act(officer, ref, 'answer', { outcome: 'granted', reason: 'See MOH/2024/12.' }).expect(
      200,
    );
    assert.equal(
      (await RequestModel.findOne({ ref }).lean())?.publication?.answer,
      'See ⟦agency_rule⟧.',
    );
    await put(admin, []).expect(200);
  });

  it('a takedown hides the request from visitors and search, with its reason in the timeline', async () => {
    const ref = await answered(
      {
        subject: 'Ambulance response times',
        body: 'Please send the ambulance response times for 2025.',
      },
      'Twelve minutes on average.',
    );
    const byAgency = async () =>
      (
        (await request(harness.app).get('/api/v1/search').query({ agency: 'JO-MOH', limit: 50 }))
          .body as { items: { ref: string }[] }
      ).items.map((i) => i.ref);
    assert.deepEqual(await search('ambulance '), [ref]);
    assert.ok((await byAgency()).includes(ref));
    // A citizen cannot take a request down; an officer can, once, with a reason.
    await act(citizen, ref, 'unpublish', { reason: 'Mine.' }).expect(403);
    await act(officer, ref, 'unpublish', { reason: 'A name was left in.' }).expect(200);
    await act(officer, ref, 'unpublish', { reason: 'Again.' }).expect(422);
    assert.deepEqual(await search('ambulance '), []);
    assert.ok(!(await byAgency()).includes(ref), 'nor found by its filters alone');
    const page = await visitor(ref);
    assert.match(page.text, /Taken down from publication on .*: A name was left in\./);
    assert.doesNotMatch(page.text, /Ambulance response|Twelve minutes/);
    assert.doesNotMatch(page.text, /og:title/);
    const own = await citizen.agent
      .get(`/requests/${ref}`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(own.text, /Ambulance response times/, 'its parties still read it');
    assert.match(own.text, /Taken down from publication/);
  });

  it('a released document’s original is never served to a visitor: its text is, redacted; what cannot be redacted stays private', async () => {
    const ref = await fileThroughApi(citizen, {
      subject: 'Clinic list',
      body: 'Please send the clinic list.',
    });
    const upload = async (bytes: Buffer, name: string) =>
      (
        (
          await officer.agent
            .post(`/api/v1/requests/${ref}/documents`)
            .set('X-CSRF-Token', officer.csrf)
            .attach('file', bytes, name)
            .expect(201)
        ).body as { id: string }
      ).id;
    const text = await upload(
      Buffer.from('Clinics: Amman, Zarqa. Head nurse: 0791234567.'),
      'Reply to Sara Abdulrahman 0791234567.txt',
    );
    const pdf = await upload(minimalPdf('Call the head nurse on 0795551234 today'), 'nurses.pdf');
    // Names that hold personal data: the public never reads them (issue 29).
    const png = await upload(PNG, 'map of Sara Abdulrahman 0791234567.png');
    await act(officer, ref, 'answer', {
      outcome: 'granted',
      reason: 'Attached.',
      attachments: [text, pdf, png],
    }).expect(200);
    for (const id of [text, pdf, png])
      await request(harness.app).get(`/api/v1/requests/${ref}/documents/${id}`).expect(404);
    await citizen.agent.get(`/api/v1/requests/${ref}/documents/${text}`).expect(200);
    const page = await visitor(ref);
    assert.match(page.text, /<dt>Requester<\/dt><dd>a citizen<\/dd>/);
    // The released documents go with the answer, with what the public reads of them.
    assert.match(page.text, /an original is never published/);
    assert.match(page.text, /<bdi>document-1\.txt<\/bdi><\/a> · its text, redacted/);
    // A PDF and an image get a public copy from the workers (test/integration/public-copies.test.ts).
    assert.match(page.text, /<bdi>document-2\.pdf<\/bdi> · being prepared for the public/);
    assert.match(page.text, /<bdi>document-3\.pdf<\/bdi> · being prepared for the public/);
    assert.doesNotMatch(page.text, /Abdulrahman|0791234567|map of/);
    const redacted = await request(harness.app)
      .get(`/requests/${ref}/documents/${text}/redacted`)
      .expect(200);
    assert.match(String(redacted.headers['content-type']), /^text\/plain/);
    assert.match(String(redacted.headers['content-disposition']), /filename="document-1\.txt"/);
    assert.doesNotMatch(String(redacted.headers['content-disposition']), /Abdulrahman|0791234567/);
    assert.equal(redacted.text, 'Clinics: Amman, Zarqa. Head nurse: [حُذف · removed].');
    for (const id of [pdf, png]) {
      await request(harness.app).get(`/requests/${ref}/documents/${id}/redacted`).expect(404);
      await request(harness.app).get(`/requests/${ref}/documents/${id}/public`).expect(404);
    }
    // Once taken down, nothing of it is served.
    await act(officer, ref, 'unpublish', { reason: 'Check the documents again.' }).expect(200);
    await request(harness.app).get(`/requests/${ref}/documents/${text}/redacted`).expect(404);
  });
});
