/**
 * Wiring of the knowledge engine: the sample FAQ seeded into the content table and the index
 * under DATA_DIR (embedded default), and the engine's dependencies for the assistant.
 */

import { BlobKnowledgeArtifacts } from '../adapters/documents/artifacts.js';
import type { DynamoClients } from '../adapters/dynamodb/client.js';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store.js';
import { DynamoFaqStore } from '../adapters/dynamodb/faq-store.js';
import {
  CachedFaqSource,
  KNOWLEDGE_DIR,
  loadKnowledgeIndex,
  loadPrebuiltIndex,
  readFaqDrafts,
  seedFaqs,
} from '../adapters/knowledge/files.js';
import { LiveIndex } from '../app/documents/live-index.js';
import type { KnowledgeDeps } from '../core/knowledge/answer.js';
import { DenseRanker, vectorsMatch } from '../core/knowledge/dense.js';
import type { ChunkRanker, KnowledgeIndex } from '../core/knowledge/index.js';
import type { LlmAnswering } from '../core/llm/generate.js';
import type { Clock, EmbeddingPort } from '../core/ports.js';
import { systemClock } from '../shared/clock.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { createDocuments, documentBlobs, publishFiles } from './documents.js';

export interface KnowledgeSeedContext {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly log: (line: string) => void;
}

/**
 * Seed step for the embedded default: sample FAQ into the content table; the sample documents
 * published as documents (the first index version), through the same path as an upload.
 */
export async function seedKnowledge({ config, clients, log }: KnowledgeSeedContext): Promise<void> {
  const store = new DynamoFaqStore(clients.doc, config.tables.content);
  const written = await seedFaqs(store, await readFaqDrafts());
  if (written > 0) log(`seeded ${written} FAQ item version(s)`);
  const library = createDocuments({ config, clients, clock: systemClock });
  const outcomes = await publishFiles(library, [config.knowledgeDir ?? KNOWLEDGE_DIR], {
    prefix: 'sample',
    actor: 'seed',
  });
  const published = outcomes.filter((outcome) => outcome.outcome === 'indexed');
  if (published.length > 0)
    log(
      `published ${published.length} sample document(s) as index v${published[0]?.outcome === 'indexed' ? published[0].version : '?'}`,
    );
}

/** The knowledge engine's dependencies for the composition root. */
export async function createKnowledgeDeps(context: {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** The optional language model: writes document answers, checked (absent: extractive only). */
  readonly llm?: LlmAnswering;
}): Promise<KnowledgeDeps> {
  const { config, clients, clock } = context;
  const blobs = documentBlobs(config);
  // The published index, checked at most every INDEX_CHECK_SECONDS; until a first publication,
  // the prebuilt artifact (AWS) or the sample built under DATA_DIR.
  const live = await LiveIndex.open({
    pointer: new DynamoDocumentStore(clients.doc, config.tables.content),
    artifacts: new BlobKnowledgeArtifacts(blobs),
    clock,
    checkMs: config.indexCheckSeconds * 1000,
    fallback: () =>
      config.knowledgeIndexFile
        ? loadPrebuiltIndex(config.knowledgeIndexFile)
        : loadKnowledgeIndex(config.dataDir, config.knowledgeDir ? [config.knowledgeDir] : undefined),
    ...(context.logger
      ? {
          log: (event: string, fields: Readonly<Record<string, string | number | boolean | undefined>>) =>
            context.logger?.info(event, fields),
        }
      : {}),
  });
  const dense = context.llm?.embeddings
    ? denseRankers(context.llm.embeddings, context.llm.deadline)
    : undefined;
  return {
    get index() {
      return live.index;
    },
    // Bound to the index served now: a swapped-in index gets its own (or none without vectors).
    get dense() {
      return dense?.(live.index);
    },
    refreshIndex: () => live.refresh(),
    ...(context.llm ? { llm: context.llm } : {}),
    faqs: new CachedFaqSource(
      new DynamoFaqStore(clients.doc, config.tables.content, clock),
      clock,
      config.faqCacheSeconds * 1000,
    ),
  };
}

/**
 * A dense ranker per index, for indexes whose artifact carries this model's vectors; an index
 * without them (or with another model's) is searched by words alone.
 */
export function denseRankers(
  embeddings: EmbeddingPort,
  deadline: () => AbortSignal,
): (index: KnowledgeIndex) => ChunkRanker | undefined {
  const rankers = new WeakMap<KnowledgeIndex, ChunkRanker | undefined>();
  return (index) => {
    if (!rankers.has(index)) {
      const vectors = index.dense;
      rankers.set(
        index,
        vectorsMatch(vectors, index.chunks.length, embeddings.model)
          ? new DenseRanker(index, vectors, embeddings, deadline)
          : undefined,
      );
    }
    return rankers.get(index);
  };
}
