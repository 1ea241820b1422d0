import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryFaqStore } from '../../../../functions/adapters/memory/faq-store.js';
import { answerQuestion } from '../../../../functions/core/knowledge/answer.js';
import { parseFaqDraft } from '../../../../functions/core/knowledge/faq.js';
import {
  FAQ_FIGURE_NAMES,
  FIGURE_NOT_AVAILABLE,
  figuresIn,
  isKnownFigure,
  renderFaqAnswer,
  UnknownFaqFigureError,
  validateFaqFigures,
} from '../../../../functions/core/knowledge/figures.js';
import { KnowledgeIndex } from '../../../../functions/core/knowledge/index.js';
import { calculateHouseholdHealthInsurance } from '../../../../functions/core/policy/hi-household.js';
import { formatVnd } from '../../../../functions/core/policy/money.js';
import {
  loadPolicySchedules,
  POLICY_SCHEDULES,
  RAW_POLICY_SCHEDULES,
} from '../../../../functions/core/policy/schedules.js';
import { vsiLimits } from '../../../../functions/core/policy/vsi.js';
import { defaultAnalyzer } from '../../../../functions/core/text/analyze.js';

const sampleFaq = JSON.parse(
  readFileSync(new URL('../../../../data/knowledge/faq.json', import.meta.url), 'utf8'),
) as { items: unknown[] };
const items = sampleFaq.items.map((item) => parseFaqDraft(item));

const AFTER_RAISE = '2026-12-01';
const OLD_LAW = '2025-03-01';

