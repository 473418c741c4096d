import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    const before = readFileSync(path.join(ROOT, '.run/services.env'), 'utf8');
    const { stderr } = await run(process.execPath, ['scripts/services.ts', 'up'], {
      cwd: ROOT,
      env,
    });
    const afterwards = readFileSync(path.join(ROOT, '.run/services.env'), 'utf8');
    assert.equal(afterwards, before);
    assert.match(stderr, /MongoDB mongodb:\/\//);
    assert.match(stderr, /Redis {3}redis:\/\//);
    assert.match(stderr, /SMTP {4}smtp:\/\//);
    assert.doesNotMatch(stderr, /building FerretDB/);
  });
});
