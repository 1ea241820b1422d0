/**
 * Dense retrieval: one embedding per chunk, computed at publish time and stored in the index
 * artifact with the model's name, and a `ChunkRanker` that embeds the (redacted) question and
 * ranks chunks by cosine similarity. Vectors are normalised once, so cosine is a dot product.
 */

import type { EmbeddingPort } from '../ports.js';
import { redactIdentifiers, redactIdentifiersAndDates } from '../privacy/redact.js';
import type { ChunkRanker, KnowledgeIndex, RankedChunk } from './index.js';
import type { Chunk } from './types.js';

/** The vectors of an index's chunks, in chunk order, and the model that made them. */
export interface ChunkVectors {
  readonly model: string;
  readonly dimensions: number;
  /** One unit-length vector per chunk, rounded to keep the artifact small. */
  readonly vectors: readonly (readonly number[])[];
}

/** Six decimals: cosine rankings do not change, the artifact stays a third of the size. */
const PRECISION = 1e6;

export function normalise(vector: readonly number[]): number[] {
  const length = Math.hypot(...vector);
  return length > 0 ? vector.map((value) => value / length) : vector.map(() => 0);
}

/** What is embedded for a chunk: its headings give a short passage its subject. */
export function embeddingText(chunk: Chunk): string {
  return [...chunk.headings, chunk.text].join('\n');
}

/**
 * Vectors for every chunk of an index, or undefined when the model failed (the index is then
 * published lexical-only). Chunk texts are already redacted at ingest; redacting again costs
 * nothing and keeps this function safe on its own. Dates stay: a passage's dates are the law's,
 * not a citizen's (a question's dates are masked, DenseRanker).
 */
export async function embedChunks(
  chunks: readonly Chunk[],
  embeddings: EmbeddingPort,
): Promise<ChunkVectors | undefined> {
  if (chunks.length === 0) return undefined;
  const result = await embeddings.embed(chunks.map((chunk) => redactIdentifiers(embeddingText(chunk))));
  if (!result.ok || result.vectors.length !== chunks.length) return undefined;
  const dimensions = result.vectors[0]?.length ?? 0;
  return {
    model: embeddings.model,
    dimensions,
    vectors: result.vectors.map((vector) =>
      normalise(vector).map((value) => Math.round(value * PRECISION) / PRECISION),
    ),
  };
}

/** Whether stored vectors can be compared with this model's query vectors. */
export function vectorsMatch(
  vectors: ChunkVectors | undefined,
  chunkCount: number,
  model: string,
): vectors is ChunkVectors {
  return (
    vectors !== undefined &&
    vectors.model === model &&
    vectors.vectors.length === chunkCount &&
    vectors.vectors.every((vector) => vector.length === vectors.dimensions)
  );
}

/**
 * Ranks an index's chunks by cosine similarity to the question. Any embedding failure ranks
 * nothing, and the turn is answered by words alone (hybrid.ts).
 */
export class DenseRanker implements ChunkRanker {
  constructor(
    readonly index: KnowledgeIndex,
    private readonly vectors: ChunkVectors,
    private readonly embeddings: EmbeddingPort,
    private readonly deadline: () => AbortSignal | undefined = () => undefined,
  ) {}

  async rank(query: string, limit: number): Promise<readonly RankedChunk[]> {
    const result = await this.embeddings.embed([redactIdentifiersAndDates(query)], this.deadline());
    const asked = result.ok ? result.vectors[0] : undefined;
    if (!asked || asked.length !== this.vectors.dimensions) return [];
    const unit = normalise(asked);
    return this.vectors.vectors
      .map((vector, chunkIndex) => ({ chunkIndex, score: dot(unit, vector) }))
      .sort((a, b) => b.score - a.score || a.chunkIndex - b.chunkIndex)
      .slice(0, limit);
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}
