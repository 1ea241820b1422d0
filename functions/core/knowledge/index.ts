/**
 * The passage index: BM25F ranking (bm25f.ts) over terms produced by the Vietnamese
 * analyser, with field boosts for the section headings and the document title. It is built
 * at ingest time, serialised to a versioned artifact and loaded once per container.
 * See docs/design/retrieval.md, "Retrieval" for the measurements behind the choices.
 */

import { ANALYZER_VERSION, type VietnameseAnalyzer } from '../text/analyze.js';
import { type Bm25fData, Bm25fIndex, type Bm25fTuning } from './bm25f.js';
import type { ChunkVectors } from './dense.js';
import type { IngestedDocument } from './ingest.js';
import type { Chunk, DocumentMeta, Passage } from './types.js';

export const INDEX_FORMAT = 'bhxh-knowledge-index';
/** v2: chunks overlap (bridging chunks) and carry their segment range. */
export const INDEX_FORMAT_VERSION = 2;

/** Fields: document title (+ issuer, place), section headings, passage text. */
const FIELD_COUNT = 3;

export interface RetrievalTuning extends Bm25fTuning {
  /**
   * Relative weight of each kind of query term; `number` replaces `word` for a number or date
   * ("2018", "30/6/2019").
   */
  readonly termWeights: {
    readonly word: number;
    readonly pair: number;
    readonly exact: number;
    readonly number: number;
  };
}

/** A word term that is a number, a date or an amount: no accents, so no exact term either. */
const NUMBER_TERM = /^\p{N}/u;

export const DEFAULT_TUNING: RetrievalTuning = {
  fieldWeights: [3, 2, 1],
  b: [0.5, 0.5, 0.75],
  k1: 2,
  coverage: 1,
  // A number is one token where a word gives its syllables, their exact forms and their pair
  // (3 to 4.2 weighted terms for a two-syllable word): weighted 3, a date or amount in the
  // question ("30/6/2019", "năm 2018") counts about as much as a place name does (docs/design/retrieval.md).
  termWeights: { word: 1, pair: 1, exact: 0.6, number: 3 },
};

export interface IndexArtifact {
  readonly format: typeof INDEX_FORMAT;
  readonly version: number;
  readonly analyzerVersion: number;
  readonly builtAt: string;
  /** Hash (or any fingerprint) of the sources the index was built from. */
  readonly sourceFingerprint?: string;
  readonly documents: readonly DocumentMeta[];
  readonly chunks: readonly Chunk[];
  readonly lexical: Bm25fData;
  /** Chunk embeddings (dense.ts), present only when an embedding model was configured. */
  readonly dense?: ChunkVectors;
}

export class IndexFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexFormatError';
  }
}

export interface SearchOptions {
  readonly limit?: number;
}

/** A ranked hit on a chunk, by its position in the index's chunk list. */
export interface RankedChunk {
  readonly chunkIndex: number;
  readonly score: number;
}

/** Anything that ranks the index's chunks for a query: lexical now, dense vectors later. */
export interface ChunkRanker {
  /** The index whose chunks it ranks, when bound to one: a ranker for another is not used. */
  readonly index?: KnowledgeIndex;
  rank(query: string, limit: number): Promise<readonly RankedChunk[]>;
}

export class KnowledgeIndex {
  private readonly documentsById: ReadonlyMap<string, DocumentMeta>;

  private constructor(
    readonly analyzer: VietnameseAnalyzer,
    readonly documents: readonly DocumentMeta[],
    readonly chunks: readonly Chunk[],
    private readonly lexical: Bm25fIndex,
    private readonly tuning: RetrievalTuning,
    readonly builtAt: string,
    readonly sourceFingerprint?: string,
    readonly dense?: ChunkVectors,
  ) {
    this.documentsById = new Map(documents.map((document) => [document.id, document]));
  }

  static build(
    ingested: readonly IngestedDocument[],
    analyzer: VietnameseAnalyzer,
    options: { builtAt?: string; sourceFingerprint?: string; tuning?: RetrievalTuning } = {},
  ): KnowledgeIndex {
    const tuning = options.tuning ?? DEFAULT_TUNING;
    const documents = ingested.map((entry) => entry.document);
    const chunks = ingested.flatMap((entry) => entry.chunks);
    const byId = new Map(documents.map((document) => [document.id, document]));
    const titleTerms = new Map<string, string[]>();
    const lexical = Bm25fIndex.build(
      chunks.map((chunk) => {
        let title = titleTerms.get(chunk.documentId);
        if (!title) {
          const document = byId.get(chunk.documentId);
          title = analyzer.indexTerms(
            [document?.title, document?.issuer, document?.place].filter(Boolean).join(' . '),
          );
          titleTerms.set(chunk.documentId, title);
        }
        return {
          fields: [title, analyzer.indexTerms(chunk.headings.join(' . ')), analyzer.indexTerms(chunk.text)],
        };
      }),
      FIELD_COUNT,
      tuning,
    );
    return new KnowledgeIndex(
      analyzer,
      documents,
      chunks,
      lexical,
      tuning,
      options.builtAt ?? new Date(0).toISOString(),
      options.sourceFingerprint,
    );
  }