describe('renderFaqAnswer', () => {
  const answer =
    'Thu nhập từ {{vsi.minIncome}} đến {{vsi.maxIncome}}; tỷ lệ {{vsi.rate}}; hộ nghèo được hỗ trợ ' +
    '{{vsi.supportPercent.poor}}, tức {{vsi.support.poor}}; BHYT người thứ nhất {{hi.firstMember}}/tháng ' +
    '({{hi.rate}} × {{hi.referenceLevel}}).';

  it('renders the figures in force on the date: after the July 2026 reference level and the 2025 law', () => {
    const text = renderFaqAnswer(answer, AFTER_RAISE);
    expect(text).toContain(
      'Thu nhập từ 1.500.000 đồng đến 50.600.000 đồng; tỷ lệ 22%; hộ nghèo được hỗ trợ 50%, tức 165.000 đồng;',
    );
    expect(text).toContain('BHYT người thứ nhất 113.850 đồng/tháng (4,5% × 2.530.000 đồng).');
    expect(text).toContain('(Số tiền tính đến ngày 01/12/2026, theo mức áp dụng từ 01/07/2026.)');
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('renders different, correct figures under the old law and the old base salary', () => {
    const text = renderFaqAnswer(answer, OLD_LAW);
    expect(text).toContain(
      'Thu nhập từ 1.500.000 đồng đến 46.800.000 đồng; tỷ lệ 22%; hộ nghèo được hỗ trợ 30%, tức 99.000 đồng;',
    );
    expect(text).toContain('BHYT người thứ nhất 105.300 đồng/tháng (4,5% × 2.340.000 đồng).');
    expect(text).not.toBe(renderFaqAnswer(answer, AFTER_RAISE));
  });

  it('gives the same amounts as the calculators', () => {
    for (const date of [OLD_LAW, AFTER_RAISE, '2027-03-01']) {
      const limits = vsiLimits(date);
      const household = calculateHouseholdHealthInsurance({ members: 5, months: 1, asOf: date });
      if (limits.kind !== 'limits' || household.kind !== 'ok') throw new Error(`no schedule for ${date}`);
      expect(renderFaqAnswer('{{vsi.minIncome}}|{{vsi.maxIncome}}|{{vsi.minContribution}}', date)).toMatch(
        new RegExp(
          `^${[limits.minIncome, limits.maxIncome, limits.supportBase].map((value) => formatVnd(value)).join('\\|')}\\n`,
        ),
      );
      const members = household.perMember.map((member) => formatVnd(member.monthly)).join('|');
      expect(
        renderFaqAnswer(
          '{{hi.firstMember}}|{{hi.member2}}|{{hi.member3}}|{{hi.member4}}|{{hi.member5}}',
          date,
        ),
      ).toMatch(new RegExp(`^${members}\\n`));
    }
  });

  it('uses the pension calculator for rates and years', () => {
    const text =
      '{{pension.minYears}} năm; nữ 20 năm {{pension.rate.female.20}}; nam 15 năm {{pension.rate.male.15}}';
    expect(renderFaqAnswer(text, AFTER_RAISE)).toBe('15 năm; nữ 20 năm 55%; nam 15 năm 40%');
    // Under the old law 15 years gave no pension: no figure rather than a wrong one.
    expect(renderFaqAnswer(text, OLD_LAW)).toBe(`20 năm; nữ 20 năm 55%; nam 15 năm ${FIGURE_NOT_AVAILABLE}`);
  });

  it('says plainly when a schedule has no figure for the date, instead of failing', () => {
    expect(renderFaqAnswer('Tối đa {{vsi.maxIncome}}, hỗ trợ {{vsi.support.poor}}.', '2016-06-01')).toBe(
      `Tối đa ${FIGURE_NOT_AVAILABLE}, hỗ trợ ${FIGURE_NOT_AVAILABLE}.`,
    );
    // The cap on support years is not confirmed before July 2025.
    expect(renderFaqAnswer('{{vsi.maxSupportYears}}', OLD_LAW)).toBe(FIGURE_NOT_AVAILABLE);
  });

  it('shows the note of a figure that is not yet officially confirmed', () => {
    const text = renderFaqAnswer('Thấp nhất {{vsi.minIncome}}.', '2027-03-01');
    expect(text).toContain('Thấp nhất 2.200.000 đồng.');
    const note = POLICY_SCHEDULES.ruralPovertyLine.find('2027-03-01')?.unconfirmed;
    expect(note).toBeTruthy();
    expect(text).toContain(`Lưu ý: ${note}`);
  });

  it('leaves an answer without placeholders as it is, and tolerates spaces inside the braces', () => {
    expect(renderFaqAnswer('Gọi 1900 9068.', AFTER_RAISE)).toBe('Gọi 1900 9068.');
    expect(renderFaqAnswer('{{ vsi.rate }}', AFTER_RAISE)).toBe('22%');
  });

  it('follows the schedules it is given', () => {
    const raw = structuredClone(RAW_POLICY_SCHEDULES) as {
      referenceLevel: { entries: { amount: number }[] };
    };
    const last = raw.referenceLevel.entries.at(-1);
    if (!last) throw new Error('reference level schedule is empty');
    last.amount = 3_000_000;
    const schedules = loadPolicySchedules(raw as typeof RAW_POLICY_SCHEDULES);
    expect(renderFaqAnswer('{{hi.firstMember}}', AFTER_RAISE, schedules)).toMatch(/^135\.000 đồng\n/);
  });

  it('throws on an unknown placeholder or broken braces', () => {
    expect(() => renderFaqAnswer('Mức {{vsi.minimumIncome}}.', AFTER_RAISE)).toThrow(UnknownFaqFigureError);
    expect(() => renderFaqAnswer('Mức {{vsi.minIncome}.', AFTER_RAISE)).toThrow(UnknownFaqFigureError);
    expect(() => renderFaqAnswer('{{pension.rate.other.15}}', AFTER_RAISE)).toThrow(/pension\.rate\.other/);
    expect(() => renderFaqAnswer('{{pension.rate.male.99}}', AFTER_RAISE)).toThrow(UnknownFaqFigureError);
  });
});

describe('validateFaqFigures', () => {
  it('accepts every placeholder in the sample FAQ (data/knowledge/faq.json)', () => {
    expect(() => validateFaqFigures(items)).not.toThrow();
    const used = new Set(items.flatMap((item) => figuresIn(item.answer)));
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(isKnownFigure(name), name).toBe(true);
  });

  it('names the item and the placeholder it does not know', () => {
    const bad = [
      { id: 'tot', answer: 'Mức đóng {{vsi.rate}}.' },
      { id: 'loi-go', answer: 'Người thứ nhất đóng {{hi.firstMemer}}.' },
    ];
    expect(() => validateFaqFigures(bad)).toThrow(UnknownFaqFigureError);
    expect(() => validateFaqFigures(bad)).toThrow('FAQ loi-go: unknown figure placeholder {{hi.firstMemer}}');
  });

  it('lists the names an editor may use', () => {
    expect(FAQ_FIGURE_NAMES).toEqual(
      expect.arrayContaining(['vsi.minIncome', 'vsi.maxIncome', 'vsi.support.poor', 'hi.firstMember']),
    );
    for (const name of FAQ_FIGURE_NAMES) expect(renderFaqAnswer(`{{${name}}}`, AFTER_RAISE)).not.toBe('');
  });
});

describe('sample FAQ answers', () => {
  it('render for the dates they are in effect, in plain text, never with a brace left', () => {
    for (const item of items) {
      for (const date of [OLD_LAW, AFTER_RAISE]) {
        if (item.effectiveFrom > date || (item.effectiveTo !== undefined && date > item.effectiveTo))
          continue;
        const text = renderFaqAnswer(item.answer, date);
        expect(text, item.id).not.toMatch(/\{\{|\}\}/);
        expect(text, item.id).not.toContain(FIGURE_NOT_AVAILABLE);
      }
    }
  });

  it('carry no copy of an amount the calculators own', () => {
    const owned = [
      1_500_000, 2_340_000, 2_530_000, 46_800_000, 50_600_000, 330_000, 165_000, 105_300, 113_850,
    ];
    for (const item of items) {
      for (const value of owned) expect(item.answer, item.id).not.toContain(formatVnd(value));
    }
  });
});

describe('a FAQ reply', () => {
  it("shows the figures of the turn's date, with the item's legal basis", async () => {
    const store = new MemoryFaqStore({ now: () => new Date('2026-11-22T03:00:00Z') });
    const hhItem = items.find((item) => item.id === 'bhyt-hgd-muc-dong');
    if (!hhItem) throw new Error('sample item bhyt-hgd-muc-dong is missing');
    await store.save({ ...hhItem, effectiveFrom: '2024-07-01' }, 'editor', 0);
    const deps = { index: KnowledgeIndex.build([], defaultAnalyzer()), faqs: { items: () => store.list() } };
    const question = 'Người thứ hai trong hộ đóng BHYT bao nhiêu?';

    const now = await answerQuestion(question, AFTER_RAISE, deps);
    expect(now).toMatchObject({ path: 'faq', intent: 'faq:bhyt-hgd-muc-dong' });
    expect(now.text).toContain('tức 113.850 đồng/tháng');
    expect(now.text).toContain('79.695 đồng');
    expect(now.text).toMatch(/Căn cứ: Nghị định 188\/2025\/NĐ-CP/);

    const before = await answerQuestion(question, '2025-05-01', deps);
    expect(before.text).toContain('tức 105.300 đồng/tháng');
    expect(before.text).toContain('73.710 đồng');
  });
});

describe('placeholders in saved items', () => {
  it('refuses an item whose answer has an unknown placeholder, so a typo never reaches a citizen', () => {
    const draft = {
      id: 'loi-go',
      questions: ['Mức đóng tối thiểu?'],
      answer: 'Người thứ nhất đóng {{hi.firstMemer}} mỗi tháng.',
      citations: [{ document: 'Nghị định 188/2025/NĐ-CP' }],
      effectiveFrom: '2025-07-01',
      status: 'published' as const,
    };
    expect(() => parseFaqDraft(draft)).toThrow(/unknown figure placeholder/);
    expect(() =>
      parseFaqDraft({ ...draft, answer: 'Người thứ nhất đóng {{hi.firstMember}} mỗi tháng.' }),
    ).not.toThrow();
  });
});
