import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { creatorGrants, TOKEN_ROLES, type TokenScope } from '../../src/users/api-token-store.ts';
import { ROLES } from '../../src/users/user-model.ts';
import type { SessionUser } from '../../src/users/user-store.ts';

const creator = (
  roles: SessionUser['roles'],
  agency: string | null = null,
  jurisdiction: string | null = null,
): SessionUser => ({
  id: '650000000000000000000001',
  email: 'creator@example.org',
  name: 'Creator',
  locale: 'en',
  roles,
  agency,
  jurisdiction,
  confirmed: true,
  authVersion: 0,
});
const scope = (
  role: TokenScope['role'],
  agency: string | null = null,
  jurisdiction: string | null = null,
): TokenScope => ({ name: 'integration', role, agency, jurisdiction });

describe('an API token acts only within its creator’s rights as they are now', () => {
  it('hand-picked cases', () => {
    assert.equal(creatorGrants(creator(['admin']), scope('officer', 'JO-MOH')), true);
    assert.equal(creatorGrants(creator(['citizen']), scope('officer', 'JO-MOH')), false);
    assert.equal(creatorGrants(creator(['officer'], 'JO-MOH'), scope('officer', 'JO-MOH')), true);
    // Moved to another agency, or the token is for another one.
    assert.equal(creatorGrants(creator(['officer'], 'JO-MOF'), scope('officer', 'JO-MOH')), false);
    // An agency-bound role needs an agency.
    assert.equal(creatorGrants(creator(['officer'], 'JO-MOH'), scope('officer')), false);
    assert.equal(
      creatorGrants(creator(['auditor'], null, 'JO'), scope('auditor', null, 'JO')),
      true,
    );
    assert.equal(creatorGrants(creator(['auditor'], null, 'JO'), scope('auditor')), false);
    assert.equal(creatorGrants(creator(['auditor']), scope('auditor', null, 'TN')), true);
  });

  it('property: without admin, a token never grants a role its creator lacks', () => {
    fc.assert(
      fc.property(
        fc.subarray([...ROLES].filter((role) => role !== 'admin')),
        fc.constantFrom(...TOKEN_ROLES),
        fc.option(fc.constantFrom('JO-MOH', 'JO-MOF'), { nil: null }),
        fc.option(fc.constantFrom('JO-MOH', 'JO-MOF'), { nil: null }),
        (roles, role, mine, its) => {
          const granted = creatorGrants(creator(roles, mine), scope(role, its));
          if (granted) {
            assert.ok((roles as string[]).includes(role));
            if (its !== null) assert.equal(its, mine);
          }
        },
      ),
    );
  });
});
