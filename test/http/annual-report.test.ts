import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { MailCatcher } from '../../src/dev/mail-catcher.ts';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import type { ReportFigure } from '../../src/stats/report-drilldown.ts';
import type { AnnualReport } from '../../src/stats/report-shape.ts';
import { rebuildAllRollups } from '../../src/stats/rollup-rebuild.ts';
import { daysBetween, wallClock } from '../../src/time/local-date.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { at, buildRecord, endOf, insert } from '../support/report-record.ts';
import { eventually } from '../support/mail.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface ReportBody {
  report: AnnualReport;
  sections: { key: string; rows: Record<string, unknown>[] }[];
  published: { at: string; revisions: { at: string; changes: unknown[] }[] } | null;
}

const row = (body: ReportBody, section: string, item: string) =>
  body.sections.find((s) => s.key === section)?.rows.find((r) => r.item === item);

describe('the annual report against the real services', () => {
  let harness: TestApp & { mailbox: MailCatcher };
  let auditor: Agent;
  let admin: Agent;
  let lateRef: string;
  const calendars = createJurisdictionCalendars(loadJurisdictions());
  const today = wallClock(new Date(), 'Asia/Amman').date;
  const report = async (agent: Agent | null, query: string, path = '/audit/JO/report') => {
    const url = `${path}?${query}&format=json`;
    const res = agent
      ? await agent.agent.get(url).expect(200)
      : await request(harness.app).get(url).expect(200);
    return res.body as ReportBody;
  };

  before(async () => {
    harness = await startTestAppWithMailbox('annual-report', {
      queues: ['events', 'mail', 'deadlines', 'stats'],
    });
    await seedDemoData({});
    ({ lateRef } = await buildRecord());
    await rebuildAllRollups(calendars, new Date());
    auditor = await signIn(
      harness.app,
      (await createUser('auditor', { jurisdiction: 'JO' })).email,
    );
    admin = await signIn(harness.app, (await createUser('admin')).email);
  });
  after(() => harness.close());

  it('gives the hand-counted figures of Jordan 2026 beside 2025, each equal to its list of requests', async () => {
    const body = await report(auditor, 'year=2026');
    const { current, previous } = body.report.totals;
    assert.equal(body.report.periods.end, today < '2026-12-31' ? today : '2026-12-31');
    assert.deepEqual(body.report.periods.previous, { from: '2025-01-01', to: '2025-12-31' });
    assert.deepEqual(
      [
        current.received,
        current.transferredIn,
        current.processed,
        current.pendingStart,
        current.pendingEnd,
      ],
      [6, 1, 8, 3, 1],
    );
    assert.deepEqual(current.dispositions, {
      granted: 3,
      partially_granted: 0,
      refused: 2,
      not_held: 0,
      transferred: 1,
      withdrawn: 1,
      closed_no_reply: 1,
      closed_other: 0,
    });
    assert.deepEqual(
      [
        current.backlogStart,
        current.backlogEnd,
        current.deemedRefusalsStart,
        current.deemedRefusalsEnd,
      ],
      [1, 1, 1, 1],
    );
    assert.deepEqual(
      [current.answered, current.answeredOnTime, current.onTimeRate, current.extended],
      [5, 5, 1, 1],
    );
    assert.deepEqual(current.appeals, {
      received: 1,
      decided: 1,
      pendingStart: 0,
      pendingEnd: 0,
      upheld: 1,
      overturned: 0,
      partially_overturned: 0,
      decidedInTime: 1,
    });
    assert.deepEqual(
      [
        previous.received,
        previous.processed,
        previous.pendingStart,
        previous.pendingEnd,
        previous.backlogEnd,
      ],
      [4, 1, 0, 3, 1],
    );
    const [law] = body.report.laws;
    assert.equal(law?.dayType, 'working');
    const times = law.times.current;
    assert.deepEqual(
      [
        times.normal.answered,
        times.normal.median,
        times.normal.mean,
        times.normal.lowest,
        times.normal.highest,
      ],
      [4, 8, 8.25, 8, 9],
    );
    assert.deepEqual(
      times.urgent.bands.map((b) => b.count),
      [1, 0, 0, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(
      times.all.bands.map((b) => b.count),
      [1, 0, 5 - 1, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(law.refusals, [
      { article: 'Art. 13(c)', current: 1, previous: 0 },
      { article: 'Art. 13(h)', current: 1, previous: 0 },
    ]);
    assert.deepEqual(law.appealRefusals, [{ article: 'Art. 13(c)', current: 1, previous: 0 }]);
    assert.equal(
      body.report.totals.current.pendingMedianAge,
      daysBetween('2025-12-10', body.report.periods.end),
    );
    assert.deepEqual(
      body.report.oldest.map((o) => [o.ref, o.received, o.late]),
      [[lateRef, '2025-12-10', true]],
    );
    const of = (code: string) => body.report.agencies.find((a) => a.agency.code === code)!.current;
    assert.deepEqual(
      [
        of('JO-MOH').received,
        of('JO-MOH').transferredOut,
        of('JO-MOF').received,
        of('JO-MOF').transferredIn,
      ],
      [3, 1, 3, 1],
    );

    // Every figure with requests behind it lists exactly that many.
    const { from, end } = body.report.periods;
    const listed = async (
      figure: ReportFigure,
      range: { from: string; to: string },
      article?: string,
    ) => {
      const query = new URLSearchParams({
        figure,
        ...range,
        format: 'json',
        ...(article ? { article } : {}),
      });
      const res = await auditor.agent
        .get(`/audit/JO/report/requests?${query.toString()}`)
        .expect(200);
      return (res.body as unknown[]).length;
    };
    const checks: [ReportFigure, number][] = [
      ['received', current.received],
      ['processed', current.processed],
      ['pendingStart', current.pendingStart],
      ['pendingEnd', current.pendingEnd],
      ['backlogStart', current.backlogStart],
      ['deemedRefusalsEnd', current.deemedRefusalsEnd],
      ['disposition.closed_no_reply', 1],
      ['answeredOnTime', current.answeredOnTime],
      ['appeals.upheld', 1],
      ['times.urgent.0-0', 1],
      ['times.normal.6-10', 4],
    ];
    for (const [figure, count] of checks)
      assert.equal(await listed(figure, { from, to: end }), count, figure);
    assert.equal(await listed('refusals', { from, to: end }, 'Art. 13(h)'), 1);
    assert.equal(await listed('appealRefusals', { from, to: end }, 'Art. 13(c)'), 1);
    assert.equal(await listed('pendingEnd', body.report.periods.previous), previous.pendingEnd);
  });

  it('shows visitors the public subset; an agency admin their own agency only; others nothing', async () => {
    const visitor = await report(null, 'year=2026', '/statistics/JO/report');
    assert.equal(visitor.report.audience, 'public');
    assert.equal(visitor.report.totals.current.received, 6);
    assert.deepEqual(
      visitor.report.laws[0]?.refusals.map((r) => r.article),
      ['Art. 13(c)'],
    );
    // The one old pending request is private: its ref is withheld.
    assert.deepEqual(
      visitor.report.oldest.map((o) => o.ref),
      [null],
    );
    const agency = await report(null, 'year=2026&agency=JO-MOF', '/statistics/JO/report');
    assert.deepEqual(
      agency.report.agencies.map((a) => a.agency.code),
      ['JO-MOF'],
    );
    assert.deepEqual(agency.report.laws[0]?.refusals, []);
    const page = await request(harness.app).get('/statistics/JO/report?year=2026').expect(200);
    assert.doesNotMatch(page.text, new RegExp(lateRef));
    assert.doesNotMatch(page.text, /report\/requests/);

    const mof = await signIn(
      harness.app,
      (await createUser('agency_admin', { agency: 'JO-MOF' })).email,
    );
    const own = await report(mof, 'year=2026');
    assert.deepEqual(
      own.report.agencies.map((a) => a.agency.code),
      ['JO-MOF'],
    );
    assert.equal(own.report.totals.current.received, 3);
    await mof.agent.get('/audit/JO/report?year=2026&agency=JO-MOH').expect(404);
    await mof.agent.get('/audit/LB/report?year=2026').expect(404);
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    await officer.agent.get('/audit/JO/report?year=2026').expect(403);
    const lebanon = await signIn(
      harness.app,
      (await createUser('auditor', { jurisdiction: 'LB' })).email,
    );
    await lebanon.agent.get('/audit/JO/report?year=2026').expect(404);
    // Bad input is a 400 naming its field.
    const bad = await auditor.agent
      .get('/audit/JO/report?year=20x6')
      .set('accept', 'application/json')
      .expect(400);
    assert.ok('year' in (bad.body as { error: { fields: object } }).error.fields);
    const notADay = await auditor.agent
      .get('/audit/JO/report?from=abc&to=2026-01-01')
      .set('accept', 'application/json')
      .expect(400);
    assert.ok('from' in (notADay.body as { error: { fields: object } }).error.fields);
  });

  it('prints as a page of sections and gives each section as CSV', async () => {
    const page = await auditor.agent
      .get('/audit/JO/report?year=2026')
      .set('accept', 'text/html')
      .expect(200);
    for (const key of [
      'requests',
      'dispositions',
      'times',
      'refusals',
      'appeals',
      'oldest',
      'agencies',
    ])
      assert.match(page.text, new RegExp(`id="section-${key}"`));
    const csv = await auditor.agent
      .get('/audit/JO/report?year=2026&format=csv&section=dispositions')
      .expect(200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    assert.match(lines[0] ?? '', /\(item\).*\(label\).*\(current\).*\(previous\)/);
    assert.ok(
      lines.some((line) => line.startsWith('disposition.granted,') && line.endsWith(',3,1')),
    );
  });

  it('keeps a published report as published, with later corrections as dated revisions', async () => {
    const auditorCannot = await auditor.agent
      .post('/audit/JO/report/freeze')
      .type('form')
      .send({ _csrf: auditor.csrf, from: '2025-01-01', to: '2025-12-31' });
    assert.equal(auditorCannot.status, 403);
    const freeze = (from: string, to: string) =>
      admin.agent
        .post('/audit/JO/report/freeze')
        .type('form')
        .send({ _csrf: admin.csrf, from, to });
    assert.equal(
      (await freeze('2026-01-01', '2026-12-31')).status,
      today < '2026-12-31' ? 400 : 303,
    );
    await freeze('2025-01-01', '2025-12-31').expect(303);
    // A request of 2025 recorded late: the live figures change, the published ones stay.
    await insert({
      agency: 'JO-MOF',
      receivedAt: at('2025-06-01'),
      dueAt: endOf('2025-06-22'),
      status: 'answered',
      answeredAt: at('2025-06-10'),
      outcome: 'not_held',
    });
    await rebuildAllRollups(calendars, new Date());
    const published = await report(auditor, 'year=2025');
    assert.equal(published.report.totals.current.received, 4);
    const page = await auditor.agent
      .get('/audit/JO/report?year=2025')
      .set('accept', 'text/html')
      .expect(200);
    assert.match(page.text, /تغيّر ١٠ من الأرقام منذ نشر هذه النسخة/);
    const revised = await freeze('2025-01-01', '2025-12-31').expect(303);
    assert.match(String(revised.headers.location), /done=revised/);
    const after = await report(auditor, 'year=2025');
    assert.equal(after.report.totals.current.received, 4, 'as first published');
    assert.equal(after.published?.revisions.length, 1);
    assert.equal((await report(auditor, 'year=2025&revision=1')).report.totals.current.received, 5);
    assert.equal(
      (await report(null, 'year=2025&revision=1', '/statistics/JO/report')).report.audience,
      'public',
    );
    assert.match(
      String((await freeze('2025-01-01', '2025-12-31').expect(303)).headers.location),
      /done=unchanged/,
    );
  });

  it('follows each event within seconds, as a full rebuild would count it; appeal decisions name their articles', async () => {
    const citizen = await signIn(harness.app, (await createUser('citizen')).email);
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    const council = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-IC' })).email,
    );
    const before = (await report(auditor, 'year=2026')).report.totals.current;
    const ref = await fileThroughApi(citizen);
    await act(officer, ref, 'answer', {
      outcome: 'refused',
      legalGrounds: ['Art. 13(a)'],
      reason: 'It is a trade secret.',
    }).expect(200);
    await act(citizen, ref, 'appeal', { reason: 'It is public money.' }).expect(200);
    const missing = await act(council, ref, 'decide-appeal', {
      decision: 'upheld',
      reason: 'The contract is secret.',
    }).expect(422);
    assert.ok('legalGrounds' in (missing.body as { error: { fields: object } }).error.fields);
    await act(council, ref, 'decide-appeal', {
      decision: 'partially_overturned',
      legalGrounds: ['Art. 13(a)'],
      reason: 'Only the prices are secret.',
    }).expect(200);
    const live = await eventually('the event rollups of the new request', async () => {
      const body = await report(auditor, 'year=2026');
      const figures = body.report.totals.current;
      return figures.received === before.received + 1 &&
        figures.appeals.decided === before.appeals.decided + 1
        ? body
        : undefined;
    });
    assert.equal(live.report.totals.current.dispositions.refused, before.dispositions.refused + 1);
    assert.deepEqual(
      live.report.laws[0]?.appealRefusals.find((r) => r.article === 'Art. 13(a)')?.current,
      1,
    );
    assert.equal(row(live, 'requests', 'received')?.current, before.received + 1);
    await rebuildAllRollups(calendars, new Date());
    const rebuilt = await report(auditor, 'year=2026');
    assert.deepEqual(rebuilt.report, live.report);
  });
});
