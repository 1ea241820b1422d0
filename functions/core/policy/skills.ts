/**
 * The calculators as dialogue skills. `detect` is above 0.5 only for clear calculation
 * requests; general questions ("ai được tham gia", "đóng ở đâu") score 0 so the knowledge
 * engine answers them. A missing input is asked for with a pending slot; `resume` returns
 * undefined when the next message does not answer it, so the router treats it as new.
 */
import * as z from 'zod';
import { DECLINED, type Skill, type SkillOutcome, type TurnContext } from '../dialogue/skill.js';
import { readSlots } from '../dialogue/slots.js';
import type { PendingSlot } from '../ports.js';
import type { Decodes } from '../schema.js';
import type { Reading } from '../text/reading.js';
import { calculateHouseholdHealthInsurance, MAX_HOUSEHOLD_MEMBERS } from './hi-household.js';
import { formatVnd } from './money.js';
import { type AmountMatch, parseAmounts, parseBareAmount } from './parse/amount.js';
import {
  asksForMaximum,
  BENEFIT_CONTEXT,
  CALC_CUE,
  CALCULATE_REQUEST,
  CARD_LOOKUP,
  HI_CONTEXT,
  HOUSEHOLD_CONTEXT,
  HOW_MUCH,
  INCOME_CUE,
  MIN_CUE,
  PENSION_CONTEXT,
  RATE_CUE,
  RATE_QUESTION,
  SUPPORT_CUE,
  VSI_CONTEXT,
  YEARS_QUESTION,
  YES_NO_QUESTION,
} from './parse/cues.js';
import { namesKinh, parseSupportGroups } from './parse/group.js';
import {
  countInsuredMembers,
  countYoungChildren,
  parseBareCount,
  parseHouseholdSize,
} from './parse/household.js';
import { chosenIncome, parsePayerCount, perPersonIncomes } from './parse/payers.js';
import {
  parseAdditionalYears,
  parseBareYears,
  parseContributionYears,
  parseSex,
  type YearsOfContribution,
} from './parse/pension.js';
import { parsePeriodMonths } from './parse/period.js';
import { calculatePensionRate } from './pension.js';
import {
  askIncomeReply,
  askMembersReply,
  askPensionReply,
  GIVE_WAY,
  GROUP_LABELS,
  hiHouseholdReply,
  INTENTS,
  notCoveredReply,
  pensionReply,
  vsiContributionReply,
  vsiOutOfRangeReply,
  vsiRulesReply,
  vsiSeveralReply,
  vsiSupportReply,
} from './replies.js';
import {
  POLICY_SCHEDULES,
  type PolicySchedules,
  SEXES,
  SUPPORT_GROUPS,
  type SupportGroup,
} from './schedules.js';
import { calculateVoluntaryContribution, isVsiPeriod, type VsiContribution, vsiLimits } from './vsi.js';

/** "đóng", "nộp" (pay), not the "động" of "lao động", "hoạt động", "bất động sản". */
const PAY_VERB =
  /(?<!\b(?:lao|hoat|chu|bien|van|tac|bat|xuc|rung|cam|di|bao|phat|khoi|sinh) )\bdong\b|\bnop\b/;

/** A household size said as a number of people ("4 người", "ba thành viên"). */
const COUNTED_MEMBERS =
  /(?:\d|\b(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi))\s*(?:nguoi|ng|thanh vien|nhan khau|khau)\b/;

/** "hỗ trợ bao nhiêu", "mấy %", "theo mức nào": the size of the support. */
const SUPPORT_AMOUNT = /\b(?:bao nhieu|muc nao|may phan tram|phan tram|nhieu khong)\b|%/;

/** A death in the family: what survivors receive ("mất" here is "died", next to a relative). */
const SURVIVOR_CONTEXT =
  /\b(?:qua doi|tu tran|tu vong|mat roi|da mat|vua mat|bi mat|chet|tu tuat|mai tang)\b|\b(?:roi|thi|ma) mat(?=\s*(?:[,.;!?]|$|(?:gia dinh|vo|chong|con|nguoi nha|than nhan)\b))/;

export const SKILL_NAMES = {
  vsi: 'policy.vsi-contribution',
  hiHousehold: 'policy.hi-household',
  pension: 'policy.pension-rate',
} as const;

function pending(
  skill: string,
  awaiting: string,
  slots: Record<string, unknown>,
  ctx: TurnContext,
): PendingSlot {
  return { skill, awaiting, slots, askedAt: ctx.now.toISOString() };
}

