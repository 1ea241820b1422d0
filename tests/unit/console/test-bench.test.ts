/** The console's test bench: the real dialogue core's answer, and what it weighed. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, KNOWLEDGE_DIR, seedFaqs } from '../../../functions/adapters/knowledge/files.js';
import { MemoryFaqStore } from '../../../functions/adapters/memory/faq-store.js';
import { createTestBench, type TestBench, testAllCsv } from '../../../functions/app/console/test-bench.js';
import { benchSkills } from '../../../functions/composition/faq-console.js';
import type { FaqDraft } from '../../../functions/core/knowledge/faq.js';
import type { KnowledgeIndex } from '../../../functions/core/knowledge/index.js';
import { PAY_AHEAD, SUPPORT_NOW, WITHDRAW_ONCE } from '../../support/faq-drafts.js';

const clock = { now: () => new Date('2026-11-20T03:00:00.000Z') };
const ABROAD: FaqDraft = {
  id: 'dung-o-nuoc-ngoai',
  questions: ['Thẻ BHYT có dùng được ở nước ngoài không?'],
  answer: 'Thẻ BHYT chỉ dùng để khám chữa bệnh tại các cơ sở y tế ở Việt Nam.',
  citations: [{ document: 'Luật Bảo hiểm y tế' }],
  effectiveFrom: '2025-01-01',
  status: 'draft',
};
const COMING: FaqDraft = {
  id: 'sap-ap-dung',
  questions: ['Quy định mới về thời hạn thẻ năm 2027 là gì?'],
  answer: 'Từ năm 2027 thời hạn thẻ được tính theo quy định mới.',
  citations: [{ document: 'Nghị định giả định' }],
  effectiveFrom: '2027-01-01',
  status: 'published',
};

let index: KnowledgeIndex;
beforeAll(async () => {
  index = await buildIndex([KNOWLEDGE_DIR]);
});

async function benchWith(drafts: readonly FaqDraft[]): Promise<{ bench: TestBench; store: MemoryFaqStore }> {
  const store = new MemoryFaqStore(clock);
  await seedFaqs(store, drafts);
  return { bench: createTestBench({ store, index, skills: benchSkills(clock), clock }), store };
}

describe('explain', () => {
  it('answers typed and folded, with the FAQ matcher, router and search scores and runners-up', async () => {
    const { bench } = await benchWith([SUPPORT_NOW, WITHDRAW_ONCE, PAY_AHEAD]);
    const explained = await bench.explain('Điều kiện hưởng BHXH một lần là gì?', '2026-11-20');
    expect(explained).toMatchObject({ asOf: '2026-11-20', includeDrafts: false });
    const [typed, folded] = explained.forms;
    expect(typed).toMatchObject({
      form: 'typed',
      question: 'Điều kiện hưởng BHXH một lần là gì?',
      intent: 'faq:rut-mot-lan',
      path: 'faq',
      skill: 'knowledge',
      faqId: 'rut-mot-lan',
      draft: false,
      faq: {
        best: { id: 'rut-mot-lan', score: 1, draft: false },
        runnerUp: { id: 'dong-mot-lan' },
        confident: 0.55,
      },
      routing: { best: { intent: 'faq:rut-mot-lan', score: 1 } },
      citations: [{ document: 'Luật Bảo hiểm xã hội 41/2024/QH15', section: 'Điều 102' }],
    });
    expect(typed?.faq.runnerUp?.score).toBeLessThan(1);
    expect(typed?.routing.runnerUp).toBeDefined();
    expect(typed?.passages.best?.document).toBeTruthy();
    expect(typed?.passages.best?.coverage).toBeGreaterThanOrEqual(0);
    expect(folded).toMatchObject({
      form: 'folded',
      question: 'dieu kien huong bhxh mot lan la gi?',
      intent: 'faq:rut-mot-lan',
      faq: { best: { id: 'rut-mot-lan' } },
    });
    expect(typed?.text).toBe(folded?.text);
  });

  it('includes draft items only when asked, and flags what comes from one', async () => {
    const { bench } = await benchWith([SUPPORT_NOW, WITHDRAW_ONCE, ABROAD]);
    const question = 'the bhyt co dung duoc o nuoc ngoai khong';
    const live = await bench.explain(question, '2026-11-20');
    expect(live.forms.map((form) => form.faqId)).toEqual([undefined, undefined]);
    expect(live.forms[0]?.faq.best?.id).not.toBe(ABROAD.id);
    const withDrafts = await bench.explain(question, '2026-11-20', { includeDrafts: true });
    for (const form of withDrafts.forms) {
      expect(form).toMatchObject({
        intent: `faq:${ABROAD.id}`,
        faqId: ABROAD.id,
        draft: true,
        faq: { best: { id: ABROAD.id, draft: true } },
        routing: { best: { intent: `faq:${ABROAD.id}`, draft: true } },
      });
    }
  });

  it('names the calculator that answers a question with the citizen’s own values', async () => {
    const { bench } = await benchWith([SUPPORT_NOW]);
    const [typed] = (await bench.explain('thu nhập 5 triệu thì đóng bhxh tự nguyện bao nhiêu', '2026-11-20'))
      .forms;
    expect(typed?.path).toBe('calculator');
    expect(typed?.skill).toMatch(/^policy\./);
    expect(typed?.faqId).toBeUndefined();
  });
});

describe('testAll', () => {
  it('asks every published variant typed and folded, each item on a day it is in effect', async () => {
    const { bench } = await benchWith([WITHDRAW_ONCE, PAY_AHEAD, ABROAD, COMING]);
    const run = await bench.testAll();
    expect(run).toMatchObject({
      asOf: '2026-11-20',
      dates: ['2026-11-20', '2027-01-01'],
      items: 3,
      variants: 3,
      total: 6,
      passed: 6,
      failed: 0,
    });
    expect(run.cases.map((entry) => [entry.id, entry.form, entry.asOf, entry.pass])).toEqual(
      expect.arrayContaining([
        ['rut-mot-lan', 'typed', '2026-11-20', true],
        ['rut-mot-lan', 'folded', '2026-11-20', true],
        ['sap-ap-dung', 'folded', '2027-01-01', true],
      ]),
    );
    expect(run.cases.find((entry) => entry.form === 'folded')?.question).toMatch(/^[\x20-\x7e]+$/);
    const today = await bench.testAll({ asOf: '2026-11-20' });
    expect([today.items, today.dates]).toEqual([2, ['2026-11-20']]);
  });

  it('lists new failures first and compares with the previous run', async () => {
    const { bench, store } = await benchWith([WITHDRAW_ONCE, PAY_AHEAD]);
    const first = await bench.testAll();
    expect(first.failed).toBe(0);
    // A variant another item owns word for word: the bot cannot answer it with this item.
    await store.save(
      { ...PAY_AHEAD, questions: [...PAY_AHEAD.questions, 'Điều kiện hưởng BHXH một lần là gì?'] },
      'editor',
      1,
    );
    const second = await bench.testAll({ previous: first });
    expect(second.comparison).toMatchObject({ previousAt: first.at, stillFailing: 0, fixed: 0, removed: 0 });
    expect(second.comparison.newFailures).toBeGreaterThan(0);
    // The two items now tie on that variant: whichever the bot does not answer with fails.
    expect(second.cases[0]).toMatchObject({
      variant: 'Điều kiện hưởng BHXH một lần là gì?',
      pass: false,
      change: 'new-failure',
    });
    expect(second.cases[0]?.got).not.toBe(second.cases[0]?.expected);
    expect(second.cases.filter((entry) => !entry.pass).every((entry) => entry.change === 'new-failure')).toBe(
      true,
    );
    const third = await bench.testAll({ previous: second });
    expect(third.comparison.newFailures).toBe(0);
    expect(third.comparison.stillFailing).toBe(second.comparison.newFailures);
    await store.save(PAY_AHEAD, 'editor', 2);
    const fourth = await bench.testAll({ previous: third });
    expect(fourth.failed).toBe(0);
    expect(fourth.comparison).toMatchObject({ newFailures: 0, stillFailing: 0 });
    // The duplicate's two forms are no longer asked; the other item's failures are fixed.
    expect(fourth.comparison.removed).toBe(2);
    expect(fourth.comparison.fixed).toBe(third.cases.filter((c) => !c.pass && c.id === 'rut-mot-lan').length);
    const csv = testAllCsv(second);
    expect(csv.startsWith('\uFEFF"id","form","question","asOf","expected","got"')).toBe(true);
    expect(csv.split('\r\n')[1]).toContain('"new-failure"');
  });
});
