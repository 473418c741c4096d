// `npm run backup [-- --out DIR] [--recipient age1…]`: writes every collection and
// GridFS file of the configured database (MONGODB_URI) to a new archive, mongodump's
// layout plus a checked manifest (src/backup/backup-format.ts), printing its progress;
// readable by its owner only (0700, 0600), its data files encrypted to each age
// recipient given (--recipient, repeatable, or BACKUP_AGE_RECIPIENTS).
// `npm run backup -- --new-key FILE` writes a new age private key to FILE (0600) and
// prints its recipient. Default DIR: backups/haqq-<UTC time>. Exit 1 with the reason on failure.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newBackupKey } from '../src/backup/backup-crypto.ts';
import { parseArgs } from 'node:util';
import { writeBackup } from '../src/backup/backup-writer.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { connectMongo, connectedDb, disconnectMongo } from '../src/platform/mongo.ts';
import { createProgress } from '../src/platform/progress.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    recipient: { type: 'string', multiple: true },
    'new-key': { type: 'string' },
  },
});
if (values['new-key']) {
  const key = await newBackupKey();
  await writeFile(
    values['new-key'],
    `# created: ${new Date().toISOString()}\n# public key: ${key.recipient}\n${key.identity}\n`,
    { mode: 0o600, flag: 'wx' },
  );
  console.log(
    `backup: a new key in ${values['new-key']} (keep it off the servers); its recipient:\n${key.recipient}`,
  );
  process.exit(0);
}
const stamp = new Date()
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d+Z$/, 'Z');
const out = path.resolve(values.out ?? path.join('backups', `haqq-${stamp}`));
const config = loadConfig();
const recipients = [
  ...(values.recipient ?? []),
  ...(config.BACKUP_AGE_RECIPIENTS ?? '').split(',').map((r) => r.trim()),
].filter(Boolean);
await connectMongo(config.MONGODB_URI, createLogger({ LOG_LEVEL: 'warn' }, 'backup'));
const started = Date.now();
let progress: ReturnType<typeof createProgress> | undefined;
try {
  const manifest = await writeBackup(
    connectedDb(),
    out,
    (done, total) => {
      progress ??= createProgress('backup: documents written', total);
      progress.update(done);
    },
    { recipients },
  );
  progress?.finish();
  const documents = manifest.collections.reduce((sum, c) => sum + c.documents, 0);
  const bytes = manifest.collections.reduce((sum, c) => sum + c.bytes, 0);
  console.log(
    `backup: ${String(manifest.collections.length)} collections, ${documents.toLocaleString('en-US')} documents, ${(bytes / 1024 / 1024).toFixed(1)} MB gzipped${manifest.encryption ? ` and encrypted to ${String(recipients.length)} age key(s)` : ', NOT encrypted (see BACKUP_AGE_RECIPIENTS)'}, ${manifest.consistency} read, in ${String(Math.round((Date.now() - started) / 1000))} s → ${out}`,
  );
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await disconnectMongo();
}