/** Amounts that are plausibly an income (not "2 năm", not a household of 4). */
function incomeMatches(reading: Reading): AmountMatch[] {
  return parseAmounts(reading).filter((match) => match.value >= 10_000);
}

function incomeAmounts(reading: Reading): number[] {
  return incomeMatches(reading).map((match) => match.value);
}

/**
 * The incomes to compute: one each when the message names several people's; the one after a
 * contrast ("thu nhập 8 triệu nhưng chỉ muốn đóng mức 4 triệu": the earnings, then the chosen
 * income); else the first.
 */
function incomesToCompute(reading: Reading): number[] {
  const matches = incomeMatches(reading);
  const first = matches[0];
  if (!first) return [];
  const perPerson = perPersonIncomes(reading.folded, matches);
  if (perPerson) return perPerson;
  const picked = chosenIncome(reading.folded, matches);
  if (picked) return [picked.value];
  const chosen = matches.findLast(
    (match, index) =>
      index > 0 && /\bnhung\b/.test(reading.folded.slice(matches[index - 1]?.end ?? 0, match.start)),
  );
  return [(chosen ?? first).value];
}

/** A yes/no question about the rules; "tính giúp … được không" is still a request. */
function isRulesQuestion(folded: string): boolean {
  // "… được không hay phải …": a choice between rules, also a question about them.
  return (
    (YES_NO_QUESTION.test(folded) || /\b(?:khong|chua) hay\b/.test(folded)) && !CALCULATE_REQUEST.test(folded)
  );
}

// ---------------------------------------------------------------- BHXH tự nguyện

/** "bao nhiêu tuổi thì được đóng", "mấy tuổi": an age asked, not an amount. */
const AGE_QUESTION = /\b(?:bao nhieu|may|nhieu) tuoi\b/;

/** What the contribution calculator keeps while it waits for an income. */
const VSI_SLOTS = z.object({
  group: z.enum(SUPPORT_GROUPS).optional(),
  months: z.number().optional(),
  /** People paying at the same income ("cả hai vợ chồng"), when more than one. */
  people: z.number().int().min(2).optional(),
});
type VsiSlots = z.infer<typeof VSI_SLOTS>;

/** The group with the highest support on the date, when the citizen names several. */
function bestGroup(
  groups: readonly SupportGroup[],
  asOf: string,
  schedules: PolicySchedules,
): SupportGroup | undefined {
  if (groups.length <= 1) return groups[0];
  const support = schedules.vsiSupport.find(asOf);
  if (!support) return groups[0];
  return [...groups].sort((a, b) => support.percentByGroup[b] - support.percentByGroup[a])[0];
}

function readVsiSlots(ctx: TurnContext, previous: VsiSlots, schedules: PolicySchedules): VsiSlots {
  const group = bestGroup(parseSupportGroups(ctx.reading), ctx.asOf, schedules) ?? previous.group;
  const months = parsePeriodMonths(ctx.reading) ?? previous.months;
  const people = parsePayerCount(ctx.reading) ?? previous.people;
  return { ...(group ? { group } : {}), ...(months ? { months } : {}), ...(people ? { people } : {}) };
}

/**
 * `incomes`: one income, paid by `slots.people` (default 1), or one income for each of several
 * people ("tôi mức 3 triệu, vợ tôi mức 2 triệu").
 */
function vsiOutcome(
  ctx: TurnContext,
  incomes: readonly number[],
  slots: VsiSlots,
  schedules: PolicySchedules,
): SkillOutcome {
  const months = slots.months !== undefined && isVsiPeriod(slots.months) ? slots.months : 1;
  const results = incomes.map((income) =>
    calculateVoluntaryContribution({ income, group: slots.group, months, asOf: ctx.asOf }, schedules),
  );
  // The first income that cannot be computed decides the reply.
  const result = results.find((one) => one.kind !== 'ok') ?? results[0];
  if (!result) throw new RangeError('an income is required');
  const income = incomes[0] ?? 0;
  if (result.kind === 'not-covered') return { reply: notCoveredReply(INTENTS.vsi, result) };
  if (result.kind === 'out-of-range') {
    const limit = result.reason === 'below-minimum' ? result.limits.minIncome : result.limits.maxIncome;
    const atLimit = calculateVoluntaryContribution(
      { income: limit, group: slots.group, months, asOf: ctx.asOf },
      schedules,
    );
    return {
      reply: vsiOutOfRangeReply(result, atLimit.kind === 'ok' ? atLimit : undefined),
      pending: pending(SKILL_NAMES.vsi, 'income', { ...slots }, ctx),
    };
  }
  const notice =
    slots.months !== undefined && !isVsiPeriod(slots.months)
      ? `Phương thức đóng ${slots.months} tháng không có trong quy định; tôi tính theo tháng. ` +
        'Bạn có thể đóng hằng tháng, 3, 6, 12 tháng một lần hoặc đóng trước nhiều năm.'
      : undefined;
  const completed = { income, ...slots, ...(incomes.length > 1 ? { incomes: [...incomes] } : {}) };
  // One result per person paying: each their own income, or the one income for `people`.
  const perPerson =
    incomes.length > 1
      ? results.filter((one): one is VsiContribution => one.kind === 'ok')
      : Array.from({ length: slots.people ?? 1 }, () => result);
  if (perPerson.length > 1) return { reply: vsiSeveralReply(perPerson, notice), completed };
  return { reply: vsiContributionReply(result, notice), completed };
}

