import type { RequestFigures } from '../requests/request-figures.ts';

/**
 * The requests behind each figure a table shows (the drill-down), as
 * predicates on one request's figures. A property test checks each against
 * the counts of `addFigures`, so a figure and its list cannot drift apart.
 */
const FIGURE_FILTERS = {
  received: () => true,
  answered: (f: RequestFigures) => f.answered,
  answeredOnTime: (f: RequestFigures) => f.answeredOnTime === true,
  answeredLate: (f: RequestFigures) => f.answeredOnTime === false,
  overdueNow: (f: RequestFigures) => f.overdueNow,
  deemedRefusals: (f: RequestFigures) => f.deemedRefused,
  extended: (f: RequestFigures) => f.extended,
  transferred: (f: RequestFigures) => f.transferred,
  clarified: (f: RequestFigures) => f.clarified,
  withdrawn: (f: RequestFigures) => f.withdrawn,
  granted: (f: RequestFigures) => f.outcome === 'granted',
  partially_granted: (f: RequestFigures) => f.outcome === 'partially_granted',
  refused: (f: RequestFigures) => f.outcome === 'refused',
  not_held: (f: RequestFigures) => f.outcome === 'not_held',
  appealsFiled: (f: RequestFigures) => f.appealFiled,
  upheld: (f: RequestFigures) => f.appealDecision === 'upheld',
  overturned: (f: RequestFigures) => f.appealDecision === 'overturned',
  partially_overturned: (f: RequestFigures) => f.appealDecision === 'partially_overturned',
} as const;

export type DrillFigure = keyof typeof FIGURE_FILTERS;
export const DRILL_FIGURES = Object.keys(FIGURE_FILTERS) as DrillFigure[];

/** The predicate for a figure, or for the refusals on one exemption article. */
export function figureFilter(
  figure: DrillFigure,
  article?: string,
): (figures: RequestFigures) => boolean {
  if (article !== undefined) return (f) => f.refusalArticles.includes(article);
  return FIGURE_FILTERS[figure];
}
