import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CounterModel, formatRef, nextRef } from '../../src/requests/ref-counter.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

/** Refs of one jurisdiction-year, in order of their number. */
const byNumber = (refs: readonly string[]) =>
  [...refs].sort((a, b) => Number(a.split('-')[2]) - Number(b.split('-')[2]));

describe('nextRef', () => {
  before(async () => {
    await connectTestDatabase(testConfig('refs'));
  });
  after(() => dropTestDatabase());

  it('formats refs as <JUR>-<YYYY>-<NNNNNN>', () => {
    assert.equal(formatRef('JO', 2026, 123), 'JO-2026-000123');
    assert.equal(formatRef('TN', 2027, 1_234_567), 'TN-2027-1234567');
  });

  it('gives 500 unique refs, 1 to 500, to 50 concurrent callers', async () => {
    const refs: string[] = [];
    const caller = async () => {
      for (let i = 0; i < 10; i += 1) refs.push(await nextRef('JO', 2026));
    };
    await Promise.all(Array.from({ length: 50 }, caller));
    const expected = Array.from({ length: 500 }, (_, i) => formatRef('JO', 2026, i + 1));
    assert.deepEqual(byNumber(refs), expected);
  });

  it('creates a new counter exactly under concurrent first use (upserts would lose increments here)', async () => {
    // FerretDB 2.7 with DocumentDB 0.107 keeps one of several concurrent upserts
    // of a missing document while all report success: this is the case nextRef
    // creates its counter by an insert for.
    for (let year = 2030; year < 2040; year += 1) {
      const refs = await Promise.all(Array.from({ length: 40 }, () => nextRef('YE', year)));
      assert.equal(new Set(refs).size, 40, `year ${year}`);
      const counter = await CounterModel.findById(`YE-${year}`).lean();
      assert.equal(counter?.seq, 40, `year ${year}`);
    }
  });

  it('stays unique, with no number twice, with callers in three processes at once', async () => {
    const run = promisify(execFile);
    const script = path.join(import.meta.dirname, '../support/allocate-refs.ts');
    const uri = testConfig('refs').MONGODB_URI;
    const local: string[] = [];
    const [a, b] = await Promise.all([
      run(process.execPath, [script, uri, '150', '10']),
      run(process.execPath, [script, uri, '150', '10']),
      Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 15; i += 1) local.push(await nextRef('MA', 2026));
        }),
      ),
    ]);
    const refs = [
      ...(JSON.parse(a.stdout) as string[]),
      ...(JSON.parse(b.stdout) as string[]),
      ...local,
    ];
    const expected = Array.from({ length: 450 }, (_, i) => formatRef('MA', 2026, i + 1));
    assert.deepEqual(byNumber(refs), expected);
  });

  it('counts each jurisdiction-year on its own', async () => {
    assert.equal(await nextRef('TN', 2026), 'TN-2026-000001');
    assert.equal(await nextRef('JO', 2027), 'JO-2027-000001');
    assert.equal(await nextRef('TN', 2026), 'TN-2026-000002');
  });
});