/** "còn 2 người thì sao", "thế 3 người?": a short follow-up naming a count of people (2 to 10). */
function shortPeopleCount(ctx: TurnContext): number | undefined {
  if (ctx.folded.split(' ').length > 6) return undefined;
  const people = parseHouseholdSize(ctx.reading);
  return people !== undefined && people >= 2 && people <= 10 ? people : undefined;
}

/** How a follow-up about someone opens: "còn …", "thế …", "vậy còn …". */
const PERSON_OPENER = String.raw`^(?:con|the|vay|the con|con neu|vay con|the thi)\s+`;
/** "còn chồng em thì sao?", "thế vợ tôi?": the last calculation asked again for someone else. */
const ANOTHER_PERSON = new RegExp(
  String.raw`${PERSON_OPENER}(chong|vo|bo|me|con|anh|chi|em|ong|ba)\b(?:\s+(?:em|toi|minh|tui|anh|chi|ay))?(?:\s+(?:thi|la))?(?:\s+(?:sao|the nao|bao nhieu|nhu the nao))?\s*(?:a|ad|admin|vay|nhi|nhe)?\s*[?.!]*$`,
);
/** A follow-up that opens with the person it is about ("còn vợ tôi …", "thế mẹ em …"). */
const PERSON_FIRST = new RegExp(String.raw`${PERSON_OPENER}(chong|vo|bo|me|anh|chi|ong)\b(?!\s*\d)`);
const PERSON_LABELS: Readonly<Record<string, string>> = {
  chong: 'chồng bạn',
  vo: 'vợ bạn',
  bo: 'bố bạn',
  me: 'mẹ bạn',
  con: 'con bạn',
  anh: 'anh bạn',
  chi: 'chị bạn',
  em: 'em bạn',
  ong: 'ông',
  ba: 'bà',
};

/**
 * The slots of a finished answer as kept in the session (stored JSON, read back from DynamoDB):
 * decoded, not cast, so a session written by another version is simply not followed up.
 */
const VSI_ANSWER = z.object({
  income: z.number().positive(),
  group: z.enum(SUPPORT_GROUPS).optional(),
  months: z.number().int().positive().optional(),
  people: z.number().int().min(2).optional(),
  incomes: z.array(z.number().positive()).min(2).optional(),
});
const HI_ANSWER = z.object({ members: z.number().int().positive(), months: z.number().int().positive() });
const YEARS_OF_CONTRIBUTION = z.object({
  years: z.number().int().nonnegative(),
  extraMonths: z.number().int().nonnegative(),
});
true satisfies Decodes<typeof YEARS_OF_CONTRIBUTION, YearsOfContribution>;
const PENSION_ANSWER = z.object({
  sex: z.enum(SEXES),
  years: YEARS_OF_CONTRIBUTION,
});

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** "Tính lại với thu nhập 5.000.000 đồng, hộ cận nghèo:" — what a follow-up changed. */
function withChange(outcome: SkillOutcome, changes: readonly string[]): SkillOutcome {
  if (changes.length === 0) return outcome;
  return {
    ...outcome,
    reply: { ...outcome.reply, text: `Tính lại với ${changes.join(', ')}:\n${outcome.reply.text}` },
  };
}

function periodLabel(months: number): string {
  return months === 1 ? 'đóng hằng tháng' : `${months} tháng`;
}

