import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  findSnapshot,
  refreshSnapshots,
  snapshotBucket,
  writeSnapshot,
} from '../../src/publication/open-data-snapshots.ts';
import { rebuildPublication, redactAgain } from '../../src/publication/publication-rebuild.ts';
import { REDACTION_RULES_VERSION } from '../../src/redaction/redaction.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createRequest } from '../support/factories.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

const BASE = 'https://haqq.example';
const NOW = new Date('2026-12-06T10:00:00Z');

/** What an older version of the rules published: the plain forms hidden, the typed ones not. */
const STALE = {
  subject: 'Clinic hours, call 0791 234 567',
  body: 'Write to layla.h＠example.jo please. ⟦phone⟧',
};

async function readAll(filename: string): Promise<string> {
  const file = await findSnapshot(filename);
  if (!file) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of snapshotBucket().openDownloadStream(file._id) as AsyncIterable<Buffer>)
    chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `npm run publication:rebuild`: after the rules change, every public
 * request's published words, answer and search tokens are made again from
 * its own words, and the kept open-data snapshots are rewritten.
 */
describe('publication rebuilt under new rules', () => {
  before(async () => {
    await connectTestDatabase(testConfig('publication_rebuild'));
    await seedDemoData({});
  });
  after(() => dropTestDatabase());

  it('redacts an answer again around what was already hidden', () => {
    const context = { jurisdiction: 'JO' };
    assert.equal(
      redactAgain('⟦manual⟧ said: call 0791 234 567 or ⟦email⟧', context),
      '⟦manual⟧ said: call ⟦phone⟧ or ⟦email⟧',
    );
  });

  it('lets a download under way end whole when its snapshot is withdrawn', async () => {
    const today = NOW.toISOString().slice(0, 10);
    const bytes = Buffer.alloc(600 * 1024, 'x');
    const file = await writeSnapshot(`${today}/requests.csv`, () => [Readable.from([bytes])]);
    // A download found the file and opened it; a takedown's refresh withdraws today's files
    // before it reads (CI saw such a download cut: ECONNRESET).
    const stream = snapshotBucket().openDownloadStream(file._id);
    await refreshSnapshots(BASE, NOW);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).length, bytes.length, 'the download ended whole');
    assert.equal(await findSnapshot(`${today}/requests.csv`), undefined, 'and is no longer served');
  });

  it('makes every stale public request’s words, answer and tokens again, then rewrites open data', async () => {
    const made = await createRequest({ ref: 'JO-2026-900001' });
    await RequestModel.updateOne(
      { _id: made._id },
      {
        $set: {
          subject: STALE.subject,
          body: 'Write to layla.h＠example.jo please. 0799999999',
          publicText: { ...STALE, rules: null },
          searchTokens: ['0791', 'clinic'],
          publication: {
            answer: '⟦manual⟧: the hours are 8–14; ask 06 500 1234',
            redactions: [{ kind: 'manual', rule: 'manual' }],
            publishedAt: NOW,
            hiddenAt: null,
            hiddenReason: null,
          },
        },
      },
    );
    const privateOne = await createRequest({ ref: 'JO-2026-900002' });
    await RequestModel.updateOne({ _id: privateOne._id }, { $set: { visibility: 'private' } });
    // A day of open data kept from before, written under the old rules.
    const row = {
      ref: 'JO-2026-900001',
      jurisdiction: 'JO',
      agency: 'JO-MOH',
      subject: STALE.subject,
    };
    await writeSnapshot('2026-12-01/requests.json', () => [
      Readable.from([`[\n${JSON.stringify(row)}\n]\n`]),
    ]);
    const progress: number[] = [];
    const result = await rebuildPublication({
      baseUrl: BASE,
      now: NOW,
      onStart: (total) => progress.push(total),
      onProgress: (done) => progress.push(done),
    });
    assert.deepEqual(result, { requests: 1, snapshotFiles: 2 });
    assert.deepEqual(progress, [1, 1], 'one to do, then one done');

    const rebuilt = await RequestModel.findById(made._id).lean();
    assert.ok(rebuilt?.publicText && rebuilt.publication);
    assert.equal(rebuilt.publicText.rules, REDACTION_RULES_VERSION);
    assert.equal(rebuilt.publicText.subject, 'Clinic hours, call ⟦phone⟧');
    assert.equal(rebuilt.publicText.body, 'Write to ⟦email⟧ please. ⟦phone⟧');
    assert.equal(rebuilt.publication.answer, '⟦manual⟧: the hours are 8–14; ask ⟦phone⟧');
    assert.ok(!rebuilt.searchTokens.some((token) => token.startsWith('079')));
    assert.ok(rebuilt.searchTokens.includes('clinic'));
    // Its version is untouched: a derived field, not a state change.
    assert.equal(rebuilt.version, 1);

    const json = await readAll('2026-12-01/requests.json');
    assert.match(json, /Clinic hours, call \[…\]/);
    assert.doesNotMatch(json, /0791/);
    const csv = await readAll('2026-12-01/requests.csv');
    assert.match(csv, /JO-2026-900001,JO,JO-MOH,"?Clinic hours, call \[…\]/);
    // A second run finds nothing to do.
    assert.deepEqual(await rebuildPublication({ baseUrl: BASE, now: NOW }), {
      requests: 0,
      snapshotFiles: 0,
    });
  });
});
