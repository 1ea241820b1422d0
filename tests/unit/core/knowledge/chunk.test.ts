import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkBlocks } from '../../../../functions/core/knowledge/chunk.js';
import { cleanDocument } from '../../../../functions/core/knowledge/clean.js';
import { ingestDocument } from '../../../../functions/core/knowledge/ingest.js';
import { MAX_CHUNK_CHARS } from '../../../../functions/core/knowledge/types.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/knowledge/${name}`, import.meta.url), 'utf8');

describe('chunkBlocks', () => {
  it('follows the heading structure and keeps source line ranges', () => {
    const chunks = chunkBlocks('doc', cleanDocument(fixture('double-spaced.txt')));
    const bySection = chunks.map((chunk) => [chunk.headings.join(' › '), chunk.lineStart, chunk.lineEnd]);
    const report = 'BÁO CÁO › Kết quả thực hiện chính sách bảo hiểm xã hội tại xã Mẫu Sơn';
    // A chunk's range starts at the headings that open it (lines 1, 3, 5 and 11).
    expect(bySection).toEqual([
      [`${report} › 1. Công tác tuyên truyền`, 1, 9],
      [`${report} › 2. Công tác thu`, 11, 15],
    ]);
    expect(chunks.map((chunk) => chunk.id)).toEqual(chunks.map((_, index) => `doc#${index + 1}`));
  });

  it('adds a bridging chunk from the middle of each chunk, so a passage cut at a boundary is also whole', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) =>
      `Đoạn ${i + 1}. ${'Người dân tham gia bảo hiểm xã hội tự nguyện theo hướng dẫn. '.repeat(8)}`.trim(),
    );
    const chunks = chunkBlocks('doc', cleanDocument(`# Mục một\n\n${paragraphs.join('\n\n')}`), {
      targetChars: 1400,
    });
    const spans = chunks.map((chunk) => [chunk.segmentStart, chunk.segmentEnd]);
    // Primary chunks tile the section; then one chunk starting halfway through each of them.
    expect(spans).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [1, 2],
      [3, 4],
      [5, 5],
    ]);
    const crossing = chunks[3];
    expect(crossing?.text).toContain('Đoạn 2.');
    expect(crossing?.text).toContain('Đoạn 3.');
    expect(crossing?.headings).toEqual(['Mục một']);
    // Only a section's first chunk starts at its heading's line.
    expect(chunks[0]?.lineStart).toBe(1);
    expect(crossing?.lineStart).toBe(5);
    expect(chunks.map((chunk) => chunk.id)).toEqual(chunks.map((_, index) => `doc#${index + 1}`));
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(1400);
  });

  it('never exceeds 2,000 characters and covers every source line of a long paragraph', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 200, max: 2000 }),
        (sentences, target) => {
          const text = Array.from(
            { length: sentences },
            (_, i) => `Câu số ${i + 1} nói về bảo hiểm xã hội tự nguyện và mức đóng hằng tháng của người dân`,
          ).join('. ');
          const lines = text.match(/.{1,70}(\s|$)/g) ?? [];
          const chunks = chunkBlocks('long', cleanDocument(lines.join('\n')), { targetChars: target });
          for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
          expect(chunks[0]?.lineStart).toBe(1);
          expect(chunks[chunks.length - 1]?.lineEnd).toBe(lines.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('takes metadata from a sidecar over what it detects', () => {
    const text = fixture('double-spaced.txt');
    const detected = ingestDocument({ file: 'notes/report.txt', text });
    expect(detected.document).toMatchObject({
      id: 'report',
      file: 'report.txt',
      title: 'BÁO CÁO Kết quả thực hiện chính sách bảo hiểm xã hội tại xã Mẫu Sơn',
      metaSource: 'detected',
    });
    const withSidecar = ingestDocument({
      file: 'report.txt',
      text,
      meta: { title: 'Báo cáo xã Mẫu Sơn', issuer: 'UBND xã Mẫu Sơn', place: 'Lạng Sơn', date: '2024-05-02' },
    });
    expect(withSidecar.document).toMatchObject({
      title: 'Báo cáo xã Mẫu Sơn',
      issuer: 'UBND xã Mẫu Sơn',
      place: 'Lạng Sơn',
      date: '2024-05-02',
      metaSource: 'sidecar',
    });
  });

  it('detects the issuing place and date from the signature line', () => {
    const { document } = ingestDocument({
      file: 'x.txt',
      text: 'BẢO HIỂM XÃ HỘI VIỆT NAM\n\nBÁO CÁO TỔNG KẾT\n\nHà Nội, ngày 5 tháng 12 năm 2019\n\nNội dung báo cáo về công tác thu.',
    });
    expect(document).toMatchObject({
      issuer: 'Bảo hiểm xã hội Việt Nam',
      place: 'Hà Nội',
      date: '2019-12-05',
    });
  });
});
