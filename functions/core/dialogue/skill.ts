/**
 * A skill answers one family of questions (a calculator, the card lookup, the knowledge
 * base). The router asks each skill how confident it is that a message is for it, and
 * hands a pending slot dialogue back to the skill that started it.
 */
import type { InboundMessage, Reply } from '../messages.js';
import type { PendingSlot, Session } from '../ports.js';

export interface TurnContext {
  readonly message: InboundMessage;
  /** NFC-normalised text as typed. */
  readonly text: string;
  /** Folded text (lower case, no diacritics, đ→d, collapsed spaces) for rule matching. */
  readonly folded: string;
  /** Date the rules apply to (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  readonly asOf: string;
  readonly now: Date;
  readonly session: Session;
}

export interface SkillOutcome {
  readonly reply: Reply;
  /** New pending slot; `null` clears it; `undefined` also clears it. */
  readonly pending?: PendingSlot | null;
}

export interface Skill {
  readonly name: string;
  /** 0..1: how sure the skill is that this message starts a request for it. */
  detect(ctx: TurnContext): number;
  /**
   * Continue the dialogue this skill started. Return undefined when the message does not
   * answer the pending question, so the router treats it as a new question.
   */
  resume?(ctx: TurnContext, pending: PendingSlot): Promise<SkillOutcome | undefined>;
  handle(ctx: TurnContext): Promise<SkillOutcome>;
}
