import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import mongoose from 'mongoose';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  MANIFEST_FILE,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  collectionFiles,
  dumpOrder,
  type BackupManifest,
  type CollectionEntry,
} from './backup-format.ts';
import { checkRecipients, encrypted } from './backup-crypto.ts';
import { through } from './bson-stream.ts';

type Db = mongoose.mongo.Db;
const { EJSON } = mongoose.mongo.BSON;

/** Counts and hashes the bytes that pass (the gzipped file as written). */
function hashing(): { stream: Transform; digest: () => { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, digest: () => ({ bytes, sha256: hash.digest('hex') }) };
}

/** SHA-256 and size of a file, streamed. */
export async function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  const { stream, digest } = hashing();
  stream.resume();
  await pipeline(createReadStream(file), stream);
  return digest();
}

/** Whether the server is a replica set member, where snapshot reads exist. */
async function isReplicaSet(db: Db): Promise<boolean> {
  const hello = await db.admin().command({ hello: 1 });
  return typeof hello.setName === 'string';
}

/**
 * Writes every collection of `db` (GridFS buckets are collections too) to a new
 * archive at `outDir` (see backup-format.ts). On a replica set every read is at
 * one cluster time (a snapshot session); elsewhere the collections are read in
 * {@link dumpOrder}. The archive is written under `<outDir>.partial` and renamed
 * once complete, so an archive with its name is never half-written.
 * `onProgress(done, total)` hears the documents written so far.
 */
export async function writeBackup(
  db: Db,
  outDir: string,
  onProgress: (done: number, total: number) => void = () => undefined,
  options: { recipients?: readonly string[] } = {},
): Promise<BackupManifest> {
  const recipients = options.recipients ?? [];
  const encrypt = recipients.length > 0;
  if (encrypt) checkRecipients(recipients);
  const partial = `${outDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  // Owner only: the folder 0700, each file 0600 (they hold password hashes and private requests).
  await mkdir(path.dirname(outDir), { recursive: true, mode: PRIVATE_DIR_MODE });
  await mkdir(partial, { mode: PRIVATE_DIR_MODE });
  await mkdir(path.join(partial, db.databaseName), { mode: PRIVATE_DIR_MODE });
  const snapshot = await isReplicaSet(db);
  const session = snapshot ? db.client.startSession({ snapshot: true }) : undefined;
  try {
    const infos = await db.listCollections({ type: 'collection' }, { nameOnly: true }).toArray();
    const names = dumpOrder(infos.map((info) => info.name));
    let total = 0;
    for (const name of names) total += await db.collection(name).estimatedDocumentCount();
    let done = 0;
    const collections: CollectionEntry[] = [];
    for (const name of names) {
      const collection = db.collection(name);
      const files = collectionFiles(db.databaseName, name, encrypt);
      const indexes = await collection.indexes();
      await writeFile(
        path.join(partial, files.metadata),
        EJSON.stringify({ indexes, collectionName: name, type: 'collection' }, { relaxed: false }),
        { mode: PRIVATE_FILE_MODE },
      );
      // Raw: the server's own BSON bytes, written as they came.
      const cursor = collection.find(
        {},
        { raw: true, batchSize: 1_000, ...(session ? { session } : {}) },
      );
      let documents = 0;
      const { stream, digest } = hashing();
      const documentsRead = Readable.from(
        (async function* () {
          for await (const raw of cursor as AsyncIterable<unknown>) {
            documents += 1;
            done += 1;
            if (done % 1_000 === 0) onProgress(done, Math.max(total, done));
            yield raw as Buffer;
          }
        })(),
      );
      const gzipped = through(documentsRead, createGzip());
      await pipeline(
        encrypt ? await encrypted(gzipped, recipients) : gzipped,
        stream,
        createWriteStream(path.join(partial, files.data), { mode: PRIVATE_FILE_MODE }),
      );
      collections.push({ name, documents, file: files.data, ...digest() });
    }
    onProgress(done, done);
    const build = await db.admin().command({ buildInfo: 1 });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      database: db.databaseName,
      server: String(build.version),
      consistency: snapshot ? 'snapshot' : 'ordered',
      ...(encrypt ? { encryption: 'age' as const } : {}),
      collections,
    };
    await writeFile(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: PRIVATE_FILE_MODE,
    });
    await rm(outDir, { recursive: true, force: true });
    await rename(partial, outDir);
    return manifest;
  } finally {
    await session?.endSession();
  }
}
