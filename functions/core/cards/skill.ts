/**
 * The card-status dialogue: "kiểm tra thẻ BHYT" → BHXH code → date of birth → status.
 * Both may come in one message ("0123456789 12/03/1985"), or the code with the request.
 *
 * What the session keeps: between the two steps the pending slot holds the BHXH code sealed
 * (AES-256-GCM, SessionSealer in core/ports.ts), never in clear: the next step needs the code
 * itself to read the card, so a one-way hash would not do. It is bound to the session key, and
 * dropped as soon as the lookup runs or the citizen moves on. The date of birth is never
 * stored: it is used within the turn that carries it. A phone number or a CCCD is never kept:
 * the bot says it needs the code printed on the card (extract.ts has the rule).
 */
import * as z from 'zod';
import { DECLINED, type Skill, type SkillOutcome, type TurnContext } from '../dialogue/skill.js';
import { readSlots } from '../dialogue/slots.js';
import type { PendingSlot, SessionSealer } from '../ports.js';
import { type CodeReading, findBhxhCode, findDateOfBirth, looksLikeAnAnswer } from './extract.js';
import { type CardLookupDeps, isChatLocked, lookupCard } from './lookup.js';
import {
  askCodeReply,
  askDateOfBirthReply,
  cancelledReply,
  cardStatusReply,
  invalidCodeReply,
  invalidDateOfBirthReply,
  lockoutReply,
  noMatchReply,
  notACodeReply,
  unsureCodeReply,
  whereIsTheCodeReply,
} from './replies.js';

export const CARD_SKILL_NAME = 'card-lookup';

/** The pending slot's field for the sealed code. */
const SEALED_CODE_FIELD = 'sealedCode';

/** After this many unusable answers in a row the skill stops asking. */
const MAX_REPROMPTS = 2;

const CARD_NOUN = /\bthe (bhyt|bh yt|bao hiem y te|bao hiem|y te|kcb|kham benh|kham chua benh)\b/;
const STATUS_WORD =
  /\b(con han|het han|qua han|den han|han su dung|han dung|han cua|hieu luc|gia tri su dung|con dung|con gia tri|han)\b/;
/** Not a bare "tra": folded it is also "trả" (pay), as in "thẻ được trả bao nhiêu". */
const ACTION_WORD = /\b(kiem tra|tra cuu|tra (?:the|han|giup|dum|ho|xem|thong tin)|xem|check|coi)\b/;
const OWNER_WORD = /\bcua (toi|minh|em|anh|chi|me|bo|ba|ong|vo|chong|con|chau|tui|to)\b/;
const PROCEDURE_WORD =
  /\b(lam sao|the nao|nhu nao|thu tuc|o dau|bao nhieu|muc dong|gia han|cap lai|cap doi|doi the|mat the|lam lai|dang ky)\b/;
/** "Tra cứu hạn thẻ ở đâu?", "cách kiểm tra thẻ": how to check, which the knowledge base explains. */
const HOW_TO =
  /\b(o dau|cho nao|cach nao|bang cach nao|cach|the nao|nhu the nao|nhu nao|lam sao|lam the nao|huong dan|kieu gi|kieu nao|ntn|ra sao)\b/;
/** "tự xem trên mạng", "trên điện thoại": how to check it oneself, which the knowledge base explains. */
const SELF_SERVICE =
  /\b(?:tu (?:xem|tra|kiem tra)|cach nao|tren mang|tren dien thoai|ung dung|app|vssid|vneid)\b/;
const BENEFIT_QUESTION =
  /\b(?:bao nhieu ?(?:%|phan tram)|may ?(?:%|phan tram)|nghia la|y nghia|muc huong|duoc huong)\b/;
/** "(thẻ của tôi) hết hạn chưa", "còn hạn không": asks the state of a card, not how to do something. */
const STATUS_ASKED = /\b(?:het han|con han|con hieu luc|con dung duoc|con gia tri) (?:chua|khong)\b/;
const CHECK_CARD = /\b(kiem tra|tra cuu|xem) (han |lai )?the\b(?! nao)/;
/**
 * "hủy", "thôi", "dừng": only as the whole answer or followed by a closing word, because folded
 * they are also "đúng (rồi, mã của tôi là …)" and "thời (hạn)".
 */
