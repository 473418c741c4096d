import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import request from 'supertest';
import { z } from 'zod';
import { API_OPERATIONS } from '../../src/http/api-operations.ts';
import type { ApiOperation } from '../../src/http/api/api-operation.ts';
import { createPortal } from '../../src/portals/portal-service.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import type { Role } from '../../src/users/user-model.ts';
import { createUser, fileThroughApi, signIn } from './factories.ts';
import { routesOf } from './routes.ts';
import { arbitraryFor } from './schema-arbitrary.ts';
import { startTestApp, type TestApp } from './test-app.ts';

/**
 * Fuzzing (issue 20): every JSON route and every form, with inputs generated
 * from the zod schemas the routes validate with (test/support/schema-arbitrary.ts),
 * sent by each role the route admits, with malformed percent-encoding in path
 * parameters and bodies nested 20,000 deep among them: never a 5xx, no
 * unhandled rejection, and the app still ready after. FUZZ_RUNS cases per route (300 here; the
 * benchmark `npm run bench -- fuzz` runs 10,000).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Only the routes matching this pattern (`npm run bench -- fuzz` may narrow the run). */
const ONLY = new RegExp(process.env.FUZZ_ROUTES ?? '');
/** Statuses seen per route, printed at the end when FUZZ_REPORT is set. */
const seen = new Map<string, Map<number, number>>();
const count = (route: string, status: number) => {
  const statuses = seen.get(route) ?? new Map<number, number>();
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  seen.set(route, statuses);
};
/** Routes that end the session every later case signs in with. */
const SKIPPED = new Set(['DELETE /api/v1/session', 'POST /logout']);
const ROLES: readonly Role[] = ['citizen', 'officer', 'agency_admin', 'auditor', 'admin'];
type Session = Awaited<ReturnType<typeof signIn>>;
/** Path parameters whose percent-encoding decodes to nothing valid: sent as they are (a 400). */
const MALFORMED = new Set(['%ZZ', '%E0%A4%A', '%', '%C0%AF']);
/** A body nested 20,000 deep, as text (a 400 where it is read). */
const DEEP_BODY = `{"a":${'['.repeat(20_000)}1${']'.repeat(20_000)}}`;

/** The few good values of some fields, so that generated inputs get past "unknown agency". */
const HINTS = {
  jurisdiction: ['JO'],
  email: ['fuzz@example.org', 'صالح@example.org'],
  subject: ['Hospital budgets 2025', 'ميزانيات المستشفيات'],
  agency: ['JO-MOH'],
  agencies: [['JO-MOH']],
  outcome: ['granted', 'partial', 'refused'],
  visibility: ['public', 'private'],
};

/**
 * Declares the fuzzing of one part of the app: the JSON API's operations, or the
 * forms. The two parts are two test files, so that they run in two processes
 * side by side (in one, the app and its callers share one core: 6 minutes).
 */
