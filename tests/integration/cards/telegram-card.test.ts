/**
 * A card lookup through Telegram: the real webhook handler, the in-process queue and worker,
 * the fake Bot API on loopback, dynalite tables with the demo cards, and the real card skill
 * (DynamoDB card store and rate counter). Checks what the citizen sees and what is kept:
 * the conversation log and the session never hold the code or the date of birth in clear.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { DynamoConversationLog } from '../../../functions/adapters/dynamodb/conversation-log.js';
import { DynamoRateCounter } from '../../../functions/adapters/dynamodb/rate-counter.js';
import { escapeHtml } from '../../../functions/adapters/telegram/format.js';
import { createTelegramWebhookHandler } from '../../../functions/adapters/telegram/webhook.js';
import type { Assistant } from '../../../functions/app/assistant.js';
import { importDemoCards } from '../../../functions/app/cards-import.js';
import { createLocalPipeline, type LocalPipeline } from '../../../functions/app/pipeline-runtime.js';
import { createChannelSenders } from '../../../functions/app/pipeline-senders.js';
import { sessionKeyFor } from '../../../functions/app/turn.js';
import { CardLookupSkill } from '../../../functions/core/cards/skill.js';
import { vietnamDate } from '../../../functions/core/dialogue/handle.js';
import { loadConfig } from '../../../functions/shared/config.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { silentLogger } from '../../../functions/shared/logger.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';
import { type FakeTelegram, startFakeTelegram, updates } from '../../support/fake-telegram.js';
import { apiGatewayEvent, HASH_KEY, SECRET } from '../telegram/harness.js';

const STEPWISE_CHAT = 555000001;
const ONE_MESSAGE_CHAT = 555000002;
const WRONG_CHAT = 555000003;

let dynamo: TestDynamo;
let fake: FakeTelegram;
let pipeline: LocalPipeline;
let post: (body: unknown) => ReturnType<ReturnType<typeof createTelegramWebhookHandler>>;
let nextUpdateId = 990_000;
const hash = createHasher(HASH_KEY);

beforeAll(async () => {
  dynamo = await startTestDynamo();
  fake = await startFakeTelegram();
  const config = loadConfig({
    RUNTIME: 'local',
    LOG_LEVEL: 'error',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_CONTENT: dynamo.tables.content,
    TABLE_CARDS: dynamo.tables.cards,
    TABLE_CONVERSATIONS: dynamo.tables.conversations,
    TABLE_STATE: dynamo.tables.state,
    HASH_KEY,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  const clock = { now: () => new Date() };
  const cards = new DynamoCardStore(dynamo.clients.doc, config.tables.cards);
  await importDemoCards({ store: cards, clock, today: vietnamDate(clock.now()) });
  const skill = new CardLookupSkill({
    cards,
    counter: new DynamoRateCounter(dynamo.clients.doc, config.tables.state, clock),
    hash,
  });
  // The card skill alone, so the test does not depend on the other skills' data.
  const assistant: Assistant = {
    dialogue: (asOf) => ({ clock, skills: [skill], ...(asOf ? { asOf } : {}) }),
  };
  pipeline = await createLocalPipeline(
    { config, clients: dynamo.clients, clock, hash, logger: silentLogger },
    await createChannelSenders(config, undefined),
    {
      assistant,
      conversations: new DynamoConversationLog(dynamo.clients.doc, config.tables.conversations, clock, 30),
      queue: { backoffMs: () => 20 },
    },
  );
  const webhook = createTelegramWebhookHandler({ ...pipeline.ingress, secret: SECRET });
  post = (body) => webhook(apiGatewayEvent(JSON.stringify(body)));
});

afterAll(async () => {
  await pipeline?.close();
  await fake?.close();
  await dynamo?.close();
});

async function say(chatId: number, text: string): Promise<string> {
  const response = await post(updates.text(nextUpdateId++, chatId, text));
  expect(response.statusCode).toBe(200);
  await pipeline.queue.idle();
  const delivered = fake.deliveredTo(chatId);
  return delivered.at(-1)?.text ?? '';
}

async function turnsOf(chatId: number): Promise<Record<string, unknown>[]> {
  const result = await dynamo.clients.doc.send(
    new QueryCommand({
      TableName: dynamo.tables.conversations,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CHAT#${hash(String(chatId))}` },
    }),
  );
  return (result.Items ?? []) as Record<string, unknown>[];
}

async function storedSession(chatId: number): Promise<string> {
  const key = sessionKeyFor({ channel: 'telegram', chatId: String(chatId) }, hash);
  const result = await dynamo.clients.doc.send(
    new GetCommand({ TableName: dynamo.tables.state, Key: { pk: `SESSION#${key}` } }),
  );
  return JSON.stringify(result.Item ?? {});
}

describe('card lookup through the Telegram webhook', () => {
  it('asks for the code, then the date of birth, and answers with a masked card number', async () => {
    expect(await say(STEPWISE_CHAT, 'Kiểm tra thẻ BHYT')).toContain('mã số BHXH');
    expect(await say(STEPWISE_CHAT, '9900000001')).toContain('ngày sinh');
    // Between the steps the session keeps the code (needed for the lookup), never a date of birth.
    expect(await storedSession(STEPWISE_CHAT)).toContain('9900000001');

    const answer = await say(STEPWISE_CHAT, '12/03/1985');
    expect(answer).toContain(escapeHtml('***********0001'));
    expect(answer).toContain('mức 4, 80%');
    expect(answer).not.toContain('9900000001');
    expect(answer).not.toContain('Nguyễn Văn Mẫu');
    expect(await storedSession(STEPWISE_CHAT)).not.toMatch(/9900000001|1985/);
  });

  it('keeps no code, card number or date of birth in the conversation log', async () => {
    await say(ONE_MESSAGE_CHAT, 'thẻ bhyt của tôi còn hạn không 9900000002 20/07/1990');
    expect(fake.deliveredTo(ONE_MESSAGE_CHAT).at(-1)?.text).toContain('sắp hết hạn');
    expect(await say(WRONG_CHAT, '9900000001 13/03/1985')).toContain('Chưa tìm thấy');

    const stepwise = await turnsOf(STEPWISE_CHAT);
    expect(stepwise.map((turn) => turn.question).sort()).toEqual([
      'Kiểm tra thẻ BHYT',
      '[mã số BHXH]',
      '[ngày]',
    ]);
    const oneMessage = await turnsOf(ONE_MESSAGE_CHAT);
    expect(oneMessage).toHaveLength(1);
    expect(oneMessage[0]).toMatchObject({
      question: 'thẻ bhyt của tôi còn hạn không [mã số BHXH] [ngày]',
      intent: 'card.expiring',
      path: 'card',
    });
    expect(String(oneMessage[0]?.answer)).toContain('***********0002');
    expect((await turnsOf(WRONG_CHAT))[0]).toMatchObject({
      question: '[mã số BHXH] [ngày]',
      intent: 'card.no_match',
    });

    const everything = JSON.stringify([...stepwise, ...oneMessage, ...(await turnsOf(WRONG_CHAT))]);
    for (const secret of [
      '9900000001',
      '9900000002',
      'GD4999900000001',
      '12/03/1985',
      '20/07/1990',
      '13/03/1985',
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/1985-03-12|1990-07-20/);
    for (const chat of [STEPWISE_CHAT, ONE_MESSAGE_CHAT, WRONG_CHAT])
      expect(everything).not.toContain(String(chat));
  });
});
