import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import request from 'supertest';
import { writeSnapshot } from '../../src/publication/open-data-snapshots.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { matchingText } from '../../src/text/matching-text.ts';
import { asBytes } from '../support/bytes.ts';
import { act, createUser, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;

/** The requester, and the personal data every free text of theirs (and the agency's) holds. */
const NAME = 'ليلى علي الحداد';
const PERSONAL = {
  phone: '98 765 432',
  otherPhone: '+216 22 345 678',
  email: 'layla.h＠example.tn',
  latinName: 'Layla Haddad',
};
/** What must never be read, however the output writes it (digits of any script, any separators). */
const NEEDLES = ['98765432', '22345678', 'laylahexampletn', 'haddad', 'حداد'];
const holds = (text: string) => `${PERSONAL.phone}, ${PERSONAL.email}; ${text}`;

/** An output as a reader would search it: Latin digits, lower case, only letters and digits. */
const flat = (text: string) =>
  matchingText(text)
    .text.toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
const leaks = (text: string) => NEEDLES.filter((needle) => flat(text).includes(needle));

/**
 * The class of leak the second review found (issue 29): a public request
 * whose every free text, the requester's and the agency's, holds a phone
 * number, an e-mail and the requester's name; every output a visitor can
 * read (its page in both languages, the API, search, feeds, the sitemap,
 * open data, the agency's page, released documents) is read and none may
 * hold any of it. Then it is taken down, and none may show it at all.
 */
describe('personal data never reaches a public output', () => {
  let harness: TestApp;
  let citizen: Agent;
  let officer: Agent;
  let auditor: Agent;
  let ref = '';
  let documentId = '';
  before(async () => {
    harness = await startTestAppWithMailbox('personal_data');
    await seedDemoData({});
    const person = await createUser('citizen');
    await RequestModel.db
      .collection('users')
      .updateOne({ email: person.email }, { $set: { name: NAME } });
    citizen = await signIn(harness.app, person.email);
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'TN-MS' })).email);
    auditor = await signIn(harness.app, (await createUser('auditor')).email);

    const filed = await citizen.agent
      .post('/api/v1/requests')
      .set('X-CSRF-Token', citizen.csrf)
      .send({
        jurisdiction: 'TN',
        agency: 'TN-MS',
        subject: holds('Dialysis machines in Sfax'),
        body: holds(`I am ${PERSONAL.latinName}. Please send the list of dialysis machines.`),
        visibility: 'public',
        urgent: true,
        urgentReason: holds(`my father waits for dialysis, call ${PERSONAL.otherPhone}`),
        displayName: `Layla ${PERSONAL.phone}`,
      })
      .expect(201);
    ref = (filed.body as { ref: string }).ref;
    await act(officer, ref, 'clarify', { question: holds('Which hospitals?') }).expect(200);
    await act(citizen, ref, 'reply', { message: holds('All of Sfax.') }).expect(200);
    await act(officer, ref, 'note', { note: holds('Called her back.') }).expect(200);
    documentId = (
      (
        await officer.agent
          .post(`/api/v1/requests/${ref}/documents`)
          .set('X-CSRF-Token', officer.csrf)
          .attach(
            'file',
            Buffer.from(holds(`Dear ${PERSONAL.latinName}, the machines: 14 in Sfax.`)),
            `Reply to ${PERSONAL.latinName} ${PERSONAL.phone}.txt`,
          )
          .expect(201)
      ).body as { id: string }
    ).id;
    await act(officer, ref, 'answer', {
      outcome: 'granted',
      reason: holds(`Dear ${PERSONAL.latinName}, 14 machines.`),
      attachments: [documentId],
    }).expect(200);
  });
  after(() => harness.close());

  const visitor = () => request(harness.app);
  /** Every output a visitor can read that may hold the request, with its address. */
  const outputs = async (): Promise<[string, string][]> => {
    const month = new Date().toISOString().slice(0, 7);
    const paths = [
      `/requests/${ref}`,
      `/api/v1/requests/${ref}`,
      '/search?q=dialysis',
      '/api/v1/search?q=dialysis',
      '/feeds/agencies/TN-MS.atom',
      '/feeds/jurisdictions/TN.atom',
      '/feeds/search.atom?q=dialysis',
      '/sitemap.xml',
      `/sitemaps/requests-${month}.xml`,
      '/open-data/requests.csv',
      '/open-data/requests.json',
      '/agencies/TN-MS',
      `/requests/${ref}/documents/${documentId}/redacted`,
    ];
    const read: [string, string][] = [];
    for (const path of paths)
      for (const lang of ['ar', 'en']) {
        const res = await visitor()
          .get(path)
          .set('Cookie', `haqq_lang=${lang}`)
          .buffer(true)
          .parse(asBytes);
        assert.ok(res.status === 200 || res.status === 404, `${path}: ${String(res.status)}`);
        read.push([
          `${path} (${lang})`,
          `${JSON.stringify(res.headers)} ${(res.body as Buffer).toString('utf8')}`,
        ]);
      }
    return read;
  };

  it('a search snippet names what was hidden in words; the API gives it in stretches', async () => {
    const page = await visitor()
      .get('/search?q=dialysis')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.doesNotMatch(page.text, /⟦[a-z_]+⟧/);
    assert.match(page.text, /<span class="redacted"[^>]*>\[[^\]<]+\]<\/span>/);
    const api = await visitor().get('/api/v1/search?q=dialysis').expect(200);
    const [hit] = (api.body as { items: { snippet: string; snippetParts: object[] }[] }).items;
    assert.ok(hit);
    // v1's snippet keeps its markers as they were; the stretches name each hidden kind.
    assert.match(hit.snippet, /⟦[a-z_]+⟧/);
    assert.ok(hit.snippetParts.some((part) => 'redacted' in part));
    assert.ok(
      hit.snippetParts.every((part) => !('text' in part) || !String(part.text).includes('⟦')),
    );
  });

  it('shows the request everywhere with none of the personal data its texts hold', async () => {
    const read = await outputs();
    const page = read.find(([path]) => path === `/requests/${ref} (en)`)?.[1] ?? '';
    assert.match(page, /Dialysis machines in Sfax/, 'the request is public');
    assert.match(
      page,
      /<dt>Requester<\/dt><dd>a citizen<\/dd>/,
      'a name with a phone is not shown',
    );
    assert.match(
      page,
      /<dt>Track<\/dt><dd><span class="tag tag--urgent">urgent<\/span> <bdi>.*my father waits/,
    );
    const found = read.flatMap(([path, text]) => leaks(text).map((needle) => `${path}: ${needle}`));
    assert.deepEqual(found, []);
  });

  it('keeps public lists in HTTP caches for at most a minute', async () => {
    for (const path of ['/feeds/agencies/TN-MS.atom', '/sitemap.xml', '/open-data/requests.csv']) {
      const cache = String((await visitor().get(path).expect(200)).headers['cache-control']);
      const maxAge = Number(/max-age=(\d+)/.exec(cache)?.[1] ?? Infinity);
      assert.ok(maxAge <= 60, `${path}: ${cache}`);
    }
  });

  it('shows auditors its redacted subject, in the list and the export', async () => {
    const day = new Date().toLocaleDateString('en-CA', { timeZone: 'Africa/Tunis' });
    const range = `from=${day}&to=${day}&figure=received`;
    const page = await auditor.agent.get(`/audit/TN/requests?${range}`).expect(200);
    assert.match(page.text, /Dialysis machines in Sfax/);
    const csv = await auditor.agent.get(`/audit/TN/requests?${range}&format=csv`).expect(200);
    assert.match(csv.text, /Dialysis machines in Sfax/);
    assert.deepEqual([...leaks(page.text), ...leaks(csv.text)], []);
  });

  it('once taken down, no public output shows it, open data included, and auditors see it marked', async () => {
    // Today's open-data files are made before the takedown, so they held it.
    const before = await visitor().get('/open-data/requests.json').expect(200);
    assert.ok((before.body as { ref: string }[]).some((row) => row.ref === ref));
    // A day kept from before: the same files, under yesterday's address.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (const name of ['requests.json', 'requests.csv']) {
      const bytes = (await visitor().get(`/open-data/${name}`).buffer(true).parse(asBytes))
        .body as Buffer;
      await writeSnapshot(`${yesterday}/${name}`, () => [Readable.from([bytes])]);
    }
    await act(officer, ref, 'unpublish', {
      reason: holds(`At ${PERSONAL.latinName}'s wish.`),
    }).expect(200);
    await eventually('open data to leave it', async () => {
      const rows = (await visitor().get('/open-data/requests.json').expect(200)).body as {
        ref: string;
      }[];
      return rows.some((row) => row.ref === ref) ? undefined : true;
    });
    for (const name of ['requests.json', 'requests.csv']) {
      const kept = await visitor().get(`/open-data/${yesterday}/${name}`).expect(200);
      assert.doesNotMatch(kept.text, new RegExp(ref), `the kept ${name} still holds it`);
      assert.match(kept.text, /^\[|Reference \(ref\)/, 'and the kept file is still there');
    }
    for (const [path, text] of await outputs()) {
      assert.deepEqual(leaks(text), [], path);
      // Its own page and record remain, saying it was taken down; no list holds it.
      if (!path.includes(`/requests/${ref}`))
        assert.doesNotMatch(text, new RegExp(`${ref}|Dialysis`), `${path} still lists it`);
    }
    const page = await visitor().get(`/requests/${ref}`).set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(page.text, /Taken down from publication/);
    // It was public: the page says its text was taken down, not that it is private.
    assert.match(page.text, /Its text was taken down from publication/);
    assert.doesNotMatch(page.text, /This is a private request/);
    assert.doesNotMatch(page.text, /Dialysis|father|urgent<\/span> <bdi>/);
    const day = new Date().toLocaleDateString('en-CA', { timeZone: 'Africa/Tunis' });
    const list = await auditor.agent
      .get(`/audit/TN/requests?from=${day}&to=${day}&figure=received`)
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(
      list.text,
      /Dialysis machines in Sfax<\/bdi> <span class="tag">Taken down<\/span>/,
    );
  });
});
