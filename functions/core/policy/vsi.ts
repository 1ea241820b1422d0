/**
 * BHXH tự nguyện contribution calculator: 22 % of the monthly income the participant
 * chooses (between the rural poverty line and 20 × base salary / reference level), minus
 * the state support, which is a percentage of 22 % × the rural poverty line whatever income
 * is chosen. Paying for 3, 6 or 12 months (or several years) at once is the monthly amount
 * times the months: the discount for paying years ahead is set by VSS and not confirmed in
 * our sources, so no figure is invented for it.
 */
import { basisFrom, type NotCovered, notCovered, type PolicyBasis } from './basis.js';
import { percentOf } from './money.js';
import { POLICY_SCHEDULES, type PolicySchedules, SUPPORT_GROUPS, type SupportGroup } from './schedules.js';

/** Months per payment: monthly, every 3, 6 or 12 months, or 2 to 5 years ahead. */
export const VSI_PERIODS = [1, 3, 6, 12, 24, 36, 48, 60] as const;

export function isVsiPeriod(months: number): boolean {
  return (VSI_PERIODS as readonly number[]).includes(months);
}

export interface VsiLimits {
  readonly kind: 'limits';
  readonly basis: PolicyBasis;
  readonly ratePercent: number;
  readonly minIncome: number;
  readonly maxIncome: number;
  /** Base salary / reference level and its name, which set the ceiling. */
  readonly referenceLevel: number;
  readonly referenceLevelName: string;
  readonly ceilingMultiplier: number;
  /** 22 % × rural poverty line: the base of the state support. */
  readonly supportBase: number;
  readonly supportPercentByGroup: Readonly<Record<SupportGroup, number>>;
  readonly maxSupportMonths: number | null;
}

export interface VsiGroupAmount {
  readonly group: SupportGroup;
  readonly supportPercent: number;
  /** State support per month. */
  readonly support: number;
  /** What the participant pays per month. */
  readonly net: number;
}

export interface VsiContribution {
  readonly kind: 'ok';
  readonly basis: PolicyBasis;
  readonly limits: VsiLimits;
  readonly income: number;
  readonly group: SupportGroup;
  /** True when the citizen named no group and "other" was assumed. */
  readonly groupAssumed: boolean;
  readonly months: number;
  readonly ratePercent: number;
  /** 22 % × income, per month. */
  readonly gross: number;
  readonly supportPercent: number;
  readonly support: number;
  readonly net: number;
  readonly perPeriod: { readonly gross: number; readonly support: number; readonly net: number };
  /** The same income for the other groups. */
  readonly otherGroups: readonly VsiGroupAmount[];
  /** Paying whole years ahead: VSS may discount it; the figure here is not discounted. */
  readonly paysYearsAhead: boolean;
}

export interface VsiOutOfRange {
  readonly kind: 'out-of-range';
  readonly basis: PolicyBasis;
  readonly limits: VsiLimits;
  readonly income: number;
  readonly reason: 'below-minimum' | 'above-maximum';
}

export type VsiResult = VsiContribution | VsiOutOfRange | NotCovered;

export interface VsiInput {
  readonly income: number;
  readonly group?: SupportGroup | undefined;
  readonly months?: number | undefined;
  readonly asOf: string;
}

export function vsiLimits(
  asOf: string,
  schedules: PolicySchedules = POLICY_SCHEDULES,
): VsiLimits | NotCovered {
  const contribution = schedules.vsiContribution.find(asOf);
  const support = schedules.vsiSupport.find(asOf);
  const povertyLine = schedules.ruralPovertyLine.find(asOf);
  const reference = schedules.referenceLevel.find(asOf);
  if (!contribution || !support || !povertyLine || !reference) {
    return notCovered(
      asOf,
      [
        schedules.vsiContribution,
        schedules.vsiSupport,
        schedules.ruralPovertyLine,
        schedules.referenceLevel,
      ].map((schedule) => schedule.coveredFrom),
    );
  }
  return {
    kind: 'limits',
    basis: basisFrom(asOf, [contribution, support, povertyLine, reference]),
    ratePercent: contribution.ratePercent,
    minIncome: povertyLine.amount,
    maxIncome: contribution.ceilingMultiplier * reference.amount,
    referenceLevel: reference.amount,
    referenceLevelName: reference.name ?? 'lương cơ sở',
    ceilingMultiplier: contribution.ceilingMultiplier,
    supportBase: percentOf(povertyLine.amount, contribution.ratePercent),
    supportPercentByGroup: support.percentByGroup,
    maxSupportMonths: support.maxSupportMonths,
  };
}

function amountFor(limits: VsiLimits, gross: number, group: SupportGroup): VsiGroupAmount {
  const supportPercent = limits.supportPercentByGroup[group];
  // Support never exceeds what is owed (it cannot at the floor, but keep the invariant explicit).
  const support = Math.min(gross, percentOf(limits.supportBase, supportPercent));
  return { group, supportPercent, support, net: gross - support };
}

export function calculateVoluntaryContribution(
  input: VsiInput,
  schedules: PolicySchedules = POLICY_SCHEDULES,
): VsiResult {
  const months = input.months ?? 1;
  if (!Number.isFinite(input.income) || input.income < 0)
    throw new RangeError('income must be a positive amount');
  if (!isVsiPeriod(months)) throw new RangeError(`unsupported payment period: ${months} months`);
  const limits = vsiLimits(input.asOf, schedules);
  if (limits.kind === 'not-covered') return limits;
  const income = Math.round(input.income);
  if (income < limits.minIncome || income > limits.maxIncome) {
    return {
      kind: 'out-of-range',
      basis: limits.basis,
      limits,
      income,
      reason: income < limits.minIncome ? 'below-minimum' : 'above-maximum',
    };
  }
  const group = input.group ?? 'other';
  const gross = percentOf(income, limits.ratePercent);
  const chosen = amountFor(limits, gross, group);
  return {
    kind: 'ok',
    basis: limits.basis,
    limits,
    income,
    group,
    groupAssumed: input.group === undefined,
    months,
    ratePercent: limits.ratePercent,
    gross,
    supportPercent: chosen.supportPercent,
    support: chosen.support,
    net: chosen.net,
    perPeriod: { gross: gross * months, support: chosen.support * months, net: chosen.net * months },
    otherGroups: SUPPORT_GROUPS.filter((other) => other !== group).map((other) =>
      amountFor(limits, gross, other),
    ),
    paysYearsAhead: months > 12,
  };
}
