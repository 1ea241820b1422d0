import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractText, UnsupportedFormatError } from '../../../../functions/core/knowledge/extract.js';
import { ingestDocument } from '../../../../functions/core/knowledge/ingest.js';

/** A minimal Word document: the three parts mammoth needs, paragraphs as runs of text. */
async function makeDocx(paragraphs: readonly string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs
    .map((text) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`)
    .join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

/** A minimal PDF with one text line per entry, one page per array, in Helvetica. */
function makePdf(pages: readonly (readonly string[])[]): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const pageIds: number[] = [];
  for (const lines of pages) {
    const stream = lines.map((line, i) => `BT /F1 12 Tf 72 ${720 - i * 20} Td (${line}) Tj ET`).join('\n');
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent PARENT 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  const parent = add(
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
  );
  const catalog = add(`<< /Type /Catalog /Pages ${parent} 0 R >>`);
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body.replace('PARENT', String(parent))}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

describe('extractText', () => {
  it('reads .txt and .md as NFC text', async () => {
    const nfd = 'Bảo hiểm xã hội'.normalize('NFD');
    const result = await extractText('a.md', new TextEncoder().encode(nfd));
    expect(result.text).toBe('Bảo hiểm xã hội'.normalize('NFC'));
  });

  it('reads the paragraphs of a .docx', async () => {
    const bytes = await makeDocx(['1. Mức đóng', 'Người tham gia đóng 22% mức thu nhập tự chọn.']);
    const result = await extractText('quy-dinh.docx', bytes);
    expect(result.text).toContain('1. Mức đóng');
    expect(result.text).toContain('Người tham gia đóng 22% mức thu nhập tự chọn.');
    const { chunks } = ingestDocument({ file: 'quy-dinh.docx', text: result.text });
    expect(chunks[0]?.headings).toEqual(['1. Mức đóng']);
  });

  it('reads a .pdf page by page and keeps the page of every chunk', async () => {
    const bytes = makePdf([
      ['Huong dan dong bao hiem', 'Nguoi tham gia dong hang thang.'],
      ['Trang hai: noi nop tien.'],
    ]);
    const result = await extractText('huong-dan.pdf', bytes);
    expect(result.text).toContain('Nguoi tham gia dong hang thang.');
    const secondPageLine = result.text.split('\n').findIndex((line) => line.includes('Trang hai'));
    expect(result.pageOfLine?.[secondPageLine]).toBe(2);
    const { chunks } = ingestDocument({
      file: 'huong-dan.pdf',
      text: result.text,
      ...(result.pageOfLine ? { pageOfLine: result.pageOfLine } : {}),
    });
    expect(chunks.some((chunk) => chunk.pageStart === 1)).toBe(true);
    expect(chunks.some((chunk) => chunk.pageEnd === 2)).toBe(true);
  });

  it('refuses other formats by name', async () => {
    await expect(extractText('scan.jpg', new Uint8Array())).rejects.toBeInstanceOf(UnsupportedFormatError);
  });
});
