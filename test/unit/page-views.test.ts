import { existsSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatBytes } from '../../src/i18n/number-format.ts';
import { inPageOrder } from '../../src/http/middleware/validation.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { currentRules } from '../../src/jurisdictions/jurisdiction-rules.ts';
import {
  dueInWords,
  inboxHref,
  inboxLanding,
  inboxView,
} from '../../src/http/requests/inbox-view.ts';
import { inboxQuery } from '../../src/requests/request-inbox.ts';
import { ACTIONS } from '../../src/requests/request-lifecycle.ts';
import { REQUEST_STATUSES } from '../../src/requests/request-states.ts';
import {
  arrangeActions,
  offeredActions,
  requestPageView,
} from '../../src/http/requests/request-page-view.ts';
import type { RequestView } from '../../src/http/requests/request-page-loader.ts';
import type { SessionUser } from '../../src/users/user-store.ts';
import { checkView, stepView } from '../../src/http/requests/filing-view.ts';
import { stepsFor } from '../../src/http/requests/filing-steps.ts';

const registry = loadJurisdictions();
const jo = registry.get('JO');
assert.ok(jo);
const joRules = currentRules(jo);

const person = (id: string, roles: SessionUser['roles'], agency: string | null = null) =>
  ({
    id,
    email: `${id}@example.org`,
    name: id,
    locale: 'en',
    roles,
    agency,
    jurisdiction: null,
    confirmed: true,
    authVersion: 0,
  }) satisfies SessionUser;

const citizen = person('650000000000000000000001', ['citizen']);
const officer = person('650000000000000000000002', ['officer'], 'JO-MOH');
const stranger = person('650000000000000000000003', ['citizen']);

const request = (status: (typeof REQUEST_STATUSES)[number], extensionCount = 0) => ({
  jurisdiction: 'JO',
  agency: 'JO-MOH',
  visibility: 'public' as const,
  requester: { user: citizen.id, name: 'Sara' },
  status,
  extensionCount,
});

const when = (at: Date | string) => `@${typeof at === 'string' ? at : at.toISOString()}`;

describe('offered actions (the forms a request page shows)', () => {
  it('the requester and the agency each get their own forms on a new request', () => {
    const mine = offeredActions(citizen, request('submitted'), false, joRules);
    assert.ok(mine.includes('withdraw') && mine.includes('message'));
    assert.ok(
      !mine.includes('acknowledge') && !mine.includes('answer') && !mine.includes('appeal'),
    );
    const theirs = offeredActions(officer, request('submitted'), false, joRules);
    assert.ok(theirs.includes('acknowledge') && theirs.includes('answer'));
    assert.ok(!theirs.includes('withdraw') && !theirs.includes('appeal'));
  });

  it('an appeal is offered to the requester only while the law allows one', () => {
    assert.ok(offeredActions(citizen, request('answered'), true, joRules).includes('appeal'));
    assert.ok(!offeredActions(citizen, request('answered'), false, joRules).includes('appeal'));
    assert.ok(!offeredActions(officer, request('answered'), true, joRules).includes('appeal'));
  });

  it("an extension is offered until the law's count is used (Jordan: one)", () => {
    assert.ok(
      offeredActions(officer, request('acknowledged', 0), false, joRules).includes('extend'),
    );
    assert.ok(
      !offeredActions(officer, request('acknowledged', 1), false, joRules).includes('extend'),
    );
  });

  it('no one acts on a closed request but to note it (or take a published one down)', () => {
    fc.assert(
      fc.property(fc.constantFrom(citizen, officer), fc.boolean(), (user, appealable) => {
        const offered = offeredActions(user, request('closed'), appealable, joRules);
        assert.ok(
          offered.every((action) => ['note', 'appeal', 'unpublish'].includes(action)),
          offered.join(),
        );
      }),
    );
  });

  it('the next step is the primary action; the rest sit in the secondary group, none twice', () => {
    const officerNew = arrangeActions(
      offeredActions(officer, request('submitted'), false, joRules),
    );
    assert.equal(officerNew.next, 'acknowledge');
    assert.ok(officerNew.others.includes('answer') && officerNew.others.includes('transfer'));
    const working = arrangeActions(
      offeredActions(officer, request('acknowledged'), false, joRules),
    );
    assert.equal(working.next, 'answer');
    const paused = arrangeActions(
      offeredActions(citizen, request('awaiting_clarification'), false, joRules),
    );
    assert.equal(paused.next, 'reply');
    const refused = arrangeActions(offeredActions(citizen, request('answered'), true, joRules));
    assert.equal(refused.next, 'appeal');
    fc.assert(
      fc.property(
        fc.constantFrom(citizen, officer, stranger),
        fc.constantFrom(...REQUEST_STATUSES),
        fc.boolean(),
        (user, status, appealable) => {
          const offered = offeredActions(user, request(status), appealable, joRules);
          const { next, others } = arrangeActions(offered);
          assert.deepEqual([...(next ? [next] : []), ...others].sort(), [...offered].sort());
          assert.ok(next === null || !others.includes(next));
        },
      ),
    );
  });

  it('a stranger and a visitor are offered nothing', () => {
    for (const status of REQUEST_STATUSES) {
      assert.deepEqual(offeredActions(stranger, request(status), true, joRules), []);
      assert.deepEqual(offeredActions(undefined, request(status), true, joRules), []);
    }
  });
});

