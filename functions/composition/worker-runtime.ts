/**
 * Wiring of the message pipeline from configuration: the stores on DynamoDB, the turn
 * runner on the assistant, and a queue. Used by the worker Lambda, by
 * `npm start` (with the in-process queue) and by the tests and benchmark.
 *
 * A channel plugs in with two things (see docs/design/pipeline.md):
 *   - its webhook turns a payload into an InboundMessage and calls
 *     `acceptInbound(message, pipeline.ingress)`;
 *   - its ChannelSender is registered under its channel name in `senders`.
 *
 * The context every entry point opens and the ingress wiring live in
 * functions/composition/context.ts, which the webhook Lambdas import instead of this file so their bundles hold no assistant code.
 */

import { DynamoConversationLog } from '../adapters/dynamodb/conversation-log.js';
import { DynamoProgressStore, PROGRESS_TTL_SECONDS } from '../adapters/dynamodb/progress-store.js';
import { DynamoSessionStore, SESSION_TTL_SECONDS } from '../adapters/dynamodb/session-store.js';
import { LocalQueue, type LocalQueueOptions } from '../adapters/queue/local-queue.js';
import { createZaloLifecycle, DynamoZaloFollowerStore } from '../adapters/zalo/lifecycle.js';
import type { IngressDeps } from '../app/pipeline-ingress.js';
import {
  createTurnIdGenerator,
  type LogRedaction,
  type ProcessResult,
  processQueued,
  type SenderRegistry,
  type WorkerDeps,
} from '../app/pipeline-worker.js';
import type { ChannelSender, QueuedMessage } from '../app/ports.js';
import type { Assistant } from '../app/turn.js';
import { isCardTurn, redactCardTurn } from '../core/cards/redact.js';
import type { LlmAnswering } from '../core/llm/generate.js';
import type { ConversationLog, IdGenerator } from '../core/ports.js';
import { redactIdentifiers } from '../core/privacy/redact.js';
import { createAssistant } from './assistant.js';
import { createIngressDeps, type PipelineContext } from './context.js';
import { llmFromConfig } from './llm.js';

/**
 * Redaction of logged text. A question may carry a date of birth anywhere (a card lookup
 * can start from any message), so every question gets the card-turn redaction (identifiers
 * and dates). Answers keep legal dates readable unless they belong to a card turn.
 */
export const defaultLogRedaction: LogRedaction = {
  question: redactCardTurn,
  answer: (text, intent) => (isCardTurn(intent) ? redactCardTurn(text) : redactIdentifiers(text)),
};

export interface WorkerOptions {
  readonly assistant?: Assistant;
  readonly conversations?: ConversationLog;
  readonly turnIds?: IdGenerator;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly redact?: LogRedaction;
  /** The language model; by default built from the configuration (none without LLM_MODEL). */
  readonly llm?: LlmAnswering;
}

export async function createWorkerDeps(
  context: PipelineContext,
  senders: SenderRegistry,
  options: WorkerOptions = {},
): Promise<WorkerDeps> {
  const { config, clients, clock, hash } = context;
  const llm = options.assistant ? undefined : (options.llm ?? (await llmFromConfig(config, context.logger)));
  const assistant =
    options.assistant ?? (await createAssistant({ config, clients, clock, hash, ...(llm ? { llm } : {}) }));
  const sessions = new DynamoSessionStore(
    clients.doc,
    config.tables.state,
    clock,
    SESSION_TTL_SECONDS,
    context.logger,
  );
  const conversations =
    options.conversations ??
    new DynamoConversationLog(
      clients.doc,
      config.tables.conversations,
      clock,
      config.conversationRetentionDays,
    );
  return {
    turn: {
      assistant,
      sessions,
      clock,
      hash,
      ...(config.asOfDate ? { asOf: config.asOfDate } : {}),
    },
    senders,
    progress: new DynamoProgressStore(
      clients.doc,
      config.tables.state,
      clock,
      PROGRESS_TTL_SECONDS,
      context.logger,
    ),
    conversations,
    // Zalo follow/unfollow marks and user_withdraw data deletion (functions/adapters/zalo/lifecycle.ts).
    lifecycle: createZaloLifecycle({
      followers: new DynamoZaloFollowerStore(clients.doc, config.tables.state),
      sessions,
      conversations,
      hash,
      clock,
      logger: context.logger,
    }),
    turnIds: options.turnIds ?? createTurnIdGenerator(clock),
    redact: options.redact ?? defaultLogRedaction,
    logger: context.logger,
    clock,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
}

/** The whole pipeline in one process: ingress → local FIFO queue (on disk or in memory) → worker. */
export interface LocalPipeline {
  readonly ingress: IngressDeps;
  readonly queue: LocalQueue;
  readonly worker: WorkerDeps;
  /** Add or replace the sender of a channel (e.g. Zalo) after the pipeline was built. */
  registerSender(sender: ChannelSender): void;
  /** Stops the queue: messages being handled get a short grace, the rest stay in its store. */
  close(): Promise<void>;
}

export async function createLocalPipeline(
  context: PipelineContext,
  senders: SenderRegistry = {},
  options: WorkerOptions & { queue?: Omit<LocalQueueOptions, 'consumer'> } = {},
): Promise<LocalPipeline> {
  const registry: SenderRegistry = { ...senders };
  const worker = await createWorkerDeps(context, registry, options);
  const queue = new LocalQueue({
    logger: context.logger,
    ...options.queue,
    consumer: (item: QueuedMessage): Promise<ProcessResult> => processQueued(item, worker),
  });
  // Messages left by an earlier run are back on the queue before the first webhook call.
  await queue.ready;
  return {
    ingress: createIngressDeps(context, queue),
    queue,
    worker,
    registerSender: (sender) => {
      registry[sender.channel] = sender;
    },
    close: () => queue.close(),
  };
}
