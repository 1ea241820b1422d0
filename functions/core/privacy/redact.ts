/**
 * Identifier redaction. Used before indexing documents, before writing conversation turns,
 * and in application logs. Broad on purpose: a false positive costs a masked number in a
 * log; a false negative leaks a citizen's identifier. What is found is described in
 * privacy/identifiers.ts; what is masked where in docs/design/privacy.md, "Identifiers and redaction".
 *
 * Kept readable: amounts grouped in thousands (1.500.000 đồng, even 1.500.000.000), the
 * hotline 1900 9068 (8 digits), legal document numbers (188/2025/NĐ-CP), years, percentages.
 */
import {
  type DateSpan,
  findDates,
  findIdentifiers,
  findOldIdentityCards,
  type IdentifierKind,
} from './identifiers.js';

const LABELS: Readonly<Record<IdentifierKind, string>> = {
  card: '[mã thẻ BHYT]',
  cccd: '[số CCCD]',
  bhxh: '[mã số BHXH]',
  phone: '[số điện thoại]',
  number: '[dãy số]',
};

export const DATE_LABEL = '[ngày]';
const CMND_LABEL = '[số CMND]';

function oldIdentityCards(text: string): Mask[] {
  return findOldIdentityCards(text).map((span) => ({ ...span, label: CMND_LABEL }));
}

interface Mask {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

function applyMasks(text: string, masks: readonly Mask[]): string {
  let result = '';
  let at = 0;
  for (const mask of [...masks].sort((a, b) => a.start - b.start)) {
    if (mask.start < at) continue;
    result += text.slice(at, mask.start) + mask.label;
    at = mask.end;
  }
  return result + text.slice(at);
}

/**
 * Replace every identifier (code, card number, CCCD, phone) with a neutral label; dates stay
 * readable ("từ ngày 01/7/2025"), and are never read as part of an identifier.
 */
export function redactIdentifiers(text: string): string {
  const nfc = text.normalize('NFC');
  const identifiers = findIdentifiers(nfc, findDates(nfc));
  return applyMasks(nfc, [
    ...identifiers.map((span) => ({ ...span, label: LABELS[span.kind] })),
    ...oldIdentityCards(nfc),
  ]);
}

/**
 * Identifiers and every date (a date of birth can come in any message). Dates are looked for
 * again once the identifiers are masked: "0123456789 17 5 1962" has its date only after the
 * code is gone, because a date is never cut out of a longer run of digits.
 */
export function redactIdentifiersAndDates(text: string): string {
  const nfc = text.normalize('NFC');
  const dates: readonly DateSpan[] = findDates(nfc);
  const identifiers = findIdentifiers(nfc, dates);
  const once = applyMasks(nfc, [
    ...dates.map((span) => ({ ...span, label: DATE_LABEL })),
    ...identifiers.map((span) => ({ ...span, label: LABELS[span.kind] })),
    ...oldIdentityCards(nfc),
  ]);
  return applyMasks(
    once,
    findDates(once).map((span) => ({ ...span, label: DATE_LABEL })),
  );
}

/** True when the text still contains something that looks like an identifier. */
export function containsIdentifier(text: string): boolean {
  const nfc = text.normalize('NFC');
  return findIdentifiers(nfc, findDates(nfc)).length > 0 || findOldIdentityCards(nfc).length > 0;
}
