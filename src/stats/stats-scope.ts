import type { SessionUser } from '../users/user-store.ts';
import type { Audience } from './rollup.ts';

/** Whose figures a caller may read, and how much of them. */
export interface StatsScope {
  /** The jurisdictions read; null: all of them. */
  jurisdictions: readonly string[] | null;
  audience: Audience;
}

/**
 * The scope of a statistics read (DESIGN §8): an auditor bound to a jurisdiction
 * reads that one only (another is "not found", never "forbidden"); a national
 * auditor or an admin reads any or all; everyone else, visitors included,
 * reads the public subset of any or all. Undefined: not found.
 */
export function statsScope(
  user: SessionUser | undefined,
  requested: string | undefined,
): StatsScope | undefined {
  const roles = user?.roles ?? [];
  if (roles.includes('admin') || (roles.includes('auditor') && user?.jurisdiction === null))
    return { jurisdictions: requested ? [requested] : null, audience: 'auditor' };
  if (roles.includes('auditor') && user?.jurisdiction) {
    if (requested && requested !== user.jurisdiction) return undefined;
    return { jurisdictions: [user.jurisdiction], audience: 'auditor' };
  }
  return { jurisdictions: requested ? [requested] : null, audience: 'public' };
}

/** Whether `user` reads the auditors' pages (and may drill down to requests) of `jurisdiction`. */
export function auditsJurisdiction(user: SessionUser | undefined, jurisdiction: string): boolean {
  const scope = user ? statsScope(user, jurisdiction) : undefined;
  return scope?.audience === 'auditor';
}
