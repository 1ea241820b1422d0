/**
 * Answer composition without an LLM, in order of trust:
 *   1. a confident match of a published FAQ item in effect on the turn's date → its answer
 *      and citations;
 *   2. otherwise the best 1–3 sentences of the best passages, each with document title,
 *      date and section, plus a plain note when the document predates the rules in force;
 *   3. when nothing is good enough, the honest "I don't know" with hotline and local office.
 */

import * as z from 'zod';
import settingsRaw from '../../../data/knowledge/settings.json' with { type: 'json' };
import { fallbackReply } from '../dialogue/replies.js';
import type { Skill } from '../dialogue/skill.js';
import { type ChoiceSlots, chosenByNumber } from '../dialogue/slots.js';
import { type Citation, faqChoiceData, parseFaqChoice, type Reply } from '../messages.js';
import type { FaqSource } from '../ports.js';
import { formatPartialDate } from '../text/dates.js';
import { candidatesFor, FAQ_CONFIDENT, type FaqItem, FaqMatcher } from './faq.js';
import { FIGURE_NOT_AVAILABLE, renderFaqAnswer, UnknownFaqFigureError } from './figures.js';
import { searchPassages } from './hybrid.js';
import type { ChunkRanker, KnowledgeIndex } from './index.js';
import { yearOf } from './metadata.js';
import { answersOn, type Passage } from './types.js';

export interface KnowledgeSettings {
  /** Dates when the rules citizens ask about changed (YYYY-MM-DD), any order. */
  readonly ruleChanges: readonly string[];
  readonly faqConfidence: number;
  /** Share of the question's (IDF-weighted) content words a passage must contain. */
  readonly documentConfidence: number;
  readonly maxSentences: number;
}

/** data/knowledge/settings.json: the settings staff may tune (faqConfidence is the code's). */
export const knowledgeSettingsFileSchema = z.object({
  ruleChanges: z.array(z.iso.date()),
  faqConfidence: z.number().min(0).max(1).optional(),
  documentConfidence: z.number().min(0).max(1),
  maxSentences: z.number().int().positive(),
});

export const DEFAULT_SETTINGS: KnowledgeSettings = {
  faqConfidence: FAQ_CONFIDENT,
  ...knowledgeSettingsFileSchema.parse(settingsRaw),
};

export interface KnowledgeDeps {
  readonly index: KnowledgeIndex;
  readonly faqs: FaqSource;
  readonly settings?: KnowledgeSettings;
  /** Dense-vector ranker over the same chunks, fused with the lexical ranking when present. */
  readonly dense?: ChunkRanker;
  /**
   * A live index (functions/app/documents/live-index.ts): brings `index` up to the published
   * version, checking at most every 30 s; an answer reads `index` once after it.
   */
  readonly refreshIndex?: () => Promise<void>;
}

/** Similarity above which the runner-up does not matter. */
const FAQ_CERTAIN = 0.8;
const FAQ_MARGIN = 0.08;

const matchers = new WeakMap<readonly FaqItem[], Map<string, FaqMatcher>>();

export async function answerQuestion(question: string, asOf: string, deps: KnowledgeDeps): Promise<Reply> {
  return (await compose(question, asOf, deps)).reply;
}

/** The reply, and the FAQ items it offers to choose from (a clarify reply), in order. */
async function compose(
  question: string,
  asOf: string,
  deps: KnowledgeDeps,
): Promise<{ reply: Reply; offered?: readonly string[] }> {
  const config = deps.settings ?? DEFAULT_SETTINGS;
  await deps.refreshIndex?.();
  const chosen = parseFaqChoice(question);
  if (chosen !== undefined) {
    // A button of a clarify reply: the item, if it is still published and in effect.
    const item = candidatesFor(await deps.faqs.items(), asOf).find((candidate) => candidate.id === chosen);
    return { reply: item ? faqReply(item, asOf) : fallbackReply() };
  }
  const [faq, runnerUp] = await matchFaq(question, asOf, deps);
  // Confident = similar enough, and clearly closer to one item than to the next.
  const clear = faq && (faq.score >= FAQ_CERTAIN || faq.score - (runnerUp?.score ?? 0) >= FAQ_MARGIN);
  if (faq && clear && faq.score >= config.faqConfidence) return { reply: faqReply(faq.item, asOf) };
  // Two items fit about equally well ("bhxh một lần": withdrawing it, or paying many years at
  // once): ask which one rather than guess or fall through to a report passage.
  if (faq && runnerUp && !clear && faq.score >= config.faqConfidence) {
    const offered = [faq.item, runnerUp.item];
    return { reply: clarifyReply(offered), offered: offered.map((item) => item.id) };
  }
  // One index for the whole answer, even if a newer one is swapped in meanwhile.
  const index = deps.index;
  // A superseded document answers only for dates before its successor takes effect: search
  // deeper, then keep the passages of documents in effect on the turn's date.
  const passages = (await searchPassages(index, question, 10, deps.dense))
    .filter((passage) => answersOn(passage.document, asOf))
    .slice(0, 5);
  const best = passages[0];
  if (!best || coverage(question, best, index) < config.documentConfidence) return { reply: fallbackReply() };
  return { reply: documentReply(question, asOf, passages, index, config) };
}

