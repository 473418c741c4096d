/** How many times a rebuild reads again when its sources changed while it wrote. */
const MAX_ROUNDS = 5;

/** For tests of concurrent rebuilds: what to await between a rebuild's read and its write. */
export interface RebuildHooks {
  afterRead?: () => Promise<void>;
}

/**
 * Rebuilds a derived document from its sources until they hold still: read,
 * write what follows from them, read again, and start over when another
 * writer changed them meanwhile (compared by `fingerprint`). Two rebuilds of
 * one document may run at once (an event each): the one that read first
 * could write last and leave figures older than its sources; this way the
 * last write is always of sources as they stood after it.
 */
export async function rebuildUntilSteady<T>(
  read: () => Promise<T>,
  write: (sources: T) => Promise<void>,
  fingerprint: (sources: T) => string,
  hooks: RebuildHooks = {},
): Promise<void> {
  for (let round = 1; ; round += 1) {
    const sources = await read();
    await hooks.afterRead?.();
    await write(sources);
    if (fingerprint(await read()) === fingerprint(sources) || round === MAX_ROUNDS) return;
  }
}
