/**
 * Figures in FAQ answers come from the calculators' dated schedules, never from a copy in the
 * answer text: an answer writes `{{vsi.minIncome}}` and gets the amount in force on the turn's
 * date, so a new base salary or poverty line changes every FAQ answer the day it applies.
 *
 * Placeholders are `{{name}}`. An unknown name is an editing mistake and throws
 * (`UnknownFaqFigureError`); `validateFaqFigures` is the check to run where FAQ items are
 * loaded or saved, before any citizen asks (the unit tests run it over data/knowledge/faq.json).
 * A known name whose schedule has no entry for the date renders a plain
 * "(chưa có số liệu cho ngày này)" instead of failing the turn.
 */
import { formatNumber, formatPercent, formatVnd, percentOf } from '../policy/money.js';
import { calculatePensionRate } from '../policy/pension.js';
import type { DatedEntry } from '../policy/schedule.js';
import { POLICY_SCHEDULES, type PolicySchedules, SUPPORT_GROUPS } from '../policy/schedules.js';
import { formatVietnameseDate } from '../text/dates.js';

/** Shown in place of a figure whose schedule does not reach the date asked about. */
export const FIGURE_NOT_AVAILABLE = '(chưa có số liệu cho ngày này)';

/** `{{ name }}`: letters, digits, dots; spaces inside the braces are tolerated. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A placeholder that no figure answers to, or braces that do not form one. */
export class UnknownFaqFigureError extends Error {
  override readonly name = 'UnknownFaqFigureError';
  constructor(
    readonly placeholders: readonly string[],
    readonly itemId?: string,
  ) {
    super(
      `${itemId ? `FAQ ${itemId}: ` : ''}unknown figure placeholder${placeholders.length > 1 ? 's' : ''} ` +
        placeholders.map((name) => `{{${name}}}`).join(', '),
    );
  }
}

interface EntryWithNote extends DatedEntry {
  readonly unconfirmed?: unknown;
}

/** A figure's value on a date and the schedule entries it was computed from. */
interface Resolved {
  readonly text: string;
  readonly entries: readonly EntryWithNote[];
  /** An amount of money: it changes with the reference level or the poverty line. */
  readonly amount?: boolean;
}

function amount(value: number): { text: string; amount: true } {
  return { text: formatVnd(value), amount: true };
}

type Resolver = (asOf: string, schedules: PolicySchedules) => Resolved | undefined;

const MEMBER_POSITIONS = [2, 3, 4, 5] as const;

function vsiFloor(asOf: string, schedules: PolicySchedules) {
  const contribution = schedules.vsiContribution.find(asOf);
  const povertyLine = schedules.ruralPovertyLine.find(asOf);
  if (!contribution || !povertyLine) return undefined;
  return {
    contribution,
    povertyLine,
    minContribution: percentOf(povertyLine.amount, contribution.ratePercent),
  };
}

function vsiCeiling(asOf: string, schedules: PolicySchedules) {
  const contribution = schedules.vsiContribution.find(asOf);
  const reference = schedules.referenceLevel.find(asOf);
  if (!contribution || !reference) return undefined;
  return { contribution, reference, maxIncome: contribution.ceilingMultiplier * reference.amount };
}

function vsiSupport(asOf: string, schedules: PolicySchedules) {
  const floor = vsiFloor(asOf, schedules);
  const support = schedules.vsiSupport.find(asOf);
  if (!floor || !support) return undefined;
  return { ...floor, support };
}

function hiFirstMember(asOf: string, schedules: PolicySchedules) {
  const rule = schedules.hiHousehold.find(asOf);
  const reference = schedules.referenceLevel.find(asOf);
  if (!rule || !reference) return undefined;
  return { rule, reference, first: percentOf(reference.amount, rule.ratePercent) };
}

/** Monthly amount of the member at `position` (1-based; 5 stands for the 5th and later). */
function hiMember(asOf: string, schedules: PolicySchedules, position: number) {
  const base = hiFirstMember(asOf, schedules);
  if (!base) return undefined;
  const percent = base.rule.memberPercents[Math.min(position, base.rule.memberPercents.length) - 1] ?? 100;
  return { ...base, percent, monthly: percentOf(base.first, percent) };
}

