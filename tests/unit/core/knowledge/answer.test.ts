import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryFaqStore } from '../../../../functions/adapters/memory/faq-store.js';
import { abandonedNotice } from '../../../../functions/core/dialogue/replies.js';
import {
  answerQuestion,
  createKnowledgeSkill,
  staleNote,
} from '../../../../functions/core/knowledge/answer.js';
import type { FaqDraft } from '../../../../functions/core/knowledge/faq.js';
import { KnowledgeIndex } from '../../../../functions/core/knowledge/index.js';
import { ingestDocument } from '../../../../functions/core/knowledge/ingest.js';
import type { Reply } from '../../../../functions/core/messages.js';
import { defaultAnalyzer } from '../../../../functions/core/text/analyze.js';
import { foldVietnamese } from '../../../../functions/core/text/fold.js';
import { converse as converseWith } from '../../../support/dialogue.js';
import { PAY_AHEAD, SUPPORT_NOW, WITHDRAW_ONCE } from '../../../support/faq-drafts.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/knowledge/${name}`, import.meta.url), 'utf8');
const clock = { now: () => new Date('2026-03-01T03:00:00Z') };

const index = KnowledgeIndex.build(
  [
    ingestDocument({
      file: 'bold-headings.md',
      text: fixture('bold-headings.md'),
      meta: {
        title: 'Báo cáo tổng kết BHYT huyện Núi Xanh',
        issuer: 'UBND huyện Núi Xanh',
        date: '2019-12-20',
      },
    }),
    ingestDocument({
      file: 'table.txt',
      text: fixture('table.txt'),
      meta: { title: 'Số liệu tham gia năm 2025', date: '2025-12-31' },
    }),
  ],
  defaultAnalyzer(),
);

const supportBefore: FaqDraft = {
  ...SUPPORT_NOW,
  id: 'ho-tro-cu',
  answer: 'Từ 1/1/2018 đến 30/6/2025, người thuộc hộ nghèo được hỗ trợ 30% mức đóng.',
  citations: [{ document: 'Nghị định 134/2015/NĐ-CP', section: 'Điều 14', date: '2018-01-01' }],
  effectiveFrom: '2018-01-01',
  effectiveTo: '2025-06-30',
};
const draftOnly: FaqDraft = {
  id: 'chua-duyet',
  questions: ['Thẻ BHYT có dùng được ở nước ngoài không?'],
  answer: 'Câu trả lời chưa được duyệt, không được hiển thị.',
  citations: [{ document: 'Dự thảo' }],
  effectiveFrom: '2020-01-01',
  status: 'draft',
};

async function deps() {
  const store = new MemoryFaqStore(clock);
  for (const draft of [SUPPORT_NOW, supportBefore, draftOnly, WITHDRAW_ONCE, PAY_AHEAD])
    await store.save(draft, 'editor', 0);
  return { index, faqs: { items: () => store.list() } };
}

