/**
 * The core entry point: one inbound message + its session → one reply + the new session.
 * Channel-agnostic and free of I/O except through the skills' own ports.
 */
import {
  faqChoiceData,
  type InboundMessage,
  parseFaqChoice,
  type Reply,
  type ReplyButton,
} from '../messages.js';
import { CALCULATE_REQUEST, DOMAIN_WORD, HI_CONTEXT, VSI_CONTEXT } from '../policy/parse/cues.js';
import type { Clock, CompletedAnswer, Session } from '../ports.js';
import { defaultAnalyzer } from '../text/analyze.js';
import { toNfc } from '../text/fold.js';
import { isVietnameseSyllable } from '../text/normalize.js';
import { askedAboutDate } from './asked-date.js';
import {
  abandonedNotice,
  abuseReply,
  chooseIntentReply,
  fallbackReply,
  greetingReply,
  handoffReply,
  helpReply,
  INTENT_CHOICES,
  notUnderstoodReply,
  outOfScopeReply,
  smallTalkReply,
  TOPIC_QUESTIONS,
  unsupportedMediaReply,
} from './replies.js';
import type { IntentRouting, RankedIntent } from './router.js';
import {
  createTurnContext,
  FOLLOW_UP_SHAPE,
  type Skill,
  type SkillOutcome,
  type TurnContext,
} from './skill.js';
import { type ChoiceSlots, chosenByNumber } from './slots.js';
import { detectSmallTalk } from './smalltalk.js';

/** Below this a skill's detect() does not claim the message (the router or the knowledge engine decides). */
export const DETECT_THRESHOLD = 0.5;

export interface DialogueDeps {
  readonly clock: Clock;
  /** Skills tried in order of confidence; ties go to the earlier one. */
  readonly skills: readonly Skill[];
  /** Answers whatever no skill claims (the knowledge engine); falls back to "I don't know". */
  readonly fallbackSkill?: Skill;
  /** Fixed date the rules apply to (e.g. `ask --date`); default: today in Vietnam. */
  readonly asOf?: string;
  /** The router learned from labelled examples; without it the skills' own rules decide. */
  readonly routing?: IntentRouting;
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
  // A finished calculation kept for follow-ups is dropped once it lapses (its slots include an income).
  const { lastAnswer, ...rest } = session;
  const base: Session = {
    ...rest,
    ...(lastAnswer && isFresh(lastAnswer, now) ? { lastAnswer } : {}),
    updatedAt: now.toISOString(),
  };

  if (message.kind === 'follow') return { reply: greetingReply(), session: withoutPending(base) };
  if (message.kind === 'unsupported') return { reply: unsupportedMediaReply(), session: base };
  if (message.kind === 'unfollow' || message.kind === 'withdraw') return { reply: undefined, session: base };

  let text = message.kind === 'text' || message.kind === 'command' ? toNfc(message.text).trim() : '';
  /** The knowledge skill, when the press is a FAQ item chosen from a clarify reply. */
  let chooser: Skill | undefined;
  if (message.kind === 'callback') {
    const data = message.callback.data;
    const topic = TOPIC_QUESTIONS[data];
    if (topic === undefined && parseFaqChoice(data) !== undefined) chooser = deps.fallbackSkill;
    if (!topic && !chooser) return { reply: undefined, session: base };
    text = topic ?? data;
  }
  const command = /^\/(\w+)/.exec(text)?.[1]?.toLowerCase();
  if (command === 'start') return { reply: greetingReply(), session: withoutPending(base) };
  if (command === 'help') return { reply: helpReply(), session: base };
  if (text === '') return { reply: helpReply(), session: base };

  const read = createTurnContext({ message, text, asOf, now, session: base });
  // "năm 2019 mua bhyt … hết bao nhiêu": the rules of the year asked about, not today's.
  const askedAbout = askedAboutDate(read.reading, asOf);
  const ctx = askedAbout ? { ...read, asOf: askedAbout } : read;
  // A FAQ item chosen from a clarify reply goes straight to the knowledge skill.
  if (chooser) {
    const chosen = await chooser.handle(ctx);
    return { reply: chosen.reply, session: applyOutcome(base, chosen, chooser) };
  }

