import type { Column } from '../stats/table-export.ts';
import { plainPublished } from '../redaction/redaction.ts';

/** The subject as open data writes it: each hidden stretch `[…]`, on one line. */
export const openDataText = (text: string | null | undefined) => plainPublished(text, '[…]');

const day = (date: Date | null | undefined) => date?.toISOString().slice(0, 10) ?? null;

export type PublishedRow = {
  ref: string;
  jurisdiction: string;
  agency: string;
  status: string;
  outcome?: string | null;
  legalGrounds?: string[];
  receivedAt: Date;
  dueAt: Date;
  answeredAt?: Date | null;
  publicText?: { subject?: string | null } | null;
};

/** The published requests' columns: no person, no private request, only redacted words. */
export function requestColumns(baseUrl: string): Column<PublishedRow>[] {
  return [
    { key: 'ref', heading: 'openData.col.ref', value: (r) => r.ref },
    { key: 'jurisdiction', heading: 'openData.col.jurisdiction', value: (r) => r.jurisdiction },
    { key: 'agency', heading: 'openData.col.agency', value: (r) => r.agency },
    {
      key: 'subject',
      heading: 'openData.col.subject',
      value: (r) => openDataText(r.publicText?.subject),
    },
    { key: 'status', heading: 'openData.col.status', value: (r) => r.status },
    { key: 'outcome', heading: 'openData.col.outcome', value: (r) => r.outcome ?? null },
    {
      key: 'legal_grounds',
      heading: 'openData.col.legalGrounds',
      value: (r) => (r.legalGrounds ?? []).join('; '),
    },
    { key: 'received_on', heading: 'openData.col.receivedOn', value: (r) => day(r.receivedAt) },
    { key: 'due_on', heading: 'openData.col.dueOn', value: (r) => day(r.dueAt) },
    { key: 'answered_on', heading: 'openData.col.answeredOn', value: (r) => day(r.answeredAt) },
    { key: 'url', heading: 'openData.col.url', value: (r) => `${baseUrl}/requests/${r.ref}` },
  ];
}

/** The request datasets' columns over rows already written (open-data-snapshots.ts rewrites them). */
export function writtenRowColumns(baseUrl: string): Column<Record<string, unknown>>[] {
  return requestColumns(baseUrl).map(({ key, heading }) => ({
    key,
    heading,
    value: (row) => (row[key] ?? null) as string | number | boolean | null,
  }));
}
