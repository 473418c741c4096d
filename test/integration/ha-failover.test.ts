import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  haDatabaseRunning,
  nodeStates,
  provisionHaDatabase,
  restartNode,
  signalNode,
  stopHaDatabase,
  waitHealthy,
  type HaNode,
} from '../../scripts/ha-postgres.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, fileThroughApi, postFiling, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { withDatabase } from '../support/test-env.ts';

/**
 * The high-availability profile's database (scripts/ha-postgres.ts): a filing is
 * acknowledged, the primary node is killed whole (keeper and PostgreSQL, SIGKILL,
 * not restarted), and filing through the same FerretDB works again once
 * pg_auto_failover has promoted the standby — meanwhile every answer is a 503
 * with Retry-After, never a 500 — and the first filing is still there. The full
 * drills, under load, are `npm run bench -- ha`.
 */
describe('a PostgreSQL failover under FerretDB', () => {
  let harness: TestApp;
  let killed: HaNode | undefined;
  /** Started by this test (not by `npm run services -- --ha`): stopped after it, so that the
   * timing tests of test/quiet/ that follow run on a quiet machine. */
  let startedHere = false;
  before(async () => {
    startedHere = !haDatabaseRunning();
    const [engine = ''] = await provisionHaDatabase();
    await waitHealthy();
    harness = await startTestApp('ha_failover', {
      MONGODB_URI: withDatabase(engine, `haqq_t_ha_failover_${String(process.pid)}`),
      FILINGS_PER_HOUR: '1000',
    });
    // The agencies a filing names.
    await seedDemoData({});
  });
  after(async () => {
    // The node back as a standby, for the next run.
    if (killed) await restartNode(killed);
    await waitHealthy();
    await harness.close();
    if (startedHere) await stopHaDatabase();
  });

  it('loses no acknowledged filing and files again after the standby is promoted', async () => {
    const citizen = await createUser('citizen');
    const agent = await signIn(harness.app, citizen.email);
    const before = await fileThroughApi(agent);

    const primary = (await nodeStates()).find((n) => n.reported === 'primary');
    assert.ok(primary, 'a primary to kill');
    killed = primary.name;
    signalNode(primary.name, 'SIGKILL');
    const killedAt = Date.now();

    let afterRef: string | undefined;
    const unavailable: number[] = [];
    for (let attempt = 1; !afterRef && Date.now() - killedAt < 90_000; attempt += 1) {
      const res = await postFiling(agent, {
        subject: `Filed during the failover, attempt ${String(attempt)}`,
      });
      if (res.status === 201) afterRef = (res.body as { ref: string }).ref;
      else {
        assert.equal(res.status, 503, `attempt ${String(attempt)}: ${JSON.stringify(res.body)}`);
        assert.ok(res.headers['retry-after'], 'a 503 says when to try again');
        unavailable.push(res.status);
        await sleep(500);
      }
    }
    assert.ok(afterRef, 'a filing succeeds within 90 s of the primary’s loss');
    // The lost node's row still says what it last reported ("primary"): look at the other.
    const promoted = (await nodeStates()).find((n) => n.name !== killed);
    assert.ok(
      promoted && ['primary', 'wait_primary'].includes(promoted.reported),
      `the standby was promoted (${JSON.stringify(promoted)})`,
    );
    for (const ref of [before, afterRef])
      assert.ok(await RequestModel.exists({ ref }), `${ref} is in the database`);
  });
});
