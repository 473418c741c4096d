import type { AnnualReport, ReportFigures } from './report-shape.ts';

/** One figure a revision changed: of the totals or of one agency, or a law's refusals on an article. */
export interface FigureChange {
  agency: string | null;
  item: string;
  from: number | null;
  to: number | null;
}

const COMPARED = [
  'received',
  'transferredIn',
  'processed',
  'pendingStart',
  'pendingEnd',
  'answered',
  'answeredOnTime',
  'extended',
  'transferredOut',
  'backlogStart',
  'backlogEnd',
  'deemedRefusalsStart',
  'deemedRefusalsEnd',
] as const;

const figuresOf = (figures: ReportFigures): [string, number | null][] => [
  ...COMPARED.map((item): [string, number | null] => [item, figures[item]]),
  ...Object.entries(figures.dispositions).map(([d, n]): [string, number] => [
    `disposition.${d}`,
    n,
  ]),
  ...Object.entries(figures.appeals).map(([a, n]): [string, number] => [`appeals.${a}`, n]),
];

/**
 * What changed between a published report and the same period's figures
 * now (pure): the period's figures of the totals and of each agency, and the
 * refusals by article. Empty: nothing to revise.
 */
export function reportChanges(published: AnnualReport, now: AnnualReport): FigureChange[] {
  const changes: FigureChange[] = [];
  const compare = (
    agency: string | null,
    a: ReportFigures | undefined,
    b: ReportFigures | undefined,
  ) => {
    const before = new Map(a ? figuresOf(a) : []);
    for (const [item, value] of b ? figuresOf(b) : []) {
      const old = before.get(item) ?? null;
      if (old !== value) changes.push({ agency, item, from: old, to: value });
    }
  };
  compare(null, published.totals.current, now.totals.current);
  const agencies = new Set([...published.agencies, ...now.agencies].map((a) => a.agency.code));
  for (const code of agencies)
    compare(
      code,
      published.agencies.find((a) => a.agency.code === code)?.current,
      now.agencies.find((a) => a.agency.code === code)?.current,
    );
  const articles = (report: AnnualReport) =>
    new Map(
      report.laws.flatMap((law) => [
        ...law.refusals.map((l): [string, number] => [
          `refusals.${law.jurisdiction}.${l.article}`,
          l.current,
        ]),
        ...law.appealRefusals.map((l): [string, number] => [
          `appealRefusals.${law.jurisdiction}.${l.article}`,
          l.current,
        ]),
      ]),
    );
  const [before, after] = [articles(published), articles(now)];
  for (const item of new Set([...before.keys(), ...after.keys()]))
    if ((before.get(item) ?? 0) !== (after.get(item) ?? 0))
      changes.push({ agency: null, item, from: before.get(item) ?? 0, to: after.get(item) ?? 0 });
  return changes;
}