  let abandoned = false;
  const pending = session.pending;
  // "1", "số 2": a choice typed for a "Bạn muốn hỏi…?" reply (Zalo's text fallback has no buttons).
  const typedChoice = pending?.skill === CHOICE_OWNER ? chosenByNumber(ctx.folded, pending) : undefined;
  if (typedChoice) {
    const pressed: InboundMessage = {
      ...message,
      kind: 'callback',
      callback: { id: 'typed', data: typedChoice },
    };
    return handleMessage(pressed, withoutPending(session), deps);
  }
  if (pending && pending.skill !== CHOICE_OWNER) {
    const owner = skillNamed(deps, pending.skill);
    const resumed = owner?.resume ? await owner.resume(ctx, pending) : undefined;
    if (resumed) return { reply: resumed.reply, session: applyOutcome(base, resumed, owner) };
    abandoned = pending.optional !== true;
  }

  // "cảm ơn", "ok", "chào ad": answered politely, and a question still waiting for an answer
  // (an income, a date of birth) stays open rather than being dropped.
  const smallTalk = message.kind === 'text' ? detectSmallTalk(ctx.folded) : undefined;
  if (smallTalk) return { reply: smallTalkReply(smallTalk), session: base };

  const { outcome, skill } = await route(ctx, deps);
  const reply =
    abandoned && outcome.reply.path !== 'slot'
      ? { ...outcome.reply, text: `${abandonedNotice()}\n\n${outcome.reply.text}` }
      : outcome.reply;
  return { reply, session: applyOutcome(base, outcome, skill) };
}

/**
 * Calibrated on the tuning half of the stranger-written messages (never the held-out half):
 * the router's best intent answers when it is similar enough and clearly ahead of the next;
 * in the band below, the two or three best are offered as buttons; below that the bot says
 * what it can do.
 */
const ROUTE_CONFIDENT = 0.5;
/** How far ahead of the next intent the best must be at ROUTE_CONFIDENT. */
const ROUTE_MARGIN = 0.05;
/** A weaker best intent still answers when it is this far ahead of every other. */
const ROUTE_PROBABLE = 0.3;
const ROUTE_PROBABLE_MARGIN = 0.12;
/** Above this, a message no answer fits gets "Bạn muốn hỏi…?" with the nearest intents. */
const ROUTE_CLARIFY = 0.25;
/** Offered intents are within this of the best. */
const CLARIFY_SPREAD = 0.12;
/** How long a finished calculation stays open for "còn 5 triệu thì sao?". */
export const FOLLOW_UP_MINUTES = 30;
/** A rule-based detection this sure of another skill means the message is a new question. */
const RULE_CERTAIN = 0.75;
/** How much a skill's rules move its intent's score (see withRules). */
const RULE_WEIGHT = 0.4;

interface Routed {
  readonly outcome: SkillOutcome;
  /** The skill that answered, when it was one of `deps.skills`. */
  readonly skill?: Skill;
}

/** Owner of the pending choice a "Bạn muốn hỏi…?" reply leaves in the session. */
const CHOICE_OWNER = 'dialogue.choice';

/** Calculators and the card look-up are each their own kind; every FAQ item is one kind; so is out of scope. */
function kindOf(intent: string): string {
  if (intent.startsWith('faq:')) return 'faq';
  if (intent.startsWith('out_of_scope.')) return 'out_of_scope';
  return intent;
}

type Detected = ReadonlyMap<Skill, number>;

function bestByRules(detected: Detected): { skill: Skill; score: number } | undefined {
  let best: { skill: Skill; score: number } | undefined;
  for (const [skill, score] of detected) {
    if (score > DETECT_THRESHOLD && (!best || score > best.score)) best = { skill, score };
  }
  return best;
}

