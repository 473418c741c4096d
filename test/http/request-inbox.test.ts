import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRequest, createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface Inbox {
  items: { ref: string; status: string; overdue: boolean; dueAt: string }[];
  next: string | null;
}

describe('the officer inbox', () => {
  let harness: TestApp;
  let officer: Awaited<ReturnType<typeof signIn>>;
  const day = 86_400_000;
  before(async () => {
    harness = await startTestApp('request_inbox');
    officer = await signIn(harness.app, (await createUser('officer', { agency: 'JO-MOH' })).email);
    const now = Date.now();
    await createRequest({ ref: 'JO-2026-000201', dueAt: new Date(now - 2 * day) });
    await createRequest({ ref: 'JO-2026-000202', dueAt: new Date(now + day) });
    await createRequest({
      ref: 'JO-2026-000203',
      dueAt: new Date(now + 10 * day),
      status: 'acknowledged',
    });
    await createRequest({
      ref: 'JO-2026-000204',
      dueAt: new Date(now - 5 * day),
      status: 'answered',
    });
    await createRequest({ ref: 'JO-2026-000205', dueAt: new Date(now + 20 * day) });
    await createRequest({ ref: 'JO-2026-000299', dueAt: new Date(now - day), agency: 'JO-MOF' });
  });
  after(() => harness.close());

  const inbox = async (query: Record<string, string> = {}) =>
    (await officer.agent.get('/api/v1/requests').query(query).expect(200)).body as Inbox;
  const countsOf = async (user: Awaited<ReturnType<typeof signIn>>) =>
    (await user.agent.get('/api/v1/requests/counts').expect(200)).body as Record<string, number>;

  it('lists the agency’s requests by due date, overdue derived, other agencies absent', async () => {
    // Staff land on their open requests; `show=all` adds the finished ones.
    assert.deepEqual(
      (await inbox()).items.map((i) => i.ref),
      ['JO-2026-000201', 'JO-2026-000202', 'JO-2026-000203', 'JO-2026-000205'],
    );
    const all = await inbox({ show: 'all' });
    assert.deepEqual(
      all.items.map((i) => i.ref),
      ['JO-2026-000204', 'JO-2026-000201', 'JO-2026-000202', 'JO-2026-000203', 'JO-2026-000205'],
    );
    assert.deepEqual(
      all.items.map((i) => i.overdue),
      [false, true, false, false, false],
    );
  });

  it('filters: overdue, due soon, status, unassigned; with counts per filter', async () => {
    assert.deepEqual(
      (await inbox({ due: 'overdue' })).items.map((i) => i.ref),
      ['JO-2026-000201'],
    );
    assert.deepEqual(
      (await inbox({ due: 'soon' })).items.map((i) => i.ref),
      ['JO-2026-000202'],
    );
    assert.deepEqual(
      (await inbox({ status: 'acknowledged' })).items.map((i) => i.ref),
      ['JO-2026-000203'],
    );
    assert.deepEqual(await countsOf(officer), {
      submitted: 3,
      acknowledged: 1,
      awaitingClarification: 0,
      dueSoon: 1,
      overdue: 1,
      mine: 0,
      unassigned: 4,
      appeals: 0,
    });
  });

  it("a citizen's counts are of their own requests only, the clock's rules as for staff", async () => {
    const citizen = await createUser('citizen');
    const mine = { requesterUser: citizen._id, agency: 'JO-MOF' };
    const now = Date.now();
    await createRequest({ ...mine, dueAt: new Date(now + day) });
    await createRequest({ ...mine, dueAt: new Date(now - 2 * day) });
    await createRequest({ ...mine, dueAt: new Date(now + 10 * day), status: 'acknowledged' });
    // The clock is paused while the agency waits for the citizen: not overdue.
    await createRequest({
      ...mine,
      dueAt: new Date(now - 2 * day),
      status: 'awaiting_clarification',
    });
    await createRequest({ ...mine, dueAt: new Date(now - 5 * day), status: 'answered' });
    assert.deepEqual(await countsOf(await signIn(harness.app, citizen.email)), {
      submitted: 2,
      acknowledged: 1,
      awaitingClarification: 1,
      dueSoon: 1,
      overdue: 1,
      mine: 0,
      unassigned: 4,
      appeals: 0,
    });
    // Someone with no request of their own counts nothing.
    const other = await signIn(harness.app, (await createUser('citizen')).email);
    assert.ok(Object.values(await countsOf(other)).every((n) => n === 0));
  });

  it('pages with a cursor, in order, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Inbox = await inbox({ limit: '2', show: 'all', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.ref));
      cursor = page.next;
    } while (cursor);
    assert.deepEqual(seen, [
      'JO-2026-000204',
      'JO-2026-000201',
      'JO-2026-000202',
      'JO-2026-000203',
      'JO-2026-000205',
    ]);
  });

  it('a bad filter is a 400 naming it', async () => {
    const res = await officer.agent
      .get('/api/v1/requests')
      .query({ due: 'yesterday', limit: '1000' })
      .expect(400);
    assert.deepEqual(Object.keys((res.body as { error: { fields: object } }).error.fields).sort(), [
      'due',
      'limit',
    ]);
  });
});
