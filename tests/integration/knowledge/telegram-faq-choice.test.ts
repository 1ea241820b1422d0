/**
 * A question two FAQ items fit about equally, through Telegram: the real webhook, queue,
 * worker and dialogue core with the knowledge skill, the fake Bot API on loopback. The bot
 * offers both items as buttons; pressing one acknowledges the press and answers that item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryFaqStore } from '../../../functions/adapters/memory/faq-store.js';
import { escapeHtml } from '../../../functions/adapters/telegram/format.js';
import { createKnowledgeSkill } from '../../../functions/core/knowledge/answer.js';
import { KnowledgeIndex } from '../../../functions/core/knowledge/index.js';
import { ingestDocument } from '../../../functions/core/knowledge/ingest.js';
import { defaultAnalyzer } from '../../../functions/core/text/analyze.js';
import { updates } from '../../support/fake-telegram.js';
import { PAY_AHEAD, SUPPORT_NOW, WITHDRAW_ONCE } from '../../support/faq-drafts.js';
import { type Harness, startHarness } from '../telegram/harness.js';

const CHAT = 777000001;
const ITEMS = [PAY_AHEAD, WITHDRAW_ONCE, SUPPORT_NOW];

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    assistant: async ({ clock }) => {
      const store = new MemoryFaqStore(clock);
      for (const item of ITEMS) await store.save(item, 'editor', 0);
      const index = KnowledgeIndex.build(
        [ingestDocument({ file: 'empty.txt', text: 'Tài liệu trống.' })],
        defaultAnalyzer(),
      );
      const knowledge = createKnowledgeSkill({ index, faqs: { items: () => store.list() } });
      return {
        dialogue: (asOf) => ({ clock, skills: [], fallbackSkill: knowledge, ...(asOf ? { asOf } : {}) }),
      };
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe('choosing between two FAQ items on Telegram', () => {
  it('offers both as buttons, then answers the one pressed after acknowledging the press', async () => {
    await harness.post(updates.text(991001, CHAT, 'bhxh mot lan'));
    await harness.settle();
    const offer = harness.fake.deliveredTo(CHAT)[0];
    expect(offer?.text).toContain('Bạn muốn hỏi về nội dung nào dưới đây?');
    const buttons = offer?.replyMarkup?.inline_keyboard.flat() ?? [];
    // The two items, and no 👍/👎 on a question back to the citizen.
    expect(buttons.map((button) => [button.text, button.callback_data])).toEqual([
      ['1. Đóng trước BHXH tự nguyện một lần được không?', 'faq:dong-mot-lan'],
      ['2. Điều kiện hưởng BHXH một lần là gì?', 'faq:rut-mot-lan'],
    ]);

    await harness.post(updates.callback(991002, CHAT, 'faq:rut-mot-lan', 'cbq-choice'));
    await harness.settle();
    expect(harness.fake.callsOf('answerCallbackQuery').map((call) => call.payload)).toEqual([
      { callback_query_id: 'cbq-choice' },
    ]);
    const answer = harness.fake.deliveredTo(CHAT)[1];
    expect(answer?.text).toBe(
      escapeHtml(
        'BHXH một lần chỉ được giải quyết trong một số trường hợp luật quy định.\n\n' +
          'Căn cứ: Luật Bảo hiểm xã hội 41/2024/QH15 (Điều 102). Áp dụng từ 01/07/2025.',
      ),
    );
    const turns = await harness.turnsOf(CHAT);
    expect(turns.map((turn) => [turn.path, turn.intent])).toEqual([
      ['clarify', 'faq:clarify'],
      ['faq', 'faq:rut-mot-lan'],
    ]);
  });

  it('takes a typed number as the choice, the offer kept in the DynamoDB session in between', async () => {
    const chat = CHAT + 1;
    await harness.post(updates.text(991003, chat, 'bhxh một lần'));
    await harness.settle();
    await harness.post(updates.text(991004, chat, '1'));
    await harness.settle();
    const [offer, answer] = harness.fake.deliveredTo(chat);
    expect(offer?.text).toContain('1. Đóng trước BHXH tự nguyện một lần được không?');
    expect(answer?.text).toContain('Có thể đóng một lần cho nhiều năm về sau');
  });
});
