import { AgencyModel } from './agency-model.ts';

/** How long a process trusts its copy of the agency list (activations show within this). */
const AGENCY_DIRECTORY_TTL_MS = 30_000;

interface Entry {
  code: string;
  jurisdiction: string;
  redactionRules: { id: string; pattern: string }[];
}

let cached: { at: number; byCode: Map<string, Entry> } | undefined;
let loading: Promise<Map<string, Entry>> | undefined;

async function load(): Promise<Map<string, Entry>> {
  const agencies = await AgencyModel.find(
    { active: true },
    { code: 1, jurisdiction: 1, redactionRules: 1 },
  ).lean();
  return new Map(
    agencies.map((a) => [
      a.code,
      {
        code: a.code,
        jurisdiction: a.jurisdiction,
        // A disabled pattern (agency-rule-check.ts) is not applied.
        redactionRules: a.redactionRules
          .filter((r) => !r.disabledAt)
          .map((r) => ({ id: r.id ?? '', pattern: r.pattern ?? '' })),
      },
    ]),
  );
}

/**
 * An active agency by code, from a per-process copy of the (small, rarely
 * changing) agency list reloaded every 30 s, so that filing does not read the
 * agencies collection each time. Undefined for an unknown or inactive code.
 */
export async function activeAgency(code: string, now = Date.now()): Promise<Entry | undefined> {
  if (!cached || now - cached.at > AGENCY_DIRECTORY_TTL_MS) {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    const byCode = await loading;
    cached = { at: now, byCode };
  }
  return cached.byCode.get(code);
}

/** An agency's own redaction rules (none for an unknown or inactive agency). */
export async function agencyRedactionRules(code: string) {
  return (await activeAgency(code))?.redactionRules ?? [];
}

/** Forgets the copy (after an agency is added or deactivated in this process, and in tests). */
export function forgetAgencies(): void {
  cached = undefined;
}