const view = {
  ref: 'JO-2026-000001',
  agency: 'JO-MOH',
  status: 'answered',
  outcome: 'refused',
  appeal: null,
  receivedAt: '2026-11-01T08:00:00.000Z',
  dueAt: '2026-12-01T08:00:00.000Z',
  explanation: { ar: 'شرح', en: 'Why' },
  requester: { name: 'Sara' },
  legalGrounds: ['Art. 13(a)', 'Art. 99'],
  appealOpen: {
    body: { ar: 'مجلس المعلومات', en: 'Information Council' },
    until: '2026-12-31T20:59:59.999Z',
  },
  events: [
    {
      type: 'submitted',
      at: '2026-11-01T08:00:00.000Z',
      details: { dueAt: '2026-12-01T08:00:00.000Z', assignee: 'hidden' },
    },
    {
      type: 'transferred',
      at: '2026-11-02T08:00:00.000Z',
      details: { toAgency: 'JO-MOF', reason: 'Theirs' },
    },
  ],
  messages: [],
  notifications: [
    { kind: 'new-request', at: '2026-11-01T08:01:00.000Z', recipient: 'u1' },
    { kind: 'new-request', at: '2026-11-01T08:01:00.000Z', recipient: 'u2' },
    { kind: 'filed', at: '2026-11-01T08:01:00.000Z', recipient: null },
  ],
  documents: [{ id: 'd1', filename: 'ميزانية 2025.pdf', size: 1_500_000 }],
} as unknown as RequestView;

