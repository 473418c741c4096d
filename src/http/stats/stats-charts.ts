import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

/**
 * Charts drawn on the server as SVG with d3's scales and shapes: no script
 * reaches the browser, so the Content-Security-Policy stays as it is. Every
 * chart is an image with a title; its numbers are in a table beside it.
 */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);

const round = (n: number) => Math.round(n * 10) / 10;

export interface ChartItem {
  label: string;
  value: number | null;
}

/**
 * The width every chart is drawn at, in user units: about a phone's column
 * (328 px at 360 px), and the chart's largest size on a desktop (`.chart` in
 * site.css), so that its 15-unit labels are read at 14–15 px on both, never
 * shrunk to 7 px as a 640-unit chart was on a phone.
 */
export const CHART_WIDTH = 340;

/** A label longer than a chart's line is cut with an ellipsis: the table beside it has it whole. */
const LABEL_CHARACTERS = 38;
const fit = (label: string) =>
  label.length > LABEL_CHARACTERS ? `${label.slice(0, LABEL_CHARACTERS - 1).trimEnd()}…` : label;

/**
 * Horizontal bars, one per item (agencies): each item's name on a line of its
 * own, its bar below it from the reading side (the right on Arabic pages) and
 * its value at the bar's end. Values are formatted by `format`.
 */
export function barChart(options: {
  id: string;
  title: string;
  items: readonly ChartItem[];
  max?: number;
  format: (value: number) => string;
  rtl: boolean;
}): string {
  const width = CHART_WIDTH;
  const row = 46;
  const height = Math.max(1, options.items.length) * row + 4;
  const max = options.max ?? Math.max(1, ...options.items.map((item) => item.value ?? 0));
  // Room after the longest bar for its value ("100%", "١٠٠٪").
  const x = scaleLinear()
    .domain([0, max])
    .range(options.rtl ? [width - 4, 64] : [4, width - 64]);
  const bars = options.items.map((item, i) => {
    const top = i * row + 4;
    const start = x(0);
    const end = x(item.value ?? 0);
    const label = `<text x="${String(start)}" y="${String(top + 14)}" class="chart-label" text-anchor="start"${options.rtl ? ' direction="rtl"' : ''}>${escape(fit(item.label))}</text>`;
    const value = item.value === null ? '—' : options.format(item.value);
    const valueAt = options.rtl ? end - 6 : end + 6;
    return [
      label,
      `<rect class="chart-bar" x="${String(round(Math.min(start, end)))}" y="${String(top + 22)}" width="${String(round(Math.abs(end - start)))}" height="16"></rect>`,
      `<text x="${String(round(valueAt))}" y="${String(top + 30)}" class="chart-value" text-anchor="${options.rtl ? 'end' : 'start'}" dominant-baseline="middle" direction="ltr">${escape(value)}</text>`,
    ].join('');
  });
  return svg(options.id, options.title, width, height, bars.join(''));
}

/**
 * Months along the axis (oldest on the reading side's start): columns for
 * counts (`bars`), a line for a rate in 0–1 (`rate`), missing points skipped.
 * The first and the last month are named under the axis (a month in words is
 * too long to name more at a readable size); the table beside names them all.
 */
export function trendChart(options: {
  id: string;
  title: string;
  months: readonly string[];
  bars: readonly number[];
  rate: readonly (number | null)[];
  rtl: boolean;
  /** A month ("2026-12") as the page's country writes it: "كانون الأول ٢٠٢٦". */
  monthLabel: (month: string) => string;
  /** A count as the page's country writes it. */
  format: (value: number) => string;
}): string {
  const width = CHART_WIDTH;
  const height = 200;
  const bottom = height - 26;
  // The count axis's labels sit on the reading side's start, the columns after them.
  const [first, last] = options.rtl ? [width - 44, 8] : [44, width - 8];
  const x = scaleBand().domain(options.months).range([first, last]).padding(0.25);
  const count = scaleLinear()
    .domain([0, Math.max(1, ...options.bars)])
    .nice()
    .range([bottom, 12]);
  const rate = scaleLinear().domain([0, 1]).range([bottom, 12]);
  const columns = options.months.map((month, i) => {
    const left = x(month) ?? 0;
    const top = count(options.bars[i] ?? 0);
    return `<rect class="chart-bar" x="${String(round(left))}" y="${String(round(top))}" width="${String(round(x.bandwidth()))}" height="${String(round(bottom - top))}"></rect>`;
  });
  const named = [...new Set([options.months[0], options.months.at(-1)])].filter(
    (month): month is string => month !== undefined,
  );
  const ticks = named.map((month, i) => {
    // The first month's label starts at the axis's start, the last one's ends at its end.
    const at = i === 0 ? first : last;
    const anchor = (i === 0) !== options.rtl ? 'start' : 'end';
    return `<text class="chart-tick" x="${String(at)}" y="${String(height - 6)}" text-anchor="${anchor}">${escape(options.monthLabel(month))}</text>`;
  });
  const centre = (i: number) => round((x(options.months[i] ?? '') ?? 0) + x.bandwidth() / 2);
  // Each month's rate as a point too: a month alone between gaps has no line to show it.
  const points = options.rate.flatMap((value, i) =>
    value === null
      ? []
      : [
          `<circle class="chart-point" cx="${String(centre(i))}" cy="${String(round(rate(value)))}" r="3.5"></circle>`,
        ],
  );
  const path = line<number | null>()
    .defined((value) => value !== null)
    .x((_value, i) => centre(i))
    .y((value) => round(rate(value ?? 0)))(options.rate as (number | null)[]);
  // Requests are counted whole: no axis line at half a request.
  const countTicks = count
    .ticks(4)
    .filter((tick) => Number.isInteger(tick))
    .map(
      (tick) =>
        `<text class="chart-tick" x="${options.rtl ? String(width - 4) : '4'}" y="${String(round(count(tick)))}" text-anchor="${options.rtl ? 'end' : 'start'}" dominant-baseline="middle">${escape(options.format(tick))}</text>`,
    );
  const body = [
    `<line class="chart-axis" x1="${String(Math.min(first, last))}" x2="${String(Math.max(first, last))}" y1="${String(bottom)}" y2="${String(bottom)}"></line>`,
    ...columns,
    path ? `<path class="chart-line" d="${path}"></path>` : '',
    ...points,
    ...ticks,
    ...countTicks,
  ].join('');
  return svg(options.id, options.title, width, height, body);
}

/**
 * The chart's frame. Its text is placed left to right whatever the page's
 * direction (`direction="ltr"`: an Arabic page's `rtl` would otherwise be
 * inherited and turn every anchor around); Arabic labels say `rtl` themselves.
 */
function svg(id: string, title: string, width: number, height: number, body: string): string {
  return `<svg class="chart" direction="ltr" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-labelledby="${escape(id)}-title" xmlns="http://www.w3.org/2000/svg"><title id="${escape(id)}-title">${escape(title)}</title>${body}</svg>`;
}
