import type { AgencySummary } from '../../agencies/agency-store.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { acceptsFiling, currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import type { Jurisdiction } from '../../jurisdictions/jurisdiction-schema.ts';
import type { Form } from './request-form-input.ts';

export interface FilingPageInput {
  locale: Locale;
  /** Whether an officer logs a request received elsewhere (not a citizen filing their own). */
  officer: boolean;
  /** The officer's own agency; they log requests for it only. */
  ownAgency: AgencySummary | undefined;
  /** Every jurisdiction; those whose law accepts filing are offered. */
  jurisdictions: readonly Jurisdiction[];
  /** The chosen jurisdiction, if any, and its active agencies. */
  jurisdiction: Jurisdiction | undefined;
  agencies: readonly AgencySummary[];
  /** What the person typed so far, shown back to them. */
  values: Form;
}

/** The filing page's view model: country, then agency, with the values typed so far. Pure. */
export function filingView(input: FilingPageInput) {
  const { locale, jurisdiction } = input;
  return {
    title: 'filing.title',
    officer: input.officer,
    ownAgency: input.ownAgency?.name[locale] ?? null,
    jurisdictions: input.jurisdictions
      .filter((j) => acceptsFiling(currentRules(j)))
      .map((j) => ({
        code: j.code,
        name: j.name[locale],
        selected: j.code === jurisdiction?.code,
      })),
    jurisdiction: jurisdiction
      ? {
          code: jurisdiction.code,
          name: jurisdiction.name[locale],
          urgent: currentRules(jurisdiction).urgent !== null,
        }
      : null,
    agencies: input.agencies.map((a) => ({
      code: a.code,
      name: a.name[locale],
      selected: a.code === input.values.agency,
    })),
    values: input.values,
  };
}