describe('the request page view', () => {
  const agencyNames = new Map([
    ['JO-MOH', 'Ministry of Health'],
    ['JO-MOF', 'Ministry of Finance'],
  ]);
  const page = (locale: 'ar' | 'en', query = {}) =>
    requestPageView({
      locale,
      view,
      rules: joRules,
      offered: ['answer', 'transfer-back'] as never,
      agencyNames,
      recipientNames: new Map([
        ['u1', 'Huda'],
        ['u2', 'Karim'],
      ]),
      officers: [],
      when,
      day: when,
      digits: (text: string) => text,
      dueIn: null,
      query,
    });

  it('names the agency, labels the status and outcome, and dates every instant in the zone given', () => {
    const en = page('en');
    assert.equal(en.agencyName, 'Ministry of Health');
    assert.equal(en.outcomeLabel, 'refused');
    assert.equal(en.due, '@2026-12-01T08:00:00.000Z');
    assert.equal(en.explanation, 'Why');
    assert.equal(page('ar').explanation, 'شرح');
    assert.equal(page('ar').outcomeLabel, 'رُفض');
  });

  it('shows only the details meant for a page, in words: the first due date, the agency by name', () => {
    const [filed, transferred] = page('en').events;
    assert.deepEqual(filed?.details, [{ label: 'Due', value: '@2026-12-01T08:00:00.000Z' }]);
    assert.deepEqual(transferred?.details, [
      { label: 'To', value: 'Ministry of Finance' },
      { label: 'Reason', value: 'Theirs' },
    ]);
  });

  it('sizes files in words people read, in their language', () => {
    assert.equal(page('en').documents[0]?.sizeLabel, '1.5 MB');
    assert.equal(page('ar').documents[0]?.sizeLabel, '1.5 م.ب');
    assert.deepEqual(
      [0, 45, 999, 12_345, 10_485_760].map((bytes) => formatBytes('en', bytes)),
      ['0 bytes', '45 bytes', '999 bytes', '12.3 kB', '10.5 MB'],
    );
  });

  it("a refusal names each article with the law's text, and who hears an appeal until when", () => {
    const en = page('en');
    assert.equal(en.refusalGrounds[0]?.article, 'Art. 13(a)');
    assert.match(en.refusalGrounds[0].text ?? '', /Secrets and documents protected/);
    assert.equal(en.refusalGrounds[1]?.text, null);
    // The appeal form carries its context: the articles, and who hears it until when.
    assert.equal(en.context.appealGrounds, 'The refusal rests on Art. 13(a); Art. 99.');
    assert.equal(
      en.context.appealWhere,
      // Read by someone other than the requester, under Jordan's unverified appeal rules.
      'The requester can appeal to Information Council until @2026-12-31T20:59:59.999Z. (not yet verified)',
    );
    assert.match(page('ar').context.appealWhere ?? '', /مجلس المعلومات/);
  });

  it('names the recipient of every mail: the same kind twice is two people, not a repeat', () => {
    assert.deepEqual(
      page('en').notifications.map((n) => `${n.label} → ${n.to}`),
      ['new request → Huda', 'new request → Karim', 'request filed → the requester'],
    );
    assert.equal(page('ar').notifications[2]?.to, 'مقدّم الطلب');
  });

  it('offers forms by name, transfers to the other agencies only, and banners only known actions', () => {
    const en = page('en', { done: 'answer' });
    assert.deepEqual(en.can, { answer: true, transfer_back: true });
    assert.deepEqual(en.transferTargets, [{ code: 'JO-MOF', name: 'Ministry of Finance' }]);
    assert.equal(en.done, 'The answer was sent to the requester.');
    assert.equal(page('en', { done: '<script>' }).done, null);
    assert.equal(en.documents[0]?.url, '/requests/JO-2026-000001/documents/d1');
  });
});

