/**
 * Best-effort document metadata from the text itself: title, issuing body, place and date.
 * A sidecar `<file>.meta.json` overrides every field it sets.
 */
import type { Block } from './clean.js';

export interface DetectedMeta {
  readonly title?: string;
  readonly issuer?: string;
  readonly place?: string;
  readonly date?: string;
}

const DOCUMENT_TYPES =
  /^(BÁO CÁO|KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ ĐỊNH|NGHỊ QUYẾT|THÔNG TƯ|CÔNG VĂN|HƯỚNG DẪN|TỔNG HỢP|LUẬT|CHỈ THỊ|TỜ TRÌNH|THÔNG BÁO)/u;
const ISSUER_HEADER =
  /^(BẢO HIỂM XÃ HỘI|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|HUYỆN ỦY|SỞ |BỘ |BAN |CHÍNH PHỦ|QUỐC HỘI)/u;
const NATIONAL_MOTTO = /^(CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|Số:|Số\s)/u;
const PLACE_DATE = /^([\p{Lu}][\p{L} .]{1,40}),\s*(?:ngày\s+(\d{1,2})\s+)?tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
const REPORTER =
  /(?:^|[;,.]\s*)((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ban Thường vụ|Bảo hiểm xã hội|BHXH|Sở)[^;,.]{2,80}?)\s+báo cáo/u;
const FULL_DATE = /\b(\d{1,2})\/(\d{1,2})\/((?:19|20)\d{2})\b/g;
const WORDY_DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})/gu;
const YEAR = /\bnăm\s+((?:19|20)\d{2})\b/giu;

export function detectMetadata(blocks: readonly Block[]): DetectedMeta {
  const head = blocks.slice(0, 15);
  let title: string | undefined;
  let issuer: string | undefined;
  let place: string | undefined;
  let date: string | undefined;

  for (const block of head) {
    const text = block.text.trim();
    const placeDate = PLACE_DATE.exec(text);
    if (placeDate && !place && text.length < 120) {
      place = placeDate[1]?.trim();
      date = isoDate(placeDate[4], placeDate[3], placeDate[2]);
    }
  }
  for (let i = 0; i < head.length; i++) {
    const text = (head[i] as Block).text.trim();
    if (!issuer && ISSUER_HEADER.test(text) && text.length < 80 && text === text.toUpperCase()) {
      issuer = sentenceCase(text);
      continue;
    }
    if (!title && DOCUMENT_TYPES.test(text)) {
      const next = head[i + 1]?.text.trim();
      title =
        text.length < 40 && next && next.length < 300 && !PLACE_DATE.test(next) ? `${text} ${next}` : text;
    }
  }
  if (!issuer) {
    const reporter = blocks
      .slice(0, 30)
      .map((block) => REPORTER.exec(block.text)?.[1])
      .find((found) => found !== undefined);
    if (reporter) issuer = reporter.trim();
  }
  if (!title) {
    const first = blocks.find((block) => block.text.trim().length >= 20 && !NATIONAL_MOTTO.test(block.text));
    if (first) title = firstWords(first.text, 90);
  }
  place ??= mostMentionedPlace(blocks);
  date ??= latestDate(blocks);
  return {
    ...(title ? { title: title.replace(/\s+/g, ' ').trim() } : {}),
    ...(issuer ? { issuer } : {}),
    ...(place ? { place } : {}),
    ...(date ? { date } : {}),
  };
}

const PLACE_MENTION = /(?:tỉnh|thành phố|TP\.?)\s+((?:\p{Lu}\p{Ll}+)(?:\s\p{Lu}\p{Ll}+){0,2})/gu;

/**
 * The province or city a report is about: the one named most often after "tỉnh" /
 * "thành phố", when it clearly dominates (a compilation of many provinces gets none).
 */
function mostMentionedPlace(blocks: readonly Block[]): string | undefined {
  const counts = new Map<string, number>();
  for (const block of blocks) {
    for (const match of block.text.matchAll(PLACE_MENTION)) {
      const name = match[1] as string;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top || top[1] < 2) return undefined;
  if (second && second[1] * 2 > top[1]) return undefined;
  return top[0];
}

/**
 * The latest full date written in the text (a report is dated after what it reports);
 * otherwise the most mentioned year. Dates after a "đến/giai đoạn" are targets, not events.
 */
function latestDate(blocks: readonly Block[]): string | undefined {
  let best: string | undefined;
  const years = new Map<string, number>();
  for (const block of blocks) {
    const text = block.text;
    for (const pattern of [FULL_DATE, WORDY_DATE]) {
      for (const match of text.matchAll(pattern)) {
        const before = text.slice(Math.max(0, (match.index ?? 0) - 12), match.index ?? 0);
        if (/(đến|trước|giai đoạn)\s*(ngày\s*)?$/iu.test(before)) continue;
        const iso = isoDate(match[3], match[2], match[1]);
        if (iso && (!best || iso > best)) best = iso;
      }
    }
    for (const match of text.matchAll(YEAR)) {
      const year = match[1] as string;
      years.set(year, (years.get(year) ?? 0) + 1);
    }
  }
  if (best) return best;
  const [year] = [...years.entries()].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0] ?? [];
  return year;
}

function isoDate(year?: string, month?: string, day?: string): string | undefined {
  if (!year) return undefined;
  const m = Number(month);
  if (!month || m < 1 || m > 12) return year;
  const mm = String(m).padStart(2, '0');
  const d = Number(day);
  if (!day || d < 1 || d > 31) return `${year}-${mm}`;
  return `${year}-${mm}-${String(d).padStart(2, '0')}`;
}

function sentenceCase(text: string): string {
  const lower = text.toLocaleLowerCase('vi');
  const cased = lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
  return cased.replace(/\bviệt nam\b/gu, 'Việt Nam');
}

function firstWords(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const space = clean.lastIndexOf(' ', max);
  return `${clean.slice(0, space > 0 ? space : max)}…`;
}

/** The year of a metadata date ("2019-12" → 2019). */
export function yearOf(date: string | undefined): number | undefined {
  const match = /^(\d{4})/.exec(date ?? '');
  return match ? Number(match[1]) : undefined;
}