/** An item stored before placeholders were checked may still carry a typo: never fail the turn on it. */
function renderedAnswer(item: FaqItem, asOf: string): string {
  try {
    return renderFaqAnswer(item.answer, asOf);
  } catch (error) {
    if (!(error instanceof UnknownFaqFigureError)) throw error;
    return item.answer.replace(/\{\{[^}]*\}\}?/g, FIGURE_NOT_AVAILABLE);
  }
}

function faqReply(item: FaqItem, asOf: string): Reply {
  return {
    text: `${renderedAnswer(item, asOf)}\n\n${faqSourceLine(item)}`,
    intent: `faq:${item.id}`,
    path: 'faq',
    citations: item.citations,
    askFeedback: true,
    asOf,
  };
}

function clarifyReply(items: readonly FaqItem[]): Reply {
  const titles = items.map((item) => item.questions[0] ?? item.id);
  return {
    text:
      'Bạn muốn hỏi về nội dung nào dưới đây? Mời bạn bấm chọn hoặc gõ số thứ tự (hoặc gõ lại câu hỏi rõ hơn):\n' +
      titles.map((title, index) => `${index + 1}. ${title}`).join('\n'),
    intent: 'faq:clarify',
    path: 'clarify',
    citations: [],
    // Channels fit the label to their own limits (Zalo: 100 characters).
    buttons: items.map((item, index) => ({
      label: `${index + 1}. ${titles[index]}`,
      data: faqChoiceData(item.id),
    })),
  };
}

async function matchFaq(question: string, asOf: string, deps: KnowledgeDeps) {
  const all = await deps.faqs.items();
  // One matcher per item list and date: the candidates change only when either does.
  let byDate = matchers.get(all);
  if (!byDate) {
    byDate = new Map();
    matchers.set(all, byDate);
  }
  let matcher = byDate.get(asOf);
  if (!matcher) {
    matcher = new FaqMatcher(candidatesFor(all, asOf), deps.index.analyzer);
    byDate.set(asOf, matcher);
  }
  return matcher.match(question, 2);
}

/** IDF-weighted share of the question's content words found in the passage (0..1). */
export function coverage(question: string, passage: Passage, index: KnowledgeIndex): number {
  const analyzer = index.analyzer;
  const words = [...new Set(analyzer.contentWords(question))];
  if (words.length === 0) return 0;
  const present = new Set(
    analyzer.contentWords(
      [passage.document.title, passage.chunk.headings.join(' '), passage.chunk.text].join(' '),
      'index',
    ),
  );
  let total = 0;
  let found = 0;
  for (const word of words) {
    const weight = index.idf(word) || index.maxIdf();
    total += weight;
    if (present.has(word)) found += weight;
  }
  return total === 0 ? 0 : found / total;
}

