/**
 * A skill answers one family of questions (a calculator, the card lookup, the knowledge
 * base). The router asks each skill how confident it is that a message is for it, and
 * hands a pending slot dialogue back to the skill that started it.
 */
import type { InboundMessage, Reply } from '../messages.js';
import type { PendingSlot, Session } from '../ports.js';
import { normalizeCitizenText } from '../text/normalize.js';
import { type Reading, readText } from '../text/reading.js';

/** What detect() returns to decline a message it recognises as not its own. */
export const DECLINED = 0.2;

export interface TurnContext {
  readonly message: InboundMessage;
  /** NFC text with chat shorthand expanded and misspellings corrected (what was typed: message.text). */
  readonly text: string;
  /** Folded text (lower case, no diacritics, đ→d, collapsed spaces) for rule matching. */
  readonly folded: string;
  /** The same text, typed and folded side by side, for decisions folding would lose. */
  readonly reading: Reading;
  /** Date the rules apply to (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  readonly asOf: string;
  readonly now: Date;
  readonly session: Session;
}

export interface SkillOutcome {
  readonly reply: Reply;
  /** New pending slot; `null` clears it; `undefined` also clears it. */
  readonly pending?: PendingSlot | null;
  /** The slots of a finished answer, kept for follow-ups ("còn 5 triệu thì sao?"). */
  readonly completed?: Readonly<Record<string, unknown>>;
  /** The question, redacted, kept for the next turn's follow-up rewrite (optional LLM only). */
  readonly asked?: string;
}

export interface Skill {
  readonly name: string;
  /** The routing labels (data/routing/examples.json) this skill answers. */
  readonly intents?: readonly string[];
  /**
   * 0..1: how sure the skill is that this message starts a request for it. 0 = no rule fired;
   * above 0 but below 0.5 (DECLINED) = the skill recognises the message and says it is not
   * its business (a yes/no question about the rules, a how-to).
   */
  detect(ctx: TurnContext): number;
  /** Whether the message gives this skill a value to compute with (an income, a household size…). */
  hasInputs?(ctx: TurnContext): boolean;
  /**
   * The FAQ item that states this skill's rule in general ("Mức đóng BHXH tự nguyện là bao
   * nhiêu?"): the answer to a general question that gives none of the skill's values.
   */
  readonly ruleItem?: string;
  /**
   * The words naming the scheme this skill answers about ("bhxh tự nguyện"): a short next
   * message that names no scheme ("hộ cận nghèo thì được bao nhiêu") is read within it.
   */
  readonly scheme?: string;
  /**
   * Continue the dialogue this skill started. Return undefined when the message does not
   * answer the pending question, so the router treats it as a new question.
   */
  resume?(ctx: TurnContext, pending: PendingSlot): Promise<SkillOutcome | undefined>;
  handle(ctx: TurnContext): Promise<SkillOutcome>;
  /**
   * A message after a finished answer of this skill that only changes its inputs ("còn 5
   * triệu thì sao?", "thế hộ 5 người?", "nếu cận nghèo thì sao"): the answer again with the
   * change, saying what changed; undefined when the message brings no new value.
   */
  followUp?(ctx: TurnContext, previous: Readonly<Record<string, unknown>>): Promise<SkillOutcome | undefined>;
}

/**
 * A citizen's message as every rule and the router read it: chat shorthand expanded, Telex
 * leftovers and misspellings corrected (data/text/shorthand.json, syllables.json), then typed
 * and folded side by side. The same reading is applied to the router's examples, so both sides
 * meet in one form. What was typed is kept in the message itself (and logged redacted).
 */
export function readMessage(text: string): Reading {
  return readText(normalizeCitizenText(text).text);
}

/** The context of a turn: the text read once (typed and folded side by side) for every skill. */
/** "còn … thì sao?", "thế …?", "nếu …", "vậy …": a message shaped as leaning on the one before. */
export const FOLLOW_UP_SHAPE =
  /^(?:con|the|vay|neu|the con|con neu|vay con|the neu|vay neu|nhu vay|con voi)\b|\bthi sao\b/;

export function createTurnContext(fields: Omit<TurnContext, 'folded' | 'reading'>): TurnContext {
  const normalized = normalizeCitizenText(fields.text).text;
  const reading = readText(normalized);
  return { ...fields, text: normalized, folded: reading.folded, reading };
}
