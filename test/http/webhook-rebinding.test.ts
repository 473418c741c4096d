import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoData } from '../../src/seed/seed.ts';
import { WebhookDeliveryModel } from '../../src/webhooks/webhook-model.ts';
import { createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { startTestAppWithMailbox } from '../support/test-app.ts';
import { PUBLIC_TEST_ADDRESS, testResolver } from '../support/test-resolver.ts';

/**
 * A webhook name that changes its answer after registration (DNS rebinding,
 * issue 30): every delivery resolves it again and checks the address it will
 * connect to, so a name that now points inside is refused, and the log says
 * "refused" and nothing of the connection.
 */
describe('webhook deliveries check the address again each time', () => {
  const answers = new Map([['rebind.example.org', PUBLIC_TEST_ADDRESS]]);
  let harness: Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  before(async () => {
    harness = await startTestAppWithMailbox('webhook-rebinding', {
      queues: ['events', 'mail', 'webhooks'],
      overrides: { WEBHOOK_ATTEMPTS: '1', WEBHOOK_TIMEOUT_MS: '2000' },
      resolveHost: testResolver(answers),
    });
    await seedDemoData({});
  });
  after(() => harness.close());

  it('refuses a delivery to a name that now resolves to this machine', async () => {
    const admin = await signIn(
      harness.app,
      (await createUser('agency_admin', { agency: 'JO-MOH' })).email,
    );
    const citizen = await signIn(harness.app, (await createUser('citizen')).email);
    await admin.agent
      .post('/api/v1/webhooks')
      .set('X-CSRF-Token', admin.csrf)
      .send({ url: 'https://rebind.example.org/hook', events: ['submitted'] })
      .expect(201);
    // After registration the name's answer changes to the loopback address.
    answers.set('rebind.example.org', '127.0.0.1');
    await fileThroughApi(citizen, { visibility: 'private' });
    const delivery = await eventually('the delivery attempt', () =>
      WebhookDeliveryModel.findOne({})
        .lean()
        .then((found) => found ?? undefined),
    );
    assert.equal(delivery.ok, false);
    assert.equal(delivery.responseCode ?? null, null);
    assert.equal(delivery.error, 'refused');
  });
});
