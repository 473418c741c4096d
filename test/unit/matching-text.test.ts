import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { matchingText, originalStretch } from '../../src/text/matching-text.ts';

describe('the matching text personal-data rules read', () => {
  it('reads full-width, Arabic-Indic, Persian and other scripts’ digits as Latin ones', () => {
    assert.equal(matchingText('０７９ ٠٧٩ ۰۷۹ ০৭৯ 079').text, '079 079 079 079 079');
  });

  it('drops zero-width and direction characters, marks and tatweel; folds Persian letters', () => {
    assert.equal(matchingText('la\u200byla\u200d@ex\u200eample').text, 'layla@example');
    assert.equal(matchingText('مُحَمَّـد').text, 'محمد');
    assert.equal(matchingText('علی کریم').text, 'علي كريم');
  });

  it('reads every dash as -, every space as one space, and full-width signs as ASCII', () => {
    assert.equal(matchingText('079\u2013123\u00a0\u00a0 45').text, '079-123 45');
    assert.equal(matchingText('a＠b．jo').text, 'a@b.jo');
    assert.equal(matchingText('line\nnext').text, 'line\nnext');
  });

  it('maps every stretch of the copy back onto the original', () => {
    const original = 'رقم:  ０７９\u200b１２３ ok';
    const matching = matchingText(original);
    const at = matching.text.indexOf('079123');
    const back = originalStretch(matching, at, at + 6);
    assert.equal(original.slice(back.start, back.end), '０７９\u200b１２３');
  });

  it('keeps its map whole for any text: each unit maps into the original, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (original) => {
        const { text, starts, ends } = matchingText(original);
        assert.equal(starts.length, text.length);
        assert.equal(ends.length, text.length);
        for (let i = 0; i < text.length; i += 1) {
          const start = starts[i] ?? -1;
          const end = ends[i] ?? -1;
          assert.ok(start >= 0 && start < end && end <= original.length);
          if (i > 0) assert.ok(start >= (starts[i - 1] ?? 0));
        }
        // A stretch that is the whole copy covers the original but what was dropped at its ends.
        if (text.length > 0) {
          const back = originalStretch({ text, starts, ends }, 0, text.length);
          assert.ok(back.start <= back.end && back.end <= original.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
