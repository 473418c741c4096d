import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MESSAGES, t } from '../../src/i18n/i18n.ts';
import { articleLabel } from '../../src/jurisdictions/article-label.ts';
import { numeralsFor, withNumerals } from '../../src/i18n/numerals.ts';
import { REQUEST_MAIL_KINDS, REMINDER_KINDS } from '../../src/notifications/mail-kinds.ts';
import { ACTIONS } from '../../src/requests/request-lifecycle.ts';
import { OUTCOMES, REQUEST_STATUSES } from '../../src/requests/request-states.ts';
import { ROLES } from '../../src/users/user-model.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, ext);
    return full.endsWith(ext) ? [full] : [];
  });
}

describe('i18n', () => {
  it('has the same keys in Arabic and English', () => {
    assert.deepEqual(Object.keys(MESSAGES.ar).sort(), Object.keys(MESSAGES.en).sort());
  });

  it('has no empty message in either language', () => {
    for (const [locale, messages] of Object.entries(MESSAGES)) {
      for (const [key, value] of Object.entries(messages)) {
        assert.ok(value.trim().length > 0, `${locale}: ${key} is empty`);
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) =>
      [...new Set([...text.matchAll(/\{(\w+)[}|]/g)].map((m) => m[1]))].sort();
    for (const [key, en] of Object.entries(MESSAGES.en)) {
      assert.deepEqual(placeholders(MESSAGES.ar[key] ?? ''), placeholders(en), key);
    }
  });

  it('knows every key that a template or the code asks for', () => {
    const used = new Set<string>();
    for (const file of filesUnder(path.join(ROOT, 'views'), '.hbs')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{t ['"]([\w.]+)['"]/g))
        used.add(m[1]!);
    }
    for (const file of filesUnder(path.join(ROOT, 'src'), '.ts')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:messageKey|title)[:=]\s*['"]([a-z][\w]*\.[\w.]+)['"]/g))
        used.add(m[1]!);
      for (const m of text.matchAll(/\bt\(\s*[\w.]+,\s*['"]([\w.]+)['"]/g)) used.add(m[1]!);
    }
    assert.ok(used.size > 10, 'the scan found the keys in use');
    const missing = [...used].filter((key) => !(key in MESSAGES.en));
    assert.deepEqual(missing, []);
  });

  it('knows every key the code builds from a list (mail kinds, actions, statuses, outcomes, roles)', () => {
    const built = [
      ...[...REQUEST_MAIL_KINDS, ...REMINDER_KINDS].flatMap((kind) => [
        `mail.request.${kind}.subject`,
        `mail.request.${kind}.body`,
      ]),
      ...ACTIONS.flatMap((action) => [`action.${action}`, `action.done.${action}`]),
      ...REQUEST_STATUSES.map((status) => `request.status.${status}`),
      ...OUTCOMES.map((outcome) => `request.outcome.${outcome}`),
      ...['upheld', 'overturned', 'partially_overturned'].map((d) => `request.decision.${d}`),
      ...ROLES.map((role) => `role.${role}`),
      ...['country', 'agency', 'received', 'question', 'visibility'].map(
        (step) => `filing.q.${step}`,
      ),
      ...['public', 'private'].flatMap((v) => [`filing.${v}`, `filing.${v}Hint`]),
      ...['requester', 'agency'].map((side) => `story.kind.message.${side}`),
      ...['upheld', 'overturned', 'partially_overturned'].map((d) => `story.decision.${d}`),
      ...['you', 'requester'].flatMap((who) => [
        `story.appeal.${who}.until`,
        `story.appeal.${who}.open`,
        `story.clarify.${who}`,
        `story.further.${who}.within`,
        `story.further.${who}.open`,
      ]),
    ];
    const missing = built.filter((key) => !(key in MESSAGES.en) || !(key in MESSAGES.ar));
    assert.deepEqual(missing, []);
  });

  it('fills placeholders and shows a missing key as itself', () => {
    assert.equal(t('en', 'directory.agencyCount', { count: 5 }), '5 agencies');
    assert.equal(t('ar', 'directory.agencyCount', { count: 5 }), 'عدد الجهات: 5');
    assert.equal(t('en', 'no.such.key'), 'no.such.key');
  });
});

describe('plural forms', () => {
  it('Arabic chooses among its six forms, English between two', () => {
    const days = (locale: 'ar' | 'en', count: number) =>
      t(locale, 'jurisdiction.period.working', { count });
    assert.equal(days('ar', 1), 'يوم عمل واحد');
    assert.equal(days('ar', 2), 'يوما عمل');
    assert.equal(days('ar', 3), '3 أيام عمل');
    assert.equal(days('ar', 10), '10 أيام عمل');
    assert.equal(days('ar', 11), '11 يوم عمل');
    assert.equal(days('ar', 100), '100 يوم عمل');
    assert.equal(days('en', 1), '1 working day');
    assert.equal(days('en', 15), '15 working days');
  });
});

describe('article labels', () => {
  it('cites an Arab law’s articles in Arabic on Arabic pages, the stored form elsewhere', () => {
    assert.equal(articleLabel('ar', 'Art. 13(a)'), 'المادة 13 (أ)');
    assert.equal(articleLabel('ar', 'Art. 13(e)'), 'المادة 13 (هـ)');
    assert.equal(articleLabel('ar', 'Art. 9'), 'المادة 9');
    assert.equal(articleLabel('en', 'Art. 13(a)'), 'Art. 13(a)');
    assert.equal(
      articleLabel('ar', 'Art. 9 (as amended by Law No. 3 of 2024)'),
      'المادة 9 (بصيغتها المعدّلة بالقانون رقم 3 لسنة 2024)',
    );
    // Forms it does not know stay as written, never half translated, and isolated so
    // that an Arabic sentence does not reorder their brackets.
    assert.equal(articleLabel('ar', '§ 552(b)'), '\u2068§ 552(b)\u2069');
    assert.equal(articleLabel('ar', 'Art. 9 (repealed)'), '\u2068Art. 9 (repealed)\u2069');
    assert.equal(articleLabel('en', '§ 552(b)'), '§ 552(b)');
  });
});

describe('numerals', () => {
  it('English pages write Latin digits; Arabic ones the reader’s choice, else the jurisdiction’s custom', () => {
    assert.equal(numeralsFor('en', 'arab', 'arab'), 'latn');
    assert.equal(numeralsFor('ar', 'arab', undefined), 'arab');
    assert.equal(numeralsFor('ar', 'latn', undefined), 'latn');
    assert.equal(numeralsFor('ar', 'arab', 'latn'), 'latn');
    assert.equal(numeralsFor('ar', undefined, undefined), 'latn');
    assert.equal(withNumerals('31 كانون الأول 2026، 23:59', 'arab'), '٣١ كانون الأول ٢٠٢٦، ٢٣:٥٩');
    assert.equal(withNumerals('2026', 'latn'), '2026');
  });
});
