/**
 * The seam for dense vectors: a later issue plugs an embedding ranker (any `ChunkRanker`
 * over the same chunk list) and its ranking is fused with the lexical one by reciprocal
 * rank fusion, which needs no score calibration between the two.
 */
import type { ChunkRanker, KnowledgeIndex, RankedChunk } from './index.js';
import type { Passage } from './types.js';

/** Constant of reciprocal rank fusion; 60 is the usual choice from the original paper. */
export const RRF_K = 60;

/** Fuse rankings: score(chunk) = Σ 1 / (k + rank), ranks 1-based; ties by chunk order. */
export function reciprocalRankFusion(
  rankings: ReadonlyArray<readonly RankedChunk[]>,
  limit: number,
  k = RRF_K,
): RankedChunk[] {
  const fused = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach((hit, index) => {
      fused.set(hit.chunkIndex, (fused.get(hit.chunkIndex) ?? 0) + 1 / (k + index + 1));
    });
  }
  return [...fused.entries()]
    .map(([chunkIndex, score]) => ({ chunkIndex, score }))
    .sort((a, b) => b.score - a.score || a.chunkIndex - b.chunkIndex)
    .slice(0, limit);
}

/** Passages for a question: lexical only, or lexical fused with the dense ranker when given. */
export async function searchPassages(
  index: KnowledgeIndex,
  question: string,
  limit: number,
  dense?: ChunkRanker,
): Promise<Passage[]> {
  // A ranker bound to another index (swapped meanwhile), or one that ranked nothing (its model
  // failed): words alone, exactly as without one.
  if (!dense || (dense.index && dense.index !== index)) return index.search(question, { limit });
  const depth = Math.max(limit, 20);
  const vector = await dense.rank(question, depth);
  if (vector.length === 0) return index.search(question, { limit });
  const lexical = index.rankLexical(question, depth);
  // Keep the lexical score on each passage: answer confidence is judged on the words.
  const lexicalScore = new Map(lexical.map((hit) => [hit.chunkIndex, hit.score]));
  const fused = reciprocalRankFusion([lexical, vector], depth * 2);
  return index.withoutOverlaps(fused, limit).flatMap((hit) => {
    const passage = index.passage(hit.chunkIndex, lexicalScore.get(hit.chunkIndex) ?? 0);
    return passage ? [passage] : [];
  });
}
