import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_OPERATIONS } from '../../src/http/api-operations.ts';

/**
 * The route table's own rules (src/http/api/api-router.ts derives each route from its
 * declaration): one success status each, one declaration per method and path, and no
 * operation hidden behind an earlier one whose parameter matches its fixed path.
 */
describe('the API route table', () => {
  const key = (op: (typeof API_OPERATIONS)[number]) => `${op.method.toUpperCase()} ${op.path}`;

  it('gives each operation one success status, which the router answers with', () => {
    for (const op of API_OPERATIONS) {
      const statuses = Object.keys(op.responses).map(Number);
      assert.equal(statuses.length, 1, `${key(op)}: ${statuses.join(', ')}`);
      assert.ok(
        statuses.every((s) => s >= 200 && s < 300),
        key(op),
      );
    }
  });

  it('declares each method and path once', () => {
    const keys = API_OPERATIONS.map(key);
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
    );
  });

  it('hides no operation behind an earlier one (a fixed path comes before a parameter)', () => {
    const pattern = (path: string) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}$`);
    const hidden = API_OPERATIONS.flatMap((op, i) =>
      API_OPERATIONS.slice(0, i)
        .filter((earlier) => earlier.method === op.method && pattern(earlier.path).test(op.path))
        .map((earlier) => `${key(op)} behind ${key(earlier)}`),
    );
    assert.deepEqual(hidden, []);
  });

  it('names the roles of every signed-in operation, and of no other', () => {
    for (const op of API_OPERATIONS)
      assert.equal(op.auth === 'session', Boolean(op.roles?.length), key(op));
  });
});
