/**
 * BHYT hộ gia đình calculator: the first member pays 4,5 % of the base salary / reference
 * level a month; the 2nd, 3rd, 4th and 5th-and-later members pay 70/60/50/40 % of that.
 */
import { basisFrom, type NotCovered, notCovered, type PolicyBasis } from './basis.js';
import { percentOf } from './money.js';
import { POLICY_SCHEDULES, type PolicySchedules } from './schedules.js';

/** Sanity bound for a household; larger numbers are almost surely a misread amount. */
export const MAX_HOUSEHOLD_MEMBERS = 30;

export interface HiMemberAmount {
  /** 1-based position in the household. */
  readonly position: number;
  /** Percent of the first member's amount. */
  readonly percentOfFirst: number;
  readonly monthly: number;
  readonly perPeriod: number;
}

export interface HiHouseholdContribution {
  readonly kind: 'ok';
  readonly basis: PolicyBasis;
  readonly members: number;
  readonly months: number;
  readonly referenceLevel: number;
  readonly referenceLevelName: string;
  readonly ratePercent: number;
  readonly perMember: readonly HiMemberAmount[];
  readonly totalMonthly: number;
  readonly total: number;
}

export type HiHouseholdResult = HiHouseholdContribution | NotCovered;

export interface HiHouseholdInput {
  readonly members: number;
  readonly months?: number | undefined;
  readonly asOf: string;
}

export function calculateHouseholdHealthInsurance(
  input: HiHouseholdInput,
  schedules: PolicySchedules = POLICY_SCHEDULES,
): HiHouseholdResult {
  const months = input.months ?? 12;
  if (!Number.isInteger(input.members) || input.members < 1 || input.members > MAX_HOUSEHOLD_MEMBERS) {
    throw new RangeError(`members must be 1..${MAX_HOUSEHOLD_MEMBERS}`);
  }
  if (!Number.isInteger(months) || months < 1 || months > 12) throw new RangeError('months must be 1..12');
  const rule = schedules.hiHousehold.find(input.asOf);
  const reference = schedules.referenceLevel.find(input.asOf);
  if (!rule || !reference) {
    return notCovered(input.asOf, [schedules.hiHousehold.coveredFrom, schedules.referenceLevel.coveredFrom]);
  }
  const first = percentOf(reference.amount, rule.ratePercent);
  const perMember = Array.from({ length: input.members }, (_, index): HiMemberAmount => {
    const percentOfFirst = rule.memberPercents[Math.min(index, rule.memberPercents.length - 1)] ?? 100;
    const monthly = percentOf(first, percentOfFirst);
    return { position: index + 1, percentOfFirst, monthly, perPeriod: monthly * months };
  });
  const totalMonthly = perMember.reduce((sum, member) => sum + member.monthly, 0);
  return {
    kind: 'ok',
    basis: basisFrom(input.asOf, [rule, reference]),
    members: input.members,
    months,
    referenceLevel: reference.amount,
    referenceLevelName: reference.name ?? 'lương cơ sở',
    ratePercent: rule.ratePercent,
    perMember,
    totalMonthly,
    total: totalMonthly * months,
  };
}
