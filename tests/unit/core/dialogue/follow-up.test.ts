/**
 * A finished calculation stays open for a while: a message that only changes its inputs
 * re-runs it and says what changed; a new question is not taken for a follow-up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DialogueDeps,
  FOLLOW_UP_MINUTES,
  handleMessage,
} from '../../../../functions/core/dialogue/handle.js';
import { converse } from '../../../support/dialogue.js';
import { phrasingDeps } from '../../../support/phrasing.js';

let deps: DialogueDeps;

beforeAll(async () => {
  deps = await phrasingDeps();
});

async function lastReply(texts: string[], using = deps) {
  const { replies, session } = await converse(texts, using);
  const reply = replies.at(-1);
  if (!reply) throw new Error('no reply');
  return { reply, session };
}

describe('follow-ups after a finished calculation', () => {
  it.each([
    [
      'thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu',
      'còn 5 triệu thì sao?',
      'thu nhập 5.000.000 đồng',
      '1.034.000 đồng/tháng',
    ],
    [
      'thu nhap 3 trieu dong bhxh tu nguyen bao nhieu',
      'con 5 trieu thi sao',
      'thu nhập 5.000.000 đồng',
      '1.034.000 đồng/tháng',
    ],
    [
      'thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu',
      'nếu cận nghèo thì sao',
      'hộ cận nghèo',
      '528.000 đồng/tháng',
    ],
    ['thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu', 'vậy 1 năm bao nhiêu', '12 tháng', '7.128.000 đồng'],
    [
      'thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu',
      'còn chồng em thì sao',
      'chồng bạn',
      '594.000 đồng/tháng',
    ],
    ['bhyt hộ gia đình 4 người đóng bao nhiêu', 'thế hộ 5 người?', '5 người', '4.371.840 đồng'],
    ['bhyt hgd 4 nguoi bao nhieu', 'con 2 nguoi thoi thi sao', '2 người', '2.322.540 đồng'],
    ['nữ đóng 20 năm lương hưu bao nhiêu %', 'thế nam thì sao?', 'nam', '45%'],
    ['nữ đóng 20 năm lương hưu bao nhiêu %', 'nếu đóng 25 năm', '25 năm', '65%'],
    [
      'cho e hỏi bhxh tn mức 2tr đóng bn 1 tháng',
      'thế cả 2 vợ chồng thì sao',
      '2 người',
      '748.000 đồng/tháng',
    ],
    ['đóng bhxh tn mức 3tr', 'còn 2 người thì sao', '2 người', '1.188.000 đồng/tháng'],
  ])('"%s" then "%s"', async (first, second, changed, figure) => {
    const { reply } = await lastReply([first, second]);
    expect(reply.path).toBe('calculator');
    const [head, ...rest] = reply.text.split('\n');
    expect(head).toMatch(/^Tính lại với /);
    expect(head).toContain(changed);
    expect(rest.slice(0, 2).join('\n')).toContain(figure);
  });

  it('keeps the slots in the session, not the message', async () => {
    const { session } = await lastReply(['thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu']);
    expect(session.lastAnswer).toMatchObject({
      skill: 'policy.vsi-contribution',
      slots: { income: 3_000_000 },
    });
  });

  it('does not take a new question for another calculator as a follow-up', async () => {
    const { reply } = await lastReply([
      'thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu',
      'nữ đóng 20 năm thì lương hưu bao nhiêu %',
    ]);
    expect(reply.intent).toBe('calc.pension_rate');
    expect(reply.text).not.toMatch(/^Tính lại/);
  });

  it('lets a follow-up lapse after FOLLOW_UP_MINUTES', async () => {
    let now = new Date('2026-12-01T03:00:00Z');
    const moving: DialogueDeps = { ...deps, clock: { now: () => now } };
    const { session } = await converse(['thu nhập 3 triệu đóng bhxh tự nguyện bao nhiêu'], moving);
    now = new Date(now.getTime() + (FOLLOW_UP_MINUTES + 1) * 60_000);
    const later = await handleMessage(
      {
        channel: 'cli',
        messageId: '2',
        chatId: 'c',
        sentAt: now.toISOString(),
        kind: 'text',
        text: 'còn 5 triệu thì sao?',
      },
      session,
      moving,
    );
    expect(later.reply?.text ?? '').not.toMatch(/^Tính lại/);
  });
});

describe('a choice typed for "Bạn muốn hỏi…?"', () => {
  it('answers the numbered reading, as pressing its button would', async () => {
    const candidates = [
      'Mua thẻ BHYT hôm nay thì bao giờ mới dùng được ạ?',
      'Làm thế nào để tự tra cứu thông tin thẻ BHYT trên mạng?',
      'email hay website lien he bhxh la gi vay',
      'Bố tôi đang đóng BHXH tự nguyện thì mất, gia đình có được nhận tiền mai táng không?',
      'co the dong mot cuc cho may nam toi luon khong hay bat buoc thang nao cung phai dong',
    ];
    let checked = 0;
    for (const question of candidates) {
      const { replies } = await converse([question, '1'], deps);
      const [offer, chosen] = replies;
      if (offer?.path !== 'clarify' || offer.intent !== 'clarify') continue;
      const first = offer.buttons?.[0]?.data ?? '';
      expect(chosen?.path, question).not.toBe('clarify');
      if (first.startsWith('faq:')) expect(chosen?.intent, question).toBe(first);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