/** Asking where the code is, or saying the card is not at hand, while the code is awaited. */
const WHERE_IS_THE_CODE =
  /\b(?:vssid|vneid|the giay|khong co the|ko co the|chua co the|mat the|quen ma|khong nho ma|ko nho ma|ma (?:so )?(?:o|la) dau|lay ma|tim ma|xem ma|ma so nao|so nao)\b/;
const CANCEL =
  /^(huy|thoi|dung|bo qua|khong (can|muon|kiem tra) ?(nua)?|cancel|stop)(?:\s+(?:nhe|nha|a|ad|admin|nua|di|lai|kiem tra|tra cuu|khong can nua))*\s*[.!]*$/;

/**
 * What the pending slot keeps between the two steps: the code sealed (only while awaiting the
 * date of birth) and how many unusable answers came in a row.
 */
const cardSlotsSchema = z.object({
  [SEALED_CODE_FIELD]: z.string().optional(),
  reprompts: z.number().optional(),
});
type CardSlots = z.infer<typeof cardSlotsSchema>;
const awaitingSchema = z.enum(['code', 'dob']);
type Awaiting = z.infer<typeof awaitingSchema>;

export interface CardSkillDeps extends CardLookupDeps {
  /** Seals the code kept between the two steps (AES-256-GCM in functions/shared/seal.ts). */
  readonly sealer: SessionSealer;
}

/** A phone number, a CCCD or an unsure number: a reply that asks for the code, keeping nothing. */
function notACode(code: CodeReading) {
  if (code.kind === 'unsure') return unsureCodeReply();
  if (code.kind === 'not-a-code') return notACodeReply(code.identifier);
  return undefined;
}

export class CardLookupSkill implements Skill {
  readonly name = CARD_SKILL_NAME;
  readonly intents = ['card.lookup'];

  constructor(private readonly deps: CardSkillDeps) {}

  detect(ctx: TurnContext): number {
    const folded = ctx.folded;
    const code = findBhxhCode(ctx.text);
    const date = findDateOfBirth(ctx.text);
    if (code.kind === 'found' && date.kind !== 'absent') return 0.8;
    // "cách nào để tự xem thẻ của mình", "làm lại thẻ của con ở đâu", "mã GD4 nghĩa là được trả
    // bao nhiêu %": how-tos and benefit questions, even about one's own card, unless a code is given.
    const howTo = HOW_TO.test(folded) && (!OWNER_WORD.test(folded) || SELF_SERVICE.test(folded));
    if (code.kind === 'absent' && (howTo || BENEFIT_QUESTION.test(folded))) return DECLINED;
    if (CARD_NOUN.test(folded)) {
      const action = ACTION_WORD.test(folded) || OWNER_WORD.test(folded);
      // "Thẻ BHYT của tôi hết hạn chưa? Tháng trước tôi có gia hạn…": the state of one's own
      // card, whatever else the story mentions.
      if (OWNER_WORD.test(folded) && STATUS_ASKED.test(folded) && !HOW_TO.test(folded)) return 0.9;
      // "Thẻ BHYT hết hạn thì gia hạn thế nào?" asks how, not "is mine valid": the knowledge base answers.
      if (PROCEDURE_WORD.test(folded) && !ACTION_WORD.test(folded)) return DECLINED;
      if (action || STATUS_WORD.test(folded) || code.kind === 'found') return 0.9;
    }
    if (CHECK_CARD.test(folded)) return 0.85;
    // A bare code (or card number, or a phone or CCCD sent instead) with little else around it.
    const bare = ctx.text.replace(/\d|[A-Za-z]{2}\d/g, '').trim().length <= 20;
    // A CCCD or phone sent on its own ("số cccd của tôi là …") is answered by what the look-up
    // needs instead, before the words around it ("căn cước") pull it out of scope.
    if (bare && code.kind === 'not-a-code') return 0.85;
    if (bare && (code.kind === 'found' || code.kind === 'unsure')) return 0.6;
    return 0;
  }

  async handle(ctx: TurnContext): Promise<SkillOutcome> {
    if (await isChatLocked(ctx.session.key, this.deps)) return { reply: lockoutReply(), pending: null };
    const code = findBhxhCode(ctx.text);
    const instead = notACode(code);
    if (instead) return { reply: instead, pending: this.pending(ctx, 'code') };
    if (code.kind !== 'found') {
      return {
        reply: code.kind === 'invalid' ? invalidCodeReply() : askCodeReply(),
        pending: this.pending(ctx, 'code'),
      };
    }
    const date = findDateOfBirth(ctx.text);
    if (date.kind === 'found') return this.lookup(ctx, code.value, date.value);
    return {
      reply: date.kind === 'invalid' ? invalidDateOfBirthReply() : askDateOfBirthReply(),
      pending: this.pending(ctx, 'dob', code.value),
    };
  }

