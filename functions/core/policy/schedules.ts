/**
 * The project's policy schedules (data/policy/*.json), validated with zod when the module
 * loads so a bad edit fails at cold start and in the unit tests, never mid-conversation.
 */
import * as z from 'zod';
import hiHouseholdRaw from '../../../data/policy/hi-household.json' with { type: 'json' };
import pensionRateRaw from '../../../data/policy/pension-rate.json' with { type: 'json' };
import referenceLevelRaw from '../../../data/policy/reference-level.json' with { type: 'json' };
import ruralPovertyLineRaw from '../../../data/policy/rural-poverty-line.json' with { type: 'json' };
import vsiContributionRaw from '../../../data/policy/vsi-contribution.json' with { type: 'json' };
import vsiSupportRaw from '../../../data/policy/vsi-support.json' with { type: 'json' };
import { createSchedule, type DatedSchedule, datedEntryShape } from './schedule.js';

/** Text shown to citizens when a value is derived or not yet officially confirmed. */
const unconfirmedNote = z.string().min(10).optional();

export const amountEntrySchema = z.object({
  ...datedEntryShape,
  amount: z.number().int().positive(),
  name: z.string().optional(),
  unconfirmed: unconfirmedNote,
});
export type AmountEntry = z.infer<typeof amountEntrySchema>;

export const vsiContributionEntrySchema = z.object({
  ...datedEntryShape,
  ratePercent: z.number().positive().max(100),
  ceilingMultiplier: z.number().int().positive(),
  unconfirmed: unconfirmedNote,
});
export type VsiContributionEntry = z.infer<typeof vsiContributionEntrySchema>;

export const SUPPORT_GROUPS = ['poor', 'nearPoor', 'ethnicMinority', 'island', 'other'] as const;
export type SupportGroup = (typeof SUPPORT_GROUPS)[number];

const percent = z.number().min(0).max(100);
export const vsiSupportEntrySchema = z.object({
  ...datedEntryShape,
  percentByGroup: z.object({
    poor: percent,
    nearPoor: percent,
    ethnicMinority: percent,
    island: percent,
    other: percent,
  }),
  /** Longest support period in months, when the research confirms one for the period. */
  maxSupportMonths: z.number().int().positive().nullable(),
  unconfirmed: unconfirmedNote,
});
export type VsiSupportEntry = z.infer<typeof vsiSupportEntrySchema>;

export const hiHouseholdEntrySchema = z.object({
  ...datedEntryShape,
  ratePercent: z.number().positive().max(100),
  /** Percent of the first member's amount for member 1, 2, 3, 4 and 5-and-later. */
  memberPercents: z.array(percent).length(5),
  unconfirmed: unconfirmedNote,
});
export type HiHouseholdEntry = z.infer<typeof hiHouseholdEntrySchema>;

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

const pensionBandSchema = z.object({
  fromYears: z.number().int().min(0),
  toYears: z.number().int().positive().nullable(),
  baseYears: z.number().int().min(0),
  baseRate: percent,
  perYear: z.number().min(0).max(10),
});
export type PensionBand = z.infer<typeof pensionBandSchema>;

export const PENSION_LAWS = ['58/2014/QH13', '41/2024/QH15'] as const;

export const pensionRateEntrySchema = z.object({
  ...datedEntryShape,
  /** The social insurance law in force; the options for those not yet eligible differ. */
  law: z.enum(PENSION_LAWS),
  minYears: z.number().int().positive(),
  maxRate: percent,
  /** null = the rule for that sex is uncertain (U) and is never stated as settled. */
  bands: z.object({
    male: z.array(pensionBandSchema).min(1).nullable(),
    female: z.array(pensionBandSchema).min(1).nullable(),
  }),
  unconfirmed: z.object({ male: z.string().optional(), female: z.string().optional() }).optional(),
});
export type PensionRateEntry = z.infer<typeof pensionRateEntrySchema>;

export interface PolicySchedules {
  readonly referenceLevel: DatedSchedule<AmountEntry>;
  readonly ruralPovertyLine: DatedSchedule<AmountEntry>;
  readonly vsiContribution: DatedSchedule<VsiContributionEntry>;
  readonly vsiSupport: DatedSchedule<VsiSupportEntry>;
  readonly hiHousehold: DatedSchedule<HiHouseholdEntry>;
  readonly pensionRate: DatedSchedule<PensionRateEntry>;
}

export interface RawPolicySchedules {
  readonly referenceLevel: unknown;
  readonly ruralPovertyLine: unknown;
  readonly vsiContribution: unknown;
  readonly vsiSupport: unknown;
  readonly hiHousehold: unknown;
  readonly pensionRate: unknown;
}

export const RAW_POLICY_SCHEDULES: RawPolicySchedules = {
  referenceLevel: referenceLevelRaw,
  ruralPovertyLine: ruralPovertyLineRaw,
  vsiContribution: vsiContributionRaw,
  vsiSupport: vsiSupportRaw,
  hiHousehold: hiHouseholdRaw,
  pensionRate: pensionRateRaw,
};

/** Each schedule file (data/policy/<name>.json) and the shape of its entries. */
export const POLICY_ENTRY_SCHEMAS = {
  'reference-level': amountEntrySchema,
  'rural-poverty-line': amountEntrySchema,
  'vsi-contribution': vsiContributionEntrySchema,
  'vsi-support': vsiSupportEntrySchema,
  'hi-household': hiHouseholdEntrySchema,
  'pension-rate': pensionRateEntrySchema,
} as const;

export function loadPolicySchedules(raw: RawPolicySchedules = RAW_POLICY_SCHEDULES): PolicySchedules {
  const schemas = POLICY_ENTRY_SCHEMAS;
  return {
    referenceLevel: createSchedule('reference-level', raw.referenceLevel, schemas['reference-level']),
    ruralPovertyLine: createSchedule(
      'rural-poverty-line',
      raw.ruralPovertyLine,
      schemas['rural-poverty-line'],
    ),
    vsiContribution: createSchedule('vsi-contribution', raw.vsiContribution, schemas['vsi-contribution']),
    vsiSupport: createSchedule('vsi-support', raw.vsiSupport, schemas['vsi-support']),
    hiHousehold: createSchedule('hi-household', raw.hiHousehold, schemas['hi-household']),
    pensionRate: createSchedule('pension-rate', raw.pensionRate, schemas['pension-rate']),
  };
}

/** The validated schedules shipped with the code. */
export const POLICY_SCHEDULES: PolicySchedules = loadPolicySchedules();
