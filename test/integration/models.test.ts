import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import { AgencyModel } from '../../src/agencies/agency-model.ts';
import { ConflictError } from '../../src/errors.ts';
import { NotificationModel } from '../../src/notifications/notification-model.ts';
import { isDuplicateKeyError, withDuplicateAsConflict } from '../../src/platform/db-errors.ts';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { UserModel } from '../../src/users/user-model.ts';
import { verifyPassword } from '../../src/users/password.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

const agency = {
  code: 'JO-TEST',
  jurisdiction: 'JO',
  name: { ar: 'جهة اختبار', en: 'Test agency' },
  contactEmail: 'FOI@Example.org',
  keywords: { ar: ['صحة'], en: ['health'] },
};

function aRequest(ref: string) {
  const now = new Date('2026-03-02T09:00:00Z');
  return {
    ref,
    jurisdiction: 'JO',
    agency: 'JO-TEST',
    requester: { user: new Types.ObjectId(), name: 'سارة', email: 'sara@example.org' },
    subject: 'عدد الأطباء',
    body: 'كم عدد الأطباء في مستشفى البشير؟',
    language: 'ar' as const,
    visibility: 'public' as const,
    status: 'submitted' as const,
    rulesVersion: 'JO-2024',
    receivedAt: now,
    dueAt: new Date('2026-03-23T20:59:59.999Z'),
    originalDueAt: new Date('2026-03-23T20:59:59.999Z'),
    searchTokens: ['عدد', 'الاطباء'],
    version: 1,
  };
}

describe('models on the real database', () => {
  before(() => connectTestDatabase(testConfig('models')));
  after(() => dropTestDatabase());

  it('round-trips an agency, lower-casing its e-mail', async () => {
    await AgencyModel.create(agency);
    const found = await AgencyModel.findOne({ code: 'JO-TEST' }).lean();
    assert.ok(found);
    assert.equal(found.name?.ar, 'جهة اختبار');
    assert.equal(found.contactEmail, 'foi@example.org');
    assert.deepEqual(found.keywords?.en, ['health']);
  });

  it('turns a duplicate agency code into a clear 409, not a driver error', async () => {
    const error = await withDuplicateAsConflict(
      () => AgencyModel.create(agency),
      'AGENCY.DUPLICATE_CODE',
    ).then(
      () => assert.fail('second insert must fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConflictError);
    assert.equal(error.status, 409);
    assert.equal(error.code, 'AGENCY.DUPLICATE_CODE');
  });

  it('detects a duplicate made by an update too (11000, as on an insert)', async () => {
    await AgencyModel.create({ ...agency, code: 'JO-OTHER' });
    const error: unknown = await AgencyModel.updateOne(
      { code: 'JO-OTHER' },
      { $set: { code: 'JO-TEST' } },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isDuplicateKeyError(error), `expected a duplicate-key error, got ${String(error)}`);
  });

  it('round-trips a request and rejects a second one with the same ref', async () => {
    await RequestModel.create(aRequest('JO-2026-000001'));
    const found = await RequestModel.findOne({ ref: 'JO-2026-000001' }).lean();
    assert.ok(found);
    assert.equal(found.status, 'submitted');
    assert.equal(found.requester?.name, 'سارة');
    assert.equal(found.dueAt.toISOString(), '2026-03-23T20:59:59.999Z');
    await assert.rejects(RequestModel.create(aRequest('JO-2026-000001')), (e) =>
      isDuplicateKeyError(e),
    );
  });

  it('lets exactly one of 50 concurrent writers insert event seq 2 (the one door)', async () => {
    const requestId = new Types.ObjectId();
    const event = (seq: number, actor: string) => ({
      requestId,
      seq,
      type: 'acknowledged',
      actor: { user: null, role: actor },
      at: new Date(),
      data: { status: 'acknowledged' },
    });
    await RequestEventModel.create(event(1, 'system'));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => RequestEventModel.create(event(2, `officer-${i}`))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.ok(lost.every((r) => isDuplicateKeyError(r.reason)));
    assert.equal(await RequestEventModel.countDocuments({ requestId }), 2);
  });

  it('a guarded snapshot update moves only the version it read', async () => {
    await RequestModel.create(aRequest('JO-2026-000002'));
    const first = await RequestModel.findOneAndUpdate(
      { ref: 'JO-2026-000002', version: 1 },
      { $set: { status: 'acknowledged', version: 2 } },
      { returnDocument: 'after', lean: true },
    );
    assert.equal(first?.version, 2);
    const stale = await RequestModel.findOneAndUpdate(
      { ref: 'JO-2026-000002', version: 1 },
      { $set: { status: 'withdrawn', version: 2 } },
      { returnDocument: 'after', lean: true },
    );
    assert.equal(stale, null);
  });

  it('keeps one notification per key', async () => {
    const key = `${new Types.ObjectId().toString()}_due-soon_1774310399999_${new Types.ObjectId().toString()}`;
    await NotificationModel.create({ key, kind: 'due-soon', at: new Date() });
    await assert.rejects(NotificationModel.create({ key, kind: 'due-soon', at: new Date() }), (e) =>
      isDuplicateKeyError(e),
    );
  });

  it('refuses an operator smuggled into a filter value (sanitizeFilter)', async () => {
    const smuggled = JSON.parse('{"$gt": ""}') as unknown as string;
    // Wrapped in $eq and cast as a string: the query is refused, never run as `$gt`.
    await assert.rejects(AgencyModel.countDocuments({ code: smuggled }), { name: 'CastError' });
    const untyped = JSON.parse('{"$ne": "x"}') as unknown as string;
    assert.equal(await RequestEventModel.countDocuments({ 'data.status': untyped }), 0);
    assert.ok((await RequestEventModel.countDocuments({})) >= 1);
  });

  it('seeds demo agencies and users idempotently', async () => {
    await seedDemoData({ demoPassword: 'a-demo-password' });
    const agencies = await AgencyModel.countDocuments({});
    const users = await UserModel.countDocuments({});
    await seedDemoData({ demoPassword: 'a-demo-password' });
    assert.equal(await AgencyModel.countDocuments({}), agencies);
    assert.equal(await UserModel.countDocuments({}), users);
    for (const code of ['JO', 'TN', 'MA', 'LB']) {
      assert.ok((await AgencyModel.countDocuments({ jurisdiction: code })) >= 5, code);
    }
    const officer = await UserModel.findOne({ email: 'officer@example.org' }).lean();
    assert.ok(officer);
    assert.deepEqual(officer.roles, ['officer']);
    assert.equal(officer.agency, 'JO-MOH');
    const hash = officer.passwordHash ?? '';
    assert.ok(hash.startsWith('$argon2id$'));
    assert.ok(await verifyPassword(hash, 'a-demo-password'));
    const auditor = await UserModel.findOne({ email: 'auditor@example.org' }).lean();
    assert.equal(auditor?.jurisdiction, 'JO');
  });
});
