import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress, timeLeft } from '../../src/platform/progress.ts';

describe('progress of long-running commands', () => {
  it('estimates the time left from the rate so far', () => {
    assert.equal(timeLeft(10_000, 100, 300), 'about 20 s left');
    assert.equal(timeLeft(60_000, 100, 1_000), 'about 9 min left');
    assert.equal(timeLeft(1_000, 0, 10), '');
    assert.equal(timeLeft(1_000, 10, 10), '');
  });

  it('prints counts, share and time left at most every interval, then the total', () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = createProgress('seeding', 4_000, {
      write: (line) => lines.push(line),
      everyMs: 1_000,
      now: () => clock,
    });
    clock = 500;
    progress.update(500);
    clock = 1_000;
    progress.update(1_000);
    clock = 1_500;
    progress.update(1_500);
    clock = 4_000;
    progress.update(4_000);
    progress.finish();
    assert.deepEqual(lines, [
      'seeding: 1,000 of 4,000 (25%), about 3 s left',
      'seeding: 4,000 of 4,000 (100%)',
      'seeding: 4,000 in 4 s',
    ]);
  });
});