export async function fuzzSuite(part: 'api' | 'forms'): Promise<void> {
  // Built before the tests are declared: the forms are read from the app's own router.
  const harness: TestApp = await startTestApp(`fuzz-${part}`, { FILINGS_PER_HOUR: '1000000' });
  const FORMS = routesOf(harness.app)
    .filter((route) => route.startsWith('POST /') && !route.startsWith('POST /api/'))
    .filter((route) => !SKIPPED.has(route));

  describe(
    `fuzzing every ${part === 'api' ? 'API operation' : 'form'} from its schemas`,
    { concurrency: 4 },
    () => {
      const sessions = new Map<Role, Session>();
      let refs: string[] = [];
      let portalSecret = '';
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => {
        rejections.push(reason);
      };
      before(async () => {
        process.on('unhandledRejection', onRejection);
        await seedDemoData({});
        for (const role of ROLES) {
          const extra =
            role === 'officer' || role === 'agency_admin'
              ? { agency: 'JO-MOH' }
              : role === 'auditor'
                ? { jurisdiction: 'JO' }
                : {};
          sessions.set(role, await signIn(harness.app, (await createUser(role, extra)).email));
        }
        const citizen = sessions.get('citizen')!;
        refs = [
          await fileThroughApi(citizen, { subject: 'Fuzzed, public' }),
          await fileThroughApi(citizen, { subject: 'Fuzzed, private', visibility: 'private' }),
        ];
        portalSecret = (await createPortal({ name: 'Fuzz portal', agencies: [] }, null)).secret;
      });
      // Afterwards (the cases run four at a time, so this is the one place that is after them all):
      // no unhandled rejection, and the app is still ready.
      after(async () => {
        process.off('unhandledRejection', onRejection);
        const ready = await request(harness.app).get('/readyz');
        await harness.close();
        if (process.env.FUZZ_REPORT)
          for (const [route, statuses] of seen)
            console.log(
              `${route.padEnd(60)} ${[...statuses]
                .sort(([a], [b]) => a - b)
                .map(([s, n]) => `${String(s)}×${String(n)}`)
                .join(' ')}`,
            );
        assert.equal(ready.status, 200);
        assert.deepEqual(rejections, []);
      });

      /** A path parameter: mostly a real value (a ref, an agency, a country), else anything. */
      const paramArbitrary = (name: string): fc.Arbitrary<string> => {
        const real: Record<string, readonly string[]> = {
          ref: refs,
          code: ['JO', 'TN', 'JO-MOH'],
          agencyCode: ['JO-MOH', 'TN-MS'],
          jurisdiction: ['JO', 'MA'],
          agency: ['JO-MOH'],
          locale: ['ar', 'en'],
          numerals: ['arab', 'latn'],
          action: ['acknowledge', 'answer', 'extend'],
        };
        const known = real[name];
        return fc.oneof(
          ...(known?.length ? [{ weight: 3, arbitrary: fc.constantFrom(...known) }] : []),
          { weight: 2, arbitrary: fc.stringMatching(/^[0-9a-f]{24}$/) },
          { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
          { weight: 1, arbitrary: fc.constantFrom(...MALFORMED) },
        );
      };
      const pathOf = (pattern: string, params: Record<string, string>) =>
        pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
          const value = params[name] ?? 'x';
          return MALFORMED.has(value) ? value : encodeURIComponent(value);
        });
      const paramsArbitrary = (pattern: string) =>
        fc.record(
          Object.fromEntries(
            [...pattern.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => [
              name!,
              paramArbitrary(name!),
            ]),
          ),
        );
      const who = (
        operation: Pick<ApiOperation, 'auth' | 'roles'>,
      ): fc.Arbitrary<Role | 'anonymous'> =>
        operation.auth === 'session'
          ? fc.constantFrom(...(operation.roles ?? ROLES))
          : fc.constantFrom<Role | 'anonymous'>('anonymous', 'citizen');
      const failure = (status: number, text: string) =>
        `answered ${String(status)}: ${text.slice(0, 300)}`;

      for (const operation of part === 'api' ? API_OPERATIONS : []) {
        const key = `${operation.method.toUpperCase()} ${operation.path}`;
        if (SKIPPED.has(key) || !ONLY.test(key)) continue;
        it(`${key}: ${String(RUNS)} generated inputs, never a 5xx`, async () => {
          const body = arbitraryFor(operation.body, HINTS);
          const query = arbitraryFor(operation.query, HINTS);
          await fc.assert(
            fc.asyncProperty(
              paramsArbitrary(operation.path),
              query,
              body,
              who(operation),
              fc.integer({ min: 0, max: 19 }),
              async (params, q, b, role, dice) => {
                const session = role === 'anonymous' ? undefined : sessions.get(role);
                const agent = session?.agent ?? request(harness.app);
                let call = agent[operation.method](pathOf(operation.path, params));
                if (session) call = call.set('X-CSRF-Token', session.csrf);
                if (operation.auth === 'portal') call = call.set('FOIA-API-SECRET', portalSecret);
                if (q && typeof q === 'object') call = call.query(q as Record<string, string>);
                // One body in twenty nests 20,000 deep.
                if (b !== undefined)
                  call = call
                    .set('Content-Type', 'application/json')
                    .send(dice === 0 ? DEEP_BODY : JSON.stringify(b));
                const res = await call;
                count(key, res.status);
                assert.ok(res.status < 500, failure(res.status, res.text));
              },
            ),
            { numRuns: RUNS },
          );
        });
      }

      /** Every field name any schema knows: a form gets some of them, with anything as values. */
      const fieldNames = [
        ...new Set(
          API_OPERATIONS.flatMap((operation) => {
            const json = operation.body
              ? (z.toJSONSchema(operation.body, { io: 'input', unrepresentable: 'any' }) as {
                  properties?: object;
                  anyOf?: { properties?: object }[];
                })
              : {};
            return [json, ...(json.anyOf ?? [])].flatMap((s) => Object.keys(s.properties ?? {}));
          }),
        ),
        'message',
        'note',
        'outcome',
        'query',
        'name',
      ];
      const formValue = fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom(
          '',
          'JO',
          'JO-MOH',
          'granted',
          'public',
          'on',
          '2026-12-31',
          'x'.repeat(5_000),
        ),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      );
      const formBody = fc.dictionary(fc.constantFrom(...fieldNames), formValue, { maxKeys: 8 });

      if (part === 'forms')
        it('every form of the app is fuzzed', () => {
          assert.ok(FORMS.length > 30, `only ${String(FORMS.length)} forms found`);
        });
      for (const route of part === 'forms' ? FORMS.filter((form) => ONLY.test(form)) : []) {
        const pattern = route.slice('POST '.length);
        it(`${route} (form): ${String(RUNS)} generated bodies, with and without a session, never a 5xx`, async () => {
          await fc.assert(
            fc.asyncProperty(
              paramsArbitrary(pattern),
              formBody,
              fc.constantFrom<Role | 'anonymous'>('anonymous', ...ROLES),
              async (params, fields, role) => {
                const session = role === 'anonymous' ? undefined : sessions.get(role);
                const agent = session?.agent ?? request(harness.app);
                const res = await agent
                  .post(pathOf(pattern, params))
                  .set('Accept', 'text/html')
                  .type('form')
                  .send({ ...fields, _csrf: session?.csrf ?? 'none' });
                count(route, res.status);
                assert.ok(res.status < 500, `${route} ${failure(res.status, res.text)}`);
              },
            ),
            { numRuns: RUNS },
          );
        });
      }
    },
  );
}
