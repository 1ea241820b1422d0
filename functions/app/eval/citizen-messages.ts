/**
 * Scores the bot on everyday messages written by people who never saw its rules: each line
 * names the answer it should get (a calculator, a FAQ topic, the card look-up, a hand-off, …)
 * and the figures a right reply must show. Used by `npm run eval:citizens` and the test that
 * keeps the floors.
 */
import * as z from 'zod';
import type { Reply } from '../../core/messages.js';

export const citizenMessageSchema = z.object({
  id: z.string(),
  form: z.enum(['accented', 'plain', 'shorthand']),
  question: z.string().min(1),
  chat: z.string().optional(),
  expect: z.string().min(1),
  slots: z.record(z.string(), z.unknown()).optional(),
  figures: z.array(z.string()).default([]),
});
export type CitizenMessage = z.output<typeof citizenMessageSchema>;

/** fully right · partly (offered the right item among others, or a figure missing) · wrong · "don't know" */
export type Verdict = 'right' | 'partly' | 'wrong' | 'dont_know';

export interface Scored {
  readonly message: CitizenMessage;
  readonly intent: string;
  readonly verdict: Verdict;
  /** The reply showed a figure a right reply would not (the worst kind of miss). */
  readonly wrongFigure: boolean;
  readonly why: string;
}

export function parseCitizenMessages(text: string, source: string): CitizenMessage[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      const parsed = citizenMessageSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${source}:${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

const CONTACT_INTENTS = new Set(['handoff', 'faq:ho-tro-lien-he']);
/**
 * A calculator and the FAQ item that states its rule: "BHXH tự nguyện mỗi tháng đóng bao
 * nhiêu?" is labelled the calculator by some writers and the item by others. The item's
 * figures come from the calculator's schedules, so either reply answers; a reply still has to
 * show every expected figure to be fully right.
 */
const RULE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['calc.vsi_contribution', 'faq:bhxh-tn-muc-dong'],
  ['calc.hi_household', 'faq:bhyt-hgd-muc-dong'],
  ['calc.vsi_support', 'faq:bhxh-tn-ho-tro'],
];

/** The intents that count as the expected answer. */
function accepts(expect: string, intent: string): boolean {
  if (expect === intent) return true;
  if (expect === 'card.lookup') return intent.startsWith('card.');
  if (expect === 'calc.vsi_support') return intent === 'calc.vsi_contribution';
  if (expect === 'nonsense') return intent === 'not_understood';
  if (expect === 'out_of_scope') return intent.startsWith('out_of_scope.');
  // "Cho xin số tổng đài" is labelled a hand-off by some writers and the contact item by others;
  // both replies give the hotline and the local office, which is what the person needs.
  if (CONTACT_INTENTS.has(expect)) return CONTACT_INTENTS.has(intent);
  return RULE_PAIRS.some(([calculator, item]) =>
    expect === item ? intent === calculator : expect === calculator && intent === item,
  );
}

const UNKNOWN_INTENTS = new Set(['unknown', 'not_understood']);
/** Replies whose figures come from the calculators. */
const FIGURE_PATTERN = /\d{1,3}(?:\.\d{3})+(?!\d)/g;

export function scoreReply(message: CitizenMessage, reply: Reply | undefined): Scored {
  const intent = reply?.intent ?? 'none';
  const text = reply?.text ?? '';
  const offered = (reply?.buttons ?? []).map((button) => button.data);
  const missing = message.figures.filter((figure) => !text.includes(figure));
  // A calculator reply for the right skill whose figures are not the expected ones states a
  // wrong amount: the worst miss there is.
  const amounts = new Set(text.match(FIGURE_PATTERN) ?? []);
  const wrongFigure =
    message.figures.length > 0 && intent.startsWith('calc.') && missing.length > 0 && amounts.size > 0;
  const result = (verdict: Verdict, why: string): Scored => ({ message, intent, verdict, wrongFigure, why });
  if (accepts(message.expect, intent)) {
    if (missing.length === 0) return result('right', '');
    return result('partly', `missing ${missing.join(', ')}`);
  }
  if (message.expect.startsWith('faq:') && offered.includes(message.expect)) {
    return result('partly', 'offered among others');
  }
  if (UNKNOWN_INTENTS.has(intent)) return result('dont_know', `want ${message.expect}`);
  return result('wrong', `want ${message.expect}, got ${intent}`);
}

export interface Summary {
  readonly total: number;
  readonly right: number;
  readonly partly: number;
  readonly wrong: number;
  readonly dontKnow: number;
  readonly wrongFigures: number;
  readonly byForm: Readonly<Record<string, { total: number; right: number }>>;
}

export function summarize(scored: readonly Scored[]): Summary {
  const count = (verdict: Verdict) => scored.filter((entry) => entry.verdict === verdict).length;
  const byForm: Record<string, { total: number; right: number }> = {};
  for (const entry of scored) {
    const form = byForm[entry.message.form] ?? { total: 0, right: 0 };
    byForm[entry.message.form] = form;
    form.total++;
    if (entry.verdict === 'right') form.right++;
  }
  return {
    total: scored.length,
    right: count('right'),
    partly: count('partly'),
    wrong: count('wrong'),
    dontKnow: count('dont_know'),
    wrongFigures: scored.filter((entry) => entry.wrongFigure).length,
    byForm,
  };
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`;
}
