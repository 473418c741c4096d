import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { openApiPath } from '../../src/http/api/openapi-document.ts';
import { routesOf } from '../support/routes.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The OpenAPI document: valid OpenAPI 3.1 (checked by a real validator
 * library), every API route in it and nothing else, and its readable
 * reference in both languages. (Every response of the HTTP tests is checked
 * against it as they run: test/support/contract.ts.)
 */
describe('the OpenAPI contract', () => {
  let harness: TestApp;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, { summary: string; 'x-summary-ar': string }>>;
  };
  before(async () => {
    harness = await startTestApp('openapi');
    document = (await request(harness.app).get('/api/v1/openapi.json').expect(200))
      .body as typeof document;
  });
  after(() => harness.close());

  it('is valid OpenAPI 3.1', async () => {
    assert.equal(document.openapi, '3.1.0');
    const result = await new Validator().validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors ?? null, null, 1).slice(0, 3000));
  });

  it('lists every API route of the app, and only those', () => {
    const routes = routesOf(harness.app)
      .filter((route) => / \/api\/(v1|portal)\//.test(route))
      .map((route) => {
        const [method = '', path = ''] = route.split(' ');
        return `${method.toLowerCase()} ${openApiPath(path)}`;
      })
      .sort();
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m} ${path}`))
      .sort();
    assert.deepEqual(
      routes.filter((r) => !documented.includes(r)),
      [],
      'routes missing from the document',
    );
    assert.deepEqual(
      documented.filter((d) => !routes.includes(d)),
      [],
      'documented operations with no route',
    );
    for (const operations of Object.values(document.paths))
      for (const op of Object.values(operations)) {
        assert.ok(op.summary, 'an English summary');
        assert.match(op['x-summary-ar'], /[\u0600-\u06FF]/, `an Arabic summary for ${op.summary}`);
      }
  });

  it('every JSON answer is checked against it as the tests run, and a drift is caught', async () => {
    const contract = harness.contract;
    assert.ok(contract);
    const before = contract.checked;
    await request(harness.app).get('/api/v1/jurisdictions').expect(200);
    await request(harness.app).get('/api/v1/requests/JO-2026-999999').expect(404);
    assert.equal(contract.checked, before + 2);
    assert.deepEqual(contract.violations, []);
    // A response that left the document: caught, named by route and status.
    contract.observe(
      { method: 'GET', path: '/api/v1/jurisdictions', route: { path: '/api/v1/jurisdictions' } },
      200,
      { countries: [] },
    );
    contract.observe(
      { method: 'GET', path: '/api/v1/nope', route: { path: '/api/v1/nope' } },
      200,
      {},
    );
    const caught: string[] = [...contract.violations];
    assert.equal(caught.length, 2);
    assert.match(caught[0] ?? '', /^GET \/api\/v1\/jurisdictions 200: .*jurisdictions/);
    assert.match(caught[1] ?? '', /not in the OpenAPI document/);
    contract.violations.length = 0;
  });

  it('its reference page reads in both languages', async () => {
    const en = await request(harness.app)
      .get('/api/docs')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(en.text, /API reference/);
    // A contents page, then one page per part of the API.
    assert.match(en.text, /href="\/api\/docs\/integration">Integration: portals and webhooks<\/a>/);
    const integration = await request(harness.app)
      .get('/api/docs/integration')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(integration.text, /\/api\/portal\/components\/\{agencyCode\}\/requests/);
    const requests = await request(harness.app)
      .get('/api/docs/requests')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(requests.text, /Signed in as: officer/);
    assert.match(requests.text, /rel="next"/);
    await request(harness.app).get('/api/docs/nothing').expect(404);
    const ar = await request(harness.app)
      .get('/api/docs')
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(ar.text, /مرجع الواجهة البرمجية/);
    assert.match(ar.text, /dir="rtl"/);
  });
});
