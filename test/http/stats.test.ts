import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import request from 'supertest';
import { SecurityEventModel } from '../../src/security/security-event-model.ts';
import type { MailCatcher } from '../../src/dev/mail-catcher.ts';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { rebuildAllRollups } from '../../src/stats/rollup-rebuild.ts';
import { act, createUser, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';
import { asBytes } from '../support/bytes.ts';

type Agent = Awaited<ReturnType<typeof signIn>>;
interface Figures {
  received: number;
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  onTimeRate: number | null;
  overdueNow: number;
  deemedRefusals: number;
  medianDays: number | null;
  p90Days: number | null;
  meanDays: number | null;
  extended: number;
  transferred: number;
  clarified: number;
  withdrawn: number;
  outcomes: Record<string, number>;
  refusalsByExemption: Record<string, number>;
  appeals: Record<string, number>;
}
interface Report {
  from: string;
  to: string;
  totals: Figures;
  agencies: (Figures & { agency: { code: string; name: { ar: string; en: string } } })[];
}
interface ErrorBody {
  error: { code: string; fields?: Record<string, string> };
}

// Requesters whose identity must never reach an auditor.
const SECRET_NAME = 'Hind Qasem-Secret';
const SECRET_EMAIL = 'hind.secret@example.org';

/** 09:00 in Amman (UTC+3) on a day of February or March 2026: no holidays then, Friday and Saturday off. */
const at = (day: string, hour = 9) =>
  new Date(`${day}T${String(hour - 3).padStart(2, '0')}:00:00Z`);
/** The end of a local day in Amman: a due date. */
const endOf = (day: string) => new Date(`${day}T20:59:59.999Z`);

let refCount = 0;
async function insert(fields: Record<string, unknown>) {
  refCount += 1;
  const doc = new RequestModel({
    ref: `JO-2026-${String(900_000 + refCount)}`,
    jurisdiction: 'JO',
    requester: { user: new Types.ObjectId(), name: SECRET_NAME, email: SECRET_EMAIL },
    subject: `Budget lines of 2025, request ${String(refCount)}`,
    // A private request's text may name its requester: auditors never see it.
    body:
      fields.visibility === 'private'
        ? `Please send my file (${SECRET_NAME}, ${SECRET_EMAIL}).`
        : 'Please send the budget lines.',
    language: 'en',
    visibility: 'public',
    rulesVersion: 'JO-2024',
    version: 1,
    ...fields,
    originalDueAt: fields.dueAt,
  });
  await doc.save();
  return doc.toObject();
}

/**
 * The hand-built set (JO-2024: 15 working days, one extension of 10 calendar
 * days, silence is a refusal). Working days to answer count the working days
 * after the day of receipt up to the day of the answer, less paused ones.
 */
async function buildSet() {
  // Health. H1: on time, granted, 8 days (2–5, 8–11 Feb).
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-01'),
    dueAt: endOf('2026-02-22'),
    status: 'answered',
    answeredAt: at('2026-02-11', 10),
    outcome: 'granted',
  });
  // H2: late (due 22 Feb, answered 25 Feb), refused under 13(c), 18 days.
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-01'),
    dueAt: endOf('2026-02-22'),
    status: 'answered',
    answeredAt: at('2026-02-25'),
    outcome: 'refused',
    legalGrounds: ['Art. 13(c)'],
  });
  // H3: extended (23 Feb + 10 = 5 Mar), paused 9–11 Feb (2 working days), answered 4 Mar:
  // 22 working days less 2 = 20; partly granted under 13(a); on time.
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-02'),
    dueAt: endOf('2026-03-05'),
    status: 'answered',
    answeredAt: at('2026-03-04'),
    outcome: 'partially_granted',
    legalGrounds: ['Art. 13(a)'],
    extensionCount: 1,
    pauses: [{ from: at('2026-02-09'), to: at('2026-02-11') }],
  });
  // H4: open, acknowledged, due 8 Mar: overdue now and deemed refused.
  const open = await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-15'),
    dueAt: endOf('2026-03-08'),
    status: 'acknowledged',
    acknowledgedAt: at('2026-02-16'),
  });
  // H5: refused under 13(e) on 10 Feb (7 days, on time); appealed, overturned on time.
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-01'),
    dueAt: endOf('2026-02-22'),
    status: 'appeal_decided',
    answeredAt: at('2026-02-10'),
    outcome: 'refused',
    legalGrounds: ['Art. 13(e)'],
    appeal: {
      stage: 0,
      ground: 'refusal',
      body: 'JO-IC',
      filedAt: at('2026-02-15'),
      dueAt: endOf('2026-03-17'),
      decision: 'overturned',
      decidedAt: at('2026-03-10'),
    },
  });
  // H6: withdrawn.
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-03'),
    dueAt: endOf('2026-02-24'),
    status: 'withdrawn',
    closedAt: at('2026-02-05'),
  });
  // Finance. F1: transferred in from Health, granted on 12 Feb: 8 days, on time.
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-02-02'),
    dueAt: endOf('2026-02-23'),
    status: 'answered',
    answeredAt: at('2026-02-12'),
    outcome: 'granted',
    transfers: [{ from: 'JO-MOH', to: 'JO-MOF', at: at('2026-02-03'), seq: 2 }],
  });
  // F2: never answered, due 1 Mar: overdue and deemed refused.
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-02-08'),
    dueAt: endOf('2026-03-01'),
    status: 'submitted',
  });
  // F3: not held, answered 3 Mar after a 1 Mar due date: 17 days, late.
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-02-08'),
    dueAt: endOf('2026-03-01'),
    status: 'answered',
    answeredAt: at('2026-03-03'),
    outcome: 'not_held',
  });
  // F4: private, refused under 13(h) on 19 Feb: 8 days, on time.
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-02-09'),
    dueAt: endOf('2026-03-02'),
    status: 'answered',
    answeredAt: at('2026-02-19'),
    outcome: 'refused',
    legalGrounds: ['Art. 13(h)'],
    visibility: 'private',
  });
  return { open };
}

