import { AgencyModel, type Agency } from './agency-model.ts';

/** Active agencies, grouped by jurisdiction code, each group in code order. */
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
