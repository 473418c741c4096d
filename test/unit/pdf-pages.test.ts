import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mupdf from 'mupdf';
import { openAsPdf, sanitizedBytes } from '../../src/public-copies/pdf-pages.ts';

/** A JPEG `width` × `height`, white, with an EXIF block saying how the camera was held. */
function photo(width: number, height: number, orientation: number): Buffer {
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, width, height], false);
  pixmap.clear(255);
  const jpeg = Buffer.from(pixmap.asJPEG(80));
  // A TIFF header, one entry: Orientation (0x0112), SHORT, 1 value; then a camera's GPS note.
  const tiff = Buffer.from([
    0x49,
    0x49,
    0x2a,
    0x00,
    0x08,
    0,
    0,
    0,
    0x01,
    0x00,
    0x12,
    0x01,
    0x03,
    0x00,
    0x01,
    0,
    0,
    0,
    orientation,
    0x00,
    0x00,
    0x00,
    0,
    0,
    0,
    0,
  ]);
  const payload = Buffer.concat([
    Buffer.from('Exif\0\0', 'latin1'),
    tiff,
    Buffer.from('GPS-31.95N'),
  ]);
  const marker = Buffer.alloc(4);
  marker.writeUInt16BE(0xffe1, 0);
  marker.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), marker, payload, jpeg.subarray(2)]);
}

const LIMITS = { maxPages: 10, maxPixels: 80_000_000 };

describe('a photo as a public copy’s page', () => {
  it('stands as the camera was held (EXIF orientation), with its own pixels, at 300 dpi', () => {
    const pdf = openAsPdf(photo(300, 100, 6), 'image/jpeg', LIMITS);
    const [x0, y0, x1, y1] = pdf.loadPage(0).getBounds();
    // 100 × 300 pixels at 300 dpi: 24 × 72 points.
    assert.deepEqual([x1 - x0, y1 - y0], [24, 72]);
    const upright = openAsPdf(photo(300, 100, 1), 'image/jpeg', LIMITS);
    assert.deepEqual(upright.loadPage(0).getBounds(), [0, 0, 72, 24]);
  });

  it('never carries the photo’s EXIF into the copy', () => {
    const bytes = sanitizedBytes(openAsPdf(photo(300, 100, 6), 'image/jpeg', LIMITS));
    const plain = Buffer.from(
      new mupdf.PDFDocument(bytes).saveToBuffer('decompress').asUint8Array(),
    ).toString('latin1');
    assert.ok(!plain.includes('GPS-31.95N') && !plain.includes('Exif'));
  });
});
