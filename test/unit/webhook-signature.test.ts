import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { signatureHeader, verifySignature } from '../../src/webhooks/webhook-signature.ts';

describe('webhook signatures', () => {
  const at = new Date('2026-11-30T12:00:00Z');

  it('a signed body verifies within five minutes, and not after', () => {
    const header = signatureHeader('whsec_1', '{"id":"1"}', at);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.equal(verifySignature(header, '{"id":"1"}', 'whsec_1', at), true);
    assert.equal(
      verifySignature(header, '{"id":"1"}', 'whsec_1', new Date(at.getTime() + 299_000)),
      true,
    );
    assert.equal(
      verifySignature(header, '{"id":"1"}', 'whsec_1', new Date(at.getTime() + 301_000)),
      false,
    );
  });

  it('the HMAC is the documented one: hex HMAC-SHA256 of "<t>.<raw body>"', () => {
    // Computed apart: printf '1764504000.{}' | openssl dgst -sha256 -hmac s
    assert.equal(
      signatureHeader('s', '{}', new Date(1_764_504_000_000)),
      't=1764504000,v1=d41b720bb5c1a47e311d81f2e2b1fabe702463679f2e03737146eceafa49ff7e',
    );
  });

  it('any change of body, secret or time breaks it; malformed headers never verify', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (body, other, secret) => {
        const header = signatureHeader(secret, body, at);
        assert.equal(verifySignature(header, body, secret, at), true);
        if (other !== body) assert.equal(verifySignature(header, other, secret, at), false);
        assert.equal(verifySignature(header, body, `${secret}x`, at), false);
      }),
    );
    for (const header of [undefined, '', 't=', 'v1=00', 't=abc,v1=00', 'garbage'])
      assert.equal(verifySignature(header, '{}', 's', at), false);
  });
});
