/**
 * Retrieval evaluation with the hit rule of the shared eval set: a retrieved chunk is a hit
 * when it comes from the question's file and its source line range contains the gold line,
 * or when its text contains the gold quote after NFC, lower-casing and collapsing spaces.
 */
import { hasDiacritics } from '../text/analyze.js';
import { foldVietnamese, toNfc } from '../text/fold.js';
import type { KnowledgeIndex } from './index.js';
import type { Passage } from './types.js';

export interface EvalQuestion {
  readonly id: string;
  readonly file: string;
  readonly category: string;
  readonly question: string;
  readonly gold_quote: string;
  readonly line: number;
}

/** What the hit rule needs to know about a retrieved chunk. */
export interface RetrievedChunk {
  readonly file: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly text: string;
}

export interface Metrics {
  readonly n: number;
  readonly hit1: number;
  readonly hit3: number;
  readonly hit5: number;
  readonly mrr10: number;
}

export interface EvalReport {
  readonly n: number;
  readonly overall: Metrics;
  readonly withDiacritics: Metrics;
  readonly withoutDiacritics: Metrics;
  /**
   * The questions typed with diacritics, asked again with every diacritic removed: the paired
   * measure of what a citizen typing without accents loses (compare with `withDiacritics`).
   */
  readonly withDiacriticsRemoved: Metrics;
  readonly byCategory: Readonly<Record<string, Metrics>>;
  readonly meanChunkChars: number;
}

export function normalizeForMatch(text: string): string {
  return toNfc(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

export function isHit(question: EvalQuestion, chunk: RetrievedChunk): boolean {
  if (chunk.file === question.file && chunk.lineStart <= question.line && question.line <= chunk.lineEnd) {
    return true;
  }
  const quote = normalizeForMatch(question.gold_quote);
  return quote !== '' && normalizeForMatch(chunk.text).includes(quote);
}

/** 1-based rank of the first hit among the first `depth` results, or undefined. */
export function firstHitRank(
  question: EvalQuestion,
  results: readonly RetrievedChunk[],
  depth = 10,
): number | undefined {
  const index = results.slice(0, depth).findIndex((chunk) => isHit(question, chunk));
  return index === -1 ? undefined : index + 1;
}

function metricsOf(ranks: ReadonlyArray<number | undefined>): Metrics {
  const n = ranks.length;
  const share = (predicate: (rank: number | undefined) => boolean): number =>
    n === 0 ? 0 : ranks.filter(predicate).length / n;
  return {
    n,
    hit1: share((rank) => rank !== undefined && rank <= 1),
    hit3: share((rank) => rank !== undefined && rank <= 3),
    hit5: share((rank) => rank !== undefined && rank <= 5),
    mrr10:
      n === 0 ? 0 : ranks.reduce<number>((sum, rank) => sum + (rank && rank <= 10 ? 1 / rank : 0), 0) / n,
  };
}

export function evaluateRetrieval(
  questions: readonly EvalQuestion[],
  retrieve: (question: string) => readonly RetrievedChunk[],
  meanChunkChars: number,
): EvalReport & { readonly ranks: ReadonlyArray<number | undefined> } {
  const ranks = questions.map((question) => firstHitRank(question, retrieve(question.question)));
  const strippedRanks = questions
    .filter((question) => hasDiacritics(question.question))
    .map((question) => firstHitRank(question, retrieve(foldVietnamese(question.question))));
  const pick = (predicate: (question: EvalQuestion) => boolean) =>
    metricsOf(ranks.filter((_, index) => predicate(questions[index] as EvalQuestion)));
  const categories = [...new Set(questions.map((question) => question.category))].sort();
  return {
    n: questions.length,
    overall: metricsOf(ranks),
    withDiacritics: pick((question) => hasDiacritics(question.question)),
    withoutDiacritics: pick((question) => !hasDiacritics(question.question)),
    withDiacriticsRemoved: metricsOf(strippedRanks),
    byCategory: Object.fromEntries(
      categories.map((category) => [category, pick((question) => question.category === category)]),
    ),
    meanChunkChars,
    ranks,
  };
}

/** What the hit rule sees of a passage found by search. */
export function retrievedChunk({ document, chunk }: Passage): RetrievedChunk {
  return { file: document.file, lineStart: chunk.lineStart, lineEnd: chunk.lineEnd, text: chunk.text };
}

/** The index's own search (top 10) measured on the questions. */
export function evaluateIndex(
  index: KnowledgeIndex,
  questions: readonly EvalQuestion[],
): EvalReport & { readonly ranks: ReadonlyArray<number | undefined> } {
  const meanChunkChars =
    index.chunks.reduce((sum, chunk) => sum + chunk.text.length, 0) / (index.chunks.length || 1);
  return evaluateRetrieval(
    questions,
    (question) => index.search(question, { limit: 10 }).map(retrievedChunk),
    meanChunkChars,
  );
}

export function parseEvalQuestions(jsonl: string): EvalQuestion[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalQuestion);
}