describe('answerQuestion', () => {
  it('answers from a confident FAQ match with its citation, only with the rule in effect that day', async () => {
    const knowledge = await deps();
    const today = await answerQuestion('ho ngheo dong bhxh tu nguyen dc ho tro bn', '2026-03-01', knowledge);
    expect(today).toMatchObject({ path: 'faq', intent: 'faq:ho-tro-moi', asOf: '2026-03-01' });
    expect(today.text).toContain('50%');
    expect(today.citations).toEqual([{ document: 'Nghị định 159/2025/NĐ-CP', date: '2025-07-01' }]);

    const before = await answerQuestion(
      'Hộ nghèo tham gia BHXH tự nguyện được hỗ trợ bao nhiêu?',
      '2024-05-01',
      knowledge,
    );
    expect(before).toMatchObject({ path: 'faq', intent: 'faq:ho-tro-cu' });
    expect(before.text).toContain('30%');
  });

  it('says in the reply text which rule an FAQ answer rests on and since when', async () => {
    const knowledge = await deps();
    const today = await answerQuestion('ho ngheo dong bhxh tu nguyen dc ho tro bn', '2026-03-01', knowledge);
    expect(today.text.endsWith('Căn cứ: Nghị định 159/2025/NĐ-CP. Áp dụng từ 01/07/2025.')).toBe(true);
    const before = await answerQuestion(
      'Hộ nghèo tham gia BHXH tự nguyện được hỗ trợ bao nhiêu?',
      '2024-05-01',
      knowledge,
    );
    expect(before.text).toContain('Căn cứ: Nghị định 134/2015/NĐ-CP (Điều 14). Áp dụng từ 01/01/2018.');
  });

  it('asks which item is meant when two fit about equally, and answers the one chosen', async () => {
    const knowledge = await deps();
    const question = await answerQuestion('bhxh mot lan', '2026-03-01', knowledge);
    expect(question).toMatchObject({ path: 'clarify', intent: 'faq:clarify', citations: [] });
    expect(question.text).toBe(
      'Bạn muốn hỏi về nội dung nào dưới đây? Mời bạn bấm chọn hoặc gõ số thứ tự (hoặc gõ lại câu hỏi rõ hơn):\n' +
        '1. Đóng trước BHXH tự nguyện một lần được không?\n' +
        '2. Điều kiện hưởng BHXH một lần là gì?',
    );
    expect(question.buttons).toEqual([
      { label: '1. Đóng trước BHXH tự nguyện một lần được không?', data: 'faq:dong-mot-lan' },
      { label: '2. Điều kiện hưởng BHXH một lần là gì?', data: 'faq:rut-mot-lan' },
    ]);
    const chosen = await answerQuestion('faq:dong-mot-lan', '2026-03-01', knowledge);
    expect(chosen).toMatchObject({ path: 'faq', intent: 'faq:dong-mot-lan' });
    expect(chosen.text).toContain('Căn cứ: Luật Bảo hiểm xã hội 41/2024/QH15 (Điều 36).');
    // A clear question needs no choice.
    expect(await answerQuestion('dieu kien huong bhxh 1 lan', '2026-03-01', knowledge)).toMatchObject({
      path: 'faq',
      intent: 'faq:rut-mot-lan',
    });
    // A choice no longer in effect (or a draft, or unknown) is not served.
    for (const stale of ['faq:dong-mot-lan', 'faq:chua-duyet', 'faq:khong-co'])
      expect((await answerQuestion(stale, '2025-01-01', knowledge)).path).toBe('fallback');
  });

  it('takes a typed number as the choice, and lets a new question pass the offer without notice', async () => {
    const skill = createKnowledgeSkill(await deps());
    const converse = async (texts: readonly string[]): Promise<Reply[]> =>
      (await converseWith(texts, { clock, skills: [], fallbackSkill: skill }, 'k')).replies;
    const [offer, chosen] = await converse(['bhxh mot lan', 'số 2']);
    expect(offer?.path).toBe('clarify');
    expect(chosen).toMatchObject({ path: 'faq', intent: 'faq:rut-mot-lan' });
    const [, other] = await converse(['bhxh mot lan', 'hộ nghèo được hỗ trợ bao nhiêu']);
    expect(other).toMatchObject({ path: 'faq', intent: 'faq:ho-tro-moi' });
    expect(other?.text).not.toContain(abandonedNotice());
    // A number that is not on the list is a new question, not a choice.
    const [, beyond] = await converse(['bhxh mot lan', '5']);
    expect(beyond?.path).not.toBe('faq');
  });

  it('never serves a draft item', async () => {
    const reply = await answerQuestion(
      'Thẻ BHYT có dùng được ở nước ngoài không?',
      '2026-03-01',
      await deps(),
    );
    expect(reply.path).not.toBe('faq');
    expect(reply.text).not.toContain('chưa được duyệt');
  });

  it('answers from the best passage with title, date and section, and says when a document is old', async () => {
    const reply = await answerQuestion(
      'Huyện Núi Xanh có nhiều xã vùng cao không?',
      '2026-03-01',
      await deps(),
    );
    expect(reply.path).toBe('document');
    expect(reply.text).toContain('Huyện Núi Xanh có nhiều xã vùng cao');
    expect(reply.text).toContain('Báo cáo tổng kết BHYT huyện Núi Xanh');
    expect(reply.text).toContain('Lưu ý: tài liệu này từ năm 2019, quy định có thể đã thay đổi.');
    expect(reply.citations[0]).toEqual({
      document: 'Báo cáo tổng kết BHYT huyện Núi Xanh',
      section: 'Phần thứ nhất: KẾT QUẢ THỰC HIỆN › I- TÌNH HÌNH CHUNG › 1- Đặc điểm tình hình',
      date: '2019-12-20',
      source: 'UBND huyện Núi Xanh',
    });
  });

  it('gives the same reply whether the question has diacritics or not', async () => {
    const knowledge = await deps();
    const question = 'Số người tham gia BHYT hộ gia đình năm 2024 là bao nhiêu?';
    const accented = await answerQuestion(question, '2026-03-01', knowledge);
    expect(accented.path).toBe('document');
    expect(accented.text).toContain('47.120');
    expect(accented.citations[0]).toMatchObject({
      document: 'Số liệu tham gia năm 2025',
      date: '2025-12-31',
    });
    expect(await answerQuestion(foldVietnamese(question), '2026-03-01', knowledge)).toEqual(accented);
  });

  it('says it does not know, with hotline and local office, instead of a random passage', async () => {
    const reply = await answerQuestion('Thời tiết Hà Nội hôm nay thế nào?', '2026-03-01', await deps());
    expect(reply.path).toBe('fallback');
    expect(reply.text).toContain('1900 9068');
    expect(reply.text).toContain('cơ quan BHXH nơi bạn cư trú');
    expect(reply.citations).toEqual([]);
  });

  it('serves as the dialogue fallback skill', async () => {
    const skill = createKnowledgeSkill(await deps());
    expect(skill.detect({} as never)).toBe(0);
    const outcome = await skill.handle({
      text: 'Mức hỗ trợ đóng BHXH tự nguyện',
      asOf: '2026-03-01',
    } as never);
    expect(outcome.reply.path).toBe('faq');
  });
});

describe('staleNote', () => {
  const settings = {
    ruleChanges: ['2018-01-01', '2025-07-01'],
    faqConfidence: 0.55,
    documentConfidence: 0.6,
    maxSentences: 3,
  };
  it('names the year of a document older than the rules in force', () => {
    expect(staleNote('2019-12', '2026-01-01', settings)).toBe(
      'Lưu ý: tài liệu này từ năm 2019, quy định có thể đã thay đổi. Quy định hiện hành áp dụng từ 01/07/2025.',
    );
    expect(staleNote('2025-08-01', '2026-01-01', settings)).toBe('');
    expect(staleNote('2019-12', '2020-01-01', settings)).toBe('');
    expect(staleNote(undefined, '2026-01-01', settings)).toBe('');
  });
});
