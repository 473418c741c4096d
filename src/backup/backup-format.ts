import { z } from 'zod';

/**
 * The backup archive (pure: no I/O). A directory laid out as `mongodump --gzip`
 * lays it out, so `mongorestore --gzip --dir=<archive>` reads it where the
 * MongoDB tools exist: `<db>/<collection>.bson.gz` (the documents, BSON one after
 * another, gzipped) and `<db>/<collection>.metadata.json` (its indexes), plus our
 * `manifest.json` (mongorestore skips it): the format version, what was read and
 * how, and each file's size and SHA-256, checked before anything is restored.
 */
export const BACKUP_FORMAT = 'haqq-backup';
/** 2: data files may be encrypted to an age recipient (`encryption`); 1 archives read as before. */
export const BACKUP_VERSION = 2;
export const MANIFEST_FILE = 'manifest.json';

const collectionEntry = z.object({
  name: z.string().min(1),
  documents: z.number().int().min(0),
  /** The gzipped BSON file, relative to the archive. */
  file: z.string().min(1),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  database: z.string().min(1),
  /** The server's own version (FerretDB reports the MongoDB version it speaks). */
  server: z.string(),
  /**
   * `snapshot`: every collection read at one cluster time (a replica set);
   * `ordered`: read one after another in {@link dumpOrder}, so that what a
   * later write adds is either absent or already complete (see there).
   */
  consistency: z.enum(['snapshot', 'ordered']),
  /** `age`: every data file is encrypted (backup-crypto.ts); the manifest and indexes are not. */
  encryption: z.enum(['age']).optional(),
  collections: z.array(collectionEntry),
});
export type BackupManifest = z.infer<typeof manifestSchema>;
export type CollectionEntry = z.infer<typeof collectionEntry>;

/**
 * The order collections are read in when no snapshot is to be had. Each write
 * path of the app finishes with the document read here first, so a backup taken
 * while people work holds nothing half-made:
 * - `requests` before `request_events`: the one door inserts the event, then
 *   moves the snapshot. An event newer than its snapshot is the state a crash
 *   leaves, which the next write repairs; a snapshot never runs ahead of its events.
 * - a GridFS bucket's `.files` before its `.chunks`: GridFS writes the chunks,
 *   then the file document, so every file read has all its chunks.
 * - `counters` last: every ref read is at or below the counter read, so a
 *   restored counter never hands out a ref already used.
 */
export function dumpOrder(names: readonly string[]): string[] {
  const rank = (name: string): number => {
    if (name === 'requests') return 0;
    if (name === 'request_events') return 1;
    if (name.endsWith('.files')) return 2;
    if (name.endsWith('.chunks')) return 3;
    if (name === 'counters') return 5;
    return 4;
  };
  return names
    .filter((name) => !name.startsWith('system.'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The archive's paths for one collection (mongodump's names; `.age` added when encrypted). */
export function collectionFiles(
  database: string,
  name: string,
  encrypted = false,
): { data: string; metadata: string } {
  return {
    data: `${database}/${name}.bson.gz${encrypted ? '.age' : ''}`,
    metadata: `${database}/${name}.metadata.json`,
  };
}

/** Archives hold password hashes and private requests: readable by their owner alone. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Why a manifest cannot be restored by this release, or undefined when it can. */
export function manifestProblem(manifest: unknown): string | undefined {
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const format = (manifest as { format?: unknown } | null)?.format;
    return format === BACKUP_FORMAT
      ? `manifest.json is damaged: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
      : 'not a Haqq backup (manifest.json has no "format": "haqq-backup")';
  }
  if (parsed.data.version > BACKUP_VERSION)
    return `made by a newer release (format version ${String(parsed.data.version)}; this release reads up to ${String(BACKUP_VERSION)})`;
  return undefined;
}