export function createVsiContributionSkill(schedules: PolicySchedules = POLICY_SCHEDULES): Skill {
  return {
    name: SKILL_NAMES.vsi,
    intents: [INTENTS.vsi],
    hasInputs: (ctx) => incomeAmounts(ctx.reading).length > 0 || parseSupportGroups(ctx.reading).length > 0,
    ruleItem: 'bhxh-tn-muc-dong',
    scheme: 'bhxh tự nguyện',
    detect(ctx) {
      const folded = ctx.folded;
      const vsi = VSI_CONTEXT.test(folded);
      const hi = HI_CONTEXT.test(folded);
      const calc = CALC_CUE.test(folded);
      const hasIncome = incomeAmounts(ctx.reading).length > 0;
      // "chọn mức 2 triệu thì mỗi tháng đóng bao nhiêu" asks for a contribution even in a long
      // message that also mentions the pension it is saving for.
      if (vsi && hasIncome && CALC_CUE.test(folded)) return 0.9;
      // "thấp nhất và cao nhất là bao nhiêu" asks for the range, which the rules answer, not
      // for one figure.
      if (
        vsi &&
        !hasIncome &&
        MIN_CUE.test(folded) &&
        asksForMaximum(ctx.reading) &&
        !CALCULATE_REQUEST.test(folded)
      )
        return DECLINED;
      // Pension questions, "how many years" and "from what age" questions belong elsewhere.
      if (PENSION_CONTEXT.test(folded) || YEARS_QUESTION.test(folded) || AGE_QUESTION.test(folded))
        return vsi && !hasIncome ? DECLINED : 0;
      if (hi && !vsi) return 0;
      if (vsi && hasIncome) return 0.9;
      // "Thai sản … được bao nhiêu tiền" asks what one receives: the knowledge engine answers.
      if (BENEFIT_CONTEXT.test(folded)) return vsi ? DECLINED : 0;
      // The support for a group the citizen names: "nhà tôi không nghèo thì có được hỗ trợ tiền
      // đóng bhxh tự nguyện không" is answered with the group's share, yes or no alike.
      const groups = parseSupportGroups(ctx.reading);
      if (vsi && SUPPORT_CUE.test(folded) && groups.length > 0 && !hi) return 0.75;
      // "bhxh tự nguyện, hộ cận nghèo thì được bao nhiêu": the group's support, with the scheme named.
      const supported = groups.some((group) => group !== 'other');
      if (
        vsi &&
        !hi &&
        supported &&
        HOW_MUCH.test(folded) &&
        !PAY_VERB.test(folded) &&
        !isRulesQuestion(folded)
      )
        return 0.75;
      // Without the scheme named, only this calculator's own groups tell it apart from BHYT's
      // support: the ethnic-minority and island rates, or a choice between several groups.
      const ownGroups = groups.includes('ethnicMinority') || groups.includes('island') || groups.length > 1;
      // "ở đảo, đóng mức 2 triệu được hỗ trợ không": with an income, the contribution shows it.
      const asksAmount = SUPPORT_AMOUNT.test(folded) || (hasIncome && PAY_VERB.test(folded));
      if (!hi && ownGroups && SUPPORT_CUE.test(folded) && asksAmount) return 0.7;
      // "hộ nghèo đóng 3 củ, 6 tháng": an income to pay at and a support group, the scheme
      // unnamed. Household BHYT takes no income, so only this calculator fits.
      if (!hi && hasIncome && PAY_VERB.test(folded) && groups.length > 0) return 0.7;
      // Yes/no questions ("mức đóng có tăng không") ask about the rules, not for a figure.
      if (isRulesQuestion(folded)) return vsi ? DECLINED : 0;
      if (vsi && calc) return 0.85;
      if (vsi && PAY_VERB.test(folded) && /\bbao nhieu\b/.test(folded)) return 0.8;
      if (
        vsi &&
        (MIN_CUE.test(folded) || asksForMaximum(ctx.reading)) &&
        /\b(?:dong|muc|thu nhap)\b/.test(folded)
      )
        return 0.75;
      if (vsi && SUPPORT_CUE.test(folded) && HOW_MUCH.test(folded)) return 0.7;
      // "đóng ở mức thấp nhất thì nộp bao nhiêu tiền", the scheme unnamed: only this
      // calculator has a lowest (or highest) income to pay at.
      if (
        !hi &&
        MIN_CUE.test(folded) !== asksForMaximum(ctx.reading) &&
        /\bmuc\b/.test(folded) &&
        PAY_VERB.test(folded) &&
        /\bbao nhieu\b/.test(folded)
      )
        return 0.65;
      if (hasIncome && INCOME_CUE.test(folded) && (calc || PAY_VERB.test(folded)) && !hi) return 0.75;
      if (hasIncome && calc && !hi && !HOUSEHOLD_CONTEXT.test(folded)) return 0.6;
      // "mức 2 triệu rưỡi, 3 tháng đóng 1 lần thì mỗi lần bao nhiêu": only this calculator takes an income.
      if (hasIncome && PAY_VERB.test(folded) && HOW_MUCH.test(folded) && !hi) return 0.7;
      return 0;
    },
    async handle(ctx) {
      const slots = readVsiSlots(ctx, {}, schedules);
      const incomes = incomesToCompute(ctx.reading);
      if (incomes.length > 0) return vsiOutcome(ctx, incomes, slots, schedules);
      const limits = vsiLimits(ctx.asOf, schedules);
      if (limits.kind === 'not-covered') return { reply: notCoveredReply(INTENTS.vsi, limits) };
      // Both ends asked at once: the range, then the income for a figure.
      if (MIN_CUE.test(ctx.folded) && asksForMaximum(ctx.reading)) {
        return {
          reply: vsiRulesReply(limits),
          pending: pending(SKILL_NAMES.vsi, 'income', { ...slots }, ctx),
        };
      }
      if (MIN_CUE.test(ctx.folded)) return vsiOutcome(ctx, [limits.minIncome], slots, schedules);
      if (asksForMaximum(ctx.reading)) return vsiOutcome(ctx, [limits.maxIncome], slots, schedules);
      // "được hỗ trợ bao nhiêu (phần trăm mức đóng)": the support table answers it, no income needed.
      if (SUPPORT_CUE.test(ctx.folded) && !CALCULATE_REQUEST.test(ctx.folded)) {
        return { reply: vsiSupportReply(limits, slots.group, slots.months) };
      }
      // "hộ cận nghèo thì được bao nhiêu", no income and no "đóng": the group's support now, the
      // figure to pay once the income is given ("hộ nghèo đóng bao nhiêu" asks for the income).
      if (
        slots.group &&
        slots.group !== 'other' &&
        !CALCULATE_REQUEST.test(ctx.folded) &&
        !PAY_VERB.test(ctx.folded)
      ) {
        return {
          reply: vsiSupportReply(limits, slots.group, slots.months),
          pending: pending(SKILL_NAMES.vsi, 'income', { ...slots }, ctx),
        };
      }
      // "tỷ lệ đóng là bao nhiêu %": the rule and its range, then the income for a figure.
      if (RATE_QUESTION.test(ctx.folded)) {
        return {
          reply: vsiRulesReply(limits),
          pending: pending(SKILL_NAMES.vsi, 'income', { ...slots }, ctx),
        };
      }
      return {
        reply: askIncomeReply(limits),
        pending: pending(SKILL_NAMES.vsi, 'income', { ...slots }, ctx),
      };
    },
    async followUp(ctx, previous) {
      const decoded = VSI_ANSWER.safeParse(previous);
      if (!decoded.success) return undefined;
      const before: VsiSlots & { income: number; incomes?: number[] } = stripUndefined(decoded.data);
      const income = incomeAmounts(ctx.reading)[0];
      const reread = readVsiSlots(ctx, before, schedules);
      // "còn vợ tôi người Kinh thì sao" after a minority's answer: that support no longer applies.
      const read: VsiSlots =
        reread.group === 'ethnicMinority' && before.group === 'ethnicMinority' && namesKinh(ctx.folded)
          ? { ...reread, group: 'other' }
          : reread;
      // "còn 2 người thì sao": in a short follow-up a count of people is who pays.
      const counted = read.people === before.people ? shortPeopleCount(ctx) : undefined;
      const slots: VsiSlots = counted ? { ...read, people: counted } : read;
      const changes: string[] = [];
      if (income !== undefined && income !== before.income) changes.push(`thu nhập ${formatVnd(income)}`);
      if (slots.group !== before.group && slots.group) changes.push(GROUP_LABELS[slots.group]);
      if (slots.months !== before.months && slots.months) changes.push(periodLabel(slots.months));
      if (slots.people !== before.people && slots.people) changes.push(`${slots.people} người`);
      // "còn chồng em thì sao": the same calculation for another person, who pays the same at
      // the same income.
      const person = changes.length === 0 ? ANOTHER_PERSON.exec(ctx.folded)?.[1] : undefined;
      if (person) changes.push(`cùng mức thu nhập cho ${PERSON_LABELS[person] ?? person}`);
      if (changes.length === 0) return undefined;
      // "còn vợ tôi người Kinh thì sao": the change is for the person named first.
      const forWhom = person ? undefined : PERSON_FIRST.exec(ctx.folded)?.[1];
      if (forWhom) changes.push(`cho ${PERSON_LABELS[forWhom] ?? forWhom}`);
      const { group, months, people } = slots;
      const kept: VsiSlots = {
        ...(group ? { group } : {}),
        ...(months ? { months } : {}),
        ...(people ? { people } : {}),
      };
      const incomes = income !== undefined ? [income] : (before.incomes ?? [before.income]);
      return withChange(vsiOutcome(ctx, incomes, kept, schedules), changes);
    },
    async resume(ctx, slot) {
      if (slot.awaiting !== 'income') return undefined;
      const previous = readSlots(VSI_SLOTS, slot);
      if (!previous) return undefined;
      const incomes = incomesToCompute(ctx.reading);
      const bare = parseBareAmount(ctx.folded);
      const slots = readVsiSlots(ctx, previous, schedules);
      if (incomes.length > 0) return vsiOutcome(ctx, incomes, slots, schedules);
      if (bare !== undefined) return vsiOutcome(ctx, [bare], slots, schedules);
      // A short answer naming only the group or the period ("hộ nghèo", "6 tháng") still answers
      // us; "nữ 16 năm" (a pension question) does not.
      const short = ctx.folded.split(' ').length <= 4 && !parseSex(ctx.text, ctx.folded);
      const newPeriod =
        slots.months !== previous.months && slots.months !== undefined && isVsiPeriod(slots.months);
      const addsSomething = slots.group !== previous.group || newPeriod;
      if (short && addsSomething) {
        const limits = vsiLimits(ctx.asOf, schedules);
        if (limits.kind === 'not-covered') return { reply: notCoveredReply(INTENTS.vsi, limits) };
        return {
          reply: askIncomeReply(limits),
          pending: pending(SKILL_NAMES.vsi, 'income', { ...slots }, ctx),
        };
      }
      return undefined;
    },
  };
}

