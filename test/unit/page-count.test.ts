import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { documentKind } from '../../src/documents/document-types.ts';
import { pdfPageCount, tiffPageCount } from '../../src/documents/page-count.ts';
import { pdfOf, tiffOf } from '../support/paged-files.ts';

describe('page counts of uploads', () => {
  it('a TIFF’s pages, in either byte order, counted up to one past the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<'II' | 'MM'>('II', 'MM'),
        (pages, limit, order) => {
          assert.equal(tiffPageCount(tiffOf(pages, order), limit), Math.min(pages, limit + 1));
        },
      ),
    );
  });

  it('never trusts an offset: any bytes end in a count or in undefined, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (tail, big) => {
        const head = big ? [0x4d, 0x4d, 0x00, 0x2a] : [0x49, 0x49, 0x2a, 0x00];
        const count = tiffPageCount(new Uint8Array([...head, ...tail]), 300);
        assert.ok(count === undefined || (count >= 1 && count <= 301));
      }),
    );
    // A chain that points back to itself ends.
    const loop = tiffOf(2);
    loop.writeUInt32LE(8, 8 + 18 + 14);
    assert.equal(tiffPageCount(loop, 300), 2);
    assert.equal(tiffPageCount(Buffer.from('%PDF-1.4'), 300), undefined);
  });

  it('a PDF’s pages; one that cannot be opened has no count (it is kept, and stays private)', async () => {
    assert.equal(await pdfPageCount(new Uint8Array(pdfOf(4))), 4);
    assert.equal(await pdfPageCount(new Uint8Array(Buffer.from('%PDF-1.4\ngarbage'))), undefined);
  });

  it('TIFF is told by its bytes, under .tif or .tiff, in either byte order', () => {
    assert.equal(documentKind('scan.tif', tiffOf(1, 'II'))?.contentType, 'image/tiff');
    assert.equal(documentKind('scan.TIFF', tiffOf(1, 'MM'))?.ext, 'tif');
    assert.equal(documentKind('scan.tif', Buffer.from('%PDF-1.4 fake')), undefined);
    assert.equal(documentKind('scan.pdf', tiffOf(1)), undefined);
  });
});
