/**
 * The console's web chat, wired: messages enter through the pipeline's ingress (dedupe →
 * queue), replies are read from the state table where the worker's web sender files them.
 */
import { DynamoProgressStore } from '../adapters/dynamodb/progress-store.js';
import { DynamoWebReplyStore } from '../adapters/dynamodb/web-reply-store.js';
import type { IngressDeps } from '../app/pipeline-ingress.js';
import {
  sendWebMessage,
  type WebChatInput,
  type WebChatResult,
  waitForAnswer,
  webChatId,
} from '../app/web-chat.js';
import type { PipelineContext } from './context.js';

export interface WebChat {
  send(actorEmail: string, input: WebChatInput): Promise<WebChatResult>;
  /** The answer to a message that was still `pending`, waiting briefly again. */
  answer(actorEmail: string, conversationId: string, messageId: string): Promise<WebChatResult>;
}

export function createWebChat(
  context: Pick<PipelineContext, 'config' | 'clients' | 'clock' | 'hash'>,
  ingress: IngressDeps,
  options: { readonly waitMs?: number } = {},
): WebChat {
  const { config, clients, clock, hash } = context;
  const deps = {
    ingress,
    replies: new DynamoWebReplyStore(clients.doc, config.tables.state, clock),
    progress: new DynamoProgressStore(clients.doc, config.tables.state, clock),
    clock,
    hash,
    ...options,
  };
  return {
    send: (actorEmail, input) => sendWebMessage(actorEmail, input, deps),
    answer: (actorEmail, conversationId, messageId) =>
      waitForAnswer(webChatId(actorEmail, conversationId, hash), messageId, deps),
  };
}
