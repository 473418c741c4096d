import mongoose from 'mongoose';
import type { Locale } from '../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../jurisdictions/jurisdiction-registry.ts';
import { AgencyModel, type Agency } from './agency-model.ts';
import { AGENCY_CODE } from './agency-code.ts';

/** Active agencies, grouped by jurisdiction code, each group in code order. */
/** The jurisdictions that have at least one active agency (one can file there). */
export async function jurisdictionsWithAgencies(): Promise<Set<string>> {
  const codes: unknown[] = await AgencyModel.distinct('jurisdiction', { active: true });
  return new Set(codes.map(String));
}

export async function listActiveAgenciesByJurisdiction(): Promise<Map<string, Agency[]>> {
  const agencies = await AgencyModel.find({ active: true })
    .sort({ jurisdiction: 1, code: 1 })
    .lean<Agency[]>();
  const groups = new Map<string, Agency[]>();
  for (const agency of agencies) {
    const group = groups.get(agency.jurisdiction) ?? [];
    group.push(agency);
    groups.set(agency.jurisdiction, group);
  }
  return groups;
}

/** What callers outside this folder read of an agency. */
export interface AgencySummary {
  code: string;
  jurisdiction: string;
  name: { ar: string; en: string };
}

const SUMMARY = { code: 1, jurisdiction: 1, name: 1 } as const;
const summaryOf = (doc: {
  code: string;
  jurisdiction: string;
  name?: { ar?: string; en?: string } | null;
}): AgencySummary => ({
  code: doc.code,
  jurisdiction: doc.jurisdiction,
  name: { ar: doc.name?.ar ?? doc.code, en: doc.name?.en ?? doc.code },
});

/** One agency by code (active or not), or undefined. */
export async function findAgency(code: string): Promise<AgencySummary | undefined> {
  const doc = await AgencyModel.findOne({ code }, SUMMARY).lean();
  return doc ? summaryOf(doc) : undefined;
}

/** Whether `code` is an active agency (of `jurisdiction`, when given). */
export async function isActiveAgency(code: string, jurisdiction?: string): Promise<boolean> {
  const found = await AgencyModel.exists({
    code,
    active: true,
    ...(jurisdiction ? { jurisdiction } : {}),
  });
  return found !== null;
}

/** The active agencies of a jurisdiction in code order, with their keywords (filing suggestions). */
export async function activeAgenciesOf(
  jurisdiction: string,
): Promise<(AgencySummary & { keywords: { ar: string[]; en: string[] } })[]> {
  const docs = await AgencyModel.find({ jurisdiction, active: true }, { ...SUMMARY, keywords: 1 })
    .sort({ code: 1 })
    .lean();
  return docs.map((doc) => ({
    ...summaryOf(doc),
    keywords: { ar: doc.keywords?.ar ?? [], en: doc.keywords?.en ?? [] },
  }));
}

/** The agencies of some jurisdictions (every one when undefined), active or not. */
export async function agenciesIn(jurisdictions?: readonly string[]): Promise<AgencySummary[]> {
  const docs = await AgencyModel.find(
    jurisdictions ? { jurisdiction: mongoose.trusted({ $in: [...jurisdictions] }) } : {},
    SUMMARY,
  ).lean();
  return docs.map(summaryOf);
}

/** The names of the agencies with these codes, by code. */
export async function agencyNames(
  codes: Iterable<string>,
): Promise<Map<string, { ar: string; en: string }>> {
  const docs = await AgencyModel.find(
    { code: mongoose.trusted({ $in: [...new Set(codes)] }) },
    SUMMARY,
  ).lean();
  return new Map(docs.map((doc) => [doc.code, summaryOf(doc).name]));
}

/**
 * The active agencies of every country, by name in `locale`, for a form's
 * grouped list (countries with none left out).
 */
export async function agencyChoices(registry: JurisdictionRegistry, locale: Locale) {
  const groups = await Promise.all(
    registry.all().map(async (j) => ({
      name: j.name[locale],
      agencies: (await activeAgenciesOf(j.code)).map((a) => ({
        code: a.code,
        name: a.name[locale],
      })),
    })),
  );
  return groups.filter((group) => group.agencies.length > 0);
}

/** An active agency's whole record (its page and feed), or null when none is active with `code`. */
export function findActiveAgency(code: string) {
  return AGENCY_CODE.test(code) ? AgencyModel.findOne({ code, active: true }).lean() : null;
}

/** Every active agency's code, in code order (the sitemap). */
export async function activeAgencyCodes(): Promise<string[]> {
  const docs = await AgencyModel.find({ active: true }, { code: 1 }).sort({ code: 1 }).lean();
  return docs.map((doc) => doc.code);
}

/** One page of agencies matching `where`, by the sort given (a keyset reader's query). */
export function agencyPageOf(
  where: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  limit: number,
) {
  return AgencyModel.find(where, { code: 1, name: 1, parent: 1 }).sort(sort).limit(limit).lean();
}
