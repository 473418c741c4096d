import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RequestEventModel } from '../../src/requests/request-event-model.ts';
import { RequestModel } from '../../src/requests/request-model.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { createUser, PASSWORD } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const FILINGS = 1_000;
const CITIZENS = 10;

describe('1,000 concurrent filings', () => {
  let harness: TestApp;
  let server: Server;
  before(async () => {
    // Ten citizens file 100 each: the hourly filing limit is raised for this file only.
    harness = await startTestApp('filing_load', { FILINGS_PER_HOUR: String(FILINGS) });
    await seedDemoData({});
    // A backlog for a thousand connections arriving at once (the default is 511).
    server = harness.app.listen(0, '127.0.0.1', 2_048);
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  it('get 1,000 unique consecutive refs and 1,000 requests, each with its first event', async () => {
    const citizens = await Promise.all(
      Array.from({ length: CITIZENS }, async () => {
        const agent = request.agent(server);
        const user = await createUser('citizen');
        const res = await agent
          .post('/api/v1/session')
          .send({ email: user.email, password: PASSWORD })
          .expect(200);
        return { agent, csrf: (res.body as { csrfToken: string }).csrfToken };
      }),
    );
    const results = await Promise.all(
      Array.from({ length: FILINGS }, (_, i) => {
        const { agent, csrf } = citizens[i % CITIZENS]!;
        return agent
          .post('/api/v1/requests')
          .set('X-CSRF-Token', csrf)
          .send({
            jurisdiction: 'JO',
            agency: 'JO-MOE',
            subject: `School records ${String(i)}`,
            body: `The enrolment figures of school number ${String(i)} for 2025, by grade.`,
            visibility: 'public',
          });
      }),
    );
    const statuses = new Map<number, number>();
    for (const res of results) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    assert.deepEqual([...statuses], [[201, FILINGS]]);
    const numbers = results
      .map((res) => Number((res.body as { ref: string }).ref.split('-')[2]))
      .sort((a, b) => a - b);
    assert.equal(new Set(numbers).size, FILINGS);
    assert.deepEqual(
      numbers,
      Array.from({ length: FILINGS }, (_, i) => numbers[0]! + i),
    );
    assert.equal(await RequestModel.countDocuments({ agency: 'JO-MOE' }), FILINGS);
    assert.equal(await RequestEventModel.countDocuments({ type: 'submitted', seq: 1 }), FILINGS);
  });
});
