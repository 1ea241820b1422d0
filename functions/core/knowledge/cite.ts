/**
 * How a passage is cited and dated in a reply, the same for the extractive reply and for a
 * model's reply (whose citations code renders: the model never writes a source).
 */
import type { Citation } from '../messages.js';
import { formatPartialDate } from '../text/dates.js';
import { yearOf } from './metadata.js';
import type { Passage } from './types.js';

/** `Theo tài liệu "…" (Hà Nội, 20/12/2019), mục "…"`: where a passage comes from, for the citizen. */
export function passageSourceLine(passage: Passage, lead = 'Theo tài liệu'): string {
  const { document, chunk } = passage;
  const section = chunk.headings[chunk.headings.length - 1];
  const where = [document.place, formatPartialDate(document.date)].filter(Boolean).join(', ');
  return `${lead} "${document.title}"${where ? ` (${where})` : ''}${section ? `, mục "${section}"` : ''}`;
}

export function passageCitation(passage: Passage): Citation {
  const { document, chunk } = passage;
  return {
    document: document.title,
    ...(chunk.headings.length > 0 ? { section: chunk.headings.join(' › ') } : {}),
    ...(document.date ? { date: document.date } : {}),
    ...(document.issuer || document.place
      ? { source: [document.issuer, document.place].filter(Boolean).join(', ') }
      : {}),
  };
}

/** "Lưu ý: tài liệu này từ năm 2019, …" when the document predates the latest rule change. */
export function staleNote(
  documentDate: string | undefined,
  asOf: string,
  config: { readonly ruleChanges: readonly string[] },
): string {
  const inForceSince = [...config.ruleChanges]
    .filter((date) => date <= asOf)
    .sort()
    .pop();
  const year = yearOf(documentDate);
  if (!inForceSince || year === undefined || (documentDate as string) >= inForceSince) return '';
  return `Lưu ý: tài liệu này từ năm ${year}, quy định có thể đã thay đổi. Quy định hiện hành áp dụng từ ${formatPartialDate(inForceSince)}.`;
}
