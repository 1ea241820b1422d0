/**
 * Documents the tests write themselves: a .docx (a real WordprocessingML package, made with
 * jszip), a PDF with a text layer written by hand (Helvetica, ASCII text: the standard fonts
 * carry no Vietnamese letters), a PDF with no text at all (as a scan is), and broken files.
 */
import JSZip from 'jszip';
import {
  generatePassword,
  generateSubject,
  ScryptPasswordHasher,
} from '../../functions/adapters/auth/password.js';
import type { DynamoClients } from '../../functions/adapters/dynamodb/client.js';
import { DynamoUserStore } from '../../functions/adapters/dynamodb/user-store.js';
import { addUser } from '../../functions/app/console/users.js';

/** An editor with a known password in the state table of a local server (no first-sign-in change). */
export async function addEditor(
  clients: DynamoClients,
  stateTable: string,
  email: string,
  password: string,
): Promise<void> {
  await addUser(
    {
      users: new DynamoUserStore(clients.doc, stateTable),
      // A cheap scrypt: these are test and bench accounts.
      passwords: new ScryptPasswordHasher({ log2N: 12, r: 8, p: 1 }),
      clock: { now: () => new Date() },
      newPassword: generatePassword,
      newSubject: generateSubject,
    },
    { email, role: 'editor', password, createdBy: 'test' },
  );
}

const WORD_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A .docx whose paragraphs are `paragraphs`, in order. */
export async function makeDocx(paragraphs: readonly string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  );
  const body = paragraphs.map(
    (text) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`,
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${WORD_NS}"><w:body>${body.join('')}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

/** A one-page PDF: each line of `lines` as text (ASCII), or no text at all for `[]`. */
export function makePdf(lines: readonly string[]): Uint8Array {
  const text = lines
    .map(
      (line, index) => `${index === 0 ? '72 720 Td' : '0 -18 Td'} (${line.replace(/([()\\])/g, '\\$1')}) Tj`,
    )
    .join('\n');
  const content = lines.length > 0 ? `BT /F1 12 Tf\n${text}\nET` : '0 0 1 rg 72 72 100 100 re f';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

/** Multipart upload as a browser sends it to S3 or the local server: every field, then `file`. */
export function uploadForm(
  fields: Readonly<Record<string, string>>,
  bytes: Uint8Array,
  filename: string,
  contentType: string,
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: contentType }), filename);
  return form;
}
