/**
 * The core entry point: one inbound message + its session → one reply + the new session.
 * Channel-agnostic and free of I/O except through the skills' own ports.
 */
import { type InboundMessage, parseFaqChoice, type Reply } from '../messages.js';
import type { Clock, Session } from '../ports.js';
import { foldVietnamese, toNfc } from '../text/fold.js';
import {
  abandonedNotice,
  fallbackReply,
  greetingReply,
  helpReply,
  smallTalkReply,
  TOPIC_QUESTIONS,
  unsupportedMediaReply,
} from './replies.js';
import type { Skill, SkillOutcome, TurnContext } from './skill.js';
import { detectSmallTalk } from './smalltalk.js';

/** Below this, a skill's detect() is not trusted and the fallback skill answers. */
export const DETECT_THRESHOLD = 0.5;

export interface DialogueDeps {
  readonly clock: Clock;
  /** Skills tried in order of confidence; ties go to the earlier one. */
  readonly skills: readonly Skill[];
  /** Answers whatever no skill claims (the knowledge engine); falls back to "I don't know". */
  readonly fallbackSkill?: Skill;
  /** Fixed date the rules apply to (e.g. `ask --date`); default: today in Vietnam. */
  readonly asOf?: string;
}

export interface DialogueResult {
  /** Undefined when nothing should be sent (e.g. an ignored event). */
  readonly reply: Reply | undefined;
  readonly session: Session;
}

/** Today's date in Vietnam (UTC+7, no daylight saving), as YYYY-MM-DD. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export async function handleMessage(
  message: InboundMessage,
  session: Session,
  deps: DialogueDeps,
): Promise<DialogueResult> {
  const now = deps.clock.now();
  const asOf = deps.asOf ?? vietnamDate(now);
  const base = { ...session, updatedAt: now.toISOString() };

  if (message.kind === 'follow') return { reply: greetingReply(), session: withoutPending(base) };
  if (message.kind === 'unsupported') return { reply: unsupportedMediaReply(), session: base };
  if (message.kind === 'unfollow' || message.kind === 'withdraw') return { reply: undefined, session: base };

  let text = toNfc(message.text ?? '').trim();
  /** The knowledge skill, when the press is a FAQ item chosen from a clarify reply. */
  let chooser: Skill | undefined;
  if (message.kind === 'callback') {
    const data = message.callback?.data ?? '';
    const topic = TOPIC_QUESTIONS[data];
    if (topic === undefined && parseFaqChoice(data) !== undefined) chooser = deps.fallbackSkill;
    if (!topic && !chooser) return { reply: undefined, session: base };
    text = topic ?? data;
  }
  const command = /^\/(\w+)/.exec(text)?.[1]?.toLowerCase();
  if (command === 'start') return { reply: greetingReply(), session: withoutPending(base) };
  if (command === 'help') return { reply: helpReply(), session: base };
  if (text === '') return { reply: helpReply(), session: base };

  const ctx: TurnContext = { message, text, folded: foldVietnamese(text), asOf, now, session: base };
  // A FAQ item chosen from a clarify reply goes straight to the knowledge skill.
  if (chooser) {
    const chosen = await chooser.handle(ctx);
    return { reply: chosen.reply, session: applyOutcome(base, chosen) };
  }

  let abandoned = false;
  const pending = session.pending;
  if (pending) {
    const owner = [...deps.skills, ...(deps.fallbackSkill ? [deps.fallbackSkill] : [])].find(
      (skill) => skill.name === pending.skill,
    );
    const resumed = owner?.resume ? await owner.resume(ctx, pending) : undefined;
    if (resumed) return { reply: resumed.reply, session: applyOutcome(base, resumed) };
    abandoned = pending.optional !== true;
  }

  // "cảm ơn", "ok", "chào ad": answered politely, and a question still waiting for an answer
  // (an income, a date of birth) stays open rather than being dropped.
  const smallTalk = message.kind === 'text' ? detectSmallTalk(ctx.folded) : undefined;
  if (smallTalk) return { reply: smallTalkReply(smallTalk), session: base };

  const outcome = await route(ctx, deps);
  const reply =
    abandoned && outcome.reply.path !== 'slot'
      ? { ...outcome.reply, text: `${abandonedNotice()}\n\n${outcome.reply.text}` }
      : outcome.reply;
  return { reply, session: applyOutcome(base, outcome) };
}

async function route(ctx: TurnContext, deps: DialogueDeps): Promise<SkillOutcome> {
  let best: Skill | undefined;
  let bestScore = DETECT_THRESHOLD;
  for (const skill of deps.skills) {
    const score = skill.detect(ctx);
    if (score > bestScore || (score === bestScore && !best && score > DETECT_THRESHOLD)) {
      best = skill;
      bestScore = score;
    }
  }
  if (best) return best.handle(ctx);
  if (deps.fallbackSkill) return deps.fallbackSkill.handle(ctx);
  return { reply: fallbackReply() };
}

function applyOutcome(session: Session, outcome: SkillOutcome): Session {
  if (outcome.pending) return { ...session, pending: outcome.pending };
  return withoutPending(session);
}

function withoutPending(session: Session): Session {
  const { pending: _dropped, ...rest } = session;
  return rest;
}
