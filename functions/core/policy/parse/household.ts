/** Household size: "nhà 4 người", "4 thành viên", "gia đình 5 người", "hộ có năm khẩu". */
import { COUNT_PATTERN, countValue } from './numbers.js';

const SIZE = new RegExp(`(?<![\\d.,])\\b${COUNT_PATTERN}\\s*(?:nguoi|ng|thanh vien|nhan khau|khau)\\b`, 'g');

export function parseHouseholdSize(folded: string): number | undefined {
  for (const match of folded.matchAll(SIZE)) {
    // "người dân tộc" after a number is rare, but "1 người dân tộc thiểu số" is not a household size.
    const after = folded.slice(match.index + match[0].length);
    if (/^\s*dan toc/.test(after)) continue;
    const value = countValue(match[1] ?? '');
    if (value !== undefined && value >= 1) return value;
  }
  return familySize(folded);
}

const COUPLE = /\b(?:\d |hai )?(?:vo chong|chong vo)\b/;
const CHILDREN = new RegExp(`\\b${COUNT_PATTERN} (?:dua |be |chau )?(?:con|chau)\\b(?! nguoi)`);
const PARENTS = /\b(?:va|voi|ca|them) (?:bo me|cha me|ong ba)\b/;
const ONLY_ME = /\b(?:mot minh|1 minh|cho minh (?:toi|em|tui|anh|chi)|cho (?:toi|em|minh|tui) thoi)\b/;

/**
 * A household told as its members: "vợ chồng tôi" (2), "2 vợ chồng và 2 đứa con" (4), "cho
 * mình em thôi" (1). The reply names the count, so the citizen sees what was assumed.
 */
function familySize(folded: string): number | undefined {
  if (ONLY_ME.test(folded)) return 1;
  if (!COUPLE.test(folded)) return undefined;
  let size = 2;
  const children = CHILDREN.exec(folded)?.[1];
  if (children !== undefined) size += countValue(children) ?? 0;
  if (PARENTS.test(folded)) size += 2;
  return size;
}

/** A reply that is only a count ("4", "4 người"), typed when the bot asked how many. */
export function parseBareCount(folded: string): number | undefined {
  const match = new RegExp(`^${COUNT_PATTERN}\\s*(?:nguoi|thanh vien|nhan khau|khau)?\\s*[.!]?$`).exec(
    folded.trim(),
  );
  return match?.[1] ? countValue(match[1]) : undefined;
}
