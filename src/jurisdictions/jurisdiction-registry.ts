import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { jurisdictionSchema, type Jurisdiction } from './jurisdiction-schema.ts';

const JURISDICTIONS_DIR = path.resolve(import.meta.dirname, '../../config/jurisdictions');

/** A bad rules file: names the file and every bad field, and stops boot. */
export class JurisdictionFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'JurisdictionFileError';
  }
}

export interface JurisdictionRegistry {
  all(): readonly Jurisdiction[];
  get(code: string): Jurisdiction | undefined;
}

/** Reads and validates every `<code>.json` once; the result is frozen. */
export function loadJurisdictions(dir = JURISDICTIONS_DIR): JurisdictionRegistry {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const byCode = new Map<string, Jurisdiction>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      throw new JurisdictionFileError(file, [`not valid JSON (${(error as Error).message})`]);
    }
    const parsed = jurisdictionSchema.safeParse(raw);
    if (!parsed.success) {
      throw new JurisdictionFileError(
        file,
        parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
      );
    }
    const expected = file.replace(/\.json$/, '').toUpperCase();
    if (parsed.data.code !== expected) {
      throw new JurisdictionFileError(file, [
        `code: "${parsed.data.code}" does not match the file name`,
      ]);
    }
    byCode.set(parsed.data.code, Object.freeze(parsed.data));
  }
  const all = Object.freeze([...byCode.values()]);
  return { all: () => all, get: (code) => byCode.get(code) };
}
