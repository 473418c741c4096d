import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  canActAsRequester,
  canHandleRequest,
  canReadText,
  canSeeRequest,
  requesterAsSeenBy,
  type PolicyRequest,
} from '../../src/requests/request-policy.ts';
import type { SessionUser } from '../../src/users/user-store.ts';

const user = (
  id: string,
  roles: SessionUser['roles'],
  scope: Partial<Pick<SessionUser, 'agency' | 'jurisdiction'>> = {},
): SessionUser => ({
  id,
  email: `${id}@example.org`,
  name: id,
  locale: 'en',
  roles,
  agency: scope.agency ?? null,
  jurisdiction: scope.jurisdiction ?? null,
  confirmed: true,
  authVersion: 0,
});

const requester = user('sara', ['citizen']);
const otherCitizen = user('omar', ['citizen']);
const officer = user('moh-officer', ['officer'], { agency: 'JO-MOH' });
const otherOfficer = user('mof-officer', ['officer'], { agency: 'JO-MOF' });
const agencyAdmin = user('moh-admin', ['agency_admin'], { agency: 'JO-MOH' });
const auditorJo = user('auditor-jo', ['auditor'], { jurisdiction: 'JO' });
const auditorTn = user('auditor-tn', ['auditor'], { jurisdiction: 'TN' });
const auditorAll = user('auditor-all', ['auditor']);
const admin = user('admin', ['admin']);

/** Every kind of caller, visitors (undefined) included. */
const EVERYONE = [
  requester,
  otherCitizen,
  officer,
  otherOfficer,
  agencyAdmin,
  auditorJo,
  auditorTn,
  auditorAll,
  admin,
  undefined,
];

const request = (visibility: 'public' | 'private'): PolicyRequest => ({
  jurisdiction: 'JO',
  agency: 'JO-MOH',
  visibility,
  requester: { user: 'sara', name: 'Sara', email: 'sara@example.org' },
});

describe('request policy', () => {
  it('a private request is seen by its requester, its agency, auditors of its country and admins only', () => {
    const seen = (u: SessionUser | undefined) => canSeeRequest(u, request('private'));
    assert.deepEqual(EVERYONE.map(seen), [
      true,
      false,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('a public request is seen by everyone, visitors included', () => {
    for (const u of [requester, otherCitizen, otherOfficer, auditorTn, undefined])
      assert.ok(canSeeRequest(u, request('public')));
  });

  it('only the current agency (and admins) handle a request; only the requester acts as requester', () => {
    assert.deepEqual(
      [officer, agencyAdmin, otherOfficer, auditorJo, requester, admin].map((u) =>
        canHandleRequest(u, request('public')),
      ),
      [true, true, false, false, false, true],
    );
    assert.deepEqual(
      [requester, otherCitizen, officer, admin].map((u) => canActAsRequester(u, request('public'))),
      [true, false, false, false],
    );
  });

  it('auditors, visitors and others never see who asked', () => {
    for (const u of [auditorJo, auditorAll, otherCitizen, otherOfficer, undefined])
      assert.deepEqual(requesterAsSeenBy(u, request('public')), { masked: true });
    assert.deepEqual(requesterAsSeenBy(officer, request('private')), {
      name: 'Sara',
      email: 'sara@example.org',
    });
  });

  it('property: whoever may not see a request never sees its requester, and an auditor never does', () => {
    const users = fc.constantFrom(...EVERYONE);
    fc.assert(
      fc.property(
        users,
        fc.constantFrom('public' as const, 'private' as const),
        (u, visibility) => {
          const r = request(visibility);
          const identity = requesterAsSeenBy(u, r);
          if (!canSeeRequest(u, r)) assert.deepEqual(identity, { masked: true });
          if (u?.roles.includes('auditor')) assert.deepEqual(identity, { masked: true });
        },
      ),
    );
  });

  it("a private request's words: its parties read them; auditors, other agencies and citizens never", () => {
    const readers = EVERYONE.filter((u) => canReadText(u, request('private')));
    assert.deepEqual(
      readers.map((u) => u?.id),
      ['sara', 'moh-officer', 'moh-admin', 'admin'],
    );
    for (const u of EVERYONE) assert.equal(canReadText(u, request('public')), true);
    // The appeal body's officers read them too, as a party.
    const appealed = { ...request('private'), appealBody: 'JO-MOF' };
    assert.equal(canReadText(otherOfficer, appealed), true);
  });

  it('property: reading the words needs seeing the request; an auditor reads a private one never', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVERYONE),
        fc.constantFrom('public' as const, 'private' as const),
        fc.option(fc.constantFrom('JO-MOF', 'JO-IC'), { nil: null }),
        (u, visibility, appealBody) => {
          const r = { ...request(visibility), appealBody };
          if (canReadText(u, r)) assert.ok(canSeeRequest(u, r));
          if (visibility === 'private' && u?.roles.includes('auditor') && u.roles.length === 1)
            assert.equal(canReadText(u, r), false);
        },
      ),
    );
  });
});
