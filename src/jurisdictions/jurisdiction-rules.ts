import type { Jurisdiction, Rules } from './jurisdiction-schema.ts';
import type { LocalDate } from '../time/local-date.ts';

/** The rules in force on `date` (the latest version that applied by then), if any. */
export function rulesInForce(jurisdiction: Jurisdiction, date: LocalDate): Rules | undefined {
  let found: Rules | undefined;
  for (const rules of jurisdiction.rules) if (rules.appliesFrom <= date) found = rules;
  return found;
}

/** A request keeps the rules version it was filed under, even after the law changes. */
export function rulesByVersion(jurisdiction: Jurisdiction, version: string): Rules | undefined {
  return jurisdiction.rules.find((rules) => rules.version === version);
}

/** The newest version of the rules. */
export function currentRules(jurisdiction: Jurisdiction): Rules {
  const rules = jurisdiction.rules.at(-1);
  if (!rules) throw new Error(`${jurisdiction.code} has no rules`);
  return rules;
}

/** Requests can be filed only where the law's response period is known. */
export function acceptsFiling(rules: Rules): boolean {
  return rules.response.days !== null && rules.response.dayType !== null;
}