  async resume(ctx: TurnContext, pending: PendingSlot): Promise<SkillOutcome | undefined> {
    if (CANCEL.test(ctx.folded)) return { reply: cancelledReply(), pending: null };
    const awaiting = awaitingSchema.safeParse(pending.awaiting).data;
    const slots = readSlots(cardSlotsSchema, pending);
    // A slot this version cannot read: start over, as with any new question.
    if (!awaiting || !slots) return undefined;
    const sealed = slots[SEALED_CODE_FIELD];
    const storedCode = sealed !== undefined ? this.deps.sealer.open(sealed, ctx.session.key) : undefined;
    const reprompts = slots.reprompts ?? 0;
    const code = findBhxhCode(ctx.text);
    const date = findDateOfBirth(ctx.text, { compact: awaiting === 'dob' && code.kind !== 'found' });
    const bhxhCode = code.kind === 'found' ? code.value : awaiting === 'dob' ? storedCode : undefined;

    // A date inside a longer new question ("từ 01/07/2025 mức đóng thế nào?") is not the answer.
    const answersTheQuestion =
      code.kind === 'found' || looksLikeAnAnswer(ctx.text) || /\bsinh\b/.test(ctx.folded);
    if (bhxhCode && date.kind === 'found' && answersTheQuestion)
      return this.lookup(ctx, bhxhCode, date.value);
    // "không có thẻ giấy, chỉ có số trên VssID thì tra được không": where to find the code.
    if (awaiting === 'code' && code.kind === 'absent' && WHERE_IS_THE_CODE.test(ctx.folded)) {
      return {
        reply: whereIsTheCodeReply(),
        pending: reprompts >= MAX_REPROMPTS ? null : this.pending(ctx, 'code', undefined, reprompts + 1),
      };
    }
    if (!answersTheQuestion) return undefined;
    // A phone number or a CCCD instead of the code: say what is needed; a code kept is dropped.
    const instead = notACode(code);
    if (instead)
      return {
        reply: instead,
        pending: reprompts >= MAX_REPROMPTS ? null : this.pending(ctx, 'code', undefined, reprompts + 1),
      };
    if (code.kind === 'found') {
      const reply = date.kind === 'invalid' ? invalidDateOfBirthReply() : askDateOfBirthReply();
      return { reply, pending: this.pending(ctx, 'dob', code.value) };
    }
    // Nothing usable: a mistyped answer gets one more chance, anything else is a new question.
    const mistyped =
      awaiting === 'code' ? code.kind === 'invalid' || date.kind !== 'absent' : date.kind === 'invalid';
    if (!mistyped || !looksLikeAnAnswer(ctx.text)) return undefined;
    if (reprompts >= MAX_REPROMPTS)
      return { reply: awaiting === 'code' ? askCodeReply() : invalidDateOfBirthReply(), pending: null };
    const reply =
      awaiting === 'code'
        ? code.kind === 'invalid'
          ? invalidCodeReply()
          : askCodeReply()
        : invalidDateOfBirthReply();
    return { reply, pending: this.pending(ctx, awaiting, storedCode, reprompts + 1) };
  }

  private async lookup(ctx: TurnContext, bhxhCode: string, dateOfBirth: string): Promise<SkillOutcome> {
    const outcome = await lookupCard({ chatKey: ctx.session.key, bhxhCode, dateOfBirth }, this.deps);
    switch (outcome.kind) {
      case 'found':
        return { reply: cardStatusReply(outcome.card, ctx.asOf), pending: null };
      case 'no-match':
        return { reply: noMatchReply(), pending: null };
      case 'locked':
        return { reply: lockoutReply(), pending: null };
    }
  }

  private pending(ctx: TurnContext, awaiting: Awaiting, code?: string, reprompts = 0): PendingSlot {
    return {
      skill: CARD_SKILL_NAME,
      awaiting,
      slots: {
        ...(code && awaiting === 'dob'
          ? { [SEALED_CODE_FIELD]: this.deps.sealer.seal(code, ctx.session.key) }
          : {}),
        ...(reprompts > 0 ? { reprompts } : {}),
      } satisfies CardSlots,
      askedAt: ctx.now.toISOString(),
    };
  }
}
