/**
 * The optional language-model answer on the document path, and the follow-up rewrite. The
 * deterministic core has already decided that the model may help (no confident FAQ match, a
 * passage above the threshold) and built the extractive reply; the model gets numbered
 * passages `[P1]…` and facts `[F1]…`, returns the JSON contract, and its text reaches the
 * citizen only after the grounding gate. Code renders the citations. Whatever goes wrong —
 * an error, a timeout, a refusal, malformed JSON, a failed check — the extractive reply is
 * sent, with the reason in the turn log.
 */
import { FOLLOW_UP_SHAPE, type Skill, type SkillOutcome, type TurnContext } from '../dialogue/skill.js';
import { passageCitation, passageSourceLine, staleNote } from '../knowledge/cite.js';
import type { Passage } from '../knowledge/types.js';
import type { Citation, Reply } from '../messages.js';
import type {
  EmbeddingPort,
  LlmPort,
  LlmRequest,
  LlmResult,
  LlmTokenUsage,
  LlmTurnUsage,
  PendingSlot,
} from '../ports.js';
import { containsIdentifier } from '../privacy/redact.js';
import { formatPartialDate, formatVietnameseDate } from '../text/dates.js';
import { ANSWER_JSON_SCHEMA, parseModelAnswer, parseRewrite, REWRITE_JSON_SCHEMA } from './contract.js';
import { ungroundedFigures } from './figures.js';
import { checkGrounding, type GateAllowList } from './gate.js';
import { dataBlock, type PromptTemplate, renderTemplate, sanitizeForPrompt } from './prompt.js';

export const LLM_INTENTS = ['documents', 'calculators', 'card'] as const;
export type LlmIntent = (typeof LLM_INTENTS)[number];

export interface LlmSettings {
  readonly maxOutputTokens: number;
  /** Passages given to the model, and the characters kept of each. */
  readonly passages: number;
  readonly passageChars: number;
  /** Earlier turns given to the model (the dialogue keeps one: the previous question). */
  readonly historyTurns: number;
  /** Rewrite elliptical follow-ups into a standalone question before retrieval. */
  readonly rewrite: boolean;
  readonly intents: readonly LlmIntent[];
}

export interface LlmPrompts {
  readonly answerSystem: PromptTemplate;
  readonly answerUser: PromptTemplate;
  readonly rewriteSystem: PromptTemplate;
  readonly rewriteUser: PromptTemplate;
}

/** Everything the core needs to use a model; absent when no model is configured. */
export interface LlmAnswering {
  readonly port: LlmPort;
  /** The configured model, named in the turn log when no call came back with one. */
  readonly model: string;
  readonly settings: LlmSettings;
  readonly prompts: LlmPrompts;
  readonly allow: GateAllowList;
  /** A fresh random nonce for the data-block tags of one request. */
  nonce(): string;
  /** The whole turn's deadline (rewrite and answer together). */
  deadline(): AbortSignal;
  /** US dollars for one call, from the dated price table; undefined for an unknown model. */
  cost?(model: string, usage: LlmTokenUsage): number | undefined;
  /** The embedding model for dense retrieval (LLM_EMBEDDING_MODEL); absent: words alone. */
  readonly embeddings?: EmbeddingPort;
}

/** A computed fact (a calculator result with its date and legal source) given as `[F…]`. */
export interface LlmFact {
  readonly text: string;
  readonly citation: Citation;
}

/** The model calls of one turn: one deadline, summed usage and cost. */
export class LlmTurn {
  readonly signal: AbortSignal;
  private calls = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd: number | undefined;
  private model: string;
  private promptVersion = '';

  constructor(private readonly llm: LlmAnswering) {
    this.signal = llm.deadline();
    this.model = llm.model;
  }

  async call(request: LlmRequest, promptVersion: string): Promise<LlmResult> {
    this.calls++;
    this.promptVersion = promptVersion;
    const result = await this.llm.port.complete(request, { signal: this.signal });
    if (result.ok) this.model = result.model;
    if (result.usage) {
      this.inputTokens += result.usage.input;
      this.outputTokens += result.usage.output;
      const cost = this.llm.cost?.(this.model, result.usage);
      if (cost !== undefined) this.costUsd = (this.costUsd ?? 0) + cost;
    }
    return result;
  }

