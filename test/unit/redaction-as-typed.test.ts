import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redactWith } from '../../src/redaction/public-text.ts';
import type { RedactionContext } from '../../src/redaction/redaction.ts';
import { LATIN_NAME_TABLE } from '../../src/redaction/latin-names.ts';

const redact = (text: string, context: RedactionContext) => redactWith(context)(text);
const JO = { jurisdiction: 'JO' };

/**
 * Personal data as the second outside review read it on public pages, in the
 * API, in search snippets and in the agency feed (issue 29): each form it
 * found, then the class of it as a property.
 */
describe('redaction of personal data as people really type it', () => {
  it('hides phones with separators, brackets, doubled spaces and any digits', () => {
    for (const phone of [
      '0791 234 567',
      '079-123-45-67',
      '079 1234 567',
      '(079) 1234567',
      '+962  79  123 4567',
      '０７９１２３４５６７',
      '٠٧٩١٢٣٤٥٦٧',
      '00962 6 555 1234',
    ])
      assert.equal(redact(`للاستفسار ${phone} شكرًا`, JO), 'للاستفسار ⟦phone⟧ شكرًا', phone);
  });

  it('hides a Tunisian mobile written bare after a contact word, or with its code bare', () => {
    const TN = { jurisdiction: 'TN' };
    assert.equal(redact('للتواصل: 98765432', TN), 'للتواصل: ⟦phone⟧');
    assert.equal(redact('Appelez le 216-98-765-432 svp', TN), 'Appelez le ⟦phone⟧ svp');
    // With no word at all, a number that fits the mobile plan is hidden: when in doubt, hide.
    assert.equal(redact('Merci. 98765432', TN), 'Merci. ⟦phone⟧');
  });

  it('hides the phones of every jurisdiction, national and international', () => {
    for (const [jurisdiction, national, international] of [
      ['JO', '06 555 1234', '+962 6 555 1234'],
      ['TN', '71 234 567', '+216 71 234 567'],
      ['MA', '06 12 34 56 78', '+212 6 12 34 56 78'],
      ['LB', '03 123 456', '+961 3 123 456'],
      ['YE', '771 234 567', '+967 771 234 567'],
      ['GB', '07911 123456', '+44 7911 123456'],
      ['US', '(202) 456-1111', '+1 202 456 1111'],
    ] as const)
      for (const phone of [national, international])
        assert.equal(redact(`Tel ${phone}.`, { jurisdiction }), 'Tel ⟦phone⟧.', phone);
  });

  it('hides e-mails with a full-width at, a zero-width space, or at and dot spelt out', () => {
    for (const email of [
      'layla.h＠example.jo',
      'lay\u200bla.h@example.jo',
      'name [at] example [dot] jo',
      'name(at)example(dot)jo',
      'name at example dot jo',
    ])
      assert.equal(redact(`راسلوني ${email} رجاءً`, JO), 'راسلوني ⟦email⟧ رجاءً', email);
    assert.equal(redact('courriel : layla at example.tn', JO), 'courriel : ⟦email⟧');
    // "at" between words that are not an address stays.
    assert.equal(redact('published at moh.gov.jo', JO), 'published at moh.gov.jo');
  });

  it('hides national ids written with spaces, and a Moroccan CIN with a space', () => {
    assert.equal(redact('الرقم الوطني 990 123 4567', JO), 'الرقم الوطني ⟦national_id⟧');
    assert.equal(redact('Born 990 123 4567.', JO), 'Born ⟦national_id⟧.');
    assert.equal(redact('CIN BE 654321', { jurisdiction: 'MA' }), 'CIN ⟦national_id⟧');
    assert.equal(redact('Carte nationale n° BE 654321', JO), 'Carte nationale n° ⟦national_id⟧');
  });

  it('hides the requester’s family name alone, any two parts, and their name in Latin letters', () => {
    const context = { jurisdiction: 'JO', requester: { name: 'محمد علي الحداد' } };
    assert.equal(redact('Mohammed Ali Haddad asks', context), '⟦requester⟧ asks');
    assert.equal(redact('Muhammad Al-Haddad asks', context), '⟦requester⟧ asks');
    assert.equal(redact('عائلة الحداد تطلب', context), 'عائلة ⟦requester⟧ تطلب');
    assert.equal(redact('أنا حداد', context), 'أنا ⟦requester⟧');
    assert.equal(redact('Mr El Haddad wrote', context), 'Mr ⟦requester⟧ wrote');
    assert.equal(redact('Haddad, Mohamed', context), '⟦requester⟧');
    assert.equal(redact('علي الحداد', context), '⟦requester⟧');
    // A first name alone names too many people; a lower-case word is not a name.
    assert.equal(redact('Dear Mohammed', context), 'Dear Mohammed');
    assert.equal(redact('hidden haddock', context), 'hidden haddock');
  });

  it('knows the table’s spellings of common names', () => {
    for (const [arabic, spellings] of Object.entries(LATIN_NAME_TABLE))
      for (const latin of spellings) {
        const context = { jurisdiction: 'JO', requester: { name: `سارة ${arabic}` } };
        assert.equal(redact(`Sara ${latin} asks`, context), '⟦requester⟧ asks', latin);
      }
  });

  it('hides what a released document’s name and text held', () => {
    const context = { jurisdiction: 'JO', requester: { name: 'ليلى الحداد' } };
    assert.equal(
      redact('Reply to Layla Haddad 0791234567.txt', context),
      'Reply to ⟦requester⟧ ⟦phone⟧.txt',
    );
    assert.equal(
      redact('Haddad, Layla — 0791 234 567 — layla.h＠example.jo', context),
      '⟦requester⟧ — ⟦phone⟧ — ⟦email⟧',
    );
  });

  it('leaves amounts, dates, years, references and percentages', () => {
    for (const [text, jurisdiction] of [
      ['بلغت قيمة العقد 45 000 000 دينار.', 'TN'],
      ['Le marché s’élève à 98 765 432 DT.', 'TN'],
      ['الاجتماع المنعقد بتاريخ 2025-03-14', 'TN'],
      ['خلال الفترة 2019-2025', 'TN'],
      ['نسخة من القرار رقم 2023/1145', 'TN'],
      ['العقد رقم 20240751 مع الشركة', 'TN'],
      ['a rise of 12.5% on last year', 'JO'],
      ['القانون رقم 47 لسنة 2007', 'JO'],
      ['The budget was 1 250 000 000 JOD', 'JO'],
      ['تم إصدار 71234567 رخصة', 'TN'],
    ] as const)
      assert.equal(redact(text, { jurisdiction }), text, text);
  });

  it('hides any valid mobile of the plan, however it is grouped and whatever its digits', () => {
    const scripts = ['0123456789', '٠١٢٣٤٥٦٧٨٩', '۰۱۲۳۴۵۶۷۸۹', '０１２３４５６７８９'];
    fc.assert(
      fc.property(
        fc.constantFrom('7', '8', '9'),
        fc.stringMatching(/^\d{7}$/),
        fc.array(fc.constantFrom(' ', '-', '.', '  ', ''), { minLength: 2, maxLength: 2 }),
        fc.constantFrom(...scripts),
        fc.constantFrom('هاتفي', 'للتواصل:', 'Tel.', 'WhatsApp', ''),
        (operator, rest, [a = '', b = ''], script, word) => {
          const digits = `07${operator}${rest}`;
          const written = `${digits.slice(0, 3)}${a}${digits.slice(3, 6)}${b}${digits.slice(6)}`;
          const typed = written.replace(/\d/g, (d) => Array.from(script)[Number(d)] ?? d);
          const out = redact(`${word} ${typed} شكرا`.trim(), JO);
          assert.ok(out.includes('⟦phone⟧') && !/\d{3}/.test(out.replace(/\D/g, '')), out);
        },
      ),
      { numRuns: 300 },
    );
  });
});
