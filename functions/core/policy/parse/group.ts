/**
 * Support group for BHXH tự nguyện: "hộ nghèo", "cận nghèo", "dân tộc thiểu số" / "dtts",
 * "đối tượng khác", with or without diacritics (read from folded text).
 */
import type { SupportGroup } from '../schedules.js';

const NEAR_POOR = /\bcan ngheo\b/;
const POOR = /(?<!\bcan |\bkhong |\bthoat )\b(?:ho ngheo|nguoi ngheo|dien ngheo|thuoc ngheo|ngheo)\b/;
const ETHNIC = /\b(?:dan toc(?! kinh)(?: thieu so)?|dtts|dong bao)\b/;
const OTHER =
  /\b(?:doi tuong khac|nhom khac|binh thuong|nguoi thuong|khong (?:thuoc )?(?:ho )?(?:ngheo|can ngheo)|khong thuoc (?:dien|nhom) nao|khong uu tien)\b/;

/** Every group the message names (several may apply; the highest support wins). */
export function parseSupportGroups(folded: string): SupportGroup[] {
  const groups: SupportGroup[] = [];
  const withoutNearPoor = folded.replace(/\bcan ngheo\b/g, ' ');
  if (NEAR_POOR.test(folded)) groups.push('nearPoor');
  if (POOR.test(withoutNearPoor) && !OTHER.test(folded)) groups.push('poor');
  if (ETHNIC.test(folded)) groups.push('ethnicMinority');
  if (groups.length === 0 && OTHER.test(folded)) groups.push('other');
  return groups;
}
