import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { barChart, CHART_WIDTH, trendChart } from '../../src/http/stats/stats-charts.ts';

/** Every `<text>` of a chart: its x, its anchor and its words. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text [^>]*x="([\d.-]+)"[^>]*text-anchor="(\w+)"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => ({ x: Number(m[1]), anchor: m[2], text: m[3] ?? '' }),
  );

const months = (count: number) =>
  Array.from({ length: count }, (_v, i) => `2025-${String(i + 1).padStart(2, '0')}`);

const trend = (bars: number[], rtl: boolean) =>
  trendChart({
    id: 'trend',
    title: 'Trend',
    months: months(bars.length),
    bars,
    rate: bars.map(() => 0.5),
    rtl,
    monthLabel: (month) => `month ${month}`,
    format: String,
  });

describe('charts', () => {
  it('are drawn at a phone column’s width, so their labels are not shrunk on a phone', () => {
    const svg = trend([3, 4], false);
    assert.match(svg, /viewBox="0 0 340 /);
    // Placed left to right whatever the page's direction, so its anchors mean what they say.
    assert.match(svg, /^<svg [^>]*direction="ltr"/);
  });

  it('count axes show whole requests only, whatever the counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 24 }),
        fc.boolean(),
        (bars, rtl) => {
          const counts = texts(trend(bars, rtl)).filter((t) => !t.text.startsWith('month'));
          assert.ok(counts.length >= 2);
          for (const { text } of counts) assert.match(text, /^\d+$/);
        },
      ),
    );
  });

  it('names the first and the last month in words, at the axis’s two ends', () => {
    for (const rtl of [false, true]) {
      const named = texts(trend([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], rtl)).filter((t) =>
        t.text.startsWith('month'),
      );
      assert.deepEqual(
        named.map((t) => t.text),
        ['month 2025-01', 'month 2025-12'],
      );
      const [first, last] = named;
      // The first month on the reading side's start: the right on an Arabic page.
      assert.equal((first?.x ?? 0) > (last?.x ?? 0), rtl);
      for (const t of named) assert.ok(t.x >= 0 && t.x <= CHART_WIDTH);
    }
    assert.equal(texts(trend([4], false)).filter((t) => t.text.startsWith('month')).length, 1);
  });

  it('bars: each name on its own line from the reading side, cut when longer than a line', () => {
    const long = 'Ministry of Digital Economy and Entrepreneurship of the Kingdom';
    for (const rtl of [false, true]) {
      const svg = barChart({
        id: 'bars',
        title: 'On time',
        items: [
          { label: long, value: 0.5 },
          { label: 'Health', value: null },
        ],
        max: 1,
        format: (value) => `${String(value * 100)}%`,
        rtl,
      });
      const [name, value, health, none] = texts(svg);
      assert.ok(name && name.text.endsWith('…') && name.text.length <= 38);
      assert.ok(long.startsWith(name.text.slice(0, -1)));
      assert.equal(name.x, rtl ? CHART_WIDTH - 4 : 4);
      assert.equal(value?.text, '50%');
      assert.equal(health?.text, 'Health');
      assert.equal(none?.text, '—');
    }
  });
});
