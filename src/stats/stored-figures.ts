import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../jurisdictions/jurisdiction-calendars.ts';
import { requestFigures, type FigureInputs } from '../requests/request-figures.ts';

/** The request fields every figure reads (a projection: never the requester, never the text). */
export const FIGURE_FIELDS = {
  test: 1,
  agency: 1,
  jurisdiction: 1,
  rulesVersion: 1,
  status: 1,
  visibility: 1,
  receivedAt: 1,
  dueAt: 1,
  acknowledgedAt: 1,
  answeredAt: 1,
  outcome: 1,
  legalGrounds: 1,
  extensionCount: 1,
  transfers: 1,
  pauses: 1,
  appeal: 1,
  figures: 1,
} as const;

/** A stored request as the figures read it. */
export type FigureSource = FigureInputs & {
  agency: string;
  jurisdiction: string;
  rulesVersion: string;
  visibility: string;
  /** A portal's test submission: out of every statistic. */
  test?: boolean | null;
};

/** A stored request's figures under the rules it was filed under, or undefined without them. */
export function figuresOfStored(
  calendars: JurisdictionCalendars,
  request: FigureSource,
  now: Date,
) {
  const found = calendarAndRules(calendars, request);
  if (!found) return undefined;
  return { ...found, figures: requestFigures(request, found.rules, found.calendar, now) };
}