/** A skill by the name a session keeps, the knowledge skill included. */
function skillNamed(deps: DialogueDeps, name: string): Skill | undefined {
  return [...deps.skills, ...(deps.fallbackSkill ? [deps.fallbackSkill] : [])].find(
    (skill) => skill.name === name,
  );
}

/** A message this short that names no scheme is read within the scheme just answered about. */
const SCHEME_CARRY_WORDS = 12;

/**
 * "e hộ cận nghèo thì đc bn" right after an answer about BHXH tự nguyện asks about BHXH tự
 * nguyện: the message is read with the scheme's words before it. Not when it names a scheme.
 */
function withinLastScheme(ctx: TurnContext, deps: DialogueDeps): TurnContext {
  const last = ctx.session.lastAnswer;
  if (!last || !isFresh(last, ctx.now)) return ctx;
  if (VSI_CONTEXT.test(ctx.folded) || HI_CONTEXT.test(ctx.folded)) return ctx;
  if (ctx.folded.split(' ').length > SCHEME_CARRY_WORDS) return ctx;
  const owner = skillNamed(deps, last.skill);
  const named = typeof last.slots.scheme === 'string' ? last.slots.scheme : owner?.scheme;
  if (!named) return ctx;
  const { message, asOf, now, session } = ctx;
  return createTurnContext({ message, text: `${named} ${ctx.text}`, asOf, now, session });
}

interface Assessed {
  readonly detected: Detected;
  readonly ranked: readonly RankedIntent[];
}

/** Each skill's rules and the router's ranking, once per reading of the message. */
async function assess(ctx: TurnContext, deps: DialogueDeps): Promise<Assessed> {
  const detected: Detected = new Map(deps.skills.map((skill) => [skill, skill.detect(ctx)]));
  const ranked = withRules(
    inScope(deps.routing ? await deps.routing.rank(ctx.reading, ctx.asOf) : [], ctx.folded),
    detected,
  );
  return { detected, ranked };
}

async function route(turn: TurnContext, deps: DialogueDeps): Promise<Routed> {
  const assessed = await assess(turn, deps);
  const followed = await followUp(turn, deps, assessed.ranked, assessed.detected);
  if (followed) return followed;
  const ctx = withinLastScheme(turn, deps);
  return routeNew(ctx, deps, ctx === turn ? assessed : await assess(ctx, deps));
}

async function routeNew(
  ctx: TurnContext,
  deps: DialogueDeps,
  { detected, ranked }: Assessed,
): Promise<Routed> {
  const ruled = bestByRules(detected);
  const top = ranked[0];
  const next = ranked[1]?.score ?? 0;
  const skillFor = (intent: string) => deps.skills.find((skill) => skill.intents?.includes(intent));

  // A calculation with the citizen's own values beats a general answer about the same rule,
  // and a calculator that would have to ask for every value.
  if (ruled?.skill.hasInputs?.(ctx) && top && !ruled.skill.intents?.includes(top.intent)) {
    const topSkill = skillFor(top.intent);
    const general = kindOf(top.intent) === 'faq' || (topSkill !== undefined && !topSkill.hasInputs?.(ctx));
    if (general) return { outcome: await ruled.skill.handle(ctx), skill: ruled.skill };
  }
  const confident =
    top &&
    ((top.score >= ROUTE_CONFIDENT && top.score - next >= ROUTE_MARGIN) ||
      (top.score >= ROUTE_PROBABLE && top.score - next >= ROUTE_PROBABLE_MARGIN));
  if (top && confident) return dispatch(ctx, deps, ranked, skillFor(top.intent));
  if (ruled)
    return withGeneralAnswer(ctx, deps, { outcome: await ruled.skill.handle(ctx), skill: ruled.skill });
  const knowledge = deps.fallbackSkill;
  const outcome = knowledge ? await knowledge.handle(ctx) : { reply: fallbackReply() };
  if (outcome.reply.intent !== 'unknown') return { outcome, ...(knowledge ? { skill: knowledge } : {}) };
  // Real words, none of them about insurance or the office: another topic, said as such.
  if (isOtherTopic(ctx)) return { outcome: { reply: outOfScopeReply('other') } };
  // Nothing fits well enough to answer: offer the nearest readings, or say what the bot can do.
  // Only readings a button can carry: FAQ items and the calculators / card look-up.
  const offered = ranked
    .filter((entry) => entry.score >= ROUTE_CLARIFY && top && entry.score >= top.score - CLARIFY_SPREAD)
    .flatMap((entry) => choiceButton(entry) ?? []);
  // One reading alone is offered only when it is fairly close ("Có phải bạn muốn hỏi…?").
  const enough = offered.length >= 2 || (top !== undefined && top.score >= ROUTE_PROBABLE);
  if (offered.length > 0 && enough) {
    const buttons = offered.slice(0, 3);
    const choices = buttons.map((button) => button.data);
    const pendingChoice = {
      skill: CHOICE_OWNER,
      awaiting: 'choice',
      slots: { choices } satisfies ChoiceSlots,
      askedAt: ctx.now.toISOString(),
      optional: true,
    };
    return { outcome: { reply: chooseIntentReply(buttons), pending: pendingChoice } };
  }
  return { outcome: { reply: notUnderstoodReply() } };
}

