/**
 * The router learned from labelled examples (data/routing/examples.json and FAQ variants).
 */
import { describe, expect, it } from 'vitest';
import {
  IntentClassifier,
  IntentRouting,
  ROUTING_EXAMPLES,
  routingTerms,
} from '../../../../functions/core/dialogue/router.js';
import { readMessage } from '../../../../functions/core/dialogue/skill.js';
import { type FaqItem, nextVersion } from '../../../../functions/core/knowledge/faq.js';

const fold = (text: string) => readMessage(text).folded;
const DATE = '2026-12-01';

function faqItem(id: string, questions: string[]): FaqItem {
  return nextVersion(
    {
      id,
      questions,
      answer: 'Một câu trả lời đủ dài.',
      citations: [{ document: 'Luật 41/2024/QH15' }],
      effectiveFrom: '2025-07-01',
      status: 'published',
    },
    undefined,
    'test',
    '2026-01-01T00:00:00Z',
  );
}

describe('routing terms', () => {
  it('reads numbers as the kind of quantity they are', () => {
    expect(routingTerms(fold('thu nhập 3 triệu đóng bao nhiêu'))).toEqual(
      routingTerms(fold('thu nhập 7,5 triệu đóng bao nhiêu')),
    );
    const terms = routingTerms(fold('nhà 4 người, đóng 6 tháng, nữ 20 năm, 45 tuổi, mức 2tr5'));
    for (const kind of ['qpeople', 'qmonths', 'qyears', 'qage', 'qmoney']) expect(terms).toContain(kind);
  });

  it('reads a message the same with and without diacritics', () => {
    expect(routingTerms(fold('mức đóng BHYT hộ gia đình'))).toEqual(
      routingTerms(fold('muc dong bhyt ho gia dinh')),
    );
  });
});

describe('intent classifier', () => {
  it('labels no example with two intents', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { intent, text } of ROUTING_EXAMPLES) {
      const key = routingTerms(fold(text)).sort().join(' ');
      const other = seen.get(key);
      if (other && other !== intent) clashes.push(`"${text}": ${other} / ${intent}`);
      seen.set(key, intent);
    }
    expect(clashes).toEqual([]);
  });

  it('routes most examples to their own intent when each is left out of training', () => {
    let right = 0;
    for (const [index, example] of ROUTING_EXAMPLES.entries()) {
      const others = ROUTING_EXAMPLES.filter((_, other) => other !== index);
      const top = new IntentClassifier(others, fold).rank(readMessage(example.text))[0];
      if (top?.intent === example.intent) right++;
    }
    // Measured 2026-12-01: 125 of 142 (0.88); the floor guards regressions (docs/UNDERSTANDING.md).
    expect(right / ROUTING_EXAMPLES.length).toBeGreaterThanOrEqual(0.85);
  });

  it('gives an empty ranking for a message with no words', () => {
    const classifier = new IntentClassifier(ROUTING_EXAMPLES, fold);
    expect(classifier.rank(readMessage('?!'))).toEqual([]);
  });
});

describe('routing with FAQ variants', () => {
  it('learns a new phrasing when staff add it as a variant, without code', async () => {
    const question = 'mua thẻ hôm nay thì bao giờ dùng được';
    const before = [faqItem('cho-doi', ['BHYT có phải chờ 30 ngày không?'])];
    const after = [faqItem('cho-doi', ['BHYT có phải chờ 30 ngày không?', 'mua thẻ xong bao giờ dùng được'])];
    let items = before;
    const routing = new IntentRouting({ items: async () => items }, fold);
    const scoreOf = async () =>
      (await routing.rank(readMessage(question), DATE)).find((entry) => entry.intent === 'faq:cho-doi')
        ?.score ?? 0;
    const was = await scoreOf();
    items = after;
    const is = await scoreOf();
    expect(is).toBeGreaterThan(was + 0.2);
  });

  it('leaves out items not in effect on the date', async () => {
    const future = {
      ...faqItem('sau-nay', ['một câu hỏi rất riêng về tương lai']),
      effectiveFrom: '2030-01-01',
    };
    const routing = new IntentRouting({ items: async () => [future] }, fold);
    const ranked = await routing.rank(readMessage('một câu hỏi rất riêng về tương lai'), DATE);
    expect(ranked.some((entry) => entry.intent === 'faq:sau-nay')).toBe(false);
  });
});
