import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import mongoose, { Schema } from 'mongoose';
import { allocateRef, formatRef } from '../../src/requests/ref-counter.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

// A stand-in for the requests collection's unique `ref`: what allocateRef needs of a claim.
const claimSchema = new Schema(
  { ref: { type: String, required: true } },
  { collection: 'ref_claims' },
);
claimSchema.index({ ref: 1 }, { unique: true });
const ClaimModel = mongoose.model('RefClaim', claimSchema);

describe('allocateRef', () => {
  before(async () => {
    await connectTestDatabase(testConfig('refs'));
  });
  after(() => dropTestDatabase());

  it('formats refs as <JUR>-<YYYY>-<NNNNNN>', () => {
    assert.equal(formatRef('JO', 2026, 123), 'JO-2026-000123');
    assert.equal(formatRef('TN', 2027, 1_234_567), 'TN-2027-1234567');
  });

  it('gives 500 unique consecutive refs to 50 concurrent callers', async () => {
    const refs: string[] = [];
    const caller = async () => {
      for (let i = 0; i < 10; i += 1) {
        refs.push(
          await allocateRef('JO', 2026, async (ref) => (await ClaimModel.create({ ref })).ref),
        );
      }
    };
    await Promise.all(Array.from({ length: 50 }, caller));
    assert.equal(refs.length, 500);
    assert.equal(new Set(refs).size, 500);
    const expected = Array.from({ length: 500 }, (_, i) => formatRef('JO', 2026, i + 1));
    assert.deepEqual([...refs].sort(), expected);
  });

  it('stays unique and consecutive with callers in three processes at once', async () => {
    const run = promisify(execFile);
    const script = path.join(import.meta.dirname, '../support/allocate-refs.ts');
    const uri = testConfig('refs').MONGODB_URI;
    const local: string[] = [];
    const [a, b] = await Promise.all([
      run(process.execPath, [script, uri, '150', '10']),
      run(process.execPath, [script, uri, '150', '10']),
      Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 15; i += 1) {
            local.push(
              await allocateRef('MA', 2026, async (ref) => (await ClaimModel.create({ ref })).ref),
            );
          }
        }),
      ),
    ]);
    const refs = [
      ...(JSON.parse(a.stdout) as string[]),
      ...(JSON.parse(b.stdout) as string[]),
      ...local,
    ];
    assert.equal(refs.length, 450);
    const expected = Array.from({ length: 450 }, (_, i) => formatRef('MA', 2026, i + 1));
    assert.deepEqual([...refs].sort(), expected);
  });

  it('counts each jurisdiction-year on its own', async () => {
    const claim = async (ref: string) => (await ClaimModel.create({ ref })).ref;
    assert.equal(await allocateRef('TN', 2026, claim), 'TN-2026-000001');
    assert.equal(await allocateRef('JO', 2027, claim), 'JO-2027-000001');
  });

  it('passes on an error of the claim that is not a duplicate', async () => {
    await assert.rejects(
      allocateRef('LB', 2026, () => Promise.reject(new Error('disk full'))),
      /disk full/,
    );
  });
});