/**
 * At least three words, nearly all of them Vietnamese (a place's initials, "VN", "TP", may
 * pass), and none of the domain's: a question about something else, not one misread.
 */
function isOtherTopic(ctx: TurnContext): boolean {
  const typed = ctx.text.match(/\p{L}+/gu) ?? [];
  const vietnamese = typed.filter(isVietnameseSyllable).length;
  // "cho hỏi giá lúa hôm nay": the polite opener asks nothing about the domain.
  const asked = ctx.folded.replace(/\b(?:cho|xin) (?:(?:toi|em|minh|tui|chau|con) )?hoi\b/g, ' ');
  if (typed.length < 3 || vietnamese < 0.75 * typed.length || DOMAIN_WORD.test(asked)) return false;
  // "ấy ấy cái kia kìa ở chỗ đó á" points at nothing: not understood, rather than another topic.
  const meaningful = new Set(
    defaultAnalyzer()
      .contentWords(ctx.text)
      .filter((word) => !POINTING_WORDS.has(word)),
  );
  return meaningful.size >= 2;
}

/** Words that only point ("cái kia", "chỗ đó", "ấy"), which no stopword list drops. */
const POINTING_WORDS: ReadonlySet<string> = new Set([
  'ay',
  'cai',
  'kia',
  'do',
  'day',
  'nay',
  'no',
  'cho',
  'ha',
  'a',
  'o',
  'nhe',
  'nha',
  'chu',
]);

/**
 * A message that names the schemes the bot covers (BHXH tự nguyện, BHYT) is not "another
 * topic", however close its wording is to one ("mua bhyt hộ gia đình cần giấy tờ gì" is not
 * "đăng ký xe máy cần giấy tờ gì"). Compulsory insurance and unemployment keep their own replies.
 */
function inScope(ranked: readonly RankedIntent[], folded: string): readonly RankedIntent[] {
  if (!VSI_CONTEXT.test(folded) && !HI_CONTEXT.test(folded)) return ranked;
  return ranked.filter((entry) => entry.intent !== 'out_of_scope.other');
}

/**
 * The skills' own rules as a second opinion on their intents: a rule that fires raises the
 * intent by at most RULE_WEIGHT / 2; a skill that declines (a score above 0 but below the
 * threshold) lowers it by RULE_WEIGHT / 2. No rule firing (0) says nothing: the rules are
 * narrow on purpose.
 */
