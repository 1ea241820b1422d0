/**
 * Wiring of the knowledge engine: the sample FAQ seeded into the content table and the index
 * under DATA_DIR (embedded default), and the engine's dependencies for the assistant.
 */
import type { DynamoClients } from '../adapters/dynamodb/client.js';
import { DynamoFaqStore } from '../adapters/dynamodb/faq-store.js';
import {
  CachedFaqSource,
  ensureIndex,
  loadKnowledgeIndex,
  loadPrebuiltIndex,
  readFaqDrafts,
  seedFaqs,
} from '../adapters/knowledge/files.js';
import type { KnowledgeDeps } from '../core/knowledge/answer.js';
import type { Clock } from '../core/ports.js';
import type { Config } from '../shared/config.js';

export interface KnowledgeSeedContext {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly log: (line: string) => void;
}

/** Seed step for the embedded default: sample FAQ into the content table, index under DATA_DIR. */
export async function seedKnowledge({ config, clients, log }: KnowledgeSeedContext): Promise<void> {
  const store = new DynamoFaqStore(clients.doc, config.tables.content);
  const written = await seedFaqs(store, await readFaqDrafts());
  if (written > 0) log(`seeded ${written} FAQ item version(s)`);
  await ensureIndex({
    dataDir: config.dataDir,
    log,
    ...(config.knowledgeDir ? { sources: [config.knowledgeDir] } : {}),
  });
}

/** The knowledge engine's dependencies for the composition root. */
export async function createKnowledgeDeps(context: {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly clock: Clock;
}): Promise<KnowledgeDeps> {
  return {
    index: await (context.config.knowledgeIndexFile
      ? loadPrebuiltIndex(context.config.knowledgeIndexFile)
      : loadKnowledgeIndex(
          context.config.dataDir,
          context.config.knowledgeDir ? [context.config.knowledgeDir] : undefined,
        )),
    faqs: new CachedFaqSource(
      new DynamoFaqStore(context.clients.doc, context.config.tables.content, context.clock),
      context.clock,
      context.config.faqCacheSeconds * 1000,
    ),
  };
}
