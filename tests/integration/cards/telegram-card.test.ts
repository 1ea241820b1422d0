/**
 * A card lookup through Telegram: the real webhook handler, the in-process queue and worker,
 * the fake Bot API on loopback, dynalite tables with the demo cards, and the real card skill
 * (DynamoDB card store and rate counter). Checks what the citizen sees and what is kept:
 * the conversation log and the session never hold the code or the date of birth in clear.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { DynamoRateCounter } from '../../../functions/adapters/dynamodb/rate-counter.js';
import { escapeHtml } from '../../../functions/adapters/telegram/format.js';
import { importDemoCards } from '../../../functions/app/cards-import.js';
import { sessionKeyFor } from '../../../functions/app/turn.js';
import { CardLookupSkill } from '../../../functions/core/cards/skill.js';
import { vietnamDate } from '../../../functions/core/dialogue/handle.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { createSessionSealer } from '../../../functions/shared/seal.js';
import { updates } from '../../support/fake-telegram.js';
import { HASH_KEY, type Harness, startHarness } from '../telegram/harness.js';

const STEPWISE_CHAT = 555000001;
const ONE_MESSAGE_CHAT = 555000002;
const WRONG_CHAT = 555000003;

let harness: Harness;
let nextUpdateId = 990_000;
const hash = createHasher(HASH_KEY);

beforeAll(async () => {
  harness = await startHarness({
    assistant: async ({ dynamo, config, clock, hash: hasher }) => {
      const cards = new DynamoCardStore(dynamo.clients.doc, config.tables.cards);
      await importDemoCards({ store: cards, clock, today: vietnamDate(clock.now()) });
      const skill = new CardLookupSkill({
        cards,
        counter: new DynamoRateCounter(dynamo.clients.doc, config.tables.state, clock),
        hash: hasher,
        sealer: createSessionSealer(hasher),
      });
      // The card skill alone, so the test does not depend on the other skills' data.
      return { dialogue: (asOf) => ({ clock, skills: [skill], ...(asOf ? { asOf } : {}) }) };
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

async function say(chatId: number, text: string): Promise<string> {
  const response = await harness.post(updates.text(nextUpdateId++, chatId, text));
  expect(response.statusCode).toBe(200);
  await harness.settle();
  return harness.fake.deliveredTo(chatId).at(-1)?.text ?? '';
}

const turnsOf = (chatId: number) => harness.turnsOf(chatId);

async function storedSession(chatId: number): Promise<string> {
  const key = sessionKeyFor({ channel: 'telegram', chatId: String(chatId) }, hash);
  const result = await harness.dynamo.clients.doc.send(
    new GetCommand({ TableName: harness.config.tables.state, Key: { pk: `SESSION#${key}` } }),
  );
  return JSON.stringify(result.Item ?? {});
}

describe('card lookup through the Telegram webhook', () => {
  it('asks for the code, then the date of birth, and answers with a masked card number', async () => {
    expect(await say(STEPWISE_CHAT, 'Kiểm tra thẻ BHYT')).toContain('mã số BHXH');
    expect(await say(STEPWISE_CHAT, '9900000001')).toContain('ngày sinh');
    // Between the steps the session keeps the code (needed for the lookup) sealed, never in clear.
    const between = await storedSession(STEPWISE_CHAT);
    expect(between).toMatch(/"sealedCode":"v2\./);
    expect(between).not.toContain('9900000001');

    const answer = await say(STEPWISE_CHAT, '12/03/1985');
    expect(answer).toContain(escapeHtml('***********0001'));
    expect(answer).toContain('mức 4, 80%');
    expect(answer).not.toContain('9900000001');
    expect(answer).not.toContain('Nguyễn Văn Mẫu');
    expect(await storedSession(STEPWISE_CHAT)).not.toMatch(/9900000001|1985/);
  });

  it('keeps no code, card number or date of birth in the conversation log', async () => {
    await say(ONE_MESSAGE_CHAT, 'thẻ bhyt của tôi còn hạn không 9900000002 20/07/1990');
    expect(harness.fake.deliveredTo(ONE_MESSAGE_CHAT).at(-1)?.text).toContain('sắp hết hạn');
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