const FIGURES: ReadonlyMap<string, Resolver> = new Map<string, Resolver>([
  // ------------------------------------------------------------ BHXH tự nguyện
  [
    'vsi.rate',
    (asOf, s) => {
      const entry = s.vsiContribution.find(asOf);
      return entry && { text: formatPercent(entry.ratePercent), entries: [entry] };
    },
  ],
  [
    'vsi.minIncome',
    (asOf, s) => {
      const entry = s.ruralPovertyLine.find(asOf);
      return entry && { ...amount(entry.amount), entries: [entry] };
    },
  ],
  [
    'vsi.maxIncome',
    (asOf, s) => {
      const ceiling = vsiCeiling(asOf, s);
      return (
        ceiling && {
          ...amount(ceiling.maxIncome),
          entries: [ceiling.contribution, ceiling.reference],
        }
      );
    },
  ],
  [
    'vsi.ceilingMultiplier',
    (asOf, s) => {
      const entry = s.vsiContribution.find(asOf);
      return entry && { text: String(entry.ceilingMultiplier), entries: [entry] };
    },
  ],
  [
    'vsi.referenceLevel',
    (asOf, s) => {
      const entry = s.referenceLevel.find(asOf);
      return entry && { ...amount(entry.amount), entries: [entry] };
    },
  ],
  [
    'vsi.referenceLevelName',
    (asOf, s) => {
      const entry = s.referenceLevel.find(asOf);
      return entry && { text: entry.name ?? 'lương cơ sở', entries: [entry] };
    },
  ],
  [
    'vsi.minContribution',
    (asOf, s) => {
      const floor = vsiFloor(asOf, s);
      return floor && { ...amount(floor.minContribution), entries: [floor.contribution, floor.povertyLine] };
    },
  ],
  [
    'vsi.maxContribution',
    (asOf, s) => {
      const ceiling = vsiCeiling(asOf, s);
      return (
        ceiling && {
          ...amount(percentOf(ceiling.maxIncome, ceiling.contribution.ratePercent)),
          entries: [ceiling.contribution, ceiling.reference],
        }
      );
    },
  ],
  [
    'vsi.maxSupportMonths',
    (asOf, s) => {
      const entry = s.vsiSupport.find(asOf);
      return entry?.maxSupportMonths ? { text: String(entry.maxSupportMonths), entries: [entry] } : undefined;
    },
  ],
  [
    'vsi.maxSupportYears',
    (asOf, s) => {
      const entry = s.vsiSupport.find(asOf);
      return entry?.maxSupportMonths
        ? { text: formatNumber(entry.maxSupportMonths / 12), entries: [entry] }
        : undefined;
    },
  ],
  ...SUPPORT_GROUPS.flatMap(
    (group): Array<[string, Resolver]> => [
      [
        `vsi.supportPercent.${group}`,
        (asOf, s) => {
          const entry = s.vsiSupport.find(asOf);
          return entry && { text: formatPercent(entry.percentByGroup[group]), entries: [entry] };
        },
      ],
      [
        // State support per month: a percentage of 22 % × the rural poverty line.
        `vsi.support.${group}`,
        (asOf, s) => {
          const found = vsiSupport(asOf, s);
          return (
            found && {
              ...amount(percentOf(found.minContribution, found.support.percentByGroup[group])),
              entries: [found.contribution, found.povertyLine, found.support],
            }
          );
        },
      ],
      [
        // What the participant pays per month at the lowest income, after the support.
        `vsi.minNet.${group}`,
        (asOf, s) => {
          const found = vsiSupport(asOf, s);
          if (!found) return undefined;
          const support = percentOf(found.minContribution, found.support.percentByGroup[group]);
          return {
            ...amount(found.minContribution - support),
            entries: [found.contribution, found.povertyLine, found.support],
          };
        },
      ],
    ],
  ),
  // ------------------------------------------------------------ BHYT hộ gia đình
  [
    'hi.rate',
    (asOf, s) => {
      const entry = s.hiHousehold.find(asOf);
      return entry && { text: formatPercent(entry.ratePercent), entries: [entry] };
    },
  ],
  [
    'hi.referenceLevel',
    (asOf, s) => {
      const entry = s.referenceLevel.find(asOf);
      return entry && { ...amount(entry.amount), entries: [entry] };
    },
  ],
  [
    'hi.referenceLevelName',
    (asOf, s) => {
      const entry = s.referenceLevel.find(asOf);
      return entry && { text: entry.name ?? 'lương cơ sở', entries: [entry] };
    },
  ],
  [
    'hi.firstMember',
    (asOf, s) => {
      const base = hiFirstMember(asOf, s);
      return base && { ...amount(base.first), entries: [base.rule, base.reference] };
    },
  ],
  [
    'hi.firstMemberYear',
    (asOf, s) => {
      const base = hiFirstMember(asOf, s);
      return base && { ...amount(base.first * 12), entries: [base.rule, base.reference] };
    },
  ],
  ...MEMBER_POSITIONS.flatMap(
    (position): Array<[string, Resolver]> => [
      [
        `hi.member${position}`,
        (asOf, s) => {
          const member = hiMember(asOf, s, position);
          return member && { ...amount(member.monthly), entries: [member.rule, member.reference] };
        },
      ],
      [
        `hi.member${position}Year`,
        (asOf, s) => {
          const member = hiMember(asOf, s, position);
          return member && { ...amount(member.monthly * 12), entries: [member.rule, member.reference] };
        },
      ],
      [
        `hi.memberPercent${position}`,
        (asOf, s) => {
          const member = hiMember(asOf, s, position);
          return member && { text: formatPercent(member.percent), entries: [member.rule] };
        },
      ],
    ],
  ),
  // ------------------------------------------------------------ Lương hưu
  [
    'pension.minYears',
    (asOf, s) => {
      const entry = s.pensionRate.find(asOf);
      return entry && { text: String(entry.minYears), entries: [entry] };
    },
  ],
  [
    'pension.maxRate',
    (asOf, s) => {
      const entry = s.pensionRate.find(asOf);
      return entry && { text: formatPercent(entry.maxRate), entries: [entry] };
    },
  ],
]);

