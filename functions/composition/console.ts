/**
 * The use cases behind the console API, wired the same for `npm start` and the Lambda: FAQ
 * editing and the audit log on DynamoDB, the test bench over the worker's index, and the web
 * chat through the message pipeline's ingress.
 */
import { randomBytes } from 'node:crypto';
import type { ChatMessage, ConsoleUseCases } from '../adapters/console/api.js';
import { DynamoAnalystStore } from '../adapters/dynamodb/analyst-store.js';
import { DynamoConversationLog } from '../adapters/dynamodb/conversation-log.js';
import { createAnalystWorkspace } from '../app/console/analyst-workspace.js';
import type { DocumentLibrary } from '../app/documents/library.js';
import type { UploadSigner } from '../app/documents/ports.js';
import type { IngressDeps } from '../app/pipeline-ingress.js';
import { feedbackInput, type WebChatResult } from '../app/web-chat.js';
import type { PipelineContext } from './context.js';
import { createDocuments, NO_UPLOADS, s3UploadSigner } from './documents.js';
import { createFaqConsole } from './faq-console.js';
import { createWebChat } from './web-chat.js';

export async function createConsoleUseCases(
  context: Pick<PipelineContext, 'config' | 'clients' | 'clock' | 'hash'>,
  ingress: IngressDeps,
  options: {
    readonly chatWaitMs?: number;
    /** Where the browser sends a document: the local server's uploads (default: the bucket's presigned POST). */
    readonly uploads?: UploadSigner;
    /** The library the local server's uploads ingest with (default: one of its own). */
    readonly documents?: DocumentLibrary;
  } = {},
): Promise<ConsoleUseCases> {
  const faq = await createFaqConsole(context);
  const documents =
    options.documents ??
    createDocuments(context, options.uploads ?? s3UploadSigner(context.config) ?? NO_UPLOADS);
  const chat = createWebChat(context, ingress, options.chatWaitMs ? { waitMs: options.chatWaitMs } : {});
  const { config, clients, clock } = context;
  // The analyst workspace reads the log the worker writes; drafts go through the FAQ admin.
  const analyst = createAnalystWorkspace({
    archive: new DynamoConversationLog(
      clients.doc,
      config.tables.conversations,
      clock,
      config.conversationRetentionDays,
    ),
    store: new DynamoAnalystStore(clients.doc, config.tables.content),
    faq: faq.admin,
    audit: faq.audit,
    clock,
    ids: {
      next: () =>
        `${clock.now().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`,
    },
  });
  return {
    analyst,
    faq: faq.admin,
    audit: faq.audit,
    documents,
    // What `npm run ask -- --json` prints for the question as typed, with drafts included and
    // flagged, plus the bench's explanation of both forms (typed and without diacritics).
    ask: async (question, date) => {
      await faq.refreshIndex();
      const explained = await faq.bench.explain(question, date, { includeDrafts: true });
      const [typed] = explained.forms;
      return { ...typed, question, asOf: explained.asOf, explain: explained };
    },
    testAll: () => faq.bench.testAll(),
    chat: async (message: ChatMessage, actor) => chatResponse(await chat.send(actor.email, message)),
    feedback: async (input, actor) =>
      chatResponse(
        await chat.send(actor.email, feedbackInput(input.conversationId, input.value, input.turnId)),
      ),
  };
}

function chatResponse(result: WebChatResult) {
  if (result.status === 'pending') return { replies: [], pending: true, messageId: result.messageId };
  return {
    replies: [...result.answer.replies],
    ...(result.answer.acknowledgement ? { acknowledgement: result.answer.acknowledgement } : {}),
  };
}
