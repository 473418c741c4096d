import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('services script', () => {
  it('is idempotent: a second `up` reuses the running services and writes the same URLs', async () => {
    const env = { ...process.env };
    // Provision exactly as `npm test` did, from the project's own choice of services.
    for (const key of ['MONGODB_URI', 'REDIS_URL', 'SMTP_URL', 'MAIL_CATCHER_DIR'])
      Reflect.deleteProperty(env, key);
    const before = await readFile(path.join(ROOT, '.run/services.env'), 'utf8');
    const { stderr } = await run(process.execPath, ['scripts/services.ts', 'up'], {
      cwd: ROOT,
      env,
    });
    const afterwards = await readFile(path.join(ROOT, '.run/services.env'), 'utf8');
    assert.equal(afterwards, before);
    assert.match(stderr, /MongoDB mongodb:\/\//);
    assert.match(stderr, /Redis {3}redis:\/\//);
    assert.match(stderr, /SMTP {4}smtp:\/\//);
    // Everything built was reused, and the cluster was already running.
    assert.doesNotMatch(stderr, /building|initialising/);
    const { stderr: status } = await run(process.execPath, ['scripts/services.ts', 'status'], {
      cwd: ROOT,
    });
    assert.match(status, /postgres: running, port \d+/);
  });

  it('a build that cannot find its sources stops with one message naming the step and the alternatives', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'haqq-vendor-'));
    try {
      // A cache of its own holds no stamp, so the extensions must be built from the
      // sources, which this directory does not hold.
      const failed = await run('bash', ['scripts/build-engine.sh'], {
        cwd: ROOT,
        env: { ...process.env, HAQQ_VENDOR_DIR: empty, HAQQ_CACHE_DIR: empty },
      }).then(
        () => assert.fail('the build must fail'),
        (error: unknown) => error as { code: number; stderr: string },
      );
      assert.equal(failed.code, 1);
      assert.match(
        failed.stderr,
        /FAILED at step "check the source tarball pg_cron-1\.6\.3\.tar\.gz"/,
      );
      assert.match(failed.stderr, /HAQQ_VENDOR_DIR/);
      assert.match(failed.stderr, /MONGODB_URI/);
      assert.match(failed.stderr, /compose\.yaml/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
