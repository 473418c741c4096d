import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJurisdictionCalendars } from '../../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { createRequestNotifier } from '../../src/requests/request-event-queue.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { closeQueues, createQueues } from '../../src/platform/queues.ts';
import { applyAction } from '../../src/requests/request-transitions.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { freePort } from '../../scripts/free-port.ts';
import { createRequest, createUser } from '../support/factories.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';

describe('Redis down when a request changes', () => {
  const config = testConfig('redis_down');
  before(() => connectTestDatabase(config));
  after(() => dropTestDatabase());

  it('the change still succeeds and the failure is logged (reconcile repairs the schedule later)', async () => {
    // Nothing listens on this port.
    const port = await freePort(6700);
    const queues = createQueues(
      { host: '127.0.0.1', port, maxRetriesPerRequest: 1, enableOfflineQueue: false },
      config.REDIS_PREFIX,
    );
    for (const queue of Object.values(queues)) queue.on('error', () => undefined);
    const logged: string[] = [];
    const logger = createLogger({ ...config, LOG_LEVEL: 'error' }, 'redis-down');
    logger.error = ((_: unknown, message: string) => {
      logged.push(message);
    }) as typeof logger.error;
    const notifier = createRequestNotifier(queues, logger);
    const officer = await createUser('officer', { agency: 'JO-MOH' });
    const request = await createRequest();
    const started = Date.now();
    const updated = await applyAction(
      { calendars: createJurisdictionCalendars(loadJurisdictions()), notifier },
      {
        id: officer._id.toString(),
        email: officer.email,
        name: officer.name,
        locale: 'en',
        roles: ['officer'],
        confirmed: true,
        authVersion: 0,
        agency: 'JO-MOH',
        jurisdiction: null,
      },
      request.ref,
      'acknowledge',
      {},
      new Date(),
    );
    assert.equal(updated.status, 'acknowledged');
    assert.equal((await RequestModel.findById(request._id).lean())?.version, 2);
    assert.ok(Date.now() - started < 5_000, 'the outage costs at most the queue timeout');
    assert.deepEqual(logged, ['could not queue the mails of a request event']);
    await closeQueues(queues).catch(() => undefined);
  });
});
