import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { newBackupKey } from '../../src/backup/backup-crypto.ts';
import { RestoreRefused, restoreArchive } from '../../src/backup/backup-reader.ts';
import { writeBackup } from '../../src/backup/backup-writer.ts';
import { connectedDb } from '../../src/platform/mongo.ts';
import { createRequest } from '../support/factories.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

const SECRET_WORDS = 'a private request about my own medical file';

/** Every file and folder under `dir`, with its permission bits. */
async function modes(dir: string): Promise<[string, number][]> {
  const found: [string, number][] = [[dir, (await stat(dir)).mode & 0o777]];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    found.push([full, (await stat(full)).mode & 0o777]);
  }
  return found;
}

/**
 * Backups in clear and world-readable (issue 30): an archive's folders are
 * now 0700 and its files 0600; with an age recipient its data files are
 * encrypted (nothing of a private request can be read without the key, the
 * `age` tool included), and `restore` needs the private key to read them.
 */
describe('backups readable by their owner only, and encrypted to a key', () => {
  let dir: string;
  before(async () => {
    await connectTestDatabase(testConfig('backup_encryption'));
    const request = await createRequest({ ref: 'JO-2026-910001' });
    await connectedDb()
      .collection('requests')
      .updateOne({ _id: request._id }, { $set: { subject: SECRET_WORDS, visibility: 'private' } });
    dir = await mkdtemp(path.join(tmpdir(), 'haqq-encrypted-'));
  });
  after(async () => {
    await dropTestDatabase();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes folders 0700 and files 0600, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      await writeBackup(connectedDb(), path.join(dir, 'clear', 'archive'));
    } finally {
      process.umask(previous);
    }
    const wrong = (await modes(path.join(dir, 'clear', 'archive'))).filter(
      ([file, mode]) => mode !== (file.endsWith('archive') || !path.extname(file) ? 0o700 : 0o600),
    );
    assert.deepEqual(wrong, []);
  });

  it('encrypts the data files to the key, and restores only with it', async () => {
    const key = await newBackupKey();
    const keyFile = path.join(dir, 'key.txt');
    await writeFile(keyFile, `${key.identity}\n`, { mode: 0o600 });
    const archive = path.join(dir, 'sealed');
    const manifest = await writeBackup(connectedDb(), archive, undefined, {
      recipients: [key.recipient],
    });
    assert.equal(manifest.encryption, 'age');
    const requests = manifest.collections.find((c) => c.name === 'requests');
    assert.ok(requests);
    assert.ok(requests.file.endsWith('.bson.gz.age'));
    const sealed = await readFile(path.join(archive, requests.file));
    assert.ok(sealed.subarray(0, 21).toString('latin1').startsWith('age-encryption.org/v1'));
    assert.throws(() => gunzipSync(sealed), 'not a gzip file: encrypted');
    assert.ok(!sealed.includes(Buffer.from(SECRET_WORDS)));
    // Debian's age tool opens it with the same key, should Haqq not be at hand
    // (scripts/age.sh installs it for the tests).
    const opened = execFileSync('age', ['-d', '-i', keyFile, path.join(archive, requests.file)]);
    assert.ok(gunzipSync(opened).includes(Buffer.from(SECRET_WORDS)));

    await assert.rejects(
      restoreArchive(connectedDb(), archive, { drop: true }),
      (error: unknown) => error instanceof RestoreRefused && /encrypted/.test(error.message),
    );
    const other = await newBackupKey();
    await assert.rejects(
      restoreArchive(connectedDb(), archive, { drop: true, identity: other.identity }),
    );
    await connectedDb().collection('requests').deleteMany({});
    await restoreArchive(connectedDb(), archive, { drop: true, identity: key.identity });
    const back = await connectedDb().collection('requests').findOne({ ref: 'JO-2026-910001' });
    assert.equal(back?.subject, SECRET_WORDS);
  });
});
