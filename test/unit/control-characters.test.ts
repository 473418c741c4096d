import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { portalRequestBody } from '../../src/portals/portal-request-body.ts';
import { ACTION_BODIES } from '../../src/requests/request-action-bodies.ts';
import { filingBody } from '../../src/requests/request-schemas.ts';

/**
 * Free texts never carry a control character to the database: the portal
 * intake's fuzz test sent a description of one NUL and got a 500 (the local
 * engine's PostgreSQL stores no NUL). Every multi-line text keeps its line
 * breaks and turns every other control character into a space.
 */
describe('control characters in free texts', () => {
  it('become spaces in a filing’s text, a message, an answer’s reason and a portal’s description', () => {
    const filing = filingBody.parse({
      jurisdiction: 'JO',
      agency: 'JO-MOH',
      subject: 'Hospital budgets',
      body: 'Line one\u0000 with a NUL,\r\nand a tab\there, long enough.',
      visibility: 'public',
    });
    assert.equal(filing.body, 'Line one  with a NUL, \nand a tab here, long enough.');
    assert.equal(ACTION_BODIES.message.parse({ message: 'a\u0000b\u0007c' }).message, 'a b c');
    assert.equal(
      ACTION_BODIES.answer.parse({ outcome: 'granted', reason: '\u0000ok' }).reason,
      'ok',
    );
    const portal = portalRequestBody.parse({ request_id: 1, request_description: 'x\u0000y' });
    assert.equal(portal.request_description, 'x y');
    assert.equal(
      portalRequestBody.safeParse({ request_id: 1, request_description: '\u0000' }).success,
      false,
    );
  });

  it('whatever the text, what is kept holds no control character but the line break', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), (text) => {
        const parsed = ACTION_BODIES.message.safeParse({ message: text });
        if (parsed.success) assert.doesNotMatch(parsed.data.message, /[^\P{Cc}\n]/u);
      }),
    );
  });
});
