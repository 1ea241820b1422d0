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
import { FOLLOW_UP_MINUTES } from '../dialogue/handle.js';
import { fallbackReply } from '../dialogue/replies.js';
import type { Skill, TurnContext } from '../dialogue/skill.js';
import { type ChoiceSlots, chosenByNumber } from '../dialogue/slots.js';
import {
  generateDocumentReply,
  isElliptical,
  type LlmAnswering,
  LlmTurn,
  rewriteFollowUp,
  withUsage,
} from '../llm/generate.js';
import { type Citation, faqChoiceData, parseFaqChoice, type Reply } from '../messages.js';
import type { FaqSource } from '../ports.js';
import { redactIdentifiersAndDates } from '../privacy/redact.js';
import { formatPartialDate } from '../text/dates.js';
import { readText } from '../text/reading.js';
import { passageCitation, passageSourceLine, staleNote } from './cite.js';
import { candidatesFor, FAQ_CONFIDENT, type FaqItem, FaqMatcher } from './faq.js';
import { FIGURE_NOT_AVAILABLE, renderFaqAnswer, UnknownFaqFigureError } from './figures.js';
import { searchPassages } from './hybrid.js';
import type { ChunkRanker, KnowledgeIndex } from './index.js';
import { answersOn, type Passage } from './types.js';

export { staleNote } from './cite.js';

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
  /** The optional language model (off unless LLM_MODEL is set): writes document answers, checked. */
  readonly llm?: LlmAnswering;
  /**
   * A live index (functions/app/documents/live-index.ts): brings `index` up to the published
   * version, checking at most every 30 s; an answer reads `index` once after it.
   */
  readonly refreshIndex?: () => Promise<void>;
}

/** What the dialogue knows beyond the text, for the optional language model. */
interface ComposeContext {
  /** The previous question (redacted), for rewriting a follow-up. */
  readonly previousQuestion?: string;
  /** The hashed chat id (the model provider's `safety_identifier`). */
  readonly safetyIdentifier?: string;
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
  context: ComposeContext = {},
): Promise<{ reply: Reply; offered?: readonly string[]; standalone?: string }> {
  const config = deps.settings ?? DEFAULT_SETTINGS;
  await deps.refreshIndex?.();
  const chosen = parseFaqChoice(question);
  if (chosen !== undefined) {
    // A button of a clarify reply: the item, if it is still published and in effect.
    const item = candidatesFor(await deps.faqs.items(), asOf).find((candidate) => candidate.id === chosen);
    return { reply: item ? faqReply(item, asOf) : fallbackReply() };
  }
  // With a model configured, an elliptical follow-up is first rewritten into a standalone
  // question; the FAQ is matched on either, and passages are searched with both.
  const llm = deps.llm?.settings.intents.includes('documents') ? deps.llm : undefined;
  const turn = llm ? new LlmTurn(llm) : undefined;
  const rewrite =
    llm && turn && llm.settings.rewrite && context.previousQuestion && isElliptical(readText(question).folded)
      ? await rewriteFollowUp(
          { question, previousQuestion: context.previousQuestion, ...safety(context) },
          llm,
          turn,
        )
      : undefined;
  const standalone = rewrite?.ok ? rewrite.query : undefined;
  // Replies that use no generated text still record the rewrite call.
  const noted = (reply: Reply): Reply =>
    withUsage(
      reply,
      turn?.usage(standalone ? 'used' : 'fallback', rewrite?.ok ? undefined : rewrite?.reason),
    );
  const found = await composeFromKnowledge(question, standalone, asOf, deps, config);
  if (found.kind === 'reply')
    return { ...found, reply: noted(found.reply), ...(standalone ? { standalone } : {}) };
  const extractive = documentReply(found.query, asOf, found.passages, found.index, config);
  if (!llm || !turn) return { reply: extractive };
  const reply = await generateDocumentReply(
    {
      question,
      ...(context.previousQuestion ? { previousQuestion: context.previousQuestion } : {}),
      asOf,
      passages: found.passages,
      facts: [],
      extractive,
      ruleChanges: config.ruleChanges,
      ...safety(context),
    },
    llm,
    turn,
  );
  return { reply, ...(standalone ? { standalone } : {}) };
}

function safety(context: ComposeContext): { safetyIdentifier?: string } {
  return context.safetyIdentifier ? { safetyIdentifier: context.safetyIdentifier } : {};
}

type Found =
  | { kind: 'reply'; reply: Reply; offered?: readonly string[] }
  | { kind: 'passages'; query: string; passages: readonly Passage[]; index: KnowledgeIndex };