// ---------------------------------------------------------------- BHYT hộ gia đình

/** What the household calculator keeps while it waits for the number of members. */
const HI_SLOTS = z.object({ months: z.number().optional() });
type HiSlots = z.infer<typeof HI_SLOTS>;

function hiMonths(reading: Reading, previous?: number): number {
  const months = parsePeriodMonths(reading) ?? previous;
  return months !== undefined && months >= 1 && months <= 12 ? months : 12;
}

/** From this date the sources confirm that the State pays the card of a child under 6. */
const FREE_CARD_UNDER_SIX_FROM = '2025-07-01';

/**
 * `household`: the members named, of whom children under 6 (told with their age) and members
 * who already have a card another way ("bố em có thẻ hưu rồi") do not buy it with the
 * household: they are left out of the contribution, and the reply says so.
 */
function hiOutcome(
  ctx: TurnContext,
  household: number,
  months: number,
  schedules: PolicySchedules,
): SkillOutcome {
  const young = ctx.asOf >= FREE_CARD_UNDER_SIX_FROM ? countYoungChildren(ctx.reading) : 0;
  const insured = countInsuredMembers(ctx.reading);
  const leftOut = young + insured;
  const members = leftOut > 0 && leftOut < household ? household - leftOut : household;
  const result = calculateHouseholdHealthInsurance({ members, months, asOf: ctx.asOf }, schedules);
  if (result.kind === 'not-covered') return { reply: notCoveredReply(INTENTS.hiHousehold, result) };
  const who = [
    members < household && young > 0 ? `${young} trẻ dưới 6 tuổi (Nhà nước cấp thẻ)` : '',
    members < household && insured > 0 ? `${insured} người đã có thẻ BHYT` : '',
  ].filter(Boolean);
  const notice =
    who.length > 0
      ? {
          text: `Không tính ${who.join(' và ')}: tôi tính cho ${members} trong ${household} người.`,
          short: `Tính cho ${members} trong ${household} người (không tính ${who.join(', ').replace(/ \(Nhà nước cấp thẻ\)/, '')}).`,
          rank: GIVE_WAY.terse,
        }
      : undefined;
  return { reply: hiHouseholdReply(result, notice), completed: { members, months } };
}

