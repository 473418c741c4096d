import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createUser, signIn } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('the queue dashboard (@bull-board) is for admins only', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('queue_dashboard', { BASE_URL: 'http://haqq.example' });
  });
  after(() => harness.close());

  it('visitors are sent to sign in, officers refused, admins see both queues', async () => {
    const anonymous = await request(harness.app).get('/admin/queues').expect(303);
    assert.match(String(anonymous.headers.location), /^\/login\?next=/);
    await request(harness.app)
      .get('/admin/queues/api/queues')
      .set('Accept', 'application/json')
      .expect(401);
    const officer = await signIn(
      harness.app,
      (await createUser('officer', { agency: 'JO-MOH' })).email,
    );
    await officer.agent.get('/admin/queues').expect(403);
    await officer.agent
      .get('/admin/queues/api/queues')
      .set('Accept', 'application/json')
      .expect(403);
    const admin = await signIn(harness.app, (await createUser('admin')).email);
    const page = await admin.agent.get('/admin/queues').expect(200);
    assert.match(page.text, /<div id="root">/);
    const api = await admin.agent.get('/admin/queues/api/queues').expect(200);
    const names = (api.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    assert.deepEqual(names, ['deadlines', 'mail']);
  });
});
