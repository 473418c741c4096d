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

  it('visitors are sent to sign in, officers refused, admins see every queue', async () => {
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
    assert.deepEqual(names, ['deadlines', 'documents', 'events', 'mail', 'stats', 'webhooks']);
  });

  it("the dashboard's own buttons work from its page (same Origin), and only from there", async () => {
    const admin = await signIn(harness.app, (await createUser('admin')).email);
    await admin.agent.put('/admin/queues/api/queues/mail/pause').expect(403);
    await admin.agent
      .put('/admin/queues/api/queues/mail/pause')
      .set('Origin', 'https://evil.example')
      .expect(403);
    await admin.agent
      .put('/admin/queues/api/queues/mail/pause')
      .set('Origin', 'http://haqq.example')
      .expect((res) => {
        assert.ok(res.status < 300, String(res.status));
      });
    await admin.agent
      .put('/admin/queues/api/queues/mail/resume')
      .set('Origin', 'http://haqq.example')
      .expect((res) => {
        assert.ok(res.status < 300, String(res.status));
      });
  });
});
