import { describe, expect, it } from 'vitest';
import type { DialogueDeps } from '../../../../functions/core/dialogue/handle.js';
import { abandonedNotice } from '../../../../functions/core/dialogue/replies.js';
import {
  createTurnContext,
  type Skill,
  type TurnContext,
} from '../../../../functions/core/dialogue/skill.js';
import type { InboundMessage, Reply } from '../../../../functions/core/messages.js';
import { createPolicySkills, SKILL_NAMES } from '../../../../functions/core/policy/skills.js';
import type { Session } from '../../../../functions/core/ports.js';
import { toNfc } from '../../../../functions/core/text/fold.js';
import { converse as converseWith } from '../../../support/dialogue.js';
import { stripDiacritics } from '../../../support/text.js';

const NOW = new Date('2026-11-22T03:00:00Z');
const skills = createPolicySkills();

function context(text: string, asOf = '2026-11-22'): TurnContext {
  const message: InboundMessage = {
    channel: 'cli',
    messageId: 'm',
    chatId: 'c',
    sentAt: NOW.toISOString(),
    kind: 'text',
    text,
  };
  return createTurnContext({
    message,
    text: toNfc(text),
    asOf,
    now: NOW,
    session: { key: 'k', updatedAt: NOW.toISOString() },
  });
}

function scores(text: string): Record<string, number> {
  return Object.fromEntries(skills.map((skill) => [skill.name, skill.detect(context(text))]));
}

/** A knowledge-engine stand-in that answers everything no calculator claims. */
const knowledge: Skill = {
  name: 'knowledge',
  detect: () => 0,
  handle: async () => ({ reply: { text: 'kiến thức', intent: 'faq', path: 'faq', citations: [] } }),
};

/** A conversation through the real dialogue core, with the calculators and a knowledge stand-in. */
function converse(
  messages: readonly string[],
  asOf?: string,
): Promise<{ replies: Reply[]; session: Session }> {
  const deps: DialogueDeps = {
    clock: { now: () => NOW },
    skills,
    fallbackSkill: knowledge,
    ...(asOf ? { asOf } : {}),
  };
  return converseWith(messages, deps);
}

describe('intent routing: calculation requests', () => {
  it.each([
    ['tôi muốn tính tiền đóng bhxh tự nguyện', SKILL_NAMES.vsi],
    ['thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu', SKILL_NAMES.vsi],
    ['mức đóng bhxh tự nguyện', SKILL_NAMES.vsi],
    ['thu nhập 3 triệu thì đóng bao nhiêu', SKILL_NAMES.vsi],
    ['bhxh tn 2tr', SKILL_NAMES.vsi],
    ['mức đóng bhxh tự nguyện thấp nhất là bao nhiêu', SKILL_NAMES.vsi],
    ['nhà nước hỗ trợ bao nhiêu khi đóng bhxh tự nguyện', SKILL_NAMES.vsi],
    ['hộ cận nghèo đóng bhxh tự nguyện 3 triệu 6 tháng', SKILL_NAMES.vsi],
    ['bhyt hộ gia đình 4 người đóng bao nhiêu', SKILL_NAMES.hiHousehold],
    ['mức đóng bhyt hộ gia đình', SKILL_NAMES.hiHousehold],
    ['nhà 5 người đóng bảo hiểm y tế hết bao nhiêu', SKILL_NAMES.hiHousehold],
    ['gia đình 3 người đóng bao nhiêu tiền', SKILL_NAMES.hiHousehold],
    ['nam, đóng 18 năm', SKILL_NAMES.pension],
    ['nữ 16 năm được lương hưu bao nhiêu %', SKILL_NAMES.pension],
    ['đóng 18 năm thì lương hưu được bao nhiêu phần trăm', SKILL_NAMES.pension],
    ['tỷ lệ lương hưu của tôi bao nhiêu %', SKILL_NAMES.pension],
    ['đóng bhxh tự nguyện mỗi tháng bao nhiêu', SKILL_NAMES.vsi],
    ['tính giúp tôi mức đóng bhxh tự nguyện được không', SKILL_NAMES.vsi],
    ['đóng bhxh tự nguyện 5 năm một lần bao nhiêu tiền', SKILL_NAMES.vsi],
    ['người dân tộc thiểu số được hỗ trợ bao nhiêu % bhxh tự nguyện', SKILL_NAMES.vsi],
    ['Tôi nữ, đóng được 12 năm', SKILL_NAMES.pension],
    ['mức 1 triệu 5 thì 1 tháng nộp bao nhiêu, nhà em bình thường', SKILL_NAMES.vsi],
    ['người dân tộc thiểu số thì được hỗ trợ bao nhiêu %', SKILL_NAMES.vsi],
    ['vừa là người dân tộc Thái vừa thuộc hộ cận nghèo thì được hỗ trợ theo mức nào', SKILL_NAMES.vsi],
    ['nhà tôi không nghèo thì có được hỗ trợ tiền đóng bhxh tự nguyện không', SKILL_NAMES.vsi],
    ['tôi muốn đóng ở mức thấp nhất, nộp 12 tháng thì bao nhiêu tiền', SKILL_NAMES.vsi],
    ['nhà 4 người, chỉ mua hộ gia đình cho 3 người còn lại thì bao nhiêu một năm', SKILL_NAMES.hiHousehold],
  ])('"%s" → %s (with and without diacritics)', (text, expected) => {
    for (const variant of [text, stripDiacritics(text)]) {
      const byScore = scores(variant);
      const [best, score] = Object.entries(byScore).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      expect(best, variant).toBe(expected);
      expect(score, variant).toBeGreaterThan(0.5);
    }
  });
});