function validMembers(members: number | undefined): number | undefined {
  return members !== undefined && members >= 1 && members <= MAX_HOUSEHOLD_MEMBERS ? members : undefined;
}

export function createHiHouseholdSkill(schedules: PolicySchedules = POLICY_SCHEDULES): Skill {
  return {
    name: SKILL_NAMES.hiHousehold,
    intents: [INTENTS.hiHousehold],
    hasInputs: (ctx) => validMembers(parseHouseholdSize(ctx.reading)) !== undefined,
    ruleItem: 'bhyt-hgd-muc-dong',
    scheme: 'bhyt hộ gia đình',
    detect(ctx) {
      const folded = ctx.folded;
      const hi = HI_CONTEXT.test(folded);
      const household = HOUSEHOLD_CONTEXT.test(folded);
      const calc = CALC_CUE.test(folded);
      const members = validMembers(parseHouseholdSize(ctx.reading));
      if (VSI_CONTEXT.test(folded) && !hi) return 0;
      if (CARD_LOOKUP.test(folded) && !calc && members === undefined) return hi ? DECLINED : 0;
      // A yes/no question about the rules, even naming a relative ("con tôi đã có thẻ thì có
      // phải đóng thêm không"): only a count said in numbers makes it a calculation.
      if (isRulesQuestion(folded) && (!COUNTED_MEMBERS.test(folded) || !calc)) return hi ? DECLINED : 0;
      if (hi && members !== undefined && (household || calc || PAY_VERB.test(folded))) return 0.9;
      if (hi && household && calc) return 0.85;
      // "mua hộ gia đình cho 3 người còn lại thì bao nhiêu một năm".
      const buysFor = /\bmua\b/.test(folded) && /\bbao nhieu\b/.test(folded);
      if (household && members !== undefined && (calc || buysFor) && !VSI_CONTEXT.test(folded)) return 0.65;
      return 0;
    },
    async handle(ctx) {
      const months = hiMonths(ctx.reading);
      const members = validMembers(parseHouseholdSize(ctx.reading));
      if (members !== undefined) return hiOutcome(ctx, members, months, schedules);
      return {
        reply: askMembersReply(ctx.asOf),
        pending: pending(SKILL_NAMES.hiHousehold, 'members', { months } satisfies HiSlots, ctx),
      };
    },
    async followUp(ctx, previous) {
      const decoded = HI_ANSWER.safeParse(previous);
      if (!decoded.success) return undefined;
      const before = decoded.data;
      const members = validMembers(parseHouseholdSize(ctx.reading)) ?? before.members;
      const months = hiMonths(ctx.reading, before.months);
      const changes: string[] = [];
      if (members !== before.members) changes.push(`${members} người`);
      if (months !== before.months) changes.push(periodLabel(months));
      if (changes.length === 0) return undefined;
      return withChange(hiOutcome(ctx, members, months, schedules), changes);
    },
    async resume(ctx, slot) {
      if (slot.awaiting !== 'members') return undefined;
      const members = validMembers(parseHouseholdSize(ctx.reading) ?? parseBareCount(ctx.folded));
      if (members === undefined) return undefined;
      const previous = readSlots(HI_SLOTS, slot);
      if (!previous) return undefined;
      return hiOutcome(ctx, members, hiMonths(ctx.reading, previous.months), schedules);
    },
  };
}

