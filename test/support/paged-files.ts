/**
 * Small multi-page files made by the tests: a TIFF of `pages` image file
 * directories (each a 1 × 1 image's width tag; enough for a page count) and a
 * PDF of `pages` blank A4 pages.
 */
export function tiffOf(pages: number, byteOrder: 'II' | 'MM' = 'II'): Buffer {
  const little = byteOrder === 'II';
  const bytes = Buffer.alloc(8 + pages * 18);
  bytes.write(byteOrder, 0, 'latin1');
  const u16 = (at: number, value: number) =>
    little ? bytes.writeUInt16LE(value, at) : bytes.writeUInt16BE(value, at);
  const u32 = (at: number, value: number) =>
    little ? bytes.writeUInt32LE(value, at) : bytes.writeUInt32BE(value, at);
  u16(2, 42);
  u32(4, pages > 0 ? 8 : 0);
  for (let i = 0; i < pages; i++) {
    const at = 8 + i * 18;
    u16(at, 1);
    // ImageWidth (256), SHORT (3), one value: 1.
    u16(at + 2, 256);
    u16(at + 4, 3);
    u32(at + 6, 1);
    u16(at + 10, 1);
    u32(at + 14, i < pages - 1 ? at + 18 : 0);
  }
  return bytes;
}

export function pdfOf(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_v, i) => `${String(i + 3)} 0 R`).join(' ');
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    `2 0 obj << /Type /Pages /Kids [${kids}] /Count ${String(pages)} >> endobj`,
    ...Array.from(
      { length: pages },
      (_v, i) =>
        `${String(i + 3)} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj`,
    ),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(body.length);
    body += `${object}\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer << /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
