import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, searchPassages } from '../../../../functions/core/knowledge/hybrid.js';
import { type ChunkRanker, KnowledgeIndex } from '../../../../functions/core/knowledge/index.js';
import { ingestDocument } from '../../../../functions/core/knowledge/ingest.js';
import { defaultAnalyzer } from '../../../../functions/core/text/analyze.js';

describe('reciprocalRankFusion', () => {
  it('puts first what both rankings like, and keeps what only one found', () => {
    const fused = reciprocalRankFusion(
      [
        [
          { chunkIndex: 1, score: 9 },
          { chunkIndex: 2, score: 5 },
        ],
        [
          { chunkIndex: 2, score: 0.9 },
          { chunkIndex: 3, score: 0.8 },
        ],
      ],
      10,
    );
    expect(fused.map((hit) => hit.chunkIndex)).toEqual([2, 1, 3]);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61);
  });
});

describe('searchPassages', () => {
  const index = KnowledgeIndex.build(
    [
      ingestDocument({ file: 'a.txt', text: 'Mức đóng bảo hiểm xã hội tự nguyện hằng tháng.' }),
      ingestDocument({ file: 'b.txt', text: 'Nơi nộp tiền: bưu điện xã và đại lý thu.' }),
    ],
    defaultAnalyzer(),
  );
  /** Stands in for an embedding model: "knows" that paying happens at the post office. */
  const semantic: ChunkRanker = {
    rank: async (question) => (/nộp|đâu/.test(question) ? [{ chunkIndex: 1, score: 0.9 }] : []),
  };

  it('is the lexical ranking when no dense ranker is plugged in', async () => {
    const passages = await searchPassages(index, 'mức đóng tự nguyện', 5);
    expect(passages.map((passage) => passage.document.file)).toEqual(['a.txt']);
  });

  it('adds what the dense ranker finds', async () => {
    const passages = await searchPassages(index, 'đóng tự nguyện ở đâu', 5, semantic);
    expect(passages.map((passage) => passage.document.file).sort()).toEqual(['a.txt', 'b.txt']);
  });
});