/** A confident FAQ item, a choice between two, the passages to answer from, or the honest fallback. */
async function composeFromKnowledge(
  question: string,
  standalone: string | undefined,
  asOf: string,
  deps: KnowledgeDeps,
  config: KnowledgeSettings,
): Promise<Found> {
  for (const asked of standalone ? [question, standalone] : [question]) {
    const [faq, runnerUp] = await matchFaq(asked, asOf, deps);
    const clear = faq !== undefined && isClear(faq.score, runnerUp?.score);
    if (faq && clear && faq.score >= config.faqConfidence)
      return { kind: 'reply', reply: faqReply(faq.item, asOf) };
    // Two items fit about equally well ("bhxh một lần": withdrawing it, or paying many years at
    // once): ask which one rather than guess or fall through to a report passage.
    if (faq && runnerUp && !clear && faq.score >= config.faqConfidence) {
      const offered = [faq.item, runnerUp.item];
      return { kind: 'reply', reply: clarifyReply(offered), offered: offered.map((item) => item.id) };
    }
  }
  // One index for the whole answer, even if a newer one is swapped in meanwhile.
  const index = deps.index;
  const query = standalone ? `${question}\n${standalone}` : question;
  // A superseded document answers only for dates before its successor takes effect: search
  // deeper, then keep the passages of documents in effect on the turn's date.
  const passages = (await searchPassages(index, query, 10, deps.dense))
    .filter((passage) => answersOn(passage.document, asOf))
    .slice(0, 5);
  const best = passages[0];
  // A follow-up's own words ("thế còn … ở đâu?") are few: either reading may carry the question.
  const covered = best
    ? Math.max(...[question, standalone ?? question].map((asked) => coverage(asked, best, index)))
    : 0;
  if (!best || covered < config.documentConfidence) return { kind: 'reply', reply: fallbackReply() };
  return { kind: 'passages', query, passages, index };
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

/** Clearly closer to one item than to the next (or near certain on its own). */
function isClear(best: number, runnerUp = 0): boolean {
  return best >= FAQ_CERTAIN || best - runnerUp >= FAQ_MARGIN;
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
    parts.push(`${passageSourceLine(passage)}:\n“${sentences.join(' ')}”`);
    const note = staleNote(passage.document.date, asOf, config);
    if (note) parts.push(note);
    citations.push(passageCitation(passage));
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
      const { reply, offered, standalone } = await compose(ctx.text, ctx.asOf, deps, llmContext(ctx, deps));
      // Kept for the next turn's rewrite only while the model rewrites follow-ups.
      const asked = deps.llm?.settings.rewrite ? { asked: rememberedQuestion(standalone ?? ctx.text) } : {};
      if (!offered) return { reply, ...asked, ...answeredItem(reply, await deps.faqs.items()) };
      // Remember the offer, so typing "1" or "2" (Zalo's text fallback has no buttons) chooses.
      const pending = {
        skill: KNOWLEDGE_SKILL,
        awaiting: FAQ_CHOICE_SLOT,
        slots: { choices: offered } satisfies ChoiceSlots,
        askedAt: ctx.now.toISOString(),
        optional: true,
      };
      return { reply, pending, ...asked };
    },
    resume: async (ctx, pending) => {
      const id = pending.awaiting === FAQ_CHOICE_SLOT ? chosenByNumber(ctx.folded, pending) : undefined;
      if (id === undefined) return undefined;
      const reply = await answerQuestion(faqChoiceData(id), ctx.asOf, deps);
      return { reply, ...answeredItem(reply, await deps.faqs.items()) };
    },
    followUp: async (ctx, previous) => {
      const answered = ANSWERED_ITEM.safeParse(previous);
      if (!answered.success || !isElliptical(ctx.folded)) return undefined;
      const reply = await answerFollowUp(ctx.text, answered.data.faq, ctx.asOf, deps);
      return reply ? { reply, ...answeredItem(reply, await deps.faqs.items()) } : undefined;
    },
  };
}

/**
 * What a FAQ answer leaves for a follow-up: the item's id and the words naming its scheme
 * (never the citizen's words).
 */
const ANSWERED_ITEM = z.object({ faq: z.string(), scheme: z.string().optional() });

/** The scheme an item is about, by its tags, in the words a citizen would use. */
const SCHEME_TAGS: ReadonlyArray<readonly [string, string]> = [
  ['bhxh-tu-nguyen', 'bhxh tự nguyện'],
  ['bhyt-ho-gia-dinh', 'bhyt hộ gia đình'],
  ['bhyt', 'bhyt'],
];

function answeredItem(
  reply: Reply,
  items: readonly FaqItem[] = [],
): { completed?: z.infer<typeof ANSWERED_ITEM> } {
  const id = reply.path === 'faq' ? parseFaqChoice(reply.intent) : undefined;
  if (id === undefined) return {};
  const tags = items.find((item) => item.id === id)?.tags ?? [];
  const scheme = SCHEME_TAGS.find(([tag]) => tags.includes(tag))?.[1];
  return { completed: { faq: id, ...(scheme ? { scheme } : {}) } };
}

/**
 * "còn nam thì sao?" after "tuổi nghỉ hưu của nữ là bao nhiêu": without a model to rewrite it,
 * the follow-up is read together with the first question of the item just answered. Only a
 * clear FAQ match answers; anything else goes back to ordinary routing.
 */
async function answerFollowUp(
  question: string,
  previousId: string,
  asOf: string,
  deps: KnowledgeDeps,
): Promise<Reply | undefined> {
  const config = deps.settings ?? DEFAULT_SETTINGS;
  const previous = candidatesFor(await deps.faqs.items(), asOf).find((item) => item.id === previousId);
  const first = previous?.questions[0];
  if (!first) return undefined;
  const [faq, runnerUp] = await matchFaq(`${first} ${question}`, asOf, deps);
  const confident = faq && isClear(faq.score, runnerUp?.score) && faq.score >= config.faqConfidence;
  return faq && confident ? faqReply(faq.item, asOf) : undefined;
}

const KNOWLEDGE_SKILL = 'knowledge';

function llmContext(ctx: TurnContext, deps: KnowledgeDeps): ComposeContext {
  if (!deps.llm) return {};
  const last = ctx.session.lastQuestion;
  const fresh = last && ctx.now.getTime() - Date.parse(last.askedAt) <= FOLLOW_UP_MINUTES * 60_000;
  // The session key is `<channel>:<hashed chat id>`: the model provider sees only the hash.
  const chatHash = ctx.session.key.split(':').pop();
  return {
    ...(fresh ? { previousQuestion: last.text } : {}),
    ...(chatHash ? { safetyIdentifier: chatHash } : {}),
  };
}

/** The question as the session keeps it: no identifier, no date, short. */
function rememberedQuestion(text: string): string {
  return redactIdentifiersAndDates(text).slice(0, 500);
}
const FAQ_CHOICE_SLOT = 'faq-choice';
