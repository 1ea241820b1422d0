/**
 * Wiring of the console's FAQ use cases: the FAQ admin, the audit log and the test bench over
 * the content table, and the test-all check over a FAQ file (data/knowledge/faq.json) that
 * `npm run faq:test-all` and CI run without any database.
 */
import { randomBytes } from 'node:crypto';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log.js';
import type { DynamoClients } from '../adapters/dynamodb/client.js';
import { DynamoFaqStore } from '../adapters/dynamodb/faq-store.js';
import {
  buildIndex,
  KNOWLEDGE_DIR,
  readFaqDrafts,
  SAMPLE_FAQ_FILE,
  seedFaqs,
} from '../adapters/knowledge/files.js';
import { MemoryCardStore } from '../adapters/memory/card-store.js';
import { MemoryFaqStore } from '../adapters/memory/faq-store.js';
import { MemoryRateCounter } from '../adapters/memory/rate-counter.js';
import type { AuditLog } from '../app/console/contracts.js';
import { createFaqAdmin, type FaqAdminService } from '../app/console/faq-admin.js';
import { createTestBench, type TestAllRun, type TestBench } from '../app/console/test-bench.js';
import { CardLookupSkill } from '../core/cards/skill.js';
import type { Skill } from '../core/dialogue/skill.js';
import type { KnowledgeIndex } from '../core/knowledge/index.js';
import { createPolicySkills } from '../core/policy/skills.js';
import type { Clock, FaqStore } from '../core/ports.js';
import { systemClock } from '../shared/clock.js';
import type { Config } from '../shared/config.js';
import { createHasher } from '../shared/hash.js';
import { createSessionSealer } from '../shared/seal.js';
import { createKnowledgeDeps } from './knowledge.js';

/**
 * The assistant's skills in its order (calculators, then the card look-up), the card look-up
 * over an empty in-memory store with a throw-away key: a code typed into the bench is read and
 * routed as a citizen's would be, but never looked up.
 */
export function benchSkills(clock: Clock): Skill[] {
  const hash = createHasher(randomBytes(32).toString('hex'));
  return [
    ...createPolicySkills(),
    new CardLookupSkill({
      cards: new MemoryCardStore(),
      counter: new MemoryRateCounter(clock),
      hash,
      sealer: createSessionSealer(hash),
    }),
  ];
}

export interface FaqConsole {
  readonly store: FaqStore;
  readonly audit: AuditLog;
  readonly admin: FaqAdminService;
  readonly bench: TestBench;
  /** Brings the bench's index up to the published version (checked at most every INDEX_CHECK_SECONDS). */
  readonly refreshIndex: () => Promise<void>;
}

/** The FAQ side of the console over the content table (AWS, or dynalite under `npm start`). */
export async function createFaqConsole(context: {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly clock: Clock;
}): Promise<FaqConsole> {
  const { config, clients, clock } = context;
  const store = new DynamoFaqStore(clients.doc, config.tables.content, clock);
  const audit = new DynamoAuditLog(clients.doc, config.tables.content);
  // The same index (and so the same analyser) the worker answers with.
  const knowledge = await createKnowledgeDeps(context);
  const bench = createTestBench({
    store,
    // Read at each question: the live index, once refreshIndex has brought it up to date.
    get index() {
      return knowledge.index;
    },
    skills: benchSkills(clock),
    clock,
    ...(knowledge.settings ? { settings: knowledge.settings } : {}),
    ...(knowledge.dense ? { dense: knowledge.dense } : {}),
  });
  return {
    store,
    audit,
    // A collision the matcher sees is confirmed by the whole bot, as citizens would meet it.
    admin: createFaqAdmin({
      store,
      audit,
      clock,
      analyzer: knowledge.index.analyzer,
      answeringItem: bench.answeringItem,
    }),
    bench,
    refreshIndex: async () => {
      await knowledge.refreshIndex?.();
    },
  };
}

/**
 * Test-all over the items of a FAQ file as if it were the live content (every published
 * variant, typed and folded, must reach its own item), with the sample documents indexed.
 */
export async function testAllFaqFile(options: {
  readonly file?: string;
  readonly asOf?: string;
  readonly previous?: TestAllRun;
  readonly clock?: Clock;
  readonly index?: KnowledgeIndex;
}): Promise<TestAllRun> {
  const clock = options.clock ?? systemClock;
  const store = new MemoryFaqStore(clock);
  await seedFaqs(store, await readFaqDrafts(options.file ?? SAMPLE_FAQ_FILE), 'faq-test-all');
  const bench = createTestBench({
    store,
    index: options.index ?? (await buildIndex([KNOWLEDGE_DIR])),
    skills: benchSkills(clock),
    clock,
  });
  return bench.testAll({
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.previous ? { previous: options.previous } : {}),
  });
}