function withRules(ranked: readonly RankedIntent[], detectedBy: Detected): RankedIntent[] {
  return ranked
    .map((entry) => {
      const skill = [...detectedBy.keys()].find((candidate) => candidate.intents?.includes(entry.intent));
      if (!skill) return entry;
      const detected = detectedBy.get(skill) ?? 0;
      if (detected === 0) return entry;
      // Between 0 and the threshold a skill has looked and declines ("tra cứu thẻ ở đâu" asks how, not for a look-up).
      const change =
        detected > DETECT_THRESHOLD ? RULE_WEIGHT * (detected - DETECT_THRESHOLD) : -RULE_WEIGHT / 2;
      const score = Math.min(1, Math.max(0, entry.score + change));
      return { ...entry, score };
    })
    .sort((a, b) => b.score - a.score);
}

/** How far the router must rank its FAQ item above the knowledge matcher's to overrule it. */
const OVERRULE_MARGIN = 0.05;

async function dispatch(
  ctx: TurnContext,
  deps: DialogueDeps,
  ranked: readonly RankedIntent[],
  skill: Skill | undefined,
): Promise<Routed> {
  const { intent, score } = ranked[0] as RankedIntent;
  if (skill) return withGeneralAnswer(ctx, deps, { outcome: await skill.handle(ctx), skill });
  if (intent === 'handoff') return { outcome: { reply: handoffReply() } };
  if (intent === 'abuse') return { outcome: { reply: abuseReply() } };
  if (intent.startsWith('out_of_scope.')) {
    const kind = intent.slice('out_of_scope.'.length);
    return {
      outcome: { reply: outOfScopeReply(kind === 'compulsory' || kind === 'unemployment' ? kind : 'other') },
    };
  }
  const knowledge = deps.fallbackSkill;
  if (!knowledge) return { outcome: { reply: fallbackReply() } };
  // Between FAQ items the knowledge engine's own matcher decides (and asks when two fit), unless
  // the router, which also reads the words that matcher drops ("ai KHÔNG được tham gia"), ranks
  // its item clearly higher; when the matcher finds no item, the router's item answers.
  const outcome = await knowledge.handle(ctx);
  const faqId = intent.startsWith('faq:') ? intent.slice(4) : undefined;
  const routerItem = async (id: string): Promise<Routed> => ({
    outcome: await knowledge.handle({ ...ctx, text: faqChoiceData(id) }),
    skill: knowledge,
  });
  if (faqId && outcome.reply.path === 'clarify' && clearlyAhead(ranked, intent, outcome.reply)) {
    return routerItem(faqId);
  }
  if (!faqId || outcome.reply.path === 'clarify' || outcome.reply.intent === intent) {
    return { outcome, skill: knowledge };
  }
  const theirs = ranked.find((entry) => entry.intent === outcome.reply.intent)?.score ?? 0;
  if (outcome.reply.path === 'faq' && theirs >= score - OVERRULE_MARGIN) return { outcome, skill: knowledge };
  return routerItem(faqId);
}

/** The writer or their family: "tôi", "em", "mình", "nhà tôi", "chồng tôi", "của tui". */
const OWN_CASE = /\b(?:toi|tui|minh|tao|em|chung toi|nha toi|nha em|nha minh|cua toi|cua em|cua minh)\b/;

/**
 * "Mức đóng BHXH tự nguyện tính như thế nào?": a calculator with none of its values would only
 * ask for one. A general question gets the FAQ item that states the calculator's rule (its
 * figures come from the same schedules, and it ends by asking for the value); the calculator's
 * question stays open, so "3 triệu" next is computed.
 */
async function withGeneralAnswer(ctx: TurnContext, deps: DialogueDeps, routed: Routed): Promise<Routed> {
  const knowledge = deps.fallbackSkill;
  const ruleItem = routed.skill?.ruleItem;
  if (
    !knowledge ||
    !ruleItem ||
    routed.outcome.reply.path !== 'slot' ||
    routed.skill?.hasInputs?.(ctx) !== false
  ) {
    return routed;
  }
  // "tính giúp tôi", "lương hưu của tôi", "nhà em": the citizen's own case, whose value is asked.
  if (CALCULATE_REQUEST.test(ctx.folded) || OWN_CASE.test(ctx.folded)) return routed;
  const general = await knowledge.handle({ ...ctx, text: faqChoiceData(ruleItem) });
  if (general.reply.path !== 'faq') return routed;
  const { pending } = routed.outcome;
  return { outcome: { reply: general.reply, ...(pending ? { pending } : {}) }, skill: knowledge };
}

