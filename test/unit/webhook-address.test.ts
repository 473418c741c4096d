import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import {
  AddressRefusedError,
  checkEndpointAddress,
  isPublicAddress,
  portsOf,
  type AddressPolicy,
} from '../../src/webhooks/webhook-address.ts';
import { PUBLIC_TEST_ADDRESS, testResolver } from '../support/test-resolver.ts';

const answers = new Map([
  ['127.0.0.1.nip.io', '127.0.0.1'],
  ['metadata.google.internal', '169.254.169.254'],
  ['inside.example.org', '10.1.2.3'],
  ['v6inside.example.org', 'fd00::1'],
]);
const policy: AddressPolicy = {
  allowLoopback: false,
  ports: portsOf('443,8443'),
  resolve: testResolver(answers),
};
const reason = async (url: string) => {
  try {
    await checkEndpointAddress(url, policy);
    return 'allowed';
  } catch (error) {
    return error instanceof AddressRefusedError ? error.reason : String(error);
  }
};

/**
 * Webhook addresses (issue 30): each address the review got accepted is now
 * refused, by the address it reaches rather than the text of the URL.
 */
describe('where a webhook may be delivered', () => {
  it('refuses every address that is not public unicast', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '198.18.0.1',
      '0.0.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      '2001:db8::1',
      'ff02::1',
    ])
      assert.equal(isPublicAddress(address), false, address);
    for (const address of [PUBLIC_TEST_ADDRESS, '8.8.8.8', '2606:4700:4700::1111'])
      assert.equal(isPublicAddress(address), true, address);
  });

  it('refuses what the review registered, and takes an agency’s public HTTPS server', async () => {
    const refused: [string, string][] = [
      ['https://127.0.0.1/hook', 'address'],
      ['https://100.64.0.1/hook', 'address'],
      ['https://198.18.0.1/hook', 'address'],
      ['https://0.0.0.1/hook', 'address'],
      ['https://2130706433/hook', 'address'],
      ['https://[::ffff:127.0.0.1]/hook', 'address'],
      ['https://[64:ff9b::7f00:1]/hook', 'address'],
      ['https://127.0.0.1.nip.io/hook', 'address'],
      ['https://metadata.google.internal/computeMetadata', 'address'],
      ['https://inside.example.org/hook', 'address'],
      ['https://v6inside.example.org/hook', 'address'],
      [`https://${hostname()}/hook`, 'unresolved'],
      ['https://user:secret@hooks.example.org/hook', 'credentials'],
      ['https://hooks.example.org:22/hook', 'port'],
      ['http://hooks.example.org/hook', 'scheme'],
    ];
    for (const [url, why] of refused) assert.equal(await reason(url), why, url);
    assert.equal(await reason('https://hooks.example.org/haqq-events'), 'allowed');
    assert.equal(await reason('https://hooks.example.org:8443/haqq-events'), 'allowed');
  });

  it('refuses this machine’s own name and addresses when the resolver gives them', async () => {
    const own = new Map([[hostname(), '127.0.1.1']]);
    const onHost = { ...policy, resolve: testResolver(own) };
    await assert.rejects(
      checkEndpointAddress(`https://${hostname()}/hook`, onHost),
      AddressRefusedError,
    );
  });

  it('with WEBHOOK_ALLOW_LOOPBACK (development, tests) reaches this machine over HTTP', async () => {
    const local = { ...policy, allowLoopback: true };
    await checkEndpointAddress('http://127.0.0.1:4000/hook', local);
    await checkEndpointAddress('http://receiver.test:4000/hook', local);
    await assert.rejects(
      checkEndpointAddress('http://user:pw@127.0.0.1:4000/hook', local),
      AddressRefusedError,
    );
  });
});
