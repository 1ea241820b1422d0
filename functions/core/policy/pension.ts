/**
 * Pension rate (tỷ lệ hưởng lương hưu) for BHXH tự nguyện from sex and whole years of
 * contribution, under the law in force on the date asked about. The amount itself depends
 * on the average income contributions were paid on, which the bot does not know.
 */
import { basisFrom, type NotCovered, notCovered, type PolicyBasis } from './basis.js';
import { type PensionBand, POLICY_SCHEDULES, type PolicySchedules, type Sex } from './schedules.js';

export type PensionLaw = '58/2014/QH13' | '41/2024/QH15';

interface PensionCommon {
  readonly basis: PolicyBasis;
  readonly sex: Sex;
  readonly years: number;
  readonly minYears: number;
  readonly maxRate: number;
  readonly law: PensionLaw;
}

export interface PensionEligible extends PensionCommon {
  readonly kind: 'eligible';
  /** Percent of the average monthly income contributions were paid on. */
  readonly rate: number;
  readonly band: PensionBand;
  /** The rate reached the cap. */
  readonly capped: boolean;
  /** Years needed for the cap under this band set. */
  readonly yearsForMaxRate: number;
}

export interface PensionNotEligible extends PensionCommon {
  readonly kind: 'not-eligible';
  readonly missingYears: number;
  /** The rate the person would get at the minimum, if the rule for their sex is confirmed. */
  readonly rateAtMinimum: number | undefined;
}

export interface PensionUnconfirmed extends PensionCommon {
  readonly kind: 'unconfirmed';
  readonly note: string;
}

export type PensionResult = PensionEligible | PensionNotEligible | PensionUnconfirmed | NotCovered;

export interface PensionInput {
  readonly sex: Sex;
  readonly years: number;
  readonly asOf: string;
}

function rateFor(
  bands: readonly PensionBand[],
  years: number,
  maxRate: number,
): { rate: number; band: PensionBand } | undefined {
  const band = bands.find(
    (candidate) => years >= candidate.fromYears && (candidate.toYears === null || years < candidate.toYears),
  );
  if (!band) return undefined;
  return { rate: Math.min(maxRate, band.baseRate + band.perYear * (years - band.baseYears)), band };
}

function yearsForMax(bands: readonly PensionBand[], maxRate: number): number {
  const last = bands[bands.length - 1];
  if (!last || last.perYear === 0) return Number.POSITIVE_INFINITY;
  return last.baseYears + Math.ceil((maxRate - last.baseRate) / last.perYear);
}

export function calculatePensionRate(
  input: PensionInput,
  schedules: PolicySchedules = POLICY_SCHEDULES,
): PensionResult {
  if (!Number.isInteger(input.years) || input.years < 0 || input.years > 60)
    throw new RangeError('years must be 0..60');
  const rule = schedules.pensionRate.find(input.asOf);
  if (!rule) return notCovered(input.asOf, [schedules.pensionRate.coveredFrom]);
  const common: PensionCommon = {
    basis: basisFrom(input.asOf, [rule]),
    sex: input.sex,
    years: input.years,
    minYears: rule.minYears,
    maxRate: rule.maxRate,
    law: rule.law,
  };
  const bands = rule.bands[input.sex];
  if (input.years < rule.minYears) {
    const atMinimum = bands ? rateFor(bands, rule.minYears, rule.maxRate) : undefined;
    return {
      ...common,
      kind: 'not-eligible',
      missingYears: rule.minYears - input.years,
      rateAtMinimum: atMinimum?.rate,
    };
  }
  const computed = bands ? rateFor(bands, input.years, rule.maxRate) : undefined;
  if (!bands || !computed) {
    return {
      ...common,
      kind: 'unconfirmed',
      note:
        rule.unconfirmed?.[input.sex] ?? 'Quy định về tỷ lệ hưởng trong giai đoạn này chưa được xác nhận.',
    };
  }
  return {
    ...common,
    kind: 'eligible',
    rate: computed.rate,
    band: computed.band,
    capped: computed.rate >= rule.maxRate,
    yearsForMaxRate: yearsForMax(bands, rule.maxRate),
  };
}