// ---------------------------------------------------------------- Pension rate

/** What the pension calculator keeps while it waits for the sex, the years or both. */
const PENSION_SLOTS = z.object({
  sex: z.enum(SEXES).optional(),
  years: YEARS_OF_CONTRIBUTION.optional(),
});
type PensionSlots = z.infer<typeof PENSION_SLOTS>;

function pensionOutcome(ctx: TurnContext, slots: PensionSlots, schedules: PolicySchedules): SkillOutcome {
  const { sex, years } = slots;
  if (!sex || !years) {
    const missing = !sex && !years ? 'both' : !sex ? 'sex' : 'years';
    return {
      reply: askPensionReply(missing, ctx.asOf),
      pending: pending(SKILL_NAMES.pension, missing, { ...slots }, ctx),
    };
  }
  const result = calculatePensionRate({ sex, years: years.years, asOf: ctx.asOf }, schedules);
  if (result.kind === 'not-covered') return { reply: notCoveredReply(INTENTS.pension, result) };
  return { reply: pensionReply(result, years.extraMonths), completed: { sex, years } };
}

export function createPensionRateSkill(schedules: PolicySchedules = POLICY_SCHEDULES): Skill {
  return {
    name: SKILL_NAMES.pension,
    intents: [INTENTS.pension],
    hasInputs: (ctx) =>
      parseSex(ctx.text, ctx.folded) !== undefined && parseContributionYears(ctx.folded) !== undefined,
    detect(ctx) {
      const folded = ctx.folded;
      const sex = parseSex(ctx.text, folded);
      const years = parseContributionYears(folded);
      const pension = PENSION_CONTEXT.test(folded);
      if (HI_CONTEXT.test(folded) && !pension) return 0;
      // "đóng 15 năm là có lương hưu phải không": a yes/no about the conditions, not a rate.
      if (!sex && isRulesQuestion(folded)) return pension ? DECLINED : 0;
      // "phải đóng thêm bao lâu nữa", "đã đủ để lĩnh tiền hằng tháng chưa": conditions, not a rate.
      if (
        YEARS_QUESTION.test(folded) ||
        /\b(?:du dieu kien|du chua|da du de|du de (?:linh|lanh|huong|nhan))\b/.test(folded)
      )
        return DECLINED;
      // "chồng tôi mất rồi, đóng 8 năm thì tôi được nhận gì": a survivor's benefit, not a rate.
      if (SURVIVOR_CONTEXT.test(folded) || BENEFIT_CONTEXT.test(folded)) return DECLINED;
      // "nếu đóng thêm 5 năm nữa": more years, which only a previous answer gives a meaning.
      if (!pension && !sex && parseAdditionalYears(folded)) return 0;
      // An income, or a year or two, without the word pension: a contribution question.
      if (!pension && (incomeAmounts(ctx.reading).length > 0 || (years && years.years < 10))) return DECLINED;
      // "đủ tuổi mà mới đóng 10 năm, có được nhận tiền hằng tháng không": fewer years than a
      // pension needs, asked as yes/no — the monthly allowance, which the knowledge base explains.
      if (
        years &&
        years.years < 15 &&
        isRulesQuestion(folded) &&
        /\bhang thang\b/.test(folded) &&
        !/\bluong huu\b/.test(folded)
      )
        return DECLINED;
      if (sex && years) return pension || RATE_CUE.test(folded) || PAY_VERB.test(folded) ? 0.95 : 0.8;
      if (years && pension) return 0.8;
      if (sex && pension && RATE_CUE.test(folded)) return 0.75;
      // "tỷ lệ hưởng tính thế nào" asks for an explanation, which the knowledge engine gives.
      if (/\b(?:the nao|ra sao|nhu nao)\b/.test(folded)) return 0;
      if (pension && RATE_CUE.test(folded) && /\b(?:ty le|ti le|phan tram|%)/.test(folded)) return 0.7;
      return 0;
    },
    async handle(ctx) {
      const sex = parseSex(ctx.text, ctx.folded);
      const years = parseContributionYears(ctx.folded);
      return pensionOutcome(ctx, { ...(sex ? { sex } : {}), ...(years ? { years } : {}) }, schedules);
    },
    async followUp(ctx, previous) {
      const decoded = PENSION_ANSWER.safeParse(previous);
      if (!decoded.success) return undefined;
      const before = decoded.data;
      const sex = parseSex(ctx.text, ctx.folded);
      const more = parseAdditionalYears(ctx.folded);
      const totalMonths = more
        ? (before.years.years + more.years) * 12 + before.years.extraMonths + more.extraMonths
        : 0;
      const years = more
        ? { years: Math.floor(totalMonths / 12), extraMonths: totalMonths % 12 }
        : parseContributionYears(ctx.folded);
      const changes: string[] = [];
      if (sex && sex !== before.sex) changes.push(sex === 'male' ? 'nam' : 'nữ');
      if (more) changes.push(`thêm ${more.years} năm, tổng ${years?.years} năm đóng`);
      else if (years && years.years !== before.years.years) changes.push(`${years.years} năm đóng`);
      if (changes.length === 0) return undefined;
      const merged: PensionSlots = { sex: sex ?? before.sex, years: years ?? before.years };
      return withChange(pensionOutcome(ctx, merged, schedules), changes);
    },
    async resume(ctx, slot) {
      if (!['sex', 'years', 'both'].includes(slot.awaiting)) return undefined;
      const previous = readSlots(PENSION_SLOTS, slot);
      if (!previous) return undefined;
      const sex = parseSex(ctx.text, ctx.folded);
      const years =
        parseContributionYears(ctx.folded) ??
        (slot.awaiting === 'years' ? parseBareYears(ctx.folded) : undefined);
      if (!sex && !years) return undefined;
      // A sex alone counts only as a short answer ("nam", "tôi là nữ"), not inside a new question.
      if (!years && ctx.folded.split(' ').length > 4) return undefined;
      const merged: PensionSlots = {
        ...previous,
        ...(sex ? { sex } : {}),
        ...(years ? { years } : {}),
      };
      return pensionOutcome(ctx, merged, schedules);
    },
  };
}

/** Every policy calculator, for the composition root. */
export function createPolicySkills(schedules: PolicySchedules = POLICY_SCHEDULES): Skill[] {
  return [
    createVsiContributionSkill(schedules),
    createHiHouseholdSkill(schedules),
    createPensionRateSkill(schedules),
  ];
}
