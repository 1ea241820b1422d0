/** Household size: "nhà 4 người", "4 thành viên", "gia đình 5 người", "hộ có năm khẩu". */
import { COUNT_PATTERN, countValue } from './numbers.js';

const SIZE = new RegExp(`(?<![\\d.,])\\b${COUNT_PATTERN}\\s*(?:nguoi|thanh vien|nhan khau|khau)\\b`, 'g');

export function parseHouseholdSize(folded: string): number | undefined {
  for (const match of folded.matchAll(SIZE)) {
    // "người dân tộc" after a number is rare, but "1 người dân tộc thiểu số" is not a household size.
    const after = folded.slice(match.index + match[0].length);
    if (/^\s*dan toc/.test(after)) continue;
    const value = countValue(match[1] ?? '');
    if (value !== undefined && value >= 1) return value;
  }
  return undefined;
}

/** A reply that is only a count ("4", "4 người"), typed when the bot asked how many. */
export function parseBareCount(folded: string): number | undefined {
  const match = new RegExp(`^${COUNT_PATTERN}\\s*(?:nguoi|thanh vien|nhan khau|khau)?\\s*[.!]?$`).exec(
    folded.trim(),
  );
  return match?.[1] ? countValue(match[1]) : undefined;
}
