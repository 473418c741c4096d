import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { documentTokens, queryWords, snippet, wordVariants } from '../../src/text/search-text.ts';

describe('search text', () => {
  it('stores an Arabic word with and without its leading clitic', () => {
    assert.deepEqual(wordVariants('بموازنه'), ['بموازنه', 'موازنه']);
    assert.deepEqual(wordVariants('وزاره'), ['وزاره', 'زاره']);
    assert.deepEqual(wordVariants('بيت'), ['بيت']);
    const tokens = documentTokens('والموازنة العامة لوزارة الصحة');
    // Stems, as the agency suggestions use them: the feminine ending and light plurals go.
    for (const word of ['موازن', 'عام', 'وزار', 'لوزار']) assert.ok(tokens.includes(word), word);
  });

  it('a query is its distinct words with variants; the last one is a prefix while typing', () => {
    assert.deepEqual(queryWords('الموازنة العام'), {
      words: [['موازن'], ['عام']],
      prefix: 'عام',
    });
    assert.equal(queryWords('الموازنة العام ').prefix, null);
    assert.deepEqual(queryWords(''), { words: [], prefix: null });
    assert.equal(queryWords('a'.repeat(3) + ' b'.repeat(40)).words.length <= 12, true);
  });

  it('a snippet marks every matched word, around the first, and says where it was cut', () => {
    const text = `${'كلام '.repeat(60)}ميزانية المستشفيات الحكومية لعام ٢٠٢٥ ثم ${'نص '.repeat(80)}`;
    const parts = snippet(text, queryWords('المستشفى ٢٠٢٥ '));
    const marked = parts.filter((p) => p.mark).map((p) => p.text);
    // A plural meets its singular: المستشفيات for المستشفى.
    assert.deepEqual(marked, ['المستشفيات', '٢٠٢٥']);
    assert.equal(parts[0]?.text, '… ');
    assert.equal(parts.at(-1)?.text, ' …');
    const typed = snippet('Water tariffs in Amman', queryWords('tarif'));
    assert.deepEqual(
      typed.filter((p) => p.mark).map((p) => p.text),
      ['tariffs'],
    );
  });

  it('a snippet is always a piece of the text, in order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 20 }), (text, q) => {
        const joined = snippet(text, queryWords(q))
          .map((p) => p.text)
          .join('')
          .replace(/^… /, '')
          .replace(/ …$/, '');
        assert.ok(text.includes(joined), joined);
      }),
      { numRuns: 300 },
    );
  });
});
