/**
 * The console's FAQ search box: every word of the query (folded, with the bot's analyser:
 * abbreviations expanded, stopwords ignored) must appear in the item's variants, answer, tags
 * or id. Ranking: variants weigh more than tags and id, which weigh more than the answer;
 * adjacent words found side by side add to the score; and a word typed with its accents adds
 * more where the item writes it the same way, so "mất thẻ" ranks "mất thẻ" above "mật thể".
 */
import type { Token, VietnameseAnalyzer } from '../text/analyze.js';
import type { FaqItem } from './faq.js';

const WEIGHTS = { questions: 3, labels: 2, answer: 1 } as const;
type Field = keyof typeof WEIGHTS;

interface FieldTerms {
  readonly words: ReadonlySet<string>;
  readonly exact: ReadonlySet<string>;
  readonly pairs: ReadonlySet<string>;
}

export interface FaqSearchHit {
  readonly item: FaqItem;
  readonly score: number;
}

export function searchFaqs(
  items: readonly FaqItem[],
  query: string,
  analyzer: VietnameseAnalyzer,
): FaqSearchHit[] {
  const tokens = analyzer.tokens(query, 'query');
  const content = tokens.filter((token) => !analyzer.isStopword(token.folded));
  // A query of stopwords only ("là gì") still searches for its words.
  const wanted = content.length > 0 ? content : tokens;
  // A query typed like an id ("bhyt-mat-the", "mat-the") also finds the items whose id has it.
  const typedId = /^[a-z0-9-]+$/.test(query.trim().toLowerCase()) ? query.trim().toLowerCase() : '';
  if (wanted.length === 0 && typedId === '') return items.map((item) => ({ item, score: 0 }));
  const hits: FaqSearchHit[] = [];
  for (const item of items) {
    const fields: Record<Field, FieldTerms> = {
      questions: termsOf(analyzer.tokens(item.questions.join(' | '), 'query')),
      labels: termsOf(analyzer.tokens([item.id, ...item.tags].join(' | ').replace(/-/g, ' '), 'query')),
      answer: termsOf(analyzer.tokens(item.answer, 'query')),
    };
    const idHit = typedId !== '' && item.id.includes(typedId);
    let score = idHit ? WEIGHTS.labels * 2 : 0;
    let all = wanted.length > 0;
    for (const token of wanted) {
      const best = bestWeight(fields, (terms) => terms.words.has(token.folded));
      if (best === 0) {
        all = false;
        break;
      }
      score += best;
      if (token.exact !== token.folded)
        score += bestWeight(fields, (terms) => terms.exact.has(token.exact)) * 0.5;
    }
    if (!all && !idHit) continue;
    for (let i = 1; i < wanted.length; i++) {
      const pair = `${wanted[i - 1]?.folded} ${wanted[i]?.folded}`;
      score += bestWeight(fields, (terms) => terms.pairs.has(pair)) * 0.5;
    }
    hits.push({ item, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.item.id.localeCompare(b.item.id));
}

function termsOf(tokens: readonly Token[]): FieldTerms {
  const words = new Set<string>();
  const exact = new Set<string>();
  const pairs = new Set<string>();
  tokens.forEach((token, index) => {
    words.add(token.folded);
    exact.add(token.exact);
    const previous = tokens[index - 1];
    if (previous && !token.boundary) pairs.add(`${previous.folded} ${token.folded}`);
  });
  return { words, exact, pairs };
}

function bestWeight(fields: Record<Field, FieldTerms>, has: (terms: FieldTerms) => boolean): number {
  let best = 0;
  for (const field of Object.keys(WEIGHTS) as Field[])
    if (has(fields[field])) best = Math.max(best, WEIGHTS[field]);
  return best;
}
