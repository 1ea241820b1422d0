/**
 * Questions answered in order as the bot would answer them, through the real turn runner and
 * session store: shared by `npm run ask` and `npm run eval:citizens`. Lines sharing `chat` are
 * one conversation; otherwise each line is a fresh chat, so old sessions never leak in.
 */
import { DynamoSessionStore } from '../../adapters/dynamodb/session-store.js';
import { runTurn } from '../../app/turn.js';
import type { InboundMessage, Reply } from '../../core/messages.js';
import { systemClock } from '../../shared/clock.js';
import { createHasher } from '../../shared/hash.js';
import { silentLogger } from '../../shared/logger.js';
import { createAssistant } from '../assistant.js';
import { llmFromConfig } from '../llm.js';
import type { LocalData } from './stack.js';

export interface BatchLine {
  readonly id: string;
  readonly question: string;
  readonly chat?: string;
}

export interface BatchAnswer {
  readonly line: BatchLine;
  readonly reply: Reply | undefined;
}

export async function answerBatch(
  data: LocalData,
  lines: readonly BatchLine[],
  asOf: string | undefined,
): Promise<BatchAnswer[]> {
  const clock = systemClock;
  const hash = createHasher(data.config.hashKey);
  // With LLM_MODEL set, `ask` answers with the optional model as the worker would.
  const llm = await llmFromConfig(data.config, silentLogger);
  const assistant = await createAssistant({
    config: data.config,
    clients: data.clients,
    clock,
    hash,
    ...(llm ? { llm } : {}),
  });
  const sessions = new DynamoSessionStore(data.clients.doc, data.config.tables.state, clock);
  const runId = Date.now().toString(36);
  const answers: BatchAnswer[] = [];
  for (const line of lines) {
    const message: InboundMessage = {
      channel: 'cli',
      messageId: `${runId}-${line.id}`,
      chatId: `${runId}-${line.chat ?? line.id}`,
      sentAt: clock.now().toISOString(),
      kind: 'text',
      text: line.question,
    };
    const { reply } = await runTurn(message, { assistant, sessions, clock, hash, ...(asOf ? { asOf } : {}) });
    answers.push({ line, reply });
  }
  return answers;
}
