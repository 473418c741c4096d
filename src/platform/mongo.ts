import mongoose from 'mongoose';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

// Input never reaches a query as an operator: `{ "$gt": "" }` in a filter value
// is wrapped in `$eq`, and unknown filter paths are dropped.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', true);

/** Connects the shared mongoose connection; fails fast when the server is absent. */
export async function connectMongo(uri: string, logger?: Logger): Promise<typeof mongoose> {
  const connected = await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize: 50,
  });
  logger?.info({ db: mongoose.connection.name }, 'mongodb connected');
  return connected;
}

/** Creates the indexes every model declares (idempotent); run once at boot. */
/** A GridFS bucket of the connected database (GridFS's default 255 KiB chunks). */
export function gridBucket(bucketName: string) {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName });
}

export async function ensureIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.createCollection().catch((error: unknown) => {
      // NamespaceExists: the collection is already there.
      if ((error as { code?: number }).code !== 48) throw error;
    });
    await model.createIndexes();
  }
}

/** Answers whether MongoDB replies to `ping` within `timeoutMs`. */
export async function pingMongo(timeoutMs: number): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return false;
  return withTimeout(
    db.command({ ping: 1 }).then(() => true),
    timeoutMs,
  ).catch(() => false);
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}
