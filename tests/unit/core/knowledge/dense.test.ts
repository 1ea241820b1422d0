import { describe, expect, it } from 'vitest';
import {
  type ChunkVectors,
  DenseRanker,
  embedChunks,
  normalise,
  vectorsMatch,
} from '../../../../functions/core/knowledge/dense.js';
import { searchPassages } from '../../../../functions/core/knowledge/hybrid.js';
import { type ChunkRanker, KnowledgeIndex } from '../../../../functions/core/knowledge/index.js';
import { ingestDocument } from '../../../../functions/core/knowledge/ingest.js';
import type { EmbeddingPort, EmbeddingResult } from '../../../../functions/core/ports.js';
import { containsIdentifier } from '../../../../functions/core/privacy/redact.js';
import { defaultAnalyzer } from '../../../../functions/core/text/analyze.js';

const index = KnowledgeIndex.build(
  [
    ingestDocument({
      file: 'a.txt',
      text: 'Mức đóng bảo hiểm xã hội tự nguyện hằng tháng là 22% mức thu nhập.',
    }),
    ingestDocument({ file: 'b.txt', text: 'Nơi nộp tiền đóng: bưu điện xã và đại lý thu.' }),
    ingestDocument({ file: 'c.txt', text: 'Thẻ bảo hiểm y tế hộ gia đình được cấp lại khi mất.' }),
  ],
  defaultAnalyzer(),
);

/** A deterministic embedding model: every text asked is recorded; vectors by keyword. */
function toyModel(fail = false): EmbeddingPort & { asked: string[] } {
  const asked: string[] = [];
  return {
    model: 'toy-embed',
    asked,
    async embed(texts): Promise<EmbeddingResult> {
      asked.push(...texts);
      if (fail) return { ok: false, reason: 'timeout' };
      return {
        ok: true,
        vectors: texts.map((text) =>
          /nộp|bưu điện|ở đâu/.test(text) ? [0, 3, 0] : /thẻ/i.test(text) ? [0, 0, 2] : [1, 0, 0.1],
        ),
      };
    },
  };
}

describe('dense vectors', () => {
  it('are unit length, one per chunk, with the model named', async () => {
    const vectors = await embedChunks(index.chunks, toyModel());
    expect(vectors?.model).toBe('toy-embed');
    expect(vectors?.dimensions).toBe(3);
    expect(vectors?.vectors).toHaveLength(index.chunks.length);
    for (const vector of vectors?.vectors ?? []) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(normalise([0, 0])).toEqual([0, 0]);
  });

  it('are not made when the model fails', async () => {
    expect(await embedChunks(index.chunks, toyModel(true))).toBeUndefined();
  });

  it('match only the same model and the same chunks', async () => {
    const vectors = (await embedChunks(index.chunks, toyModel())) as ChunkVectors;
    expect(vectorsMatch(vectors, index.chunks.length, 'toy-embed')).toBe(true);
    expect(vectorsMatch(vectors, index.chunks.length, 'text-embedding-3-small')).toBe(false);
    expect(vectorsMatch(vectors, index.chunks.length + 1, 'toy-embed')).toBe(false);
    expect(vectorsMatch(undefined, index.chunks.length, 'toy-embed')).toBe(false);
  });
});

describe('DenseRanker', () => {
  it('ranks by cosine and embeds the question redacted', async () => {
    const model = toyModel();
    const vectors = (await embedChunks(index.chunks, model)) as ChunkVectors;
    const ranker = new DenseRanker(index, vectors, model);
    const question = 'Mã 0123456789, sinh 17/5/1962, gọi 0912345678: nộp tiền ở đâu?';
    const ranked = await ranker.rank(question, 2);
    expect(ranked.map((hit) => index.chunks[hit.chunkIndex]?.documentId)).toEqual([
      index.chunks[1]?.documentId,
      expect.any(String),
    ]);
    expect(ranked[0]?.score).toBeCloseTo(1, 5);
    const sentQuestion = model.asked.at(-1) ?? '';
    expect(containsIdentifier(sentQuestion)).toBe(false);
    expect(sentQuestion).not.toContain('0123456789');
    expect(sentQuestion).not.toContain('17/5/1962');
  });

  it('ranks nothing when the model fails', async () => {
    const vectors = (await embedChunks(index.chunks, toyModel())) as ChunkVectors;
    expect(await new DenseRanker(index, vectors, toyModel(true)).rank('nộp ở đâu', 5)).toEqual([]);
  });
});

describe('fusion with a dense ranker', () => {
  const question = 'mức đóng hằng tháng nộp';
  const files = (passages: readonly { document: { file: string } }[]) =>
    passages.map((passage) => passage.document.file);

  it('changes the ranking when the dense ranker disagrees', async () => {
    const lexical = files(await searchPassages(index, question, 3));
    expect(lexical[0]).toBe('a.txt');
    // Puts b first and a last: fused, b (1st + 2nd) passes a (1st + 3rd).
    const disagrees: ChunkRanker = {
      rank: async () => [
        { chunkIndex: 1, score: 0.9 },
        { chunkIndex: 2, score: 0.5 },
        { chunkIndex: 0, score: 0.1 },
      ],
    };
    const fused = files(await searchPassages(index, question, 3, disagrees));
    expect(lexical).toEqual(['a.txt', 'b.txt']);
    expect(fused.slice(0, 2)).toEqual(['b.txt', 'a.txt']);
    expect(fused).not.toEqual(lexical);
  });

  it('is the lexical ranking, unchanged, when the dense ranker ranks nothing or serves another index', async () => {
    const lexical = await searchPassages(index, question, 3);
    const silent: ChunkRanker = { rank: async () => [] };
    expect(await searchPassages(index, question, 3, silent)).toEqual(lexical);
    const other = KnowledgeIndex.build([ingestDocument({ file: 'z.txt', text: 'Khác.' })], defaultAnalyzer());
    const stale: ChunkRanker = { index: other, rank: async () => [{ chunkIndex: 0, score: 1 }] };
    expect(await searchPassages(index, question, 3, stale)).toEqual(lexical);
  });
});