describe('intent routing: general questions stay with the knowledge engine', () => {
  it.each([
    'ai được tham gia bhxh tự nguyện',
    'đóng bhxh tự nguyện ở đâu',
    'bhxh tự nguyện là gì',
    'thủ tục đăng ký bhxh tự nguyện',
    'đóng bao nhiêu năm thì được lương hưu',
    'đóng bhxh tự nguyện bao nhiêu năm thì được hưởng lương hưu',
    'điều kiện hưởng lương hưu bhxh tự nguyện',
    'tỷ lệ hưởng lương hưu tính thế nào',
    'kiểm tra thẻ bhyt',
    'thẻ bhyt hộ gia đình hết hạn thì làm sao',
    'quyền lợi khi tham gia bhxh tự nguyện',
    'bhxh tự nguyện có được hưởng thai sản không',
    'mức hưởng bhyt hộ gia đình',
    'rút bhxh một lần được bao nhiêu tiền',
    'xin chào',
    '3 triệu',
    'bhxh tự nguyện đóng 6 tháng một lần được không',
    'bhxh tự nguyện tăng mức đóng từ 1/7/2026 không',
    'bhxh tu nguyen dong toi da bao nhieu nam',
    'rút bhxh tự nguyện một lần được bao nhiêu',
    'bhyt hộ gia đình có được giảm không',
    'thẻ bhyt 4 người hết hạn',
    'gia hạn thẻ bhyt hộ gia đình có được tính giảm trừ mức đóng không',
    'thai sản bhxh tự nguyện được bao nhiêu tiền',
    'sinh con đóng bhxh tự nguyện được bao nhiêu tiền',
    'trợ cấp mai táng bhxh tự nguyện bao nhiêu',
    'nhận bhxh tn 1 lần được bao nhiêu tiền',
    'mức đóng bhxh tự nguyện thấp nhất và cao nhất là bao nhiêu',
    'hộ cận nghèo được hỗ trợ bao nhiêu',
    'con trai tôi đã có thẻ mua theo hộ gia đình rồi thì có phải đóng thêm bhyt ở trường nữa không',
    'đóng tự nguyện được 4 năm rồi muốn rút về 1 cục, rút thì được bao nhiêu',
  ])('"%s" is not a calculation', (text) => {
    for (const variant of [text, stripDiacritics(text)]) {
      for (const [name, score] of Object.entries(scores(variant)))
        expect(score, `${name}: ${variant}`).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('calculator replies', () => {
  it('single turn: income 2 triệu, general group, as of 2026-11-22', async () => {
    const { replies } = await converse(['thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu'], '2026-11-22');
    const reply = replies[0];
    expect(reply?.path).toBe('calculator');
    expect(reply?.asOf).toBe('2026-11-22');
    expect(reply?.text).toContain('440.000 − 66.000 = 374.000 đồng/tháng');
    expect(reply?.text).toContain('tính theo nhóm đối tượng khác');
    expect(reply?.text).toContain('hộ nghèo 275.000 đồng');
    expect(reply?.text).toContain('Áp dụng từ 01/07/2026 (tính đến 22/11/2026).');
    expect(reply?.citations.map((citation) => citation.document)).toContain('Nghị định 159/2025/NĐ-CP');
  });

  it('near-poor, 3 triệu, paid every 6 months', async () => {
    const { replies } = await converse(
      ['hộ cận nghèo, thu nhập 3tr, đóng bhxh tự nguyện 6 tháng một lần'],
      '2026-11-22',
    );
    expect(replies[0]?.text).toContain('660.000 − 132.000 = 528.000 đồng/tháng');
    expect(replies[0]?.text).toContain('528.000 × 6 = 3.168.000 đồng');
    expect(replies[0]?.text).not.toContain('tính theo nhóm đối tượng khác');
  });

  it('as of 2025-03-01 applies the old law: 297.000', async () => {
    const { replies } = await converse(['thu nhập 1,5tr đóng bhxh tự nguyện bao nhiêu'], '2025-03-01');
    expect(replies[0]?.text).toContain('330.000 − 33.000 = 297.000 đồng/tháng');
    expect(replies[0]?.text).toContain('tính đến 01/03/2025');
    expect(replies[0]?.text).toContain('Luật BHXH 58/2014/QH13');
    expect(replies[0]?.asOf).toBe('2025-03-01');
  });

  it('paying years ahead says a VSS discount may apply without inventing a figure', async () => {
    const { replies } = await converse(['bhxh tự nguyện thu nhập 2 triệu đóng 2 năm một lần'], '2026-11-22');
    expect(replies[0]?.text).toContain('374.000 × 24 = 8.976.000 đồng');
    expect(replies[0]?.text).toContain('giảm trừ theo quy định của BHXH Việt Nam');
  });

  it('explains the limits instead of a number when the income is out of range', async () => {
    const { replies, session } = await converse(
      ['bhxh tự nguyện thu nhập 1 triệu đóng bao nhiêu'],
      '2026-11-22',
    );
    expect(replies[0]?.text).toContain('thấp hơn mức tối thiểu');
    expect(replies[0]?.text).toContain('từ 1.500.000 đồng');
    expect(replies[0]?.text).toContain('đến 50.600.000 đồng');
    expect(replies[0]?.text).not.toMatch(/Bạn đóng/);
    expect(replies[0]?.text).toContain(
      'Ở mức thấp nhất 1.500.000 đồng, bạn đóng 264.000 đồng/tháng (tính theo nhóm đối tượng khác).',
    );
    expect(session.pending?.awaiting).toBe('income');
  });

  it('several people at one income: each, then all of them, for the period', async () => {
    const { replies } = await converse(
      ['cả hai vợ chồng đóng bhxh tự nguyện mức 2 triệu, mỗi quý đóng một lần thì hết bao nhiêu'],
      '2026-11-22',
    );
    expect(replies[0]?.text).toContain(
      'Hai người đóng 2.244.000 đồng cho 3 tháng, mỗi người 1.122.000 đồng (748.000 đồng/tháng;',
    );
    expect(replies[0]?.text).toContain('= 374.000 đồng/tháng; × 2 người = 748.000 đồng/tháng');
  });

  it('one income each: every person and the total, follow-ups keep them all', async () => {
    const { replies } = await converse(
      [
        'nhà tôi muốn đóng bhxh tự nguyện: tôi mức 3 triệu, vợ tôi mức 2 triệu, con trai mức 1,5 triệu. Mỗi tháng bao nhiêu?',
        'nếu hộ cận nghèo thì sao',
      ],
      '2026-11-22',
    );
    expect(replies[0]?.text).toContain('Ba người đóng 1.232.000 đồng/tháng');
    expect(replies[0]?.text).toContain(
      'thu nhập 3.000.000: 594.000/tháng · thu nhập 2.000.000: 374.000/tháng',
    );
    expect(replies[1]?.text).toContain('Ba người đóng 1.034.000 đồng/tháng (hộ cận nghèo)');
  });

  it('answers a yes/no about the support for a group with its share', async () => {
    for (const text of [
      'Nhà tôi không nghèo, không cận nghèo thì có được hỗ trợ tiền đóng BHXH tự nguyện không?',
      'ở xã nghèo nhưng nhà không thuộc hộ nghèo, đóng bhxh tự nguyện được hỗ trợ bao nhiêu',
    ]) {
      const { replies } = await converse([text], '2026-11-22');
      expect(replies[0]?.intent, text).toBe('calc.vsi_support');
      expect(replies[0]?.text, text).toContain('đối tượng khác được Nhà nước hỗ trợ 20% = 66.000 đồng/tháng');
    }
  });

  it('both ends of the range asked: the range, not the floor alone', async () => {
    const { replies } = await converse(
      ['mức đóng bhxh tự nguyện thấp nhất và cao nhất là bao nhiêu, tính giúp tôi'],
      '2026-11-22',
    );
    expect(replies[0]?.text).toContain('từ 330.000 đồng đến 11.132.000 đồng/tháng');
  });

  it('says the 2027 floor is not yet confirmed', async () => {
    const { replies } = await converse(['bhxh tự nguyện thu nhập 3 triệu'], '2027-02-01');
    expect(replies[0]?.text).toContain('chưa được cơ quan BHXH xác nhận');
    expect(replies[0]?.text).toContain('2.200.000');
  });

  it('answers the support table when asked how much the state supports', async () => {
    const { replies } = await converse(['nhà nước hỗ trợ bao nhiêu khi đóng bhxh tự nguyện'], '2026-11-22');
    expect(replies[0]?.intent).toBe('calc.vsi_support');
    expect(replies[0]?.text).toContain('mỗi tháng: hộ nghèo 50% = 165.000 đồng;');
    expect(replies[0]?.text).toContain('đối tượng khác 20% = 66.000 đồng');
  });

  it("answers a group's support directly, without asking for an income", async () => {
    const { replies, session } = await converse(
      ['hộ cận nghèo đóng bhxh tự nguyện được hỗ trợ mấy phần trăm mức đóng'],
      '2026-11-22',
    );
    expect(replies[0]?.intent).toBe('calc.vsi_support');
    expect(replies[0]?.text).toContain('hộ cận nghèo được Nhà nước hỗ trợ 40% = 132.000 đồng/tháng');
    expect(session.pending).toBeUndefined();
  });

  it('answers the rate question with the range, then computes from the income given next', async () => {
    const { replies } = await converse(['tỷ lệ đóng bhxh tự nguyện là bao nhiêu %', '2 triệu'], '2026-11-22');
    expect(replies[0]?.text).toContain('bằng 22% mức thu nhập bạn chọn');
    expect(replies[0]?.text).toContain('từ 330.000 đồng đến 11.132.000 đồng/tháng');
    expect(replies[1]?.text).toContain('440.000 − 66.000 = 374.000 đồng/tháng');
  });

  it('BHYT: a child under 6 told with its age is left out (the State pays its card)', async () => {
    const { replies } = await converse(['nhà e 4ng mà có bé út 3t, mua bhyt hgđ 12th hết bn'], '2026-11-22');
    expect(replies[0]?.text).toContain('BHYT hộ gia đình 3 người, 12 tháng: 3.142.260 đồng');
    expect(replies[0]?.text).toContain('tôi tính cho 3 trong 4 người');
  });

  it('BHYT: members who already have a card are left out, and the reply says so', async () => {
    const { replies } = await converse(
      ['nhà em 5 người, bố em có thẻ hưu trí rồi, mua bhyt hgđ cho mấy người còn lại hết bn'],
      '2026-11-22',
    );
    expect(replies[0]?.text).toContain('BHYT hộ gia đình 4 người, 12 tháng: 3.825.360 đồng');
    expect(replies[0]?.text).toContain('Không tính 1 người đã có thẻ BHYT: tôi tính cho 4 trong 5 người.');
  });

  it('BHXH tự nguyện: an island group asked as a yes/no with an income gets the contribution', async () => {
    const { replies } = await converse(['e ở đảo Lý Sơn, đóng mức 2tr được hỗ trợ ko'], '2026-11-22');
    expect(replies[0]?.text).toContain('Bạn đóng 275.000 đồng/tháng');
  });

  it('BHYT: "tôi và chồng", 3 months', async () => {
    const { replies } = await converse(
      ['Tôi và chồng muốn mua BHYT hộ gia đình 3 tháng thôi có được không, hết bao nhiêu?'],
      '2026-11-22',
    );
    expect(replies[0]?.text).toContain(
      'BHYT hộ gia đình 2 người, 3 tháng: 580.635 đồng (193.545 đồng/tháng).',
    );
  });

  it('BHYT hộ gia đình 4 người: 3.825.360 đồng', async () => {
    const { replies } = await converse(['bhyt hộ gia đình 4 người đóng bao nhiêu'], '2026-11-22');
    expect(replies[0]?.text).toContain('1.366.200 + 956.340 + 819.720 + 683.100 = 3.825.360 đồng');
    expect(replies[0]?.intent).toBe('calc.hi_household');
  });

  it('pension: eligible, not yet eligible with options, and unconfirmed rules', async () => {
    const eligible = await converse(['nam, đóng 18 năm'], '2026-11-22');
    expect(eligible.replies[0]?.text).toContain('tỷ lệ hưởng lương hưu là 43%');
    const short = await converse(['nữ đóng 12 năm được hưởng lương hưu bao nhiêu'], '2026-11-22');
    expect(short.replies[0]?.text).toContain('còn thiếu 3 năm');
    expect(short.replies[0]?.text).toContain('Điều 23');
    expect(short.replies[0]?.text).toContain('BHXH một lần');
    const old = await converse(['nam đóng 25 năm'], '2020-05-01');
    expect(old.replies[0]?.text).toContain('chưa xác nhận');
    expect(old.replies[0]?.text).not.toContain('tỷ lệ hưởng lương hưu là');
  });

  it.each([
    'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu',
    'hộ cận nghèo, thu nhập 3tr, đóng bhxh tự nguyện 6 tháng một lần',
    'bhyt hộ gia đình 4 người đóng bao nhiêu',
    'nữ 16 năm được lương hưu bao nhiêu %',
  ])('reply to "%s" is identical without diacritics', async (text) => {
    const [withAccents, without] = await Promise.all([
      converse([text], '2026-11-22'),
      converse([stripDiacritics(text)], '2026-11-22'),
    ]);
    expect(without.replies[0]).toEqual(withAccents.replies[0]);
  });
});

describe('slot filling across turns', () => {
  it('asks for the income, then answers', async () => {
    const { replies, session } = await converse(
      ['tôi muốn tính tiền đóng bhxh tự nguyện', '3 triệu'],
      '2026-11-22',
    );
    expect(replies[0]?.path).toBe('slot');
    expect(replies[0]?.text).toContain('mức thu nhập');
    expect(replies[1]?.path).toBe('calculator');
    expect(replies[1]?.text).toContain('660.000 − 66.000 = 594.000 đồng/tháng');
    expect(session.pending).toBeUndefined();
  });

  it('accepts a bare number, a group first, and a retry after an out-of-range income', async () => {
    const { replies } = await converse(
      ['tinh tien dong bhxh tu nguyen', 'ho can ngheo', '1 trieu', '3'],
      '2026-11-22',
    );
    expect(replies.map((reply) => reply.path)).toEqual(['slot', 'slot', 'slot', 'calculator']);
    expect(replies[2]?.text).toContain('thấp hơn mức tối thiểu');
    expect(replies[3]?.text).toContain('660.000 − 132.000 = 528.000 đồng/tháng');
  });

  it('abandons the pending slot when a new question comes', async () => {
    const { replies, session } = await converse(
      ['tôi muốn tính tiền đóng bhxh tự nguyện', 'ai được tham gia bhxh tự nguyện', '3 triệu'],
      '2026-11-22',
    );
    expect(replies[1]?.path).toBe('faq');
    expect(replies[1]?.text.startsWith(abandonedNotice())).toBe(true);
    expect(replies[2]?.path).not.toBe('calculator');
    expect(session.pending).toBeUndefined();
  });

  it('switches to another calculator when the new question is one', async () => {
    const { replies } = await converse(
      ['tôi muốn tính tiền đóng bhxh tự nguyện', 'bhyt hộ gia đình 4 người'],
      '2026-11-22',
    );
    expect(replies[1]?.intent).toBe('calc.hi_household');
    expect(replies[1]?.text).toContain('3.825.360 đồng');
  });

  it.each([
    ['a pension question', 'nữ 16 năm', 'calc.pension_rate'],
    ['a household question', 'bhyt hộ gia đình 4 người', 'calc.hi_household'],
  ])('while waiting for an income, %s is answered as new', async (_label, text, intent) => {
    for (const variant of [text, stripDiacritics(text)]) {
      const { replies } = await converse(['tôi muốn tính tiền đóng bhxh tự nguyện', variant], '2026-11-22');
      expect(replies[1]?.intent, variant).toBe(intent);
      expect(replies[1]?.path, variant).toBe('calculator');
    }
  });

  it('while waiting for the sex, a new question mentioning "năm" is not read as "nam"', async () => {
    const { replies, session } = await converse(
      ['tỷ lệ lương hưu của tôi bao nhiêu %', 'bhxh tu nguyen dong toi thieu bao nhieu nam'],
      '2026-11-22',
    );
    expect(replies[1]?.intent).not.toBe('calc.pension_rate');
    expect(session.pending?.skill).not.toBe(SKILL_NAMES.pension);
  });

  it('BHYT: asks for the number of members', async () => {
    const { replies } = await converse(['tính tiền bhyt hộ gia đình cho nhà tôi', '4'], '2026-11-22');
    expect(replies[0]?.path).toBe('slot');
    expect(replies[1]?.text).toContain('3.825.360 đồng');
  });

  it('a general question gets the FAQ answer, and the calculator still takes the value that follows', async () => {
    const { replies } = await converse(['mức đóng bhyt hộ gia đình', '4'], '2026-11-22');
    expect(replies[0]?.path).toBe('faq');
    expect(replies[0]?.text).toBe('kiến thức');
    expect(replies[1]?.text).toContain('3.825.360 đồng');
  });

  it('pension: asks for sex and years one at a time', async () => {
    const { replies } = await converse(['tỷ lệ lương hưu của tôi bao nhiêu %', 'nam', '18'], '2026-11-22');
    expect(replies.map((reply) => reply.path)).toEqual(['slot', 'slot', 'calculator']);
    expect(replies[1]?.text).toContain('bao nhiêu năm');
    expect(replies[2]?.text).toContain('43%');
  });
});
