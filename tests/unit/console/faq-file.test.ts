/** FAQ files: formula-safe CSV cells, and CSV rows that read back exactly as written. */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaqContent } from '../../../functions/core/knowledge/faq-edit.js';
import {
  faqCsvHeader,
  faqInputFromCsv,
  faqToCsvRecord,
  neutralizeCell,
  readFaqCsvHeader,
  restoreCell,
  writeCsv,
} from '../../../functions/core/knowledge/faq-file.js';

describe('formula-safe cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+84 912', "'+84 912"],
    ['-5%', "'-5%"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ["'=already", "''=already"],
    ["'plain", "'plain"],
    ['Bình thường', 'Bình thường'],
  ])('%j is written as %j', (value, written) => {
    expect(neutralizeCell(value)).toBe(written);
    expect(restoreCell(written)).toBe(value);
  });

  it('restores any value it neutralised, and never leaves a cell starting a formula', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const written = neutralizeCell(value);
        expect(/^[=+\-@\t\r]/.test(written)).toBe(false);
        expect(restoreCell(written)).toBe(value);
      }),
    );
  });

  it('writes cells that csv-parse reads back exactly (quotes, commas, newlines, BOM)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'ộ', ',', '"', '\n', '\r\n', ' ', '=', "'", '|', '§'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        (rows) => {
          const width = rows[0]?.length ?? 0;
          const records = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
          const read = parse(writeCsv(records), { bom: true }) as string[][];
          expect(read.map((record) => record.map(restoreCell))).toEqual(records);
        },
      ),
    );
  });
});

describe('CSV rows', () => {
  const header = readFaqCsvHeader(faqCsvHeader());
  if ('issues' in header) throw new Error('header');

  it('reads back the content it wrote', () => {
    const content: FaqContent = {
      id: 'vi-du',
      questions: ['Câu hỏi một?', 'Câu hỏi, có dấu phẩy?'],
      answer: 'Dòng một.\nDòng hai.',
      tags: ['a', 'b'],
      citations: [
        { document: 'Luật A', section: 'Điều 1', date: '2025-07-01' },
        { document: 'Nghị định B', date: '2025' },
      ],
      effectiveFrom: '2025-07-01',
      effectiveTo: '2026-06-30',
      status: 'published',
    };
    const record = faqToCsvRecord(content);
    expect(record[3]).toBe('Luật A§Điều 1§2025-07-01 | Nghị định B§§2025');
    expect(faqInputFromCsv(header, record)).toEqual({ input: content });
  });

  it('reports an unknown status and unreadable citations by field', () => {
    const record = faqToCsvRecord({
      id: 'x',
      questions: ['Câu hỏi?'],
      answer: 'Câu trả lời.',
      tags: [],
      citations: [],
      effectiveFrom: '2025-07-01',
      status: 'draft',
    });
    record[3] = '[{"document": }]';
    record[7] = 'đang chạy';
    expect(faqInputFromCsv(header, record)).toEqual({
      issues: [
        { field: 'citations', message: 'Căn cứ pháp lý: JSON không đọc được (cần một mảng).' },
        { field: 'status', message: 'Trạng thái "đang chạy" không hợp lệ (draft, published, unpublished).' },
      ],
    });
  });
});
