import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';

// argon2id (the library's default algorithm) with OWASP's second recommended
// setting: 19 MiB of memory, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Each hash holds 19 MiB while it runs: twenty sign-ins at once would hold
 * 380 MiB. At most one per core runs at a time (more would not finish sooner);
 * the others wait their turn.
 */
const oneAtATimePerCore = pLimit(Math.max(1, availableParallelism()));

/** An argon2id hash of `password`, in PHC string form. */
export function hashPassword(password: string): Promise<string> {
  return oneAtATimePerCore(() => hash(password, OPTIONS));
}

/** Whether `password` matches `passwordHash`; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return oneAtATimePerCore(() => verify(passwordHash, password)).catch(() => false);
}