function documentReply(
  question: string,
  asOf: string,
  passages: readonly Passage[],
  index: KnowledgeIndex,
  config: KnowledgeSettings,
): Reply {
  const top = passages[0] as Passage;
  const useful = passages.slice(0, 2).filter((passage) => passage.score >= top.score * 0.6);
  const queryWords = new Set(index.analyzer.contentWords(question));
  const scored = useful.flatMap((passage, rank) =>
    sentencesOf(passage.chunk.text).map((sentence, position) => ({
      passage,
      rank,
      position,
      sentence,
      score: sentenceScore(sentence, queryWords, index) * (rank === 0 ? 1 : 0.8),
    })),
  );
  const chosen = scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, config.maxSentences)
    .sort((a, b) => a.rank - b.rank || a.position - b.position);
  const picked = chosen.length > 0 ? chosen : scored.slice(0, 1);

  const parts: string[] = [];
  const citations: Citation[] = [];
  for (const passage of useful) {
    const sentences = picked.filter((entry) => entry.passage === passage).map((entry) => entry.sentence);
    if (sentences.length === 0) continue;
    const { document, chunk } = passage;
    const section = chunk.headings[chunk.headings.length - 1];
    const where = [document.place, formatPartialDate(document.date)].filter(Boolean).join(', ');
    parts.push(
      `Theo tài liệu "${document.title}"${where ? ` (${where})` : ''}${section ? `, mục "${section}"` : ''}:\n` +
        `“${sentences.join(' ')}”`,
    );
    const note = staleNote(document.date, asOf, config);
    if (note) parts.push(note);
    citations.push({
      document: document.title,
      ...(chunk.headings.length > 0 ? { section: chunk.headings.join(' › ') } : {}),
      ...(document.date ? { date: document.date } : {}),
      ...(document.issuer || document.place
        ? { source: [document.issuer, document.place].filter(Boolean).join(', ') }
        : {}),
    });
  }
  return {
    text: [...new Set(parts)].join('\n\n'),
    intent: 'document',
    path: 'document',
    citations,
    askFeedback: true,
    asOf,
  };
}

/**
 * The legal basis and the date the answer's rule applies from, in the reply itself: channels
 * show only the text, and a citizen must see which rule an answer rests on and since when.
 */
export function faqSourceLine(item: Pick<FaqItem, 'citations' | 'effectiveFrom'>): string {
  const sources = item.citations
    .map((citation) => (citation.section ? `${citation.document} (${citation.section})` : citation.document))
    .join('; ');
  return `Căn cứ: ${sources}. Áp dụng từ ${formatPartialDate(item.effectiveFrom)}.`;
}

/** "Lưu ý: tài liệu này từ năm 2019, …" when the document predates the latest rule change. */
export function staleNote(documentDate: string | undefined, asOf: string, config: KnowledgeSettings): string {
  const inForceSince = [...config.ruleChanges]
    .filter((date) => date <= asOf)
    .sort()
    .pop();
  const year = yearOf(documentDate);
  if (!inForceSince || year === undefined || (documentDate as string) >= inForceSince) return '';
  return `Lưu ý: tài liệu này từ năm ${year}, quy định có thể đã thay đổi. Quy định hiện hành áp dụng từ ${formatPartialDate(inForceSince)}.`;
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+(?=[\p{Lu}\d"“(-])|\n+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 15)
    .map((sentence) =>
      sentence.length > 400 ? `${sentence.slice(0, sentence.lastIndexOf(' ', 400))}…` : sentence,
    );
}

function sentenceScore(sentence: string, queryWords: ReadonlySet<string>, index: KnowledgeIndex): number {
  const words = new Set(index.analyzer.contentWords(sentence, 'index'));
  let score = 0;
  for (const word of queryWords) if (words.has(word)) score += index.idf(word);
  return score;
}

/** The knowledge engine as the dialogue's fallback skill. */
export function createKnowledgeSkill(deps: KnowledgeDeps): Skill {
  return {
    name: KNOWLEDGE_SKILL,
    detect: () => 0,
    handle: async (ctx) => {
      const { reply, offered } = await compose(ctx.text, ctx.asOf, deps);
      if (!offered) return { reply };
      // Remember the offer, so typing "1" or "2" (Zalo's text fallback has no buttons) chooses.
      const pending = {
        skill: KNOWLEDGE_SKILL,
        awaiting: FAQ_CHOICE_SLOT,
        slots: { choices: offered } satisfies ChoiceSlots,
        askedAt: ctx.now.toISOString(),
        optional: true,
      };
      return { reply, pending };
    },
    resume: async (ctx, pending) => {
      const id = pending.awaiting === FAQ_CHOICE_SLOT ? chosenByNumber(ctx.folded, pending) : undefined;
      if (id === undefined) return undefined;
      return { reply: await answerQuestion(faqChoiceData(id), ctx.asOf, deps) };
    },
  };
}

const KNOWLEDGE_SKILL = 'knowledge';
const FAQ_CHOICE_SLOT = 'faq-choice';
