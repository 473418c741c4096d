import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyTrendView, dashboardView, link } from '../../src/http/stats/auditor-view.ts';
import { countryFormat } from '../../src/jurisdictions/country-format.ts';
import { emptyCounts, figuresOf } from '../../src/stats/figure-totals.ts';

const figures = (received: number, refused = 0) => {
  const counts = emptyCounts();
  counts.received = received;
  counts.answered = refused;
  counts.answeredOnTime = refused;
  counts.outcomes.refused = refused;
  if (refused) counts.refusalsByExemption['Art. 13(a)'] = refused;
  return figuresOf(counts);
};
const range = { from: '2026-01-01', to: '2026-06-30' };
const jo = { code: 'JO', name: 'Jordan' };
const line = (code: string, en: string, received: number, refused = 0) => ({
  agency: { code, jurisdiction: 'JO', name: { ar: `ع ${en}`, en } },
  ...figures(received, refused),
});

describe('audit page views', () => {
  it('links leave out empty parameters', () => {
    assert.equal(
      link('/audit/JO', { from: '2026-01-01', agency: undefined, x: '' }),
      '/audit/JO?from=2026-01-01',
    );
    assert.equal(link('/audit/JO', {}), '/audit/JO');
  });

  it('the dashboard marks its sorted column and offers the other direction; every count links to its requests within the range', () => {
    const view = dashboardView({
      voice: countryFormat('en', undefined, undefined),
      jurisdiction: jo,
      range,
      sort: 'received',
      dir: 'asc',
      lines: [line('JO-MOH', 'Health', 3, 1), line('JO-MOF', 'Finance', 0)],
      totals: figures(3, 1),
    });
    const sorted = view.headers.filter((h) => h.current);
    assert.equal(sorted.length, 1);
    assert.equal(sorted[0]?.ariaSort, 'ascending');
    assert.match(sorted[0].href, /sort=received&dir=desc/);
    assert.ok(view.headers.filter((h) => !h.current).every((h) => h.ariaSort === 'none'));
    const [health, finance] = view.rows;
    assert.equal(
      health?.cells[0]?.href,
      '/audit/JO/requests?from=2026-01-01&to=2026-06-30&agency=JO-MOH&figure=received',
    );
    // A zero links nowhere: there is nothing behind it.
    assert.equal(finance?.cells[0]?.href, null);
    assert.equal(health.href, '/audit/JO/agencies/JO-MOH?from=2026-01-01&to=2026-06-30');
    assert.deepEqual(
      view.refusals.map((r) => r.href),
      ['/audit/JO/requests?from=2026-01-01&to=2026-06-30&figure=refused&article=Art.+13%28a%29'],
    );
    assert.deepEqual(
      view.exports.map((e) => e.format),
      ['csv', 'json'],
    );
  });

  it("an agency's months link to the requests of that month within the range, in Arabic too", () => {
    const view = agencyTrendView({
      voice: countryFormat('ar', undefined, undefined),
      jurisdiction: jo,
      agency: { code: 'JO-MOH', name: 'وزارة الصحة' },
      range: { from: '2026-01-15', to: '2026-02-10' },
      months: [
        { month: '2026-01', ...figures(2) },
        { month: '2026-02', ...figures(1) },
      ],
      totals: figures(3),
    });
    assert.equal(
      view.rows[0]?.cells[0]?.href,
      '/audit/JO/requests?from=2026-01-15&to=2026-01-31&agency=JO-MOH&figure=received',
    );
    assert.equal(
      view.rows[1]?.cells[0]?.href,
      '/audit/JO/requests?from=2026-02-01&to=2026-02-10&agency=JO-MOH&figure=received',
    );
    assert.equal(view.agencyName, 'وزارة الصحة');
    assert.match(view.chart, /<title id="trend-title">الطلبات/);
  });
});
