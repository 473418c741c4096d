import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LimitedProcessError, runLimited } from '../../src/platform/limited-process.ts';
import { catchError } from '../support/catch-error.ts';

const MB = 1024 * 1024;
/** A Node child that holds `mb` MB of touched memory for `ms`, then exits. */
const holder = (mb: number, ms: number) =>
  `const b = Buffer.alloc(${String(mb)} * 1024 * 1024, 1); setTimeout(() => console.log(b.length), ${String(ms)});`;

/**
 * The heavy tools of a public copy run under a time and a memory limit counted
 * over the whole tree of processes a job starts (src/platform/limited-process.ts).
 */
describe('child processes under limits', () => {
  it('returns what a child wrote, with the memory it held', async () => {
    const run = await runLimited(
      process.execPath,
      ['-e', holder(60, 300)],
      { timeoutMs: 10_000, memoryBytes: 1024 * MB },
      {
        onLine: (line) => {
          assert.equal(line, String(60 * MB));
        },
      },
    );
    assert.equal(run.stdout.trim(), String(60 * MB));
    assert.ok(run.peakBytes > 60 * MB, `peak ${String(run.peakBytes)}`);
  });

  it('stops a child past its time', async () => {
    const error = await catchError(() =>
      runLimited(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
        timeoutMs: 300,
        memoryBytes: 1024 * MB,
      }),
    );
    assert.ok(error instanceof LimitedProcessError);
    assert.equal(error.reason, 'time');
  });

  it('counts the memory of the processes a child starts, and stops them all', async () => {
    // The parent holds little; its child (another process group would not escape) holds 300 MB.
    const grandchild = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(holder(300, 20_000))}], { stdio: 'inherit' }); setTimeout(() => {}, 20_000);`;
    const error = await catchError(() =>
      runLimited(process.execPath, ['-e', grandchild], {
        timeoutMs: 15_000,
        memoryBytes: 200 * MB,
      }),
    );
    assert.ok(error instanceof LimitedProcessError);
    assert.equal(error.reason, 'memory');
    assert.ok(error.peakBytes > 200 * MB);
  });

  it('counts the calling process too when asked (a worker and the tools it runs)', async () => {
    const self = process.memoryUsage.rss();
    const error = await catchError(() =>
      runLimited(
        process.execPath,
        ['-e', 'setTimeout(() => {}, 10_000)'],
        {
          timeoutMs: 8_000,
          memoryBytes: self,
        },
        { withSelf: true },
      ),
    );
    assert.ok(error instanceof LimitedProcessError);
    assert.equal(error.reason, 'memory');
    assert.ok(error.peakBytes > self);
  });

  it('reports a child that fails, with the end of what it wrote to stderr', async () => {
    const error = await catchError(() =>
      runLimited(process.execPath, ['-e', 'console.error("no such page"); process.exit(3)'], {
        timeoutMs: 5_000,
        memoryBytes: 1024 * MB,
      }),
    );
    assert.ok(error instanceof LimitedProcessError);
    assert.equal(error.reason, 'exit');
    assert.match(error.message, /exit 3: no such page/);
  });
});