describe('the inbox view', () => {
  const counts = {
    submitted: 1,
    acknowledged: 2,
    awaitingClarification: 3,
    dueSoon: 4,
    overdue: 5,
    mine: 6,
    unassigned: 7,
    appeals: 0,
  };
  const now = new Date('2026-11-30T10:00:00Z');
  const inbox = (staff: boolean, query: Record<string, string> = {}, next: string | null = null) =>
    inboxView({
      locale: 'en',
      staff,
      query: inboxQuery.parse(query),
      items: [
        {
          ref: 'JO-2026-000001',
          subject: 'Budget',
          status: 'acknowledged',
          jurisdiction: 'JO',
          receivedAt: new Date('2026-11-01T10:00:00Z'),
          dueAt: new Date('2026-11-29T10:00:00Z'),
          assignee: null,
          requester: { name: 'Sara' },
        },
      ],
      next,
      counts,
      now,
      when: (at) => when(at),
      zoneOf: () => 'Asia/Amman',
      digits: (text) => text,
      allSelected: query.all === '1',
    });

  it('staff see assignment filters, citizens do not; the current filter is marked', () => {
    const staff = inbox(true, { due: 'overdue' });
    // Open (the default), four statuses and due dates, two assignments, and everything.
    assert.equal(staff.filters.length, 9);
    assert.equal(staff.filters[0]?.href, '/requests?show=open');
    assert.equal(staff.filters.at(-1)?.href, '/requests?show=all');
    assert.deepEqual(
      staff.filters.filter((f) => f.current).map((f) => f.href),
      ['/requests?due=overdue'],
    );
    assert.equal(inbox(false).filters.length, 6);
    assert.equal(inbox(false).filters[0]?.current, true);
    assert.equal(inbox(false).title, 'inbox.ownTitle');
  });

  it('derives overdue from the clock, and the next page keeps the filter', () => {
    const page = inbox(true, { status: 'acknowledged' }, '1764410400000_650000000000000000000001');
    assert.equal(page.items[0]?.overdue, true);
    assert.equal(page.items[0].assigned, false);
    assert.equal(
      page.next,
      '/requests?status=acknowledged&cursor=1764410400000_650000000000000000000001',
    );
    assert.equal(inboxHref({}), '/requests');
    assert.equal(page.items[0].dueIn, 'yesterday');
    assert.equal(page.items[0].requester, 'Sara');
  });

  it("citizens see no requester; staff can tick a page's lines at once", () => {
    assert.equal(inbox(false).items[0]?.requester, null);
    const staff = inbox(true, { status: 'acknowledged' });
    assert.equal(staff.selectAllHref, null, 'one line: nothing to select at once');
    assert.equal(inbox(true, { all: '1' }).items[0]?.checked, true);
  });

  it('a citizen’s dashboard leads with the questions waiting on them; staff get no such banner', () => {
    // The counts above hold 3 requests awaiting clarification.
    const mine = inbox(false).replyBanner;
    assert.ok(mine);
    assert.equal(
      mine.text,
      'Agencies asked you questions about 3 requests: they wait for your replies. Each request’s page says whether the law stops its clock meanwhile.',
    );
    assert.equal(mine.href, '/requests?status=awaiting_clarification');
    assert.equal(inbox(false, { status: 'awaiting_clarification' }).replyBanner, null);
    assert.equal(inbox(true).replyBanner, null);
  });

  it('days left in the reader’s grammar, counted in local days; none when the clock stops', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    const due = (days: number) => new Date(now.getTime() + days * 86_400_000);
    assert.equal(dueInWords('en', 'acknowledged', due(3), now, 'Asia/Amman'), 'in 3 days');
    assert.equal(dueInWords('ar', 'acknowledged', due(11), now, 'Asia/Amman'), 'خلال 11 يومًا');
    assert.equal(dueInWords('ar', 'submitted', due(3), now, 'Asia/Amman'), 'خلال 3 أيام');
    assert.equal(dueInWords('en', 'answered', due(3), now, 'Asia/Amman'), null);
    assert.equal(dueInWords('en', 'awaiting_clarification', due(3), now, 'Asia/Amman'), null);
  });
});