  static fromArtifact(
    artifact: IndexArtifact,
    analyzer: VietnameseAnalyzer,
    tuning: RetrievalTuning = DEFAULT_TUNING,
  ): KnowledgeIndex {
    if (artifact.format !== INDEX_FORMAT || artifact.version !== INDEX_FORMAT_VERSION) {
      throw new IndexFormatError(`Index artifact has format ${artifact.format} v${artifact.version}`);
    }
    if (artifact.analyzerVersion !== ANALYZER_VERSION) {
      throw new IndexFormatError(
        `Index artifact was built with analyser v${artifact.analyzerVersion}, this code uses v${ANALYZER_VERSION}`,
      );
    }
    return new KnowledgeIndex(
      analyzer,
      artifact.documents,
      artifact.chunks,
      Bm25fIndex.load(artifact.lexical, tuning),
      tuning,
      artifact.builtAt,
      artifact.sourceFingerprint,
      artifact.dense,
    );
  }

  toArtifact(): IndexArtifact {
    return {
      format: INDEX_FORMAT,
      version: INDEX_FORMAT_VERSION,
      analyzerVersion: ANALYZER_VERSION,
      builtAt: this.builtAt,
      ...(this.sourceFingerprint ? { sourceFingerprint: this.sourceFingerprint } : {}),
      documents: this.documents,
      chunks: this.chunks,
      lexical: this.lexical.toData(),
      ...(this.dense ? { dense: this.dense } : {}),
    };
  }

  /** The same index with chunk embeddings (computed at publish time, dense.ts). */
  withVectors(dense: ChunkVectors): KnowledgeIndex {
    return new KnowledgeIndex(
      this.analyzer,
      this.documents,
      this.chunks,
      this.lexical,
      this.tuning,
      this.builtAt,
      this.sourceFingerprint,
      dense,
    );
  }

  /**
   * Lexical ranking of chunks for a question (BM25F with coverage, see bm25f.ts), without
   * overlapping chunks: each passage of the text is returned at most once, in the chunk that
   * ranks it highest.
   */
  rankLexical(query: string, limit = 10): RankedChunk[] {
    const weights = this.tuning.termWeights;
    const terms = this.analyzer.queryTerms(query).map((term) => ({
      term: term.term,
      weight: term.kind === 'word' && NUMBER_TERM.test(term.term) ? weights.number : weights[term.kind],
    }));
    // A segment is held by at most three chunks (its own and two bridging ones).
    const ranked = this.lexical.search(terms, limit * 3 + 3);
    return this.withoutOverlaps(
      ranked.map((hit) => ({ chunkIndex: hit.doc, score: hit.score })),
      limit,
    );
  }

  /** The first `limit` chunks of a ranking, skipping any that shares text with one kept before it. */
  withoutOverlaps(ranking: readonly RankedChunk[], limit: number): RankedChunk[] {
    const kept: RankedChunk[] = [];
    const keptChunks: Chunk[] = [];
    for (const hit of ranking) {
      if (kept.length >= limit) break;
      const chunk = this.chunks[hit.chunkIndex];
      if (!chunk || keptChunks.some((other) => overlap(chunk, other))) continue;
      kept.push(hit);
      keptChunks.push(chunk);
    }
    return kept;
  }

  search(query: string, options: SearchOptions = {}): Passage[] {
    return this.rankLexical(query, options.limit ?? 10).flatMap((hit) => {
      const passage = this.passage(hit.chunkIndex, hit.score);
      return passage ? [passage] : [];
    });
  }

  passage(chunkIndex: number, score: number): Passage | undefined {
    const chunk = this.chunks[chunkIndex];
    const document = chunk ? this.documentsById.get(chunk.documentId) : undefined;
    return chunk && document ? { chunk, document, score } : undefined;
  }

  document(id: string): DocumentMeta | undefined {
    return this.documentsById.get(id);
  }

  /** Inverse document frequency of a folded word in the passages (0 when absent). */
  idf(word: string): number {
    return this.lexical.documentFrequency(word) === 0 ? 0 : this.lexical.idf(word);
  }

  /** Weight a word not in the corpus would have: the rarest possible. */
  maxIdf(): number {
    return Math.log(1 + (this.chunks.length + 0.5) / 0.5);
  }
}

function overlap(a: Chunk, b: Chunk): boolean {
  return a.documentId === b.documentId && a.segmentStart <= b.segmentEnd && b.segmentStart <= a.segmentEnd;
}
