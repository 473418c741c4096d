import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { agencyScore, suggestAgencies } from '../../src/agencies/agency-suggestions.ts';
import {
  foldArabic,
  matchesWord,
  normaliseText,
  normaliseWord,
  searchTokens,
  textSimilarity,
} from '../../src/text/text-normalise.ts';

const ARABIC_BASE = Array.from('ابتثجحخدذرزسشصضطظعغفقكلمنهوي');
const TASHKEEL = ['\u064b', '\u064c', '\u064d', '\u064e', '\u064f', '\u0650', '\u0651', '\u0652'];
const arabicWord = fc
  .array(fc.constantFrom(...ARABIC_BASE), { minLength: 2, maxLength: 9 })
  .map((letters) => letters.join(''));
const englishWord = fc.stringMatching(/^[a-z]{2,10}$/);
const text = fc.array(fc.oneof(arabicWord, englishWord), { maxLength: 12 }).map((w) => w.join(' '));

describe('Arabic and English normalisation (pure)', () => {
  it('folds the letter variants the issue names', () => {
    assert.equal(foldArabic('أإآٱ'), 'اااا');
    assert.equal(foldArabic('مدرسة'), 'مدرسه');
    assert.equal(foldArabic('مستشفى'), 'مستشفي');
    assert.equal(foldArabic('مسؤول'), 'مسوول');
    assert.equal(foldArabic('الصِّحَّة'), 'الصحه');
    assert.equal(foldArabic('مـــوازنة'), 'موازنه');
    // A scanned letter read by OCR: "التاریخ: ۷ کانون الأول" finds "كانون".
    assert.deepEqual(searchTokens('التاریخ کانون'), searchTokens('التاريخ كانون'));
  });

  it('strips the article and light plurals, and matches a word with a leading clitic', () => {
    assert.deepEqual(normaliseText('المستشفيات والمدارس'), ['مستشفي', 'مدارس']);
    assert.equal(normaliseWord('الموازنة'), normaliseWord('موازنات'));
    assert.ok(matchesWord(normaliseWord('بموازنة'), normaliseWord('موازنة')));
    assert.deepEqual(normaliseText('٢٠٢٥ 2025'), ['2025', '2025']);
  });

  it('lower-cases and stems English lightly', () => {
    assert.deepEqual(normaliseText('Hospitals, SCHOOLS and the Budget’s lines'), [
      'hospital',
      'school',
      'budget',
      'line',
    ]);
    assert.equal(normaliseWord('policies'), 'policy');
    assert.equal(normaliseWord('taxes'), 'tax');
    assert.equal(normaliseWord('access'), 'access');
  });

  it('property: tashkeel and tatweel anywhere change nothing', () => {
    fc.assert(
      fc.property(
        arabicWord,
        fc.array(fc.constantFrom(...TASHKEEL, '\u0640'), { maxLength: 6 }),
        fc.nat(),
        (word, marks, at) => {
          const i = 1 + (at % word.length);
          const marked = word.slice(0, i) + marks.join('') + word.slice(i);
          assert.deepEqual(normaliseText(marked), normaliseText(word));
        },
      ),
    );
  });

  it('property: alef and hamza forms, ة/ه, ى/ي and the Persian ی/ک are one letter', () => {
    const variants: [string, string][] = [
      ['ا', 'أ'],
      ['ا', 'إ'],
      ['ا', 'آ'],
      ['ه', 'ة'],
      ['ي', 'ى'],
      // As Persian keyboards and OCR's Arabic-script model write them.
      ['ي', 'ی'],
      ['ك', 'ک'],
    ];
    fc.assert(
      fc.property(arabicWord, fc.constantFrom(...variants), (word, [plain, variant]) => {
        assert.equal(foldArabic(word.replaceAll(plain, variant)), foldArabic(word));
      }),
    );
  });

  it('property: normal words carry no case, marks or variant letters; similarity is a symmetric score in [0, 1]', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        for (const word of normaliseText(a)) {
          assert.ok(word.length > 1 && word === word.toLowerCase());
          assert.doesNotMatch(word, /[\u064b-\u0652\u0640أإآٱؤئءةىیک]/);
        }
        assert.deepEqual(normaliseText(a.toUpperCase()), normaliseText(a));
        const s = textSimilarity(a, b);
        assert.ok(s >= 0 && s <= 1);
        assert.equal(s, textSimilarity(b, a));
        if (searchTokens(a).length > 0) assert.equal(textSimilarity(a, a), 1);
      }),
    );
  });
});

describe('agency suggestions (pure)', () => {
  const agencies = [
    { code: 'JO-MOF', keywords: { ar: ['موازنة', 'ضرائب'], en: ['budget', 'tax'] } },
    { code: 'JO-MOH', keywords: { ar: ['صحة', 'مستشفى'], en: ['health', 'hospital'] } },
    { code: 'JO-MWI', keywords: { ar: ['مياه', 'صرف صحي'], en: ['water', 'sewage'] } },
  ];

  it('ranks by matched keywords, best first, and leaves out agencies that match nothing', () => {
    assert.deepEqual(
      suggestAgencies('ميزانية المستشفيات ووزارة الصحّة', agencies).map((s) => s.agency.code),
      ['JO-MOH'],
    );
    assert.deepEqual(
      suggestAgencies('Tax on hospital budgets', agencies).map((s) => [s.agency.code, s.score]),
      [
        ['JO-MOF', 2],
        ['JO-MOH', 1],
      ],
    );
    // A keyword of two words matches only when both are there.
    assert.deepEqual(suggestAgencies('شبكات الصرف', agencies), []);
    assert.equal(suggestAgencies('شبكات الصرف الصحي', agencies)[0]?.agency.code, 'JO-MWI');
  });

  it('property: adding an agency’s keyword to the text never lowers its score', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...agencies), fc.nat(), (words, agency, pick) => {
        const all = [...agency.keywords.ar, ...agency.keywords.en];
        const keyword = all[pick % all.length]!;
        const before = agencyScore(normaliseText(words), agency);
        const after = agencyScore(normaliseText(`${words} ${keyword}`), agency);
        assert.ok(after >= before && after >= 1);
      }),
    );
  });
});
