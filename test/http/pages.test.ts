import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The stable code of a JSON error body. */
function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } }).error?.code;
}

describe('pages', () => {
  let harness: TestApp;
  before(async () => {
    harness = await startTestApp('pages');
    await seedDemoData({});
  });
  after(() => harness.close());

  it('the start page says what Haqq is, and leads to searching, filing and the records', async () => {
    const res = await request(harness.app).get('/').set('Cookie', 'haqq_lang=en').expect(200);
    assert.match(res.text, /<h1>Ask a public agency for the information it holds<\/h1>/);
    assert.match(res.text, /<title>Ask public agencies for information · Haqq<\/title>/);
    assert.match(res.text, /<form method="get" action="\/search"[^>]*role="search"/);
    assert.match(
      res.text,
      /<a class="button button--start" href="\/requests\/new">Make a request<\/a>/,
    );
    // How it works, with each filing country's period, as its law says.
    assert.match(res.text, /<a href="\/jurisdictions\/JO">Jordan<\/a>: 15 working days/);
    assert.match(res.text, /Latest published answers/);
    assert.match(res.text, /<a href="\/statistics\/JO">Jordan<\/a>: /);
    assert.match(res.text, /href="\/agencies">All agencies, by country/);
    const ar = await request(harness.app).get('/').set('Cookie', 'haqq_lang=ar').expect(200);
    assert.match(ar.text, /<html lang="ar" dir="rtl"[ >]/);
    assert.match(ar.text, /قدّم طلبًا/);
  });

  it('the directory lists the agencies of each jurisdiction in Arabic, right to left', async () => {
    const res = await request(harness.app)
      .get('/agencies')
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(res.text, /<html lang="ar" dir="rtl"[ >]/);
    assert.match(res.text, /الجهات العامة/);
    assert.match(res.text, /الأردن/);
    assert.match(res.text, /وزارة الصحة/);
    assert.match(res.text, /href=['"]\/lang\/en\?next=%2Fagencies['"]/);
  });

  it('a page in Jordan’s voice writes its words in its digits; the footer’s choices keep their own', async () => {
    const res = await request(harness.app)
      .get('/jurisdictions/JO')
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(res.text, /<html lang="ar" dir="rtl" data-digits="arab">/);
    assert.match(res.text, />الهندية \(١٢٣\)<\/a>/);
    assert.match(res.text, />العربية \(123\)<\/a>/);
  });

  it('the directory is in English, left to right, when the cookie says so', async () => {
    const res = await request(harness.app)
      .get('/agencies')
      .set('Cookie', 'haqq_lang=en')
      .expect(200);
    assert.match(res.text, /<html lang="en" dir="ltr"[ >]/);
    assert.match(res.text, /Public agencies/);
    assert.match(res.text, /Ministry of Water and Irrigation/);
    for (const country of ['Jordan', 'Tunisia', 'Morocco', 'Lebanon'])
      assert.match(res.text, new RegExp(country));
  });

  it('follows Accept-Language when no cookie is set, else the default (Arabic)', async () => {
    const en = await request(harness.app)
      .get('/')
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .expect(200);
    assert.match(en.text, /<html lang="en"/);
    const none = await request(harness.app).get('/').expect(200);
    assert.match(none.text, /<html lang="ar" dir="rtl"[ >]/);
  });

  it('the language switch remembers the choice and goes back to the same page only', async () => {
    const res = await request(harness.app).get('/lang/en?next=%2Fsome%2Fpage%3Fx%3D1').expect(303);
    assert.equal(res.headers.location, '/some/page?x=1');
    assert.match(String(res.headers['set-cookie']), /haqq_lang=en;.*HttpOnly/);
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const away = await request(harness.app)
        .get(`/lang/ar?next=${encodeURIComponent(next)}`)
        .expect(303);
      assert.equal(away.headers.location, '/');
    }
  });

  const mainOf = (html: string) => html.split('<main')[1]?.split('</main>')[0] ?? '';
  it('the digits switch remembers the choice; a jurisdiction’s page follows it, else the custom there', async () => {
    const res = await request(harness.app)
      .get('/digits/latn?next=%2Fjurisdictions%2FJO')
      .expect(303);
    assert.equal(res.headers.location, '/jurisdictions/JO');
    assert.match(String(res.headers['set-cookie']), /haqq_digits=latn;.*HttpOnly/);
    await request(harness.app).get('/digits/roman').expect(303);
    const custom = await request(harness.app)
      .get('/jurisdictions/JO')
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.match(custom.text, /منذ [^<]*[٠-٩]{4}/);
    const maghreb = await request(harness.app)
      .get('/jurisdictions/MA')
      .set('Cookie', 'haqq_lang=ar')
      .expect(200);
    assert.doesNotMatch(mainOf(maghreb.text), /[٠-٩]/);
    const chosen = await request(harness.app)
      .get('/jurisdictions/JO')
      .set('Cookie', 'haqq_lang=ar; haqq_digits=latn')
      .expect(200);
    assert.doesNotMatch(mainOf(chosen.text), /[٠-٩]/);
    assert.match(chosen.text, /aria-current="true">العربية \(123\)/);
  });

  it('404 page in Arabic (rtl) and English (ltr)', async () => {
    const ar = await request(harness.app)
      .get('/no/such/page')
      .set('Cookie', 'haqq_lang=ar')
      .expect(404);
    assert.match(ar.text, /<html lang="ar" dir="rtl"[ >]/);
    assert.match(ar.text, /الصفحة غير موجودة/);
    const en = await request(harness.app)
      .get('/no/such/page')
      .set('Cookie', 'haqq_lang=en')
      .expect(404);
    assert.match(en.text, /<html lang="en" dir="ltr"[ >]/);
    assert.match(en.text, /Page not found/);
  });

  it('404 is JSON under /api and for clients that ask for JSON', async () => {
    const api = await request(harness.app)
      .get('/api/v1/nothing')
      .set('Cookie', 'haqq_lang=en')
      .expect(404);
    assert.deepEqual(api.body, {
      error: {
        code: 'NOT_FOUND',
        message: 'We could not find that page. It may have moved, or the address may be mistyped.',
      },
    });
    const json = await request(harness.app)
      .get('/nothing')
      .set('Accept', 'application/json')
      .expect(404);
    assert.equal(errorCode(json.body), 'NOT_FOUND');
  });

  it('a too large or malformed body is 413/400 with a clear error, never 500', async () => {
    const big = await request(harness.app)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ body: 'x'.repeat(200_000) }))
      .expect(413);
    assert.equal(errorCode(big.body), 'PAYLOAD_TOO_LARGE');
    const bad = await request(harness.app)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send('{"broken":')
      .expect(400);
    assert.equal(errorCode(bad.body), 'BAD_REQUEST');
  });

  it('sends a strict Content-Security-Policy and a request id', async () => {
    const res = await request(harness.app).get('/').expect(200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('serves the stylesheet', async () => {
    await request(harness.app)
      .get('/static/css/site.css')
      .expect(200)
      .expect('Content-Type', /css/);
  });

  it('registration reports every problem at once, the common password among them', async () => {
    const browser = request.agent(harness.app);
    const form = await browser.get('/register').set('Cookie', 'haqq_lang=en').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    const res = await browser
      .post('/register')
      .set('Cookie', 'haqq_lang=en')
      .type('form')
      .send({
        _csrf: csrf,
        name: '',
        email: 'not-an-address',
        password: 'password123',
        locale: 'en',
      })
      .expect(422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? '';
    for (const field of ['name', 'email', 'password'])
      assert.match(summary, new RegExp(`href="#${field}"`), `the summary names the ${field}`);
  });

  it('every public page renders in Arabic (rtl) and English (ltr), with no message key left untranslated', async () => {
    const pages = [
      '/',
      '/agencies',
      '/login',
      '/register',
      '/forgot-password',
      '/reset-password',
      '/set-password',
      '/confirm-email',
      '/deadline-calculator',
      '/jurisdictions',
      '/jurisdictions/JO',
      '/jurisdictions/GB',
    ];
    for (const page of pages) {
      for (const [locale, dir] of [
        ['ar', 'rtl'],
        ['en', 'ltr'],
      ] as const) {
        const res = await request(harness.app)
          .get(page)
          .set('Cookie', `haqq_lang=${locale}`)
          .expect(200);
        assert.match(res.text, new RegExp(`<html lang="${locale}" dir="${dir}"[ >]`), page);
        const leftovers = res.text.match(/>\s*[a-z]+(\.[a-zA-Z]+)+\s*</g) ?? [];
        assert.deepEqual(leftovers, [], `${page} (${locale}) shows message keys`);
      }
    }
  });
});
