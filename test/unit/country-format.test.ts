import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countryFormat, type FormatCountry } from '../../src/jurisdictions/country-format.ts';

const JO: FormatCountry = { code: 'JO', timeZone: 'Asia/Amman', numerals: 'arab' };
const MA: FormatCountry = { code: 'MA', timeZone: 'Africa/Casablanca', numerals: 'latn' };
const LATIN = /[0-9]/;
const ARABIC_INDIC = /[٠-٩]/;

const day = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

describe('one voice per country', () => {
  it('writes every date, number and percentage in one set of digits: the reader’s, else the country’s', () => {
    fc.assert(
      fc.property(
        day,
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(JO, MA),
        fc.constantFrom(undefined, 'arab' as const, 'latn' as const),
        (date, value, ratio, country, preference) => {
          const voice = countryFormat('ar', country, preference);
          const digits = preference ?? country.numerals;
          assert.equal(voice.numerals, digits);
          for (const text of [
            voice.day(date),
            voice.shortDay(date),
            voice.month(date.slice(0, 7)),
            voice.instant(new Date(`${date}T10:00:00Z`)),
            voice.number(value),
            voice.percent(ratio),
          ])
            assert.doesNotMatch(text, digits === 'arab' ? LATIN : ARABIC_INDIC, text);
          // English pages write Latin digits whatever the reader chose for Arabic ones.
          assert.doesNotMatch(
            countryFormat('en', country, preference).shortDay(date),
            ARABIC_INDIC,
          );
        },
      ),
    );
  });

  it('writes a percentage with its own sign after the number, never "%١٠٠"', () => {
    assert.equal(
      countryFormat('ar', JO, undefined)
        .percent(1)
        .replace(/\u061c/g, ''),
      '١٠٠٪',
    );
    assert.equal(
      countryFormat('ar', MA, undefined)
        .percent(0.875)
        .replace(/\u200e|\u061c/g, ''),
      '87.5%',
    );
    assert.equal(countryFormat('en', JO, undefined).percent(0.875), '87.5%');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (ratio) => {
        assert.doesNotMatch(countryFormat('ar', JO, undefined).percent(ratio), /%[٠-٩]/);
      }),
    );
  });

  it('names months as the country does, and counts a day in the country’s time zone', () => {
    assert.equal(countryFormat('ar', JO, undefined).month('2026-12'), 'كانون الأول ٢٠٢٦');
    assert.equal(countryFormat('ar', MA, undefined).month('2026-12'), 'دجنبر 2026');
    assert.equal(countryFormat('en', JO, undefined).month('2026-12'), 'December 2026');
    // 22:30 UTC on 6 December is 01:30 on the 7th in Amman.
    const late = new Date('2026-12-06T22:30:00Z');
    assert.equal(countryFormat('en', JO, undefined).shortDay(late), '7 Dec 2026');
    assert.equal(countryFormat('ar', JO, 'latn').day(late), 'الاثنين، 7 كانون الأول 2026');
    assert.match(countryFormat('ar', JO, undefined).instant(late), /٠١:٣٠$/);
  });

  it('without a country: the reader’s digits, else Latin', () => {
    assert.equal(countryFormat('ar', undefined, undefined).number(1234), '1,234');
    assert.equal(countryFormat('ar', undefined, 'arab').number(1234), '١٬٢٣٤');
    assert.equal(countryFormat('ar', JO, undefined).digits('15 يوم عمل'), '١٥ يوم عمل');
  });
});
