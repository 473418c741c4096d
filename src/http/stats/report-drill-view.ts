import type { CountryFormat } from '../../jurisdictions/country-format.ts';
import { t } from '../../i18n/i18n.ts';
import { OPEN_DAY } from '../../stats/request-stints.ts';
import type { ListedStint } from '../../stats/stint-store.ts';
import type { Column } from '../../stats/table-export.ts';
import { exportLinks } from './auditor-view.ts';
import { periodLabel } from './report-view.ts';

/** The exported columns of the requests behind a report figure (no requester, no text). */
const columns: Column<ListedStint>[] = [
  { key: 'ref', heading: 'report.col.ref', value: (s) => s.ref },
  { key: 'agency', heading: 'report.col.agency', value: (s) => s.agency },
  { key: 'received', heading: 'report.col.received', value: (s) => s.inDay },
  {
    key: 'left',
    heading: 'report.col.left',
    value: (s) => (s.outDay === OPEN_DAY ? null : s.outDay),
  },
  { key: 'disposition', heading: 'report.col.disposition', value: (s) => s.disposition },
  { key: 'days', heading: 'report.col.days', value: (s) => s.days },
  { key: 'lateFrom', heading: 'report.col.lateFrom', value: (s) => s.lateDay },
  { key: 'track', heading: 'report.col.track', value: (s) => s.track },
];

interface DrillInput {
  voice: CountryFormat;
  query: {
    figure: string;
    from: string;
    to: string;
    agency?: string | undefined;
    article?: string | undefined;
  };
  count: number;
  rows: readonly ListedStint[];
  agencyName: (code: string) => string;
  back: string;
  exportPath: string;
}

/** The page of the requests behind a report figure. Pure. */
function view(input: DrillInput) {
  const { voice, query } = input;
  const { locale } = voice;
  const [head] = query.figure.split('.');
  const figure =
    head === 'refusals' || head === 'appealRefusals'
      ? `${t(locale, `report.section.${head}`)}: ${query.article ?? ''}`
      : t(
          locale,
          `report.item.${query.figure.startsWith('times.') ? `band.${query.figure.split('.')[2] ?? ''}` : query.figure}`,
        );
  return {
    title: 'stats.title.requests',
    titleText: t(locale, 'report.requests.title', { figure }),
    figure,
    period: periodLabel(voice, query),
    count: voice.number(input.count),
    shown: input.count > input.rows.length ? voice.number(input.rows.length) : null,
    back: input.back,
    exports: exportLinks(input.exportPath, { ...query }),
    rows: input.rows.map((s) => ({
      ref: s.ref,
      href: `/requests/${s.ref}`,
      agency: input.agencyName(s.agency),
      received: voice.shortDay(s.inDay),
      left: s.outDay === OPEN_DAY ? t(locale, 'report.stillPending') : voice.shortDay(s.outDay),
      disposition: s.disposition ? t(locale, `report.item.disposition.${s.disposition}`) : '—',
      days: s.days === null ? '—' : voice.number(s.days),
      lateFrom: s.lateDay ? voice.shortDay(s.lateDay) : '—',
    })),
  };
}

export const drillRows = { columns, view };