/**
 * The matcher asks between two items and the router, confident, ranks one of them far above
 * the other ("thẻ hết hạn rồi gia hạn ở đâu": where to pay, not how to look the card up): the
 * router's word pairs settle it.
 */
function clearlyAhead(ranked: readonly RankedIntent[], intent: string, clarify: Reply): boolean {
  const offered = (clarify.buttons ?? []).map((button) => button.data);
  if (!offered.includes(intent)) return false;
  const score = ranked.find((entry) => entry.intent === intent)?.score ?? 0;
  return offered
    .filter((data) => data !== intent)
    .every(
      (data) => score - (ranked.find((entry) => entry.intent === data)?.score ?? 0) >= ROUTE_PROBABLE_MARGIN,
    );
}

/** A button for one reading of an unclear message: a FAQ item, or a calculator's own question. */
function choiceButton({ intent, example, label }: RankedIntent): ReplyButton | undefined {
  // A FAQ intent is its own button data (faqChoiceData of its id).
  if (kindOf(intent) === 'faq') return { label: label ?? example, data: intent };
  return INTENT_CHOICES[intent];
}

/**
 * "còn 5 triệu thì sao?", "thế hộ 5 người?", "nếu cận nghèo thì sao": a message after a
 * finished calculation that only changes its inputs re-runs it — unless the message is plainly
 * a new question for another skill.
 */
async function followUp(
  ctx: TurnContext,
  deps: DialogueDeps,
  ranked: readonly RankedIntent[],
  detected: Detected,
): Promise<Routed | undefined> {
  const last = ctx.session.lastAnswer;
  if (!last || !isFresh(last, ctx.now)) return undefined;
  // The knowledge skill answers follow-ups to a FAQ item ("còn nam thì sao?").
  const owner = skillNamed(deps, last.skill);
  if (!owner?.followUp) return undefined;
  // The owner's own rules decline it ("hộ nghèo được hỗ trợ mấy phần trăm?" is a rules question).
  const own = detected.get(owner) ?? 0;
  if (own > 0 && own < DETECT_THRESHOLD) return undefined;
  for (const [skill, score] of detected) if (skill !== owner && score >= RULE_CERTAIN) return undefined;
  // A confident reading elsewhere wins, unless the message is shaped as a follow-up ("còn …
  // thì sao?", "thế …?", "nếu …", "vậy …").
  const top = ranked[0];
  const elsewhere = top && top.score >= ROUTE_CONFIDENT && !owner.intents?.includes(top.intent);
  if (elsewhere && (kindOf(top.intent) !== 'faq' || !FOLLOW_UP_SHAPE.test(ctx.folded))) return undefined;
  const outcome = await owner.followUp(ctx, last.slots);
  return outcome ? { outcome, skill: owner } : undefined;
}

function isFresh(last: CompletedAnswer, now: Date): boolean {
  return now.getTime() - Date.parse(last.answeredAt) <= FOLLOW_UP_MINUTES * 60_000;
}

function applyOutcome(session: Session, outcome: SkillOutcome, skill?: Skill): Session {
  // The previous question is remembered for one turn only, and only when a skill asks for it.
  const { lastQuestion: _previous, ...rest } = session;
  const asked = outcome.asked
    ? { ...rest, lastQuestion: { text: outcome.asked, askedAt: session.updatedAt } }
    : rest;
  const answered =
    outcome.completed && skill
      ? {
          ...asked,
          lastAnswer: { skill: skill.name, slots: outcome.completed, answeredAt: session.updatedAt },
        }
      : asked;
  if (outcome.pending) return { ...answered, pending: outcome.pending };
  return withoutPending(answered);
}

function withoutPending(session: Session): Session {
  const { pending: _dropped, ...rest } = session;
  return rest;
}
