import mongoose from 'mongoose';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

// Input never reaches a query as an operator: `{ "$gt": "" }` in a filter value
// is wrapped in `$eq`, and unknown filter paths are dropped.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', true);

/**
 * How long an operation waits for a server it cannot reach (selection, or the
 * queue of a connection not yet open) before it fails: a page then answers 503
 * with `Retry-After` within 5 s instead of hanging (src/http/middleware/error-handler.ts).
 */
const MONGO_UNREACHABLE_TIMEOUT_MS = 3_000;
mongoose.set('bufferTimeoutMS', MONGO_UNREACHABLE_TIMEOUT_MS);

/**
 * The driver's options for `uri`. Read and write concerns come from the URL as
 * the driver reads them (`w`, `journal`, `wtimeoutMS`, `readConcernLevel`,
 * `readPreference`); on a replica set (`replicaSet=` or `mongodb+srv://`) a URL
 * that names no `w` writes with `w: 'majority'`, so an acknowledged write
 * survives the loss of its primary.
 */
export function mongoOptions(uri: string): mongoose.ConnectOptions {
  const params = new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).searchParams;
  const replicaSet = uri.startsWith('mongodb+srv://') || params.has('replicaSet');
  const namesW = [...params.keys()].some((key) => key.toLowerCase() === 'w');
  return {
    serverSelectionTimeoutMS: MONGO_UNREACHABLE_TIMEOUT_MS,
    maxPoolSize: 50,
    ...(replicaSet && !namesW ? { writeConcern: { w: 'majority' as const } } : {}),
  };
}

/** Connects the shared mongoose connection; fails fast when the server is absent. */
export async function connectMongo(uri: string, logger?: Logger): Promise<typeof mongoose> {
  const connected = await mongoose.connect(uri, mongoOptions(uri));
  const db = mongoose.connection.db;
  logger?.info(
    {
      db: mongoose.connection.name,
      writeConcern: db?.writeConcern ?? 'server default',
      readConcern: db?.readConcern ?? 'server default',
    },
    'mongodb connected',
  );
  return connected;
}

/** Creates the indexes every model declares (idempotent); run once at boot. */
/** The driver's handle on the connected database. */
export function connectedDb(): mongoose.mongo.Db {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return db;
}

/** A GridFS bucket of the connected database (GridFS's default 255 KiB chunks). */
export function gridBucket(bucketName: string) {
  return new mongoose.mongo.GridFSBucket(connectedDb(), { bucketName });
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
