/** Legal sources of a result as reply citations and as the "Căn cứ" line of the text. */
import type { Citation } from '../messages.js';
import { formatVietnameseDate as formatDate } from '../text/dates.js';
import type { PolicyBasis } from './basis.js';

export function citationsOf(basis: PolicyBasis): Citation[] {
  return basis.sources.map((source) => ({
    document: source.document,
    ...(source.article ? { section: source.article } : {}),
    date: basis.appliesFrom,
  }));
}

/** "Căn cứ: Luật … (Điều 31; Điều 141 khoản 13); Nghị định …." — one mention per document. */
export function sourcesLine(basis: PolicyBasis): string {
  const articles = new Map<string, string[]>();
  for (const source of basis.sources) {
    const list = articles.get(source.document) ?? [];
    if (source.article && !list.includes(source.article)) list.push(source.article);
    articles.set(source.document, list);
  }
  const parts = [...articles].map(([document, list]) =>
    list.length ? `${document} (${list.join('; ')})` : document,
  );
  return `Căn cứ: ${parts.join('; ')}.`;
}

/** "Áp dụng từ 01/07/2026 (tính đến ngày 22/11/2026)." */
export function asOfLine(basis: PolicyBasis): string {
  return `Áp dụng từ ${formatDate(basis.appliesFrom)} (tính đến ngày ${formatDate(basis.asOf)}).`;
}

export function unconfirmedLines(basis: PolicyBasis): string[] {
  return basis.unconfirmed.map((note) => `Lưu ý: ${note}`);
}

/** Footer every calculator reply ends with. */
export function footer(basis: PolicyBasis): string[] {
  return [...unconfirmedLines(basis), sourcesLine(basis), asOfLine(basis)];
}
