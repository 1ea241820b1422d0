/**
 * What a turn keeps from the one before it, through the real dialogue, router, calculators and
 * sample knowledge base: a FAQ follow-up ("còn nam thì sao?"), the scheme a short question is
 * read in, more years for a pension, a general rate question answered with the rule and a
 * count taken after it, the card look-up when the code is not at hand, and other topics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerBatch } from '../../../functions/composition/local/ask-batch.js';
import { type LocalData, openLocalData } from '../../../functions/composition/local/stack.js';
import type { Reply } from '../../../functions/core/messages.js';

const DATE = '2026-12-01';
let data: LocalData;
let chats = 0;

/** One conversation, its replies in order. */
async function converse(...questions: string[]): Promise<Reply[]> {
  chats += 1;
  const chat = `context-${chats}`;
  const answers = await answerBatch(
    data,
    questions.map((question, index) => ({ id: `${chat}-${index}`, question, chat })),
    DATE,
  );
  return answers.map((answer) => {
    if (!answer.reply) throw new Error(`no reply to "${answer.line.question}"`);
    return answer.reply;
  });
}

beforeAll(async () => {
  data = await openLocalData({ inMemory: true });
}, 120_000);

afterAll(async () => {
  await data.close();
});

describe('a turn read with the one before it', () => {
  it('answers a short follow-up to a FAQ answer with the same item', async () => {
    const [first, second] = await converse('Năm nay tuổi nghỉ hưu của phụ nữ là bao nhiêu?', 'còn nam thì s');
    expect(first?.intent).toBe('faq:tuoi-nghi-huu');
    expect(second?.intent).toBe('faq:tuoi-nghi-huu');
  }, 60_000);

  it('reads a short question that names no scheme in the scheme just answered about', async () => {
    const [, alone] = await converse('xin chào', 'e hộ cận nghèo thì đc bn');
    const [first, after] = await converse(
      'bhxh tự nguyện đc nhà nước hỗ trợ ko ad',
      'e hộ cận nghèo thì đc bn',
    );
    expect(first?.intent).toBe('faq:bhxh-tn-ho-tro');
    expect(after?.intent).toBe('calc.vsi_support');
    expect(after?.text).toContain('40% = 132.000 đồng/tháng');
    // Without that answer before it, the same words are not read as BHXH tự nguyện.
    expect(alone?.intent).not.toBe('calc.vsi_support');
  }, 60_000);

  it('adds more years to a pension answer, and takes "cho đủ 25 năm" as the whole', async () => {
    const [, more] = await converse(
      'nam đóng 20 năm lương hưu bao nhiêu %',
      'nếu đóng thêm 5 năm nữa thì sao',
    );
    expect(more?.text).toContain('tổng 25 năm');
    expect(more?.text).toContain('55%');
    const [, whole] = await converse(
      'Nam đóng 18 năm thì lương hưu bao nhiêu phần trăm?',
      'thế đóng thêm cho đủ 25 năm thì s',
    );
    expect(whole?.text).toContain('Nam đóng BHXH 25 năm');
    expect(whole?.text).toContain('55%');
  }, 60_000);

  it('gives the rule for a general rate question, then computes the count that follows', async () => {
    const [rule, count] = await converse('mức đóng bhyt hộ gia đình năm nay là bao nhiêu', '4 người');
    expect(rule).toMatchObject({ intent: 'faq:bhyt-hgd-muc-dong', path: 'faq' });
    expect(rule?.text).toContain('113.850');
    expect(count?.intent).toBe('calc.hi_household');
    expect(count?.text).toContain('3.825.360 đồng');
  }, 60_000);

  it('keeps asking for the code when the citizen has only the app, and says where the code is', async () => {
    const [ask, where] = await converse(
      'Nhờ bạn tra giúp thẻ bảo hiểm y tế của tôi còn hạn không?',
      'e ko có thẻ giấy, chỉ có số trên VssID thì tra đc k',
    );
    expect(ask?.intent).toBe('card.ask_code');
    expect(where?.intent).toBe('card.where_is_code');
    expect(where?.text).toContain('VssID');
  }, 60_000);
});

describe('another topic is said to be one', () => {
  it('answers a question about something else with what the bot covers, and babble as not understood', async () => {
    const [price, babble, help] = await converse(
      'cho hoi gia lua hom nay o An Giang bao nhieu mot ky',
      'ấy ấy cái kia kìa ở chỗ đó á',
      'tôi muốn hỏi chút',
    );
    expect(price?.intent).toBe('out_of_scope.other');
    expect(babble?.intent).toBe('not_understood');
    expect(help?.intent).not.toBe('out_of_scope.other');
  }, 60_000);
});
