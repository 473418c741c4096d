import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { settleAfterResponse } from '../../src/platform/after-response.ts';
import { createUser } from '../support/factories.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';

const SAMPLES = 7;
/** Known and unknown addresses must answer alike: the medians within this factor. */
const MAX_RATIO = 1.6;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * Whether an address has an account must not show in how long an answer
 * takes: a password reset and the failed sign-in that locks an account do the
 * same work before answering, known address or not (the mail goes after).
 * Measured as a ratio of medians, alternating known and unknown samples.
 */
describe('reset and lockout answer as fast for an unknown address as for a known one', () => {
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  before(async () => {
    harness = await startTestAppWithMailbox('account_timing');
  });
  after(() => harness.close());

  /** Each sample starts from clean limits and with the previous sample's mail sent. */
  const fresh = async () => {
    await settleAfterResponse();
    const keys = await harness.redis.keys(`${harness.config.REDIS_PREFIX}:rl:*`);
    if (keys.length > 0) await harness.redis.del(...keys);
  };
  const timed = async (call: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await call();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const ratio = (known: number[], unknown: number[]) => {
    const [a, b] = [median(known), median(unknown)];
    return { ratio: Math.max(a, b) / Math.min(a, b), detail: `known ${a} ms, unknown ${b} ms` };
  };

  it('a password reset', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    const reset = (email: string) =>
      request(harness.app).post('/api/v1/password-resets').send({ email }).expect(202);
    await reset('warm-up@example.org');
    for (let i = 0; i < SAMPLES; i += 1) {
      const user = await createUser('citizen');
      await fresh();
      known.push(await timed(() => reset(user.email)));
      await fresh();
      unknown.push(await timed(() => reset(`nobody-${String(i)}@example.org`)));
    }
    await settleAfterResponse();
    assert.equal(
      harness.mailbox.messages().filter((m) => /reset/i.test(m.subject)).length,
      SAMPLES,
      'a reset mail for each known address',
    );
    const { ratio: r, detail } = ratio(known, unknown);
    console.log('RATIO reset', r.toFixed(2), detail);
    assert.ok(r < MAX_RATIO, `reset timing differs by ${r.toFixed(2)}× (${detail})`);
  });

  it('the fifth failed sign-in, which locks the account', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    const fail = (email: string, status: number) =>
      request(harness.app)
        .post('/api/v1/session')
        .send({ email, password: 'not the password' })
        .expect(status);
    const fifth = async (email: string) => {
      for (let i = 0; i < 4; i += 1) await fail(email, 401);
      return timed(() => fail(email, 429));
    };
    for (let i = 0; i < SAMPLES; i += 1) {
      const user = await createUser('citizen');
      await fresh();
      known.push(await fifth(user.email));
      await fresh();
      unknown.push(await fifth(`ghost-${String(i)}@example.org`));
    }
    await settleAfterResponse();
    assert.equal(
      harness.mailbox.messages().filter((m) => /locked/i.test(m.subject)).length,
      SAMPLES,
      'a lockout mail for each known account',
    );
    const { ratio: r, detail } = ratio(known, unknown);
    console.log('RATIO lockout', r.toFixed(2), detail);
    assert.ok(r < MAX_RATIO, `lockout timing differs by ${r.toFixed(2)}× (${detail})`);
  });
});
