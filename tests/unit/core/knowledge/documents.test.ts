/** Checks on an uploaded document and the dates a document answers for. */
import { describe, expect, it } from 'vitest';
import {
  checkUpload,
  citedTitle,
  DocumentRejectedError,
  documentIdOfKey,
  MAX_DOCUMENT_BYTES,
  REASONS,
  readUploadedText,
  safeObjectName,
} from '../../../../functions/core/knowledge/documents.js';
import { answersOn } from '../../../../functions/core/knowledge/types.js';

const reasonOf = async (work: () => unknown): Promise<string | undefined> => {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (error instanceof DocumentRejectedError) return error.reason;
    throw error;
  }
};

describe('checkUpload', () => {
  const pdf = { filename: 'NĐ 159.pdf', contentType: 'application/pdf', size: 1000 };
  it('takes the four formats up to 20 MB with a matching content type', async () => {
    expect(await reasonOf(() => checkUpload(pdf))).toBeUndefined();
    expect(await reasonOf(() => checkUpload({ ...pdf, size: MAX_DOCUMENT_BYTES }))).toBeUndefined();
    expect(
      await reasonOf(() => checkUpload({ filename: 'a.md', contentType: 'text/plain', size: 3 })),
    ).toBeUndefined();
  });
  it('refuses with the reason staff can act on', async () => {
    expect(await reasonOf(() => checkUpload({ ...pdf, size: MAX_DOCUMENT_BYTES + 1 }))).toBe(
      REASONS.tooLarge,
    );
    expect(await reasonOf(() => checkUpload({ ...pdf, size: 0 }))).toBe(REASONS.empty);
    expect(await reasonOf(() => checkUpload({ ...pdf, filename: 'a.doc' }))).toBe(REASONS.wrongType);
    expect(await reasonOf(() => checkUpload({ ...pdf, contentType: 'text/plain' }))).toBe(
      REASONS.typeMismatch,
    );
  });
});

describe('readUploadedText', () => {
  it('names empty, non-UTF-8 and mislabelled files', async () => {
    expect(await reasonOf(() => readUploadedText('a.txt', new Uint8Array()))).toBe(REASONS.empty);
    expect(await reasonOf(() => readUploadedText('a.txt', new Uint8Array([0xff, 0xfe, 0x41])))).toBe(
      REASONS.notUtf8,
    );
    expect(await reasonOf(() => readUploadedText('a.txt', new TextEncoder().encode('   \n ')))).toBe(
      REASONS.empty,
    );
    expect(await reasonOf(() => readUploadedText('a.pdf', new TextEncoder().encode('hello')))).toBe(
      REASONS.corrupt,
    );
  });
  it('reads UTF-8 text as it is', async () => {
    const read = await readUploadedText('a.md', new TextEncoder().encode('# Điều 1\n\nNội dung.'));
    expect(read.text).toContain('Nội dung.');
  });
});

describe('names and keys', () => {
  it('makes an object name safe and keeps the extension', () => {
    expect(safeObjectName('Nghị định 159/2025 (bản chính).PDF')).toBe('2025-ban-chinh-.PDF');
    expect(safeObjectName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(safeObjectName('Đường.docx')).toBe('Duong.docx');
  });
  it('reads the document id from an upload key only', () => {
    expect(documentIdOfKey('uploads/doc-abc/n1/file.pdf')).toBe('doc-abc');
    expect(documentIdOfKey('docs/doc-abc/x.chunks.json')).toBeUndefined();
    expect(documentIdOfKey('uploads/doc-abc/../x/file.pdf')).toBeUndefined();
  });
  it('cites the number with the title unless the title has it', () => {
    expect(citedTitle({ title: 'Nghị định về BHXH', number: '159/2025/NĐ-CP' })).toBe(
      'Nghị định về BHXH (số 159/2025/NĐ-CP)',
    );
    expect(citedTitle({ title: 'Nghị định 159/2025/NĐ-CP', number: '159/2025/NĐ-CP' })).toBe(
      'Nghị định 159/2025/NĐ-CP',
    );
  });
});

describe('answersOn', () => {
  it('a superseded document before its successor takes effect, the successor from then on', () => {
    const old = { answersUntil: '2027-01-01' };
    const successor = { answersFrom: '2027-01-01' };
    expect([answersOn(old, '2026-12-31'), answersOn(successor, '2026-12-31')]).toEqual([true, false]);
    expect([answersOn(old, '2027-01-01'), answersOn(successor, '2027-01-01')]).toEqual([false, true]);
    expect(answersOn({}, '2000-01-01')).toBe(true);
  });
});
