import { describe, expect, it } from 'vitest';
import { type FaqItem, FaqMatcher } from '../../../../functions/core/knowledge/faq.js';
import { defaultAnalyzer } from '../../../../functions/core/text/analyze.js';

function item(id: string, questions: readonly string[]): FaqItem {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id,
    questions,
    answer: `Câu trả lời cho ${id}.`,
    tags: [],
    citations: [{ document: 'Văn bản thử' }],
    effectiveFrom: '2025-07-01',
    status: 'published',
    version: 1,
    createdAt: at,
    createdBy: 'test',
    updatedAt: at,
    updatedBy: 'test',
  };
}

const matcher = new FaqMatcher(
  [
    item('ai-tham-gia', [
      'Ai được tham gia BHXH tự nguyện?',
      'Người lớn tuổi có đóng BHXH tự nguyện được không?',
    ]),
    item('noi-dong', ['Đóng BHXH tự nguyện ở đâu?']),
    item('tu-tuat', ['Người tham gia BHXH tự nguyện qua đời thì thân nhân được hưởng gì?']),
  ],
  defaultAnalyzer(),
);

function score(question: string, id: string): number {
  return matcher.match(question, 3).find((match) => match.item.id === id)?.score ?? 0;
}

describe('FaqMatcher', () => {
  it('does not hold who the question is about against the item ("mẹ em", "chồng tôi")', () => {
    const plain = score('lớn tuổi có đóng bhxh tự nguyện được không', 'ai-tham-gia');
    expect(plain).toBeGreaterThan(0.55);
    for (const question of [
      'mẹ em lớn tuổi có đóng bhxh tự nguyện được không',
      'bố tôi lớn tuổi có đóng bhxh tự nguyện được không',
      'chồng chị lớn tuổi có đóng bhxh tự nguyện được không',
    ]) {
      expect(score(question, 'ai-tham-gia'), question).toBeCloseTo(plain, 5);
    }
  });

  it('still counts a content word no variant uses against the match', () => {
    const plain = score('đóng bhxh tự nguyện ở đâu', 'noi-dong');
    expect(plain).toBeGreaterThan(0.9);
    expect(score('đóng bhxh tự nguyện ở đâu tại hà giang', 'noi-dong')).toBeLessThan(plain - 0.1);
  });

  it('ranks the item whose words the question shares first, with or without diacritics', () => {
    for (const question of ['người thân qua đời được hưởng gì', 'nguoi than qua doi duoc huong gi']) {
      expect(matcher.match(question, 1)[0]?.item.id, question).toBe('tu-tuat');
    }
  });
});
