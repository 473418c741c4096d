import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { decrypted } from './backup-crypto.ts';
import mongoose from 'mongoose';
import {
  MANIFEST_FILE,
  collectionFiles,
  dumpOrder,
  manifestProblem,
  type BackupManifest,
} from './backup-format.ts';
import { fileDigest } from './backup-writer.ts';
import { bsonDocuments, through } from './bson-stream.ts';

type Db = mongoose.mongo.Db;
type IndexDescription = mongoose.mongo.IndexDescription;
const { BSON } = mongoose.mongo;

/** The archive cannot be restored, or the target is not empty; nothing was written. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

/**
 * Reads and checks an archive's manifest and every file's size and SHA-256,
 * before anything is written. Answers what to restore, in order.
 */
async function checkArchive(dir: string): Promise<BackupManifest> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new RestoreRefused(`${dir}: no readable ${MANIFEST_FILE} (${(error as Error).message})`);
  }
  const problem = manifestProblem(manifest);
  if (problem) throw new RestoreRefused(`${dir}: ${problem}`);
  const checked = manifest as BackupManifest;
  const present = new Set(await readdir(path.join(dir, checked.database)).catch(() => []));
  for (const entry of checked.collections) {
    if (!present.has(path.basename(entry.file)))
      throw new RestoreRefused(`${entry.file} is missing from the archive`);
    const digest = await fileDigest(path.join(dir, entry.file));
    if (digest.bytes !== entry.bytes || digest.sha256 !== entry.sha256)
      throw new RestoreRefused(
        `${entry.file} differs from the manifest (${String(digest.bytes)} bytes, sha256 ${digest.sha256}); the archive is damaged`,
      );
  }
  return checked;
}

/** The collections of `db` that hold documents (system collections aside). */
async function nonEmptyCollections(db: Db): Promise<string[]> {
  const names = dumpOrder(
    (await db.listCollections({ type: 'collection' }, { nameOnly: true }).toArray()).map(
      (info) => info.name,
    ),
  );
  const found: string[] = [];
  for (const name of names)
    if ((await db.collection(name).countDocuments({}, { limit: 1 })) > 0) found.push(name);
  return found;
}

const BATCH_DOCUMENTS = 1_000;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Restores a checked archive into `db`: refuses a database that holds data
 * unless `drop` (then each archived collection is dropped first), inserts every
 * document as its BSON was read (types kept: no number or binary is converted),
 * then recreates the archived indexes. `onProgress(done, total)` hears the
 * documents inserted so far.
 */
export async function restoreArchive(
  db: Db,
  dir: string,
  options: {
    drop?: boolean;
    onProgress?: (done: number, total: number) => void;
    /** The age identity (AGE-SECRET-KEY-1…) of an encrypted archive. */
    identity?: string;
  } = {},
): Promise<{ collections: number; documents: number }> {
  const manifest = await checkArchive(dir);
  const { identity } = options;
  if (manifest.encryption && !identity)
    throw new RestoreRefused(
      `${dir} is encrypted (age): give the private key file with --identity (or BACKUP_AGE_IDENTITY_FILE)`,
    );
  const occupied = await nonEmptyCollections(db);
  if (occupied.length > 0 && !options.drop)
    throw new RestoreRefused(
      `the database ${db.databaseName} is not empty (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? ', …' : ''}); restore into an empty database, or pass --drop to replace the collections the archive holds`,
    );
  const total = manifest.collections.reduce((sum, entry) => sum + entry.documents, 0);
  let done = 0;
  for (const entry of manifest.collections) {
    await db
      .collection(entry.name)
      .drop()
      .catch((error: unknown) => {
        // NamespaceNotFound: nothing to drop.
        if ((error as { code?: number }).code !== 26) throw error;
      });
    await db.createCollection(entry.name);
    const collection = db.collection(entry.name);
    let batch: Record<string, unknown>[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await collection.insertMany(batch, { ordered: true, checkKeys: false });
      done += batch.length;
      options.onProgress?.(done, total);
      batch = [];
      bytes = 0;
    };
    const file = createReadStream(path.join(dir, entry.file));
    const stream = through(
      manifest.encryption && identity ? await decrypted(file, identity) : file,
      createGunzip(),
    );
    for await (const raw of bsonDocuments(stream)) {
      // promoteValues: false keeps Int32, Double, Long and Binary as they were stored.
      batch.push(BSON.deserialize(raw, { promoteValues: false }));
      bytes += raw.length;
      if (batch.length >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES) await flush();
    }
    await flush();
    const metadata = parseMetadata(
      await readFile(
        path.join(dir, collectionFiles(manifest.database, entry.name).metadata),
        'utf8',
      ),
    );
    const indexes = metadata.indexes.filter((index) => index.name !== '_id_');
    if (indexes.length > 0) await collection.createIndexes(indexes.map(asIndexDescription));
  }
  return { collections: manifest.collections.length, documents: done };
}

interface ArchivedIndex {
  name: string;
  key: Record<string, 1 | -1 | 'text' | '2dsphere'>;
  [option: string]: unknown;
}

function parseMetadata(text: string): { indexes: ArchivedIndex[] } {
  return BSON.EJSON.parse(text, { relaxed: true }) as { indexes: ArchivedIndex[] };
}

/** An index as listIndexes gave it, as createIndexes takes it (`v` and `ns` are the server's). */
function asIndexDescription(index: ArchivedIndex): IndexDescription {
  const options: Record<string, unknown> = { ...index };
  delete options.v;
  delete options.ns;
  return options as unknown as IndexDescription;
}
