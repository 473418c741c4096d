import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ACTIONS, decide } from '../../src/requests/request-lifecycle.ts';
import { OPEN_STATUSES, REQUEST_STATUSES } from '../../src/requests/request-states.ts';

describe('request lifecycle table', () => {
  it('moves requests along DESIGN §3', () => {
    assert.deepEqual(decide('acknowledge', 'submitted'), {
      allowed: true,
      to: 'acknowledged',
      event: 'acknowledged',
    });
    assert.deepEqual(decide('answer', 'acknowledged'), {
      allowed: true,
      to: 'answered',
      event: 'answered',
    });
    assert.deepEqual(decide('withdraw', 'awaiting_clarification'), {
      allowed: true,
      to: 'withdrawn',
      event: 'withdrawn',
    });
    assert.deepEqual(decide('extend', 'acknowledged', { extensionCount: 0, maxExtensions: 1 }), {
      allowed: true,
      to: 'acknowledged',
      event: 'extended',
    });
  });

  it('refuses what the law or the lifecycle forbids', () => {
    assert.deepEqual(decide('answer', 'withdrawn'), {
      allowed: false,
      reason: 'illegal_transition',
    });
    assert.deepEqual(decide('acknowledge', 'acknowledged'), {
      allowed: false,
      reason: 'illegal_transition',
    });
    assert.deepEqual(decide('extend', 'acknowledged', { extensionCount: 1, maxExtensions: 1 }), {
      allowed: false,
      reason: 'extension_limit',
    });
    assert.deepEqual(decide('extend', 'submitted', { extensionCount: 0, maxExtensions: 0 }), {
      allowed: false,
      reason: 'extension_limit',
    });
  });

  it('property: final statuses accept nothing but an internal note or a takedown; an unanswered request can always be withdrawn and never be withdrawn once answered', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...REQUEST_STATUSES),
        (action, status) => {
          const verdict = decide(action, status, { extensionCount: 0, maxExtensions: 5 });
          if (
            (status === 'withdrawn' || status === 'closed') &&
            action !== 'note' &&
            action !== 'unpublish'
          )
            assert.equal(verdict.allowed, false);
          if (action === 'withdraw')
            assert.equal(verdict.allowed, (OPEN_STATUSES as readonly string[]).includes(status));
        },
      ),
    );
  });
});