  /** What goes into the turn log; undefined when the model was never called. */
  usage(outcome: 'used' | 'fallback', fallbackReason?: string): LlmTurnUsage | undefined {
    if (this.calls === 0) return undefined;
    return {
      model: this.model,
      promptVersion: this.promptVersion,
      outcome,
      ...(fallbackReason ? { fallbackReason } : {}),
      ...(this.inputTokens || this.outputTokens
        ? { inputTokens: this.inputTokens, outputTokens: this.outputTokens }
        : {}),
      ...(this.costUsd !== undefined ? { costUsd: round(this.costUsd) } : {}),
    };
  }
}

export interface DocumentAnswerInput {
  /** The citizen's message as typed (redacted before it is sent). */
  readonly question: string;
  /** The previous question (already redacted), when the dialogue kept one. */
  readonly previousQuestion?: string;
  readonly asOf: string;
  readonly passages: readonly Passage[];
  readonly facts: readonly LlmFact[];
  /** The reply sent when the model's is not usable. */
  readonly extractive: Reply;
  readonly ruleChanges: readonly string[];
  /** The hashed chat id. */
  readonly safetyIdentifier?: string;
}

/** The model's reply if it passes every check, otherwise the extractive one; both carry `llm`. */
export async function generateDocumentReply(
  input: DocumentAnswerInput,
  llm: LlmAnswering,
  turn: LlmTurn,
): Promise<Reply> {
  const request = buildAnswerRequest(input, llm);
  const fallback = (reason: string): Reply => withUsage(input.extractive, turn.usage('fallback', reason));
  const result = await turn.call(request.request, llm.prompts.answerUser.version);
  if (!result.ok) return fallback(result.reason);
  const answer = parseModelAnswer(result.text);
  if (!answer) return fallback('malformed');
  const gate = checkGrounding({
    answer,
    sources: request.sources,
    question: input.question,
    allow: llm.allow,
  });
  if (!gate.ok) return fallback(answer.status === 'answer' ? `gate:${gate.check}` : answer.status);
  const rendered = renderCitations(answer.text, gate.cites, request.cited, input);
  return {
    text: rendered.text,
    intent: 'document',
    path: 'document',
    citations: rendered.citations,
    askFeedback: true,
    asOf: input.asOf,
    ...withUsage({}, turn.usage('used')),
  };
}

type CitedBlock =
  | { readonly kind: 'passage'; readonly passage: Passage }
  | ({ readonly kind: 'fact' } & LlmFact);

interface AnswerRequest {
  readonly request: LlmRequest;
  /** Each block's id and the text its figures may come from (what the model was shown). */
  readonly sources: ReadonlyMap<string, string>;
  readonly cited: ReadonlyMap<string, CitedBlock>;
}

export function buildAnswerRequest(input: DocumentAnswerInput, llm: LlmAnswering): AnswerRequest {
  const nonce = llm.nonce();
  const { settings } = llm;
  const sources = new Map<string, string>();
  const cited = new Map<string, CitedBlock>();
  const passageBlocks = input.passages.slice(0, settings.passages).map((passage, index) => {
    const id = `P${index + 1}`;
    const header = passageSourceLine(passage, 'Tài liệu');
    const body = sanitizeForPrompt(passage.chunk.text, settings.passageChars, 'passage');
    sources.set(id, `${header}\n${body}`);
    cited.set(id, { kind: 'passage', passage });
    return dataBlock(id, nonce, body, sanitizeForPrompt(header, 400, 'passage'));
  });
  const factBlocks = input.facts.map((fact, index) => {
    const id = `F${index + 1}`;
    const header = citationLine(fact.citation);
    sources.set(id, `${header}\n${fact.text}`);
    cited.set(id, { kind: 'fact', ...fact });
    return dataBlock(id, nonce, sanitizeForPrompt(fact.text, settings.passageChars, 'passage'), header);
  });
  const history =
    settings.historyTurns > 0 && input.previousQuestion
      ? dataBlock('H1', nonce, sanitizeForPrompt(input.previousQuestion, 500, 'citizen'))
      : '(không có)';
  const messages = [
    { role: 'system' as const, content: renderTemplate(llm.prompts.answerSystem, { nonce }) },
    {
      role: 'user' as const,
      content: renderTemplate(llm.prompts.answerUser, {
        today: formatVietnameseDate(input.asOf),
        history,
        facts: factBlocks.length > 0 ? factBlocks.join('\n\n') : '(không có)',
        passages: passageBlocks.length > 0 ? passageBlocks.join('\n\n') : '(không có)',
        question: dataBlock('Q', nonce, sanitizeForPrompt(input.question, 1_000, 'citizen')),
      }),
    },
  ];
  return {
    request: {
      purpose: 'answer',
      messages,
      maxOutputTokens: settings.maxOutputTokens,
      jsonSchema: ANSWER_JSON_SCHEMA,
      ...(input.safetyIdentifier ? { safetyIdentifier: input.safetyIdentifier } : {}),
    },
    sources,
    cited,
  };
}