/** `pension.rate.female.15`: the pension calculator's rate for that sex and whole years. */
const PENSION_RATE = /^pension\.rate\.(male|female)\.(\d{1,2})$/;

function pensionRate(name: string): Resolver | undefined {
  const match = PENSION_RATE.exec(name);
  if (!match) return undefined;
  const sex = match[1] as 'male' | 'female';
  const years = Number(match[2]);
  // The calculator's range: more years than a working life is a typo, not a figure.
  if (years > 60) return undefined;
  return (asOf, s) => {
    const result = calculatePensionRate({ sex, years, asOf }, s);
    // Below the minimum, or a rule not confirmed for that sex: no settled figure to show.
    if (result.kind !== 'eligible') return undefined;
    const entry = s.pensionRate.find(asOf);
    return entry && { text: formatPercent(result.rate), entries: [entry] };
  };
}

function resolverFor(name: string): Resolver | undefined {
  return FIGURES.get(name) ?? pensionRate(name);
}

/** Every fixed placeholder name, for editors and tests (plus `pension.rate.<male|female>.<years>`). */
export const FAQ_FIGURE_NAMES: readonly string[] = [...FIGURES.keys()];

export function isKnownFigure(name: string): boolean {
  return resolverFor(name) !== undefined;
}

/** The placeholder names an answer uses, in order, with repeats. */
export function figuresIn(answer: string): string[] {
  return [...answer.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** Unknown names, and braces left over that do not form a placeholder (`{{vsi.rate}`). */
export function unknownFiguresIn(answer: string): string[] {
  const unknown = figuresIn(answer).filter((name) => !isKnownFigure(name));
  const rest = answer.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) unknown.push(rest.includes('{{') ? '{{…' : '…}}');
  return [...new Set(unknown)];
}

/**
 * Throws UnknownFaqFigureError naming the first item with an unknown placeholder. Run when FAQ
 * items are loaded (sample file, seeding, an editor's save) so a typo never reaches a citizen.
 */
export function validateFaqFigures(items: Iterable<{ readonly id: string; readonly answer: string }>): void {
  for (const item of items) {
    const unknown = unknownFiguresIn(item.answer);
    if (unknown.length > 0) throw new UnknownFaqFigureError(unknown, item.id);
  }
}

/**
 * The answer with each placeholder replaced by its figure on `asOf`, followed by the notes for
 * values not yet officially confirmed and, when amounts of money were used, a line saying which
 * date they are computed for and since when they apply. Unknown placeholders throw.
 */
export function renderFaqAnswer(
  answer: string,
  asOf: string,
  schedules: PolicySchedules = POLICY_SCHEDULES,
): string {
  const unknown = unknownFiguresIn(answer);
  if (unknown.length > 0) throw new UnknownFaqFigureError(unknown);
  if (figuresIn(answer).length === 0) return answer;
  const used: EntryWithNote[] = [];
  let amounts = false;
  const text = answer.replace(PLACEHOLDER, (_, name: string) => {
    const resolved = resolverFor(name)?.(asOf, schedules);
    if (!resolved) return FIGURE_NOT_AVAILABLE;
    used.push(...resolved.entries);
    amounts ||= resolved.amount === true;
    return resolved.text;
  });
  const notes = [
    ...new Set(used.flatMap((entry) => (typeof entry.unconfirmed === 'string' ? [entry.unconfirmed] : []))),
  ];
  const lines = [text, ...notes.map((note) => `Lưu ý: ${note}`)];
  // Amounts follow the reference level and the poverty line, which change within an item's
  // period: say which date they are for. Rates and years change only with the law.
  if (amounts) {
    const appliesFrom = used.map((entry) => entry.effectiveFrom).sort((a, b) => (a < b ? 1 : -1))[0] ?? asOf;
    lines.push(
      `(Số tiền tính đến ngày ${formatVietnameseDate(asOf)}, theo mức áp dụng từ ${formatVietnameseDate(appliesFrom)}.)`,
    );
  }
  return lines.join('\n');
}
