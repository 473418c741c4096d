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
 * Horizontal bars, one per item (agencies), labels on the reading side:
 * right to left on Arabic pages. Values are formatted by `format`.
 */
export function barChart(options: {
  id: string;
  title: string;
  items: readonly ChartItem[];
  max?: number;
  format: (value: number) => string;
  rtl: boolean;
}): string {
  const width = 640;
  const labelWidth = 220;
  const row = 22;
  const height = Math.max(1, options.items.length) * row + 8;
  const max = options.max ?? Math.max(1, ...options.items.map((item) => item.value ?? 0));
  const x = scaleLinear()
    .domain([0, max])
    .range(options.rtl ? [width - labelWidth, 40] : [labelWidth, width - 40]);
  const y = scaleBand()
    .domain(options.items.map((_item, i) => String(i)))
    .range([4, height - 4])
    .padding(0.2);
  const bars = options.items.map((item, i) => {
    const top = y(String(i)) ?? 0;
    const mid = round(top + y.bandwidth() / 2);
    const start = x(0);
    const end = x(item.value ?? 0);
    const label = options.rtl
      ? `<text x="${String(width - 8)}" y="${String(mid)}" class="chart-label" text-anchor="start" dominant-baseline="middle" direction="rtl">${escape(item.label)}</text>`
      : `<text x="${String(labelWidth - 8)}" y="${String(mid)}" class="chart-label" text-anchor="end" dominant-baseline="middle">${escape(item.label)}</text>`;
    const value = item.value === null ? '—' : options.format(item.value);
    const valueAt = options.rtl ? end - 4 : end + 4;
    return [
      label,
      `<rect class="chart-bar" x="${String(round(Math.min(start, end)))}" y="${String(round(top))}" width="${String(round(Math.abs(end - start)))}" height="${String(round(y.bandwidth()))}"></rect>`,
      `<text x="${String(round(valueAt))}" y="${String(mid)}" class="chart-value" text-anchor="${options.rtl ? 'end' : 'start'}" dominant-baseline="middle" direction="ltr">${escape(value)}</text>`,
    ].join('');
  });
  return svg(options.id, options.title, width, height, bars.join(''));
}

/**
 * Months along the axis (oldest on the reading side's start): columns for
 * counts (`bars`), a line for a rate in 0–1 (`rate`), missing points skipped.
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
  const width = 640;
  const height = 220;
  const bottom = height - 24;
  const x = scaleBand()
    .domain(options.months)
    .range(options.rtl ? [width - 40, 40] : [40, width - 40])
    .padding(0.25);
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
  // At most four months named, in words people read, so that none overlaps at a readable size.
  const ticks = options.months
    .filter((_month, i) => i % Math.ceil(options.months.length / 4) === 0)
    .map(
      (month) =>
        `<text class="chart-tick" x="${String(round((x(month) ?? 0) + x.bandwidth() / 2))}" y="${String(height - 6)}" text-anchor="middle">${escape(options.monthLabel(month))}</text>`,
    );
  const path = line<number | null>()
    .defined((value) => value !== null)
    .x((_value, i) => round((x(options.months[i] ?? '') ?? 0) + x.bandwidth() / 2))
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
    `<line class="chart-axis" x1="40" x2="${String(width - 40)}" y1="${String(bottom)}" y2="${String(bottom)}"></line>`,
    ...columns,
    path ? `<path class="chart-line" d="${path}"></path>` : '',
    ...ticks,
    ...countTicks,
  ].join('');
  return svg(options.id, options.title, width, height, body);
}

function svg(id: string, title: string, width: number, height: number, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-labelledby="${escape(id)}-title" xmlns="http://www.w3.org/2000/svg"><title id="${escape(id)}-title">${escape(title)}</title>${body}</svg>`;
}
