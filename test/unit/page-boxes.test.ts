import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ocrPageOf } from '../../src/public-copies/ocr-words.ts';
import { logicalLine } from '../../src/public-copies/line-order.ts';
import { findLineBoxes, markedText, reverseDigitRuns } from '../../src/public-copies/page-boxes.ts';
import type { PageLine, Piece } from '../../src/public-copies/page-types.ts';
import { unsureStretches } from '../../src/public-copies/unsure-readings.ts';
import { findRedactions } from '../../src/redaction/redaction.ts';

/** A line of words laid out left to right, 10 points a character, as OCR gives them. */
function wordLine(words: readonly string[], y = 100): PageLine {
  let x = 0;
  const pieces: Piece[] = words.map((text) => {
    const piece = { text, box: { x0: x, y0: y, x1: x + text.length * 10, y1: y + 12 } };
    x += text.length * 10 + 10;
    return piece;
  });
  return { pieces, joiner: ' ' };
}

/** A text layer's line: one piece per character, in the order given. */
function charLine(text: string, y = 100): PageLine {
  return {
    pieces: Array.from(text).map((c, i) => ({
      text: c,
      box: { x0: i * 10, y0: y, x1: i * 10 + 10, y1: y + 12 },
    })),
    joiner: '',
  };
}

const JO = { jurisdiction: 'JO', requester: { name: 'سلمى يوسف القاسم' } };
const find = (text: string) => findRedactions(text, JO);

describe('boxes over what a page shows', () => {
  it('boxes a phone, an e-mail and the requester’s name read by OCR, and marks them in the text', () => {
    const lines = [
      wordLine(['السيدة', 'سلمى', 'يوسف', 'القاسم', 'المحترمة']),
      wordLine(['الهاتف', '٠٧٩٥٥٥١٢٣٤', 'البريد', 'salma.q@example.com'], 130),
    ];
    const boxes = findLineBoxes(lines, find, true);
    assert.deepEqual(
      boxes.map((b) => b.kind),
      ['requester', 'phone', 'email'],
    );
    assert.equal(
      markedText(lines, boxes),
      'السيدة ⟦requester⟧ المحترمة\nالهاتف ⟦phone⟧ البريد ⟦email⟧',
    );
  });

  it('boxes every run of six or more digits OCR read, and every word with an @, for review', () => {
    assert.deepEqual(
      unsureStretches('رقم ٠٧٩١٢٣۶٤۵٩٧ و 12 34 56 و 2026-12-01 و ٤٥٠ و ahmad.a@exampاe').map(
        (s) => s.kind,
      ),
      ['unsure_digits', 'unsure_digits', 'unsure_address'],
    );
    // A phone OCR read with a digit too many is no phone to the rules, but is boxed all the same.
    const lines = [wordLine(['الهاتف', '٠٧٩١٢٣٤٥٦٦٧'])];
    assert.deepEqual(
      findLineBoxes(lines, find, true).map((b) => b.rule),
      ['review:digits'],
    );
    assert.deepEqual(findLineBoxes(lines, find, false), [], 'a text layer’s own digits are exact');
  });

  it('boxes the words OCR was unsure of that hold a digit, with the marks around them', () => {
    // A phone in Arabic-Indic digits that the script model read as `€ 001۳|`.
    const line = wordLine(['الهاتف', '€', '001۳|', 'أو', 'البريد']);
    const sure = [90, 55, 42, 90, 90];
    const pieces = line.pieces.map((piece, i) => ({ ...piece, confidence: sure[i] ?? 100 }));
    const boxes = findLineBoxes([{ ...line, pieces }], find, true);
    assert.deepEqual(
      boxes.map((b) => [b.rule, b.box.x0, b.box.x1]),
      [['review:unsure', 70, 140]],
    );
    assert.equal(markedText([{ ...line, pieces }], boxes), 'الهاتف ⟦unsure_digits⟧ أو البريد');
    // Sure words, or unsure words of letters alone, are left alone.
    const letters = line.pieces.map((piece, i) => ({ ...piece, confidence: i === 4 ? 30 : 95 }));
    assert.deepEqual(findLineBoxes([{ ...line, pieces: letters }], find, true), []);
  });

  it('reads a run of digits stored backwards as well', () => {
    assert.equal(reverseDigitRuns('هاتف ٤٣٢١٥٥٥٩٧٠ و 12'), 'هاتف ٠٧٩٥٥٥١٢٣٤ و 21');
    const boxes = findLineBoxes([charLine('الهاتف ٤٣٢١٥٥٥٩٧٠')], find, false);
    assert.deepEqual(
      boxes.map((b) => [b.kind, b.box.x0, b.box.x1]),
      [['phone', 70, 170]],
    );
  });

  it('puts a text layer’s Arabic line in reading order, its closing marks after their words', () => {
    const stored = charLine(':الموضوع قائمة المراكز');
    const logical = logicalLine(stored);
    assert.equal(logical.pieces.map((p) => p.text).join(''), 'المراكز قائمة الموضوع:');
    assert.equal(
      logicalLine(charLine('Subject: the list'))
        .pieces.map((p) => p.text)
        .join(''),
      'Subject: the list',
    );
  });

  it('covers every character the rules find with a box, whatever the words around it', () => {
    const word = fc.stringMatching(/^[a-zء-ي]{1,8}$/u);
    const secret = fc.constantFrom('0795551234', '٠٧٩٥٥٥١٢٣٤', 'a.b@example.com', '9871234560');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 6 }),
        secret,
        fc.array(word, { maxLength: 6 }),
        (before, s, after) => {
          const line = wordLine([...before, s, ...after]);
          const boxes = findLineBoxes([line], find, true);
          const piece = line.pieces[before.length];
          assert.ok(piece);
          const x = (piece.box.x0 + piece.box.x1) / 2;
          assert.ok(
            boxes.some((b) => b.box.x0 <= x && x <= b.box.x1),
            `${s} boxed among ${before.join(' ')} … ${after.join(' ')}`,
          );
          assert.ok(!markedText([line], boxes).includes(s));
        },
      ),
    );
  });

  it('never lets a forged marker through: only a box writes one', () => {
    const line = wordLine(['⟦email⟧', 'text']);
    assert.equal(markedText([line], []), '[email] text');
  });
});

describe('Tesseract’s words', () => {
  it('groups the words of its TSV into lines, in points, with their mean confidence', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '4\t1\t1\t1\t1\t0\t100\t100\t600\t50\t-1\t',
      '5\t1\t1\t1\t1\t1\t400\t100\t300\t50\t90\tوزارة',
      '5\t1\t1\t1\t1\t2\t100\t100\t250\t50\t70\tالصحة',
      '5\t1\t1\t1\t2\t1\t100\t200\t300\t50\t95\t   ',
      '5\t1\t2\t1\t1\t1\t100\t300\t300\t50\t80\tZarqa',
    ].join('\n');
    const page = ocrPageOf(tsv, 300);
    assert.equal(page.words, 3);
    assert.equal(Math.round(page.confidence), 80);
    assert.deepEqual(
      page.lines.map((l) => l.pieces.map((p) => p.text).join(l.joiner)),
      ['وزارة الصحة', 'Zarqa'],
    );
    assert.deepEqual(page.lines[0]?.pieces[0]?.box, { x0: 96, y0: 24, x1: 168, y1: 36 });
  });
});
