import type { Resolver } from '../../src/webhooks/webhook-address.ts';

/** A public address the tests give names that stand for an agency's server (example.com's). */
export const PUBLIC_TEST_ADDRESS = '93.184.216.34';

/**
 * The resolver the tests inject (no outside DNS here): names under example.org,
 * example.com or example stand for public servers; `receiver.test` is this
 * machine; `answers` maps further names (a test changes them to play DNS
 * rebinding); anything else is not found.
 */
export function testResolver(answers: Map<string, string> = new Map()): Resolver {
  return (hostname) => {
    const given = answers.get(hostname);
    if (given) return Promise.resolve([{ address: given, family: given.includes(':') ? 6 : 4 }]);
    if (hostname === 'receiver.test') return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    if (/(^|\.)example(\.org|\.com)?$/.test(hostname))
      return Promise.resolve([{ address: PUBLIC_TEST_ADDRESS, family: 4 }]);
    return Promise.reject(
      Object.assign(new Error(`not found: ${hostname}`), { code: 'ENOTFOUND' }),
    );
  };
}
