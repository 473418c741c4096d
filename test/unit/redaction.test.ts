import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redactWith } from '../../src/redaction/public-text.ts';
import {
  findRedactions,
  ibanChecks,
  type RedactionContext,
} from '../../src/redaction/redaction.ts';

const redact = (text: string, context: RedactionContext) => redactWith(context)(text);
const JO = { jurisdiction: 'JO' };

describe('redaction of personal data', () => {
  it('hides e-mail addresses, in Arabic and English text', () => {
    assert.equal(
      redact('يرجى الرد على sara.haddad@gmail.com شكرًا', JO),
      'يرجى الرد على ⟦email⟧ شكرًا',
    );
    assert.equal(redact('Write to ali_99+foi@mail.example.jo.', JO), 'Write to ⟦email⟧.');
  });

  it('hides URLs of a person (profiles, ~user, /users/), not an agency’s pages', () => {
    assert.equal(redact('حسابي https://www.facebook.com/sara.haddad.77', JO), 'حسابي ⟦url⟧');
    assert.equal(redact('see example.org/~ahmad/cv.pdf', JO), 'see ⟦url⟧');
    assert.equal(redact('https://portal.gov.jo/users/1234', JO), '⟦url⟧');
    const agency = 'The budget is at https://moh.gov.jo/budget/2025.pdf';
    assert.equal(redact(agency, JO), agency);
  });

  it('hides phone numbers: international forms, and each country’s local ones', () => {
    assert.equal(redact('اتصل على +962 79 123 4567', JO), 'اتصل على ⟦phone⟧');
    assert.equal(redact('هاتفي 0791234567', JO), 'هاتفي ⟦phone⟧');
    assert.equal(redact('Tel 06-555-1234 ext', JO), 'Tel ⟦phone⟧ ext');
    assert.equal(redact('GSM 22 345 678', { jurisdiction: 'TN' }), 'GSM ⟦phone⟧');
    assert.equal(redact('رقم الجوال 98765432', { jurisdiction: 'TN' }), 'رقم الجوال ⟦phone⟧');
    assert.equal(redact('هاتف 06 12 34 56 78', { jurisdiction: 'MA' }), 'هاتف ⟦phone⟧');
    assert.equal(redact('mobile 03 123 456', { jurisdiction: 'LB' }), 'mobile ⟦phone⟧');
    assert.equal(redact('جوال 771234567', { jurisdiction: 'YE' }), 'جوال ⟦phone⟧');
    assert.equal(redact('00216 71 234 567', { jurisdiction: 'MA' }), '⟦phone⟧');
  });

  it('matches Arabic-Indic digits as Latin ones', () => {
    assert.equal(redact('هاتفي ٠٧٩١٢٣٤٥٦٧ فقط', JO), 'هاتفي ⟦phone⟧ فقط');
    assert.equal(redact('الرقم الوطني ٩٨٦١٠١٢٣٤٥', JO), 'الرقم الوطني ⟦national_id⟧');
  });

  it('hides national identity numbers in each country’s format', () => {
    assert.equal(redact('الرقم الوطني 9861012345', JO), 'الرقم الوطني ⟦national_id⟧');
    assert.equal(redact('ب.ت.و عدد 08123456', { jurisdiction: 'TN' }), 'ب.ت.و عدد ⟦national_id⟧');
    assert.equal(redact('CIN: 12345678', { jurisdiction: 'TN' }), 'CIN: ⟦national_id⟧');
    assert.equal(redact('CIN AB123456 صالحة', { jurisdiction: 'MA' }), 'CIN ⟦national_id⟧ صالحة');
    assert.equal(redact('بطاقة رقم J12345', { jurisdiction: 'MA' }), 'بطاقة رقم ⟦national_id⟧');
    assert.equal(
      redact('رقم الهوية 123456789', { jurisdiction: 'LB' }),
      'رقم الهوية ⟦national_id⟧',
    );
    assert.equal(
      redact('الرقم الوطني 01234567890', { jurisdiction: 'YE' }),
      'الرقم الوطني ⟦national_id⟧',
    );
  });

  it('leaves amounts, years and article numbers alone', () => {
    for (const [text, jurisdiction] of [
      ['The 2025 budget was 45000000 dinars (Art. 13).', 'TN'],
      ['بلغت الموازنة 25000000 دينار في عام 2025 وفق المادة 13.', 'TN'],
      ['بلغت الموازنة 1250000 دينار لعام 2024.', 'JO'],
      ['Law No. 47 of 2007, 30 days, 15 working days.', 'JO'],
      ['الإنفاق 2,500,000 درهم في 2023', 'MA'],
    ] as const)
      assert.equal(redact(text, { jurisdiction }), text, text);
  });

  it('leaves a request’s ref alone: people cite earlier requests by it (JO-2026-000123)', () => {
    for (const [text, jurisdiction] of [
      ['Further to my request JO-2026-000123, please send the rest.', 'JO'],
      ['إشارة إلى طلبي رقم JO-2026-912345 السابق.', 'JO'],
      ['Voir la demande TN-2025-000042.', 'TN'],
      ['طلب MA-2026-100200 ما زال دون رد.', 'MA'],
    ] as const)
      assert.equal(redact(text, { jurisdiction }), text, text);
    // An identity number beside a ref is still hidden.
    assert.equal(
      redact('JO-2026-000123: الرقم الوطني 9861012345', { jurisdiction: 'JO' }),
      'JO-2026-000123: الرقم الوطني ⟦national_id⟧',
    );
  });

  it('hides IBANs whose check digits hold, and only those', () => {
    assert.ok(ibanChecks('JO94 CBJO 0010 0000 0000 0131 0003 02'));
    assert.ok(ibanChecks('GB82WEST12345698765432'));
    assert.ok(!ibanChecks('GB83WEST12345698765432'));
    assert.equal(
      redact('حوّلوا إلى JO94 CBJO 0010 0000 0000 0131 0003 02 رجاءً', JO),
      'حوّلوا إلى ⟦iban⟧ رجاءً',
    );
    assert.equal(redact('IBAN GB82WEST12345698765432.', JO), 'IBAN ⟦iban⟧.');
    assert.equal(
      redact('ref GB83WEST12345698765432', { jurisdiction: 'GB' }),
      'ref GB83WEST12345698765432',
    );
  });

  it('hides the requester’s own name, in any spelling of hamza, ta marbuta or alef maqsura, and contacts', () => {
    const context = {
      jurisdiction: 'JO',
      requester: { name: 'أسامة عبد الله مصطفى', email: 'osama@example.org', phone: '0799999999' },
    };
    assert.equal(
      redact('مقدم الطلب اسامه عبد الله مصطفى يطلب', context),
      'مقدم الطلب ⟦requester⟧ يطلب',
    );
    assert.equal(redact('السيد أسامة مصطفى المحترم', context), 'السيد ⟦requester⟧ المحترم');
    assert.equal(
      redact('Dear Osama, reply to OSAMA@example.org', context),
      'Dear Osama, reply to ⟦requester⟧',
    );
    // A word that merely contains the name is not the name.
    assert.equal(redact('الأسامةية', context), 'الأسامةية');
  });

  it('applies an agency’s own patterns, and skips one that does not compile', () => {
    const context = {
      jurisdiction: 'JO',
      agencyRules: [
        { id: 'file-no', pattern: 'MOH/\\d{4}/\\d+' },
        { id: 'broken', pattern: '(' },
      ],
    };
    assert.equal(redact('ملف MOH/2025/778 مغلق', context), 'ملف ⟦agency_rule⟧ مغلق');
  });

  it('a redacted text never holds what was found, and never a forged marker', () => {
    assert.equal(redact('⟦email⟧ is not a redaction', JO), '[email] is not a redaction');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.emailAddress(),
        fc.string({ maxLength: 40 }),
        (before, email, after) => {
          const out = redact(`${before} ${email} ${after}`, JO);
          assert.ok(!out.includes(email), out);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('its stretches are in the text, in order, apart, for any text and country', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789٠١٢٣ +-.@abcAB سارة\n'.split('')),
          maxLength: 80,
        }),
        fc.constantFrom('JO', 'TN', 'MA', 'LB', 'YE', 'GB'),
        (text, jurisdiction) => {
          const found = findRedactions(text, { jurisdiction, requester: { name: 'سارة' } });
          let end = -1;
          for (const r of found) {
            assert.ok(r.start > end && r.end > r.start && r.end <= text.length);
            end = r.end;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
