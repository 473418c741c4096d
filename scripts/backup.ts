// `npm run backup [-- --out DIR]`: writes every collection and GridFS file of the
// configured database (MONGODB_URI) to a new archive, mongodump's layout plus a
// checked manifest (src/backup/backup-format.ts), printing its progress.
// Default DIR: backups/haqq-<UTC time>. Exit 1 with the reason on failure.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeBackup } from '../src/backup/backup-writer.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { connectMongo, connectedDb, disconnectMongo } from '../src/platform/mongo.ts';
import { createProgress } from '../src/platform/progress.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const stamp = new Date()
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d+Z$/, 'Z');
const out = path.resolve(values.out ?? path.join('backups', `haqq-${stamp}`));
const config = loadConfig();
await connectMongo(config.MONGODB_URI, createLogger({ LOG_LEVEL: 'warn' }, 'backup'));
const started = Date.now();
let progress: ReturnType<typeof createProgress> | undefined;
try {
  const manifest = await writeBackup(connectedDb(), out, (done, total) => {
    progress ??= createProgress('backup: documents written', total);
    progress.update(done);
  });
  progress?.finish();
  const documents = manifest.collections.reduce((sum, c) => sum + c.documents, 0);
  const bytes = manifest.collections.reduce((sum, c) => sum + c.bytes, 0);
  console.log(
    `backup: ${String(manifest.collections.length)} collections, ${documents.toLocaleString('en-US')} documents, ${(bytes / 1024 / 1024).toFixed(1)} MB gzipped, ${manifest.consistency} read, in ${String(Math.round((Date.now() - started) / 1000))} s → ${out}`,
  );
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await disconnectMongo();
}
