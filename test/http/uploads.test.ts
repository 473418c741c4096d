import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import request from 'supertest';
import { WAITING_UPLOADS_PER_DAY } from '../../src/http/requests/request-uploads.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { asBytes } from '../support/bytes.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface ErrorBody {
  error: { code: string; fields?: Record<string, string> };
}

/**
 * An upload is checked before its body is read: the session, the user's
 * standing on the request, the CSRF token (a form's field comes before its
 * file) and the quota of waiting uploads. Refused uploads store nothing.
 */
describe('uploads: checked before the body is read, streamed into GridFS, with a quota', () => {
  let harness: TestApp;
  let requester: Agent;
  let stranger: Agent;
  let ref = '';
  before(async () => {
    harness = await startTestApp('uploads');
    await seedDemoData({});
    requester = await signIn(harness.app, (await createUser('citizen')).email);
    stranger = await signIn(harness.app, (await createUser('citizen')).email);
    ref = await fileThroughApi(requester, {
      subject: 'Vaccination records',
      body: 'How many children were vaccinated against measles in 2025, by governorate?',
    });
  });
  after(() => harness.close());

  const storedFiles = () => mongoose.connection.db!.collection('documents.files').countDocuments();
  const note = Buffer.from('Governorates: all twelve.');

  it('refuses before reading: no session, no standing, no token, a wrong token; nothing is stored', async () => {
    const before = await storedFiles();
    const big = Buffer.alloc(2 * 1024 * 1024, 0x41);
    await request(harness.app)
      .post(`/api/v1/requests/${ref}/documents`)
      .attach('file', big, 'big.txt')
      .expect(401);
    await stranger.agent
      .post(`/api/v1/requests/${ref}/documents`)
      .set('X-CSRF-Token', stranger.csrf)
      .attach('file', note, 'note.txt')
      .expect(403);
    await requester.agent
      .post(`/api/v1/requests/${ref}/documents`)
      .set('X-CSRF-Token', 'wrong')
      .attach('file', note, 'note.txt')
      .expect(403);
    // A page form: its `_csrf` field comes first and is checked before the file.
    const form = await requester.agent
      .post(`/requests/${ref}/reply`)
      .set('Accept', 'text/html')
      .field('_csrf', 'wrong')
      .field('message', 'With the list attached.')
      .attach('file', big, 'big.txt')
      .expect(403);
    assert.match(form.text, /lang="(ar|en)"/);
    // No token at all, and a file placed before the token, are refused alike.
    await requester.agent
      .post(`/requests/${ref}/reply`)
      .attach('file', note, 'note.txt')
      .field('_csrf', requester.csrf)
      .expect(403);
    assert.equal(await storedFiles(), before);
  });

  it('a page form with the right token stores its file, typed by its bytes', async () => {
    const res = await requester.agent
      .post(`/api/v1/requests/${ref}/documents`)
      .set('X-CSRF-Token', requester.csrf)
      .attach('file', note, 'scope.txt')
      .expect(201);
    const body = res.body as { id: string; contentType: string; size: number; filename: string };
    assert.equal(body.contentType, 'text/plain; charset=utf-8');
    assert.equal(body.size, note.length);
    const download = await requester.agent
      .get(`/api/v1/requests/${ref}/documents/${body.id}`)
      .buffer(true)
      .parse(asBytes)
      .expect(200);
    assert.deepEqual(download.body, note);
  });

  it(`at most ${String(WAITING_UPLOADS_PER_DAY)} uploads wait uncited a day; citing one makes room`, async () => {
    const upload = () =>
      requester.agent
        .post(`/api/v1/requests/${ref}/documents`)
        .set('X-CSRF-Token', requester.csrf)
        .attach('file', note, 'scope.txt');
    const ids: string[] = [];
    for (;;) {
      const res = await upload();
      if (res.status !== 201) {
        assert.equal(res.status, 429);
        assert.equal((res.body as ErrorBody).error.code, 'DOCUMENT.QUOTA');
        break;
      }
      ids.push((res.body as { id: string }).id);
      assert.ok(ids.length <= WAITING_UPLOADS_PER_DAY, 'the quota never stops uploads');
    }
    // The one stored by the previous test waits too.
    assert.equal(ids.length, WAITING_UPLOADS_PER_DAY - 1);
    await act(requester, ref, 'message', {
      message: 'The scope, as promised.',
      attachments: [ids[0]],
    }).expect(200);
    await upload().expect(201);
    await upload().expect(429);
  });
});
