/** Legal sources of a result as reply citations (the text's "Căn cứ" line is composed in replies.ts). */
import type { Citation } from '../messages.js';
import type { PolicyBasis } from './basis.js';

export function citationsOf(basis: PolicyBasis): Citation[] {
  return basis.sources.map((source) => ({
    document: source.document,
    ...(source.article ? { section: source.article } : {}),
    date: basis.appliesFrom,
  }));
}