/**
 * `[P2]` in the model's text becomes `[1]` (numbered in the order first cited), and code
 * appends where each number comes from, with the passage's date warning.
 */
function renderCitations(
  text: string,
  cites: readonly string[],
  blocks: ReadonlyMap<string, CitedBlock>,
  input: DocumentAnswerInput,
): { text: string; citations: Citation[] } {
  const order = [...text.matchAll(/\[((?:P|F)\d{1,2})\]/gi)].map((match) => (match[1] ?? '').toUpperCase());
  const numbered = [...new Set([...order, ...cites])];
  const body = text
    .normalize('NFC')
    .replace(/\[((?:P|F)\d{1,2})\]/gi, (_all, id: string) => `[${numbered.indexOf(id.toUpperCase()) + 1}]`)
    // The same source cited twice in a row reads once.
    .replace(/(\[\d+\])(?:\s*\1)+/g, '$1')
    .trim();
  const lines: string[] = [];
  const notes: string[] = [];
  const citations: Citation[] = [];
  numbered.forEach((id, index) => {
    const block = blocks.get(id);
    if (!block) return;
    if (block.kind === 'passage') {
      lines.push(`[${index + 1}] ${passageSourceLine(block.passage, 'Tài liệu')}`);
      citations.push(passageCitation(block.passage));
      const note = staleNote(block.passage.document.date, input.asOf, { ruleChanges: input.ruleChanges });
      if (note && !notes.includes(note)) notes.push(note);
    } else {
      lines.push(`[${index + 1}] ${citationLine(block.citation)}`);
      citations.push(block.citation);
    }
  });
  return { text: [body, ...notes, `Nguồn:\n${lines.join('\n')}`].join('\n\n'), citations };
}

function citationLine(citation: Citation): string {
  const date = citation.date
    ? /^\d{4}(?:-\d{2}){0,2}$/.test(citation.date)
      ? formatPartialDate(citation.date)
      : citation.date
    : '';
  return [`${citation.document}${citation.section ? ` (${citation.section})` : ''}`, date]
    .filter(Boolean)
    .join(', ');
}

/** "còn hộ cận nghèo thì sao?", "vậy nó bao lâu?", "cái đó ở đâu": a message that leans on the previous one. */
const ELLIPTICAL = new RegExp(
  String.raw`${FOLLOW_UP_SHAPE.source}|\b(?:no|cai do|cai nay|viec do|viec nay|truong hop do|truong hop nay)\b`,
);
const SHORT_WORDS = 4;

export function isElliptical(folded: string): boolean {
  const words = folded.split(/\s+/).filter(Boolean);
  return words.length > 0 && (words.length <= SHORT_WORDS || ELLIPTICAL.test(folded));
}

export type RewriteOutcome =
  | { readonly ok: true; readonly query: string }
  | { readonly ok: false; readonly reason: string };

const MAX_REWRITE_CHARS = 300;

/**
 * One standalone question from a follow-up and the question before it. Rejected when it
 * brings a number or an identifier that neither message has (the model must not add facts).
 */