describe('the filing’s views', () => {
  const citizen = { officer: false, own: undefined, steps: stepsFor(false) };
  const agencies = ['MOE', 'MOF', 'MOH'].map((slug) => ({
    code: `JO-${slug}`,
    jurisdiction: 'JO',
    name: { ar: slug, en: slug },
  }));
  const step = (extra: Partial<Parameters<typeof stepView>[0]>) =>
    stepView({
      locale: 'en',
      filer: citizen,
      step: 'agency',
      draftId: 'd',
      values: { jurisdiction: 'JO' },
      jurisdiction: jo,
      countries: [],
      agencies,
      changing: false,
      topic: '',
      ...extra,
    });

  it('puts the agencies suggested from the person’s words first, marked, the best one chosen', () => {
    const page = step({ suggestions: [{ code: 'JO-MOH', name: 'MOH' }] });
    assert.deepEqual(
      page.agencies.map((a) => [a.code, a.checked, a.tag !== null]),
      [
        ['JO-MOH', true, true],
        ['JO-MOE', false, false],
        ['JO-MOF', false, false],
      ],
    );
    // Without suggestions: the list's order, the answer given chosen.
    const plain = step({ values: { jurisdiction: 'JO', agency: 'JO-MOF' } });
    assert.deepEqual(
      plain.agencies.map((a) => a.checked),
      [false, true, false],
    );
    assert.equal(plain.back, '/requests/new/country');
    assert.equal(plain.progress, 'question 2 of 4');
    // From "Check your answers", back goes there.
    assert.equal(step({ changing: true }).back, '/requests/new/check');
  });

  it('"Check your answers" lists each answer with a link to its page, and what the law gives', () => {
    const page = checkView({
      locale: 'en',
      filer: citizen,
      draft: {
        jurisdiction: 'JO',
        agency: 'JO-MOH',
        subject: 'Doctors',
        body: 'How many?',
        visibility: 'public',
      },
      draftId: 'd',
      jurisdiction: jo,
      agencyName: 'Ministry of Health',
      signedIn: true,
    });
    assert.deepEqual(
      page.rows.map((r) => [r.id, r.change]),
      [
        ['jurisdiction', '/requests/new/country?change=1#jurisdiction'],
        ['agency', '/requests/new/agency?change=1#agency'],
        ['subject', '/requests/new/question?change=1#subject'],
        ['body', '/requests/new/question?change=1#body'],
        ...(joRules.urgent ? [['urgent', '/requests/new/question?change=1#urgent']] : []),
        ['visibility', '/requests/new/visibility?change=1#visibility'],
        ['displayName', '/requests/new/visibility?change=1#displayName'],
      ],
    );
    assert.equal(page.rows.at(-1)?.value, 'Not given: shown as “a citizen”');
    assert.match(page.next ?? '', /15 working days/);
  });
});

describe('the request page’s forms', () => {
  it('every lifecycle action has its form partial (an offered form never fails to render)', () => {
    const dir = path.resolve(import.meta.dirname, '../../views/partials/actions');
    for (const action of ACTIONS) assert.ok(existsSync(path.join(dir, `${action}.hbs`)), action);
  });
});

describe('where an inbox lands', () => {
  const bodies = new Set(['JO-IC']);
  const none = inboxQuery.parse({});
  it("an appeal body's staff land on the appeals waiting for them; other staff on their open requests", () => {
    assert.equal(inboxLanding(none, { agency: 'JO-IC' }, bodies).show, 'appeals');
    assert.equal(inboxLanding(none, { agency: 'JO-MOH' }, bodies).show, 'open');
  });
  it('a chosen view stays chosen, and a citizen has no landing', () => {
    const open = inboxQuery.parse({ show: 'open' });
    assert.equal(inboxLanding(open, { agency: 'JO-IC' }, bodies).show, 'open');
    const overdue = inboxQuery.parse({ due: 'overdue' });
    assert.equal(inboxLanding(overdue, { agency: 'JO-IC' }, bodies).show, undefined);
    assert.equal(inboxLanding(none, null, bodies).show, undefined);
  });
});

describe('an error summary reads down the page', () => {
  it('orders field messages as the fields stand, unknown ones last', () => {
    assert.deepEqual(
      Object.keys(
        inPageOrder({ agency: 'a', other: 'x', subject: 's', jurisdiction: 'j' }, [
          'jurisdiction',
          'subject',
          'agency',
        ]),
      ),
      ['jurisdiction', 'subject', 'agency', 'other'],
    );
  });
});