const RANGE = 'from=2026-02-01&to=2026-02-28';
const pick = (f: Figures) => ({
  received: f.received,
  answered: f.answered,
  answeredOnTime: f.answeredOnTime,
  answeredLate: f.answeredLate,
  onTimeRate: f.onTimeRate,
  overdueNow: f.overdueNow,
  deemedRefusals: f.deemedRefusals,
  medianDays: f.medianDays,
  p90Days: f.p90Days,
  meanDays: f.meanDays,
  extended: f.extended,
  transferred: f.transferred,
  clarified: f.clarified,
  withdrawn: f.withdrawn,
  outcomes: f.outcomes,
  refusalsByExemption: f.refusalsByExemption,
  appeals: {
    filed: f.appeals.filed,
    upheld: f.appeals.upheld,
    overturned: f.appeals.overturned,
    partially_overturned: f.appeals.partially_overturned,
  },
});

describe('statistics: figures, scope, pages and exports against the real services', () => {
  let harness: TestApp & { mailbox: MailCatcher };
  let auditor: Agent;
  let auditorId: string;
  let national: Agent;
  let officer: Agent;
  let openRef: string;
  const calendars = createJurisdictionCalendars(loadJurisdictions());

  before(async () => {
    harness = await startTestAppWithMailbox('stats', {
      queues: ['events', 'mail', 'deadlines', 'stats'],
    });
    await seedDemoData({});
    const { open } = await buildSet();
    openRef = open.ref;
    await rebuildAllRollups(calendars, new Date());
    const jo = await createUser('auditor', { jurisdiction: 'JO' });
    auditorId = jo._id.toString();
    auditor = await signIn(harness.app, jo.email);
    national = await signIn(
      harness.app,
      (await createUser('auditor', { jurisdiction: null })).email,
    );
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
  });
  after(() => harness.close());

  it('the figures equal the hand-computed ones, per agency and in total', async () => {
    const res = await auditor.agent.get(`/api/v1/stats?jurisdiction=JO&${RANGE}`).expect(200);
    const report = res.body as Report;
    assert.equal(report.from, '2026-02-01');
    assert.equal(report.to, '2026-02-28');
    const of = (code: string) => report.agencies.find((a) => a.agency.code === code)!;
    assert.deepEqual(of('JO-MOH').agency.name, { ar: 'وزارة الصحة', en: 'Ministry of Health' });
    assert.deepEqual(pick(of('JO-MOH')), {
      received: 6,
      answered: 4,
      answeredOnTime: 3,
      answeredLate: 1,
      onTimeRate: 0.75,
      overdueNow: 1,
      deemedRefusals: 1,
      medianDays: 8,
      p90Days: 20,
      meanDays: 13.25,
      extended: 1,
      transferred: 0,
      clarified: 1,
      withdrawn: 1,
      outcomes: { granted: 1, partially_granted: 1, refused: 2, not_held: 0 },
      refusalsByExemption: { 'Art. 13(c)': 1, 'Art. 13(a)': 1, 'Art. 13(e)': 1 },
      appeals: { filed: 1, upheld: 0, overturned: 1, partially_overturned: 0 },
    });
    assert.equal(of('JO-MOH').appeals.decidedOnTime, 1);
    assert.deepEqual(pick(of('JO-MOF')), {
      received: 4,
      answered: 3,
      answeredOnTime: 2,
      answeredLate: 1,
      onTimeRate: 2 / 3,
      overdueNow: 1,
      deemedRefusals: 1,
      medianDays: 8,
      p90Days: 17,
      meanDays: 11,
      extended: 0,
      transferred: 1,
      clarified: 0,
      withdrawn: 0,
      outcomes: { granted: 1, partially_granted: 0, refused: 1, not_held: 1 },
      refusalsByExemption: { 'Art. 13(h)': 1 },
      appeals: { filed: 0, upheld: 0, overturned: 0, partially_overturned: 0 },
    });
    // Seven answers: 7, 8, 8, 8, 17, 18, 20 working days.
    const totals = pick(report.totals);
    assert.equal(totals.received, 10);
    assert.equal(totals.answeredOnTime, 5);
    assert.equal(totals.onTimeRate, 5 / 7);
    assert.equal(totals.medianDays, 8);
    assert.equal(totals.p90Days, 20);
    assert.equal(totals.meanDays, 86 / 7);
    assert.equal(totals.overdueNow, 2);
    // A range with edge days (read day by day): 2–27 February leaves out those of 1 February.
    const edges = await auditor.agent
      .get('/api/v1/stats?agency=JO-MOH&from=2026-02-02&to=2026-02-27')
      .expect(200);
    assert.equal((edges.body as Report).totals.received, 3);
    assert.equal((edges.body as Report).totals.answered, 1);
    // Agencies with no requests in the range are listed, with zeros.
    assert.equal(of('JO-MWI').received, 0);
    assert.equal(of('JO-MWI').onTimeRate, null);
  });

  it('visitors get the public subset; bad input is a 400 or 404 naming the parameter', async () => {
    const visitor = await request(harness.app)
      .get(`/api/v1/stats?jurisdiction=JO&${RANGE}`)
      .expect(200);
    const report = visitor.body as Report;
    assert.equal(report.totals.received, 10);
    // The private request's exemption is not shown to the public.
    assert.deepEqual(report.totals.refusalsByExemption, {
      'Art. 13(c)': 1,
      'Art. 13(a)': 1,
      'Art. 13(e)': 1,
    });
    const field = async (query: string, status: number) => {
      const res = await request(harness.app).get(`/api/v1/stats?${query}`).expect(status);
      return (res.body as ErrorBody).error.fields ?? {};
    };
    assert.ok('from' in (await field('jurisdiction=JO&from=2026-02-30', 400)));
    assert.ok('to' in (await field('jurisdiction=JO&from=2026-03-01&to=2026-02-01', 400)));
    assert.ok('jurisdiction' in (await field('jurisdiction=jo', 400)));
    assert.ok('jurisdiction' in (await field('jurisdiction=ZZ', 404)));
    assert.ok('agency' in (await field('agency=JO-NOPE', 404)));
  });

  it("auditors of one jurisdiction get 404 for another's; a national auditor reads any", async () => {
    for (const path of [
      '/api/v1/stats?jurisdiction=TN',
      '/api/v1/stats?agency=TN-MOH',
      '/audit/TN',
      '/audit/TN/overdue',
      '/audit/TN/requests?figure=received',
      '/audit/TN/agencies/TN-MOH',
    ])
      await auditor.agent.get(path).set('Accept', 'application/json').expect(404);
    // Without a jurisdiction, a bound auditor reads their own.
    const own = (await auditor.agent.get(`/api/v1/stats?${RANGE}`).expect(200)).body as Report;
    assert.ok(own.agencies.every((a) => a.agency.code.startsWith('JO-')));
    const all = (await national.agent.get(`/api/v1/stats?${RANGE}`).expect(200)).body as Report;
    assert.ok(all.agencies.some((a) => a.agency.code.startsWith('TN-')));
    await national.agent.get('/audit/TN').expect(200);
    // Officers and citizens have no auditors' pages.
    await officer.agent.get('/audit/JO').expect(403);
    await request(harness.app).get('/audit/JO').expect(303);
  });

  it('the pages: sortable dashboard with chart and table, monthly trends, overdue list, drill-down', async () => {
    const dashboard = await auditor.agent
      .get(`/audit/JO?${RANGE}&sort=onTimeRate&dir=desc`)
      .set('Accept-Language', 'en')
      .expect(200);
    assert.match(dashboard.text, /<svg class="chart"[^>]*role="img"/);
    assert.match(dashboard.text, /aria-sort="descending"/);
    // Sorted by on-time rate, highest first: Health (75%) before Finance (66.7%); no-answer agencies last.
    assert.ok(
      dashboard.text.indexOf('Ministry of Health') < dashboard.text.indexOf('Ministry of Finance'),
    );
    const decoded = dashboard.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    assert.ok(
      decoded.includes(
        'href="/audit/JO/requests?from=2026-02-01&to=2026-02-28&agency=JO-MOH&figure=answeredLate"',
      ),
    );
    const arabic = await auditor.agent
      .get(`/audit/JO?${RANGE}`)
      .set('Accept-Language', 'ar')
      .expect(200);
    assert.match(arabic.text, /dir="rtl"/);

    const trends = await auditor.agent
      .get('/audit/JO/agencies/JO-MOH?from=2026-01-01&to=2026-03-31')
      .expect(200);
    // Months and dates in words, with Jordan's month names.
    assert.match(trends.text, /<th scope="row">شباط ٢٠٢٦<\/th>/);
    assert.match(trends.text, /من ١ كانون الثاني ٢٠٢٦ إلى ٣١ آذار ٢٠٢٦/);
    assert.match(trends.text, /<path class="chart-line"/);
    // The chart writes months in words and counts whole, in the country's digits.
    assert.match(trends.text, /class="chart-tick"[^>]*>كانون الثاني ٢٠٢٦<\/text>/);
    assert.doesNotMatch(trends.text, />26-0\d</);
    const ticks = [...trends.text.matchAll(/dominant-baseline="middle">([^<]*)<\/text>/g)].map(
      (m) => m[1],
    );
    assert.ok(ticks.length > 1 && ticks.every((tick) => /^[٠-٩]+$/.test(tick ?? '')), ticks.join());

    const overdue = await auditor.agent
      .get('/audit/JO/overdue')
      .set('Accept-Language', 'en')
      .expect(200);
    assert.match(overdue.text, /Ministry of Finance/);
    // F2 (due 1 Mar) is more overdue than H4 (due 8 Mar).
    // F2 is the eighth request of the set.
    const f2 = overdue.text.indexOf('JO-2026-900008');
    const h4 = overdue.text.indexOf(openRef);
    assert.ok(f2 > 0 && h4 > f2, 'most overdue first');

    const late = await auditor.agent
      .get(`/audit/JO/requests?${RANGE}&agency=JO-MOH&figure=answeredLate`)
      .expect(200);
    assert.equal((late.text.match(/<a href="\/requests\/JO-2026-/g) ?? []).length, 1);
    const refused = await auditor.agent
      .get(`/audit/JO/requests?${RANGE}&figure=refused&article=${encodeURIComponent('Art. 13(h)')}`)
      .expect(200);
    // The private request is listed with its subject withheld.
    assert.match(refused.text, /طلب خاص/);
    assert.doesNotMatch(refused.text, /request 10</);
    await auditor.agent
      .get(`/audit/JO/requests?figure=nonsense`)
      .set('Accept', 'application/json')
      .expect(400);
  });

  it('exports stream CSV with a BOM and JSON, and each is in the security audit log', async () => {
    const csv = await auditor.agent
      .get(`/audit/JO?${RANGE}&format=csv`)
      .set('Accept-Language', 'ar')
      .buffer(true)
      .parse(asBytes)
      .expect(200);
    const bytes = csv.body as Buffer;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.match(csv.headers['content-type'] ?? '', /text\/csv; charset=utf-8/);
    assert.match(text, /وزارة الصحة/);
    assert.match(text, /الواردة \(received\)/);
    // The last line holds the totals: 10 requests received.
    assert.match(text.trim().split('\n').at(-1) ?? '', /^,جميع الجهات,10,/);
    const json = await auditor.agent
      .get(`/audit/JO/requests?${RANGE}&figure=received&format=json`)
      .expect(200);
    const rows = JSON.parse(json.text) as {
      ref: string;
      subject: string | null;
      visibility: string;
    }[];
    assert.equal(rows.length, 10);
    assert.ok(rows.filter((r) => r.visibility === 'private').every((r) => r.subject === null));
    await auditor.agent.get('/audit/JO/overdue?format=csv').expect(200);
    await auditor.agent
      .get('/audit/JO/agencies/JO-MOF?from=2026-01-01&to=2026-03-31&format=json')
      .expect(200);
    const logged = await SecurityEventModel.find({ type: 'stats_export' }).lean();
    assert.equal(logged.length, 4);
    assert.ok(logged.every((e) => e.actor?.toString() === auditorId && e.at instanceof Date));
    assert.deepEqual(logged.map((e) => (e.data as { table: string }).table).sort(), [
      'agencies',
      'months',
      'overdue',
      'requests',
    ]);
  });

  it('no requester name or e-mail anywhere in what an auditor reads or exports', async () => {
    const paths = [
      `/api/v1/stats?jurisdiction=JO&${RANGE}`,
      `/audit/JO?${RANGE}`,
      `/audit/JO?${RANGE}&format=csv`,
      `/audit/JO?${RANGE}&format=json`,
      '/audit/JO/agencies/JO-MOH?from=2026-01-01&to=2026-03-31',
      '/audit/JO/agencies/JO-MOH?from=2026-01-01&to=2026-03-31&format=csv',
      '/audit/JO/overdue',
      '/audit/JO/overdue?format=csv',
      '/audit/JO/overdue?format=json',
      `/audit/JO/requests?${RANGE}&figure=received`,
      `/audit/JO/requests?${RANGE}&figure=received&format=csv`,
      `/audit/JO/requests?${RANGE}&figure=received&format=json`,
    ];
    const privateRef = (await RequestModel.findOne({ visibility: 'private' }).lean())!.ref;
    for (const path of [
      ...paths,
      `/requests/${privateRef}`,
      `/api/v1/requests/${privateRef}`,
      `/requests/${openRef}`,
    ]) {
      const res = await auditor.agent.get(path).buffer(true).expect(200);
      const text =
        typeof res.text === 'string' && res.text.length > 0 ? res.text : JSON.stringify(res.body);
      assert.ok(
        !text.includes('Hind') && !text.includes(SECRET_EMAIL),
        `${path} shows the requester`,
      );
    }
    // The request page is read-only for an auditor: no action forms, and actions are refused.
    const page = await auditor.agent.get(`/requests/${openRef}`).expect(200);
    assert.doesNotMatch(page.text, new RegExp(`action="/requests/${openRef}/`));
    await act(auditor, openRef, 'answer', { outcome: 'granted' }).expect(403);
  });

  it("an answer moves its agency's figures once the rollup job has run, and the request keeps its figures", async () => {
    const before = (await auditor.agent.get(`/api/v1/stats?agency=JO-MOH&${RANGE}`).expect(200))
      .body as Report;
    const view = await officer.agent.get(`/api/v1/requests/${openRef}`).expect(200);
    await act(officer, openRef, 'answer', {
      outcome: 'granted',
      version: (view.body as { version: number }).version,
    }).expect(200);
    const stored = (await RequestModel.findOne({ ref: openRef }).lean())?.figures;
    assert.ok(stored);
    assert.equal(stored.answeredOnTime, false);
    assert.ok((stored.daysToAnswer ?? 0) > 150);
    const moved = await eventually(
      'the rollup job',
      async () => {
        const res = await auditor.agent.get(`/api/v1/stats?agency=JO-MOH&${RANGE}`).expect(200);
        const totals = (res.body as Report).totals;
        return totals.answered === before.totals.answered + 1 ? totals : undefined;
      },
      15_000,
    );
    assert.equal(moved.answeredLate, before.totals.answeredLate + 1);
    assert.equal(moved.overdueNow, 0);
    assert.equal(moved.deemedRefusals, 0);
    assert.equal(moved.p90Days, stored.daysToAnswer);
  });
});

describe('the public agency page', () => {
  it('shows the last twelve months: received, answered and not answered beside the on-time rate, and the country table', async () => {
    const harness = await startTestAppWithMailbox('stats_public');
    try {
      await seedDemoData({});
      const now = new Date();
      const received = new Date(now.getTime() - 40 * 86_400_000);
      await insert({
        agency: 'JO-MOH',
        receivedAt: received,
        dueAt: new Date(received.getTime() + 20 * 86_400_000),
        status: 'answered',
        answeredAt: new Date(received.getTime() + 86_400_000),
        outcome: 'granted',
      });
      // Ten more received, still waiting: "100 %" alone would hide them.
      for (let i = 0; i < 10; i += 1)
        await insert({
          agency: 'JO-MOH',
          receivedAt: received,
          dueAt: new Date(now.getTime() + 5 * 86_400_000),
          status: 'acknowledged',
        });
      await rebuildAllRollups(createJurisdictionCalendars(loadJurisdictions()), now);
      const page = await request(harness.app)
        .get('/agencies/JO-MOH')
        .set('Accept-Language', 'en')
        .expect(200);
      assert.match(page.text, /Ministry of Health/);
      // How to ask, with the law's period; the latest published requests and their feed.
      assert.match(page.text, /The law gives the agency 15 working days to answer/);
      assert.match(page.text, /href="\/feeds\/agencies\/JO-MOH\.atom"/);
      assert.match(page.text, /<dt>Received<\/dt><dd>11<\/dd>/);
      assert.match(page.text, /<dt>Answered<\/dt><dd>1<\/dd>/);
      assert.match(page.text, /<dt>Not answered<\/dt><dd>10/);
      assert.match(page.text, /<dt>On-time rate<\/dt><dd>100% \(1 of 1 answered\)<\/dd>/);
      // The public statistics: every country, then a country's agencies.
      const index = await request(harness.app)
        .get('/statistics')
        .set('Accept-Language', 'en')
        .expect(200);
      assert.match(index.text, /href="\/statistics\/JO">Jordan<\/a>/);
      const country = await request(harness.app)
        .get('/statistics/JO')
        .set('Accept-Language', 'ar')
        .expect(200);
      assert.match(country.text, /href="\/agencies\/JO-MOH">وزارة الصحة<\/a>/);
      // Jordan writes Arabic-Indic digits by custom; a reader who chose Latin ones gets those.
      // The percentage with its own sign after it, never "%١٠٠".
      assert.match(country.text, /١٠٠٪\u061c? \(١ من ١ أُجيب عنها\)/);
      assert.doesNotMatch(country.text, /%[٠-٩]/);
      const latin = await request(harness.app)
        .get('/statistics/JO')
        .set('Cookie', 'haqq_lang=ar; haqq_digits=latn')
        .expect(200);
      assert.match(latin.text, /100\u200e?%\u200e? \(1 من 1 أُجيب عنها\)/);
      await request(harness.app).get('/statistics/XX').expect(404);
      await request(harness.app).get('/statistics/jordan').expect(404);
      await request(harness.app).get('/agencies/JO-NOPE').expect(404);
      const directory = await request(harness.app).get('/agencies').expect(200);
      assert.match(directory.text, /href='\/agencies\/JO-MOH'/);
    } finally {
      await harness.close();
    }
  });
});