export async function rewriteFollowUp(
  input: { readonly question: string; readonly previousQuestion: string; readonly safetyIdentifier?: string },
  llm: LlmAnswering,
  turn: LlmTurn,
): Promise<RewriteOutcome> {
  const nonce = llm.nonce();
  const previous = sanitizeForPrompt(input.previousQuestion, 500, 'citizen');
  const question = sanitizeForPrompt(input.question, 500, 'citizen');
  const result = await turn.call(
    {
      purpose: 'rewrite',
      messages: [
        { role: 'system', content: renderTemplate(llm.prompts.rewriteSystem, { nonce }) },
        {
          role: 'user',
          content: renderTemplate(llm.prompts.rewriteUser, {
            previous: dataBlock('H1', nonce, previous),
            question: dataBlock('Q', nonce, question),
          }),
        },
      ],
      maxOutputTokens: 120,
      jsonSchema: REWRITE_JSON_SCHEMA,
      ...(input.safetyIdentifier ? { safetyIdentifier: input.safetyIdentifier } : {}),
    },
    llm.prompts.rewriteUser.version,
  );
  if (!result.ok) return { ok: false, reason: result.reason };
  return verifyRewrite(parseRewrite(result.text), [previous, question]);
}

/** A rewrite is one short question that says no figure and no identifier the conversation did not. */
export function verifyRewrite(query: string | undefined, conversation: readonly string[]): RewriteOutcome {
  const line = query?.trim().split('\n')[0]?.trim() ?? '';
  if (line === '') return { ok: false, reason: 'rewrite:malformed' };
  if (line.length > MAX_REWRITE_CHARS) return { ok: false, reason: 'rewrite:length' };
  if (containsIdentifier(line)) return { ok: false, reason: 'rewrite:identifier' };
  if (ungroundedFigures(line, conversation).length > 0) return { ok: false, reason: 'rewrite:figure' };
  return { ok: true, query: line };
}

export function withUsage<T extends object>(reply: T, usage: LlmTurnUsage | undefined): T {
  return usage ? { ...reply, llm: usage } : reply;
}

function round(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}

/**
 * A calculator reworded by the model (LLM_INTENTS has `calculators`): the code's reply is the
 * one fact `[F1]`, so every figure the model writes must be one the calculator computed, and the
 * calculator's own reply is sent whenever the model's is not usable. Other replies of the skill
 * (a question for a missing value) are untouched.
 */
export function withModelWording(skill: Skill, llm: LlmAnswering): Skill {
  const reword = async (ctx: TurnContext, outcome: SkillOutcome | undefined) => {
    if (outcome?.reply.path !== 'calculator' || !llm.settings.intents.includes('calculators')) return outcome;
    const computed = outcome.reply;
    const chatHash = ctx.session.key.split(':').pop();
    const reply = await generateDocumentReply(
      {
        question: ctx.text,
        asOf: ctx.asOf,
        passages: [],
        facts: [
          {
            text: computed.text,
            citation: computed.citations[0] ?? { document: 'Kết quả tính của hệ thống' },
          },
        ],
        extractive: computed,
        ruleChanges: [],
        ...(chatHash ? { safetyIdentifier: chatHash } : {}),
      },
      llm,
      new LlmTurn(llm),
    );
    if (reply.llm?.outcome !== 'used') return { ...outcome, reply };
    const { buttons } = computed;
    const worded: Reply = {
      ...reply,
      intent: computed.intent,
      path: computed.path,
      citations: computed.citations,
      ...(buttons ? { buttons } : {}),
    };
    return { ...outcome, reply: worded };
  };
  // Methods are called on the skill itself: a class instance keeps its `this`.
  return {
    name: skill.name,
    ...(skill.intents ? { intents: skill.intents } : {}),
    detect: (ctx) => skill.detect(ctx),
    ...(skill.hasInputs ? { hasInputs: (ctx: TurnContext) => skill.hasInputs?.(ctx) ?? false } : {}),
    ...(skill.ruleItem ? { ruleItem: skill.ruleItem } : {}),
    ...(skill.scheme ? { scheme: skill.scheme } : {}),
    ...(skill.resume
      ? {
          resume: async (ctx: TurnContext, pending: PendingSlot) =>
            reword(ctx, await skill.resume?.(ctx, pending)),
        }
      : {}),
    handle: async (ctx) => (await reword(ctx, await skill.handle(ctx))) as SkillOutcome,
    ...(skill.followUp
      ? {
          followUp: async (ctx: TurnContext, previous: Readonly<Record<string, unknown>>) =>
            reword(ctx, await skill.followUp?.(ctx, previous)),
        }
      : {}),
  };
}
