import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type IndexArtifact,
  IndexFormatError,
  KnowledgeIndex,
} from '../../../../functions/core/knowledge/index.js';
import { ingestDocument } from '../../../../functions/core/knowledge/ingest.js';
import type { Chunk } from '../../../../functions/core/knowledge/types.js';
import { VietnameseAnalyzer } from '../../../../functions/core/text/analyze.js';
import { foldVietnamese } from '../../../../functions/core/text/fold.js';

const analyzer = new VietnameseAnalyzer();
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/knowledge/${name}`, import.meta.url), 'utf8');
const corpus = [
  'newspaper-columns.txt',
  'double-spaced.txt',
  'footnotes.txt',
  'table.txt',
  'bold-headings.md',
].map((file) => ingestDocument({ file, text: fixture(file) }));
const sharesText = (a: Chunk, b: Chunk): boolean =>
  a.documentId === b.documentId && a.segmentStart <= b.segmentEnd && b.segmentStart <= a.segmentEnd;
const QUESTIONS = [
  'Huyện Núi Xanh có nhiều xã vùng cao không?',
  'Số người tham gia BHXH tự nguyện năm 2024 là bao nhiêu?',
  'xã Mẫu Sơn tuyên truyền bảo hiểm xã hội tự nguyện thế nào',
  'Đại lý thu được mở rộng tới đâu?',
  'rà soát danh sách hộ gia đình tham gia BHYT',
];

describe('KnowledgeIndex', () => {
  const index = KnowledgeIndex.build(corpus, analyzer, { builtAt: '2026-01-01T00:00:00.000Z' });

  it('finds the passage that answers a question, with its document', () => {
    const [best] = index.search('Số người tham gia BHXH tự nguyện năm 2024 là bao nhiêu?');
    expect(best?.document.file).toBe('table.txt');
    expect(best?.chunk.text).toContain('1.980');
    const [rural] = index.search('huyen nui xanh co nhieu xa vung cao khong');
    expect(rural?.document.file).toBe('bold-headings.md');
  });

  it('finds the same passages for a question typed without diacritics', () => {
    // Chunks overlap, and of two that share text only the better ranked is returned, so the
    // two questions may show the same passage through different chunks.
    for (const question of QUESTIONS) {
      const accented = index.search(question, { limit: 50 }).map((passage) => passage.chunk);
      const folded = index.search(foldVietnamese(question), { limit: 50 }).map((passage) => passage.chunk);
      expect(accented.length).toBeGreaterThan(0);
      for (const chunk of folded) expect(accented.some((other) => sharesText(chunk, other))).toBe(true);
      for (const chunk of accented) expect(folded.some((other) => sharesText(chunk, other))).toBe(true);
      expect(sharesText(folded[0] as Chunk, accented[0] as Chunk)).toBe(true);
    }
  });

  it('never returns two chunks that share text', () => {
    const { chunks } = index;
    expect(chunks.some((chunk, i) => chunks.some((other, j) => i !== j && sharesText(chunk, other)))).toBe(
      true,
    );
    for (const question of [...QUESTIONS, 'bảo hiểm xã hội tự nguyện']) {
      const found = index.search(question, { limit: 50 }).map((passage) => passage.chunk);
      expect(found.length).toBeGreaterThan(1);
      found.forEach((chunk, i) => {
        for (const other of found.slice(i + 1)) expect(sharesText(chunk, other)).toBe(false);
      });
    }
  });

  it('ranks an exact-accent match higher when the question has accents', () => {
    const docs = [
      ingestDocument({ file: 'a.txt', text: 'Quy định về mức dòng chảy của sông.' }),
      ingestDocument({ file: 'b.txt', text: 'Quy định về mức đóng của người dân.' }),
    ];
    const small = KnowledgeIndex.build(docs, analyzer);
    expect(small.search('mức đóng')[0]?.document.file).toBe('b.txt');
    expect(
      small
        .search('muc dong')
        .map((passage) => passage.document.file)
        .sort(),
    ).toEqual(['a.txt', 'b.txt']);
  });

  it('weighs a date in the question about as much as a place name', () => {
    const docs = [
      ingestDocument({
        file: 'place.txt',
        text: 'Huyện Thọ Xuân có 38 xã và 3 thị trấn, tỷ lệ bao phủ bảo hiểm y tế tăng qua các năm.',
      }),
      ingestDocument({
        file: 'date.txt',
        text: 'Tính đến ngày 30/6/2019, tỷ lệ bao phủ bảo hiểm y tế toàn huyện đạt 92,3%.',
      }),
    ];
    const small = KnowledgeIndex.build(docs, analyzer);
    for (const question of [
      'Thọ Xuân đến 30/6/2019 tỷ lệ bao phủ BHYT đạt bao nhiêu?',
      'tho xuan den 30/6/2019 ty le bao phu bhyt',
    ]) {
      expect(small.search(question)[0]?.document.file).toBe('date.txt');
    }
  });

  it('serialises to a versioned artifact that loads back to the same rankings', () => {
    const artifact = JSON.parse(JSON.stringify(index.toArtifact())) as IndexArtifact;
    expect(artifact).toMatchObject({
      format: 'bhxh-knowledge-index',
      version: 2,
      builtAt: '2026-01-01T00:00:00.000Z',
    });
    const loaded = KnowledgeIndex.fromArtifact(artifact, analyzer);
    for (const question of QUESTIONS) {
      expect(loaded.search(question)).toEqual(index.search(question));
    }
    expect(() => KnowledgeIndex.fromArtifact({ ...artifact, analyzerVersion: 999 }, analyzer)).toThrow(
      IndexFormatError,
    );
  });

  it('returns nothing for words it has never seen', () => {
    expect(index.search('xyzzy quux')).toEqual([]);
  });
});
