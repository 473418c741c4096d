import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CELL_REMOVED, redactSheet } from '../../src/public-copies/sheet-redaction.ts';
import { findRedactions } from '../../src/redaction/redaction.ts';

const find = (text: string) => findRedactions(text, { jurisdiction: 'JO' });

describe('a spreadsheet redacted cell by cell', () => {
  it('hides a cell the rules find something in, read alone or after its heading', () => {
    const { csv, hidden } = redactSheet(
      [
        'Centre,Responsible’s national number,Phone,Budget',
        'Zarqa,9871234560,795551234,1500000',
        'Russeifa,"said ""closed""",,2026-12-01',
      ].join('\n'),
      find,
    );
    assert.equal(hidden, 2);
    assert.equal(
      csv,
      [
        'Centre,Responsible’s national number,Phone,Budget',
        `Zarqa,${CELL_REMOVED},${CELL_REMOVED},1500000`,
        'Russeifa,"said ""closed""",,2026-12-01',
        '',
      ].join('\n'),
    );
  });

  it('keeps a ragged sheet ragged, and a byte-order mark out', () => {
    const { csv } = redactSheet('\uFEFFa,b\nc\nd,e,f\n', find);
    assert.equal(csv, 'a,b\nc\nd,e,f\n');
  });
});
