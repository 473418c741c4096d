import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * Every route that lists or sends a document, read as every kind of user, for
 * a private request with an answer document and a document in its
 * correspondence: only its parties see the documents, or even their names.
 */
describe('documents of a private request: for its parties only, on every route', () => {
  let harness: TestApp;
  const readers = new Map<string, Agent | undefined>();
  const parties = new Set(['requester', 'officer', 'admin']);
  let ref = '';
  let documents: string[] = [];
  before(async () => {
    harness = await startTestApp('private_documents');
    await seedDemoData({});
    const as = async (...args: Parameters<typeof createUser>) =>
      signIn(harness.app, (await createUser(...args)).email);
    const requester = await as('citizen');
    const officer = await as('officer', { agency: 'JO-MOH' });
    readers.set('visitor', undefined);
    readers.set('requester', requester);
    readers.set('officer', officer);
    readers.set('admin', await as('admin'));
    readers.set('other citizen', await as('citizen'));
    readers.set('other agency', await as('officer', { agency: 'JO-MOF' }));
    readers.set('agency admin elsewhere', await as('agency_admin', { agency: 'JO-MOF' }));
    readers.set('auditor of JO', await as('auditor', { jurisdiction: 'JO' }));
    readers.set('auditor of all', await as('auditor'));
    readers.set('auditor of TN', await as('auditor', { jurisdiction: 'TN' }));

    ref = await fileThroughApi(requester, {
      subject: 'My own medical file',
      body: 'Please send me a copy of my medical file held by the ministry.',
      visibility: 'private',
    });
    const upload = async (agent: Agent, bytes: Buffer, name: string) =>
      (
        (
          await agent.agent
            .post(`/api/v1/requests/${ref}/documents`)
            .set('X-CSRF-Token', agent.csrf)
            .attach('file', bytes, name)
            .expect(201)
        ).body as { id: string }
      ).id;
    const scan = await upload(requester, Buffer.from('ID 9871234567'), 'identity-card.txt');
    const messaged = await act(requester, ref, 'message', {
      message: 'My identity card.',
      attachments: [scan],
    }).expect(200);
    const { version } = messaged.body as { version: number };
    const answer = await upload(officer, PDF, 'medical-file-answer.pdf');
    await act(officer, ref, 'answer', {
      version,
      outcome: 'granted',
      attachments: [answer],
    }).expect(200);
    documents = [scan, answer];
  });
  after(() => harness.close());

  const client = (agent: Agent | undefined) => agent?.agent ?? request(harness.app);
  const names = /identity-card|medical-file-answer/;

  it('the request view, by API and page, lists the documents to the parties only', async () => {
    for (const [who, agent] of readers) {
      const api = await client(agent).get(`/api/v1/requests/${ref}`);
      const page = await client(agent).get(`/requests/${ref}`).set('Accept', 'text/html');
      if (parties.has(who)) {
        assert.equal(api.status, 200, who);
        assert.equal((api.body as { documents: unknown[] }).documents.length, 2, who);
        assert.match(page.text, names, who);
        continue;
      }
      for (const res of [api, page]) {
        assert.ok([200, 404].includes(res.status), `${who}: ${String(res.status)}`);
        assert.doesNotMatch(res.text, names, `${who} sees a document's name`);
      }
      if (api.status === 200)
        assert.deepEqual((api.body as { documents: unknown[] }).documents, [], who);
    }
  });

  it('each document, by API and page route, downloads for the parties and is a 404 for anyone else', async () => {
    for (const [who, agent] of readers)
      for (const id of documents)
        for (const url of [
          `/api/v1/requests/${ref}/documents/${id}`,
          `/requests/${ref}/documents/${id}`,
        ]) {
          const res = await client(agent).get(url);
          assert.equal(res.status, parties.has(who) ? 200 : 404, `${who} ${url}`);
        }
  });
});
