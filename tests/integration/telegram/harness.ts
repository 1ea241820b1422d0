/**
 * The Telegram pipeline on loopback: dynalite tables, the fake Bot API reached through
 * telegraf's apiRoot, the real webhook handler, the in-process FIFO queue and the worker.
 * The assistant is the real dialogue core with one small test skill, so answers are known.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoConversationLog } from '../../../functions/adapters/dynamodb/conversation-log.js';
import { createTelegramWebhookHandler, SECRET_HEADER } from '../../../functions/adapters/telegram/webhook.js';
import type { MessageQueue } from '../../../functions/app/ports.js';
import type { Assistant } from '../../../functions/app/turn.js';
import { createChannelSenders } from '../../../functions/composition/senders.js';
import { createLocalPipeline, type LocalPipeline } from '../../../functions/composition/worker-runtime.js';
import type { Skill } from '../../../functions/core/dialogue/skill.js';
import type { Clock, ConversationLog, Hasher } from '../../../functions/core/ports.js';
import { type Config, loadConfig } from '../../../functions/shared/config.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { silentLogger } from '../../../functions/shared/logger.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram.js';

export const SECRET = 'test_webhook-secret_0123456789abcdef';
export const HASH_KEY = 'integration-test-hash-key';

export const FAQ_ANSWER =
  'Mức đóng BHXH tự nguyện hằng tháng bằng 22% mức thu nhập bạn chọn. Ví dụ: thu nhập < 5 triệu & đóng đủ.';
/** Long enough for three Telegram messages, with sentence boundaries. */
export const LONG_ANSWER = Array.from(
  { length: 140 },
  (_, index) =>
    `Đoạn ${index + 1}: người tham gia BHXH tự nguyện được Nhà nước hỗ trợ một phần tiền đóng theo từng nhóm.`,
).join(' ');

/** Answers "hỏi…" with an FAQ-style reply and "dài…" with a long one. */
export const testSkill: Skill = {
  name: 'test-faq',
  detect: (ctx) => (ctx.folded.startsWith('hoi') || ctx.folded.startsWith('dai') ? 0.9 : 0),
  handle: async (ctx) => ({
    reply: {
      text: ctx.folded.startsWith('dai') ? LONG_ANSWER : FAQ_ANSWER,
      intent: 'faq.contribution',
      path: 'faq',
      citations: [{ document: 'Luật BHXH 41/2024/QH15', section: 'Điều 36', date: '2024-06-29' }],
    },
  }),
};

export interface Harness {
  readonly config: Config;
  readonly fake: FakeTelegram;
  readonly dynamo: TestDynamo;
  readonly pipeline: LocalPipeline;
  readonly sleeps: number[];
  post(
    body: unknown,
    options?: { secret?: string | null; raw?: string },
  ): Promise<APIGatewayProxyStructuredResultV2>;
  /** Wait until the queue is empty (every message answered, dead-lettered or given up). */
  settle(): Promise<void>;
  turnsOf(chatId: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** What a test needs to build its own assistant on the harness's tables. */
export interface HarnessSetup {
  readonly dynamo: TestDynamo;
  readonly config: Config;
  readonly clock: Clock;
  readonly hash: Hasher;
}

export async function startHarness(
  options: {
    conversations?: (real: ConversationLog) => ConversationLog;
    queue?: (real: MessageQueue) => MessageQueue;
    /** Default: the real dialogue core with the one test skill. */
    assistant?: (setup: HarnessSetup) => Promise<Assistant>;
  } = {},
): Promise<Harness> {
  const dynamo = await startTestDynamo();
  const fake = await startFakeTelegram();
  const config = loadConfig({
    RUNTIME: 'local',
    LOG_LEVEL: 'error',
    ...dynamo.env,
    HASH_KEY,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  const clock: Clock = { now: () => new Date() };
  const hash = createHasher(HASH_KEY);
  const assistant: Assistant = options.assistant
    ? await options.assistant({ dynamo, config, clock, hash })
    : { dialogue: () => ({ clock, skills: [testSkill] }) };
  const sleeps: number[] = [];
  const context = { config, clients: dynamo.clients, clock, hash, logger: silentLogger };
  const realLog = new DynamoConversationLog(dynamo.clients.doc, config.tables.conversations, clock, 30);
  const pipeline = await createLocalPipeline(context, await createChannelSenders(config, undefined), {
    assistant,
    conversations: options.conversations ? options.conversations(realLog) : realLog,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    queue: { backoffMs: () => 20 },
  });
  const ingress = options.queue
    ? { ...pipeline.ingress, queue: options.queue(pipeline.queue) }
    : pipeline.ingress;
  const webhook = createTelegramWebhookHandler({ ...ingress, secret: SECRET });

  return {
    config,
    fake,
    dynamo,
    pipeline,
    sleeps,
    post: (body, postOptions = {}) =>
      webhook(apiGatewayEvent(postOptions.raw ?? JSON.stringify(body), postOptions.secret)),
    settle: () => pipeline.queue.idle(),
    turnsOf: async (chatId) => {
      const result = await dynamo.clients.doc.send(
        new QueryCommand({
          TableName: config.tables.conversations,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CHAT#${hash(String(chatId))}` },
        }),
      );
      return (result.Items ?? []) as Record<string, unknown>[];
    },
    close: async () => {
      await pipeline.close();
      await fake.close();
      await dynamo.close();
    },
  };
}

export function apiGatewayEvent(body: string, secret: string | null = SECRET): APIGatewayProxyEventV2 {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /telegram/webhook',
    rawPath: '/telegram/webhook',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { [SECRET_HEADER]: secret }),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: {
        method: 'POST',
        path: '/telegram/webhook',
        protocol: 'HTTP/1.1',
        sourceIp: '149.154.167.220',
        userAgent: '',
      },
      requestId: 'req',
      routeKey: 'POST /telegram/webhook',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}
