import { describe, expect, it } from 'vitest';
import {
  type EvalQuestion,
  evaluateRetrieval,
  firstHitRank,
  isHit,
  type RetrievedChunk,
} from '../../../../functions/core/knowledge/evaluate.js';

const question = (id: string, text: string, line: number, quote = ''): EvalQuestion => ({
  id,
  file: 'a.txt',
  category: id.startsWith('r') ? 'rates' : 'card',
  question: text,
  gold_quote: quote,
  line,
});
const chunk = (file: string, lineStart: number, lineEnd: number, text = ''): RetrievedChunk => ({
  file,
  lineStart,
  lineEnd,
  text,
});

describe('the hit rule', () => {
  it('accepts the gold line inside the chunk range of the same file, or the gold quote in its text', () => {
    const asked = question('r1', 'mức đóng', 10, 'Mức  đóng là\n22%');
    expect(isHit(asked, chunk('a.txt', 8, 12))).toBe(true);
    expect(isHit(asked, chunk('a.txt', 11, 12))).toBe(false);
    expect(isHit(asked, chunk('b.txt', 8, 12))).toBe(false);
    // Quote after NFC, lower case and collapsed spaces, from any file.
    expect(isHit(asked, chunk('b.txt', 1, 2, 'Theo luật, MỨC ĐÓNG LÀ 22% thu nhập.'))).toBe(true);
    // An empty quote (our own question sets) never matches by text.
    expect(isHit(question('r2', 'x', 10), chunk('b.txt', 1, 2, 'anything'))).toBe(false);
    expect(firstHitRank(asked, [chunk('b.txt', 1, 1), chunk('a.txt', 1, 5), chunk('a.txt', 9, 10)])).toBe(3);
    expect(firstHitRank(asked, [chunk('a.txt', 9, 10)], 0)).toBeUndefined();
  });
});

describe('evaluateRetrieval', () => {
  it('reports hit@k and MRR@10 overall, by diacritics, by category, and for accented questions asked without accents', () => {
    const questions = [
      question('r1', 'Mức đóng', 1),
      question('r2', 'muc dong bn', 2),
      question('c1', 'Thẻ BHYT', 3),
    ];
    const asked: string[] = [];
    // Rank of the gold line for each question as typed; without accents "Thẻ BHYT" drops to 4th.
    const ranking: Record<string, number[]> = {
      'Mức đóng': [1],
      'muc dong bn': [9, 9, 2],
      'Thẻ BHYT': [9, 3],
      // Accents removed (the folding also lower-cases).
      'muc dong': [1],
      'the bhyt': [9, 9, 9, 3],
    };
    const report = evaluateRetrieval(
      questions,
      (text) => {
        asked.push(text);
        return (ranking[text] ?? []).map((line) => chunk('a.txt', line, line));
      },
      900,
    );
    expect(report.overall).toEqual({ n: 3, hit1: 1 / 3, hit3: 1, hit5: 1, mrr10: (1 + 1 / 3 + 1 / 2) / 3 });
    expect(report.withDiacritics).toMatchObject({ n: 2, hit1: 0.5, mrr10: (1 + 1 / 2) / 2 });
    expect(report.withoutDiacritics).toMatchObject({ n: 1, hit1: 0, hit3: 1, mrr10: 1 / 3 });
    expect(report.withDiacriticsRemoved).toMatchObject({ n: 2, hit3: 0.5, hit5: 1, mrr10: (1 + 1 / 4) / 2 });
    expect(Object.keys(report.byCategory)).toEqual(['card', 'rates']);
    expect(report.byCategory.card).toMatchObject({ n: 1, mrr10: 1 / 2 });
    expect(report.meanChunkChars).toBe(900);
    // Accented questions are asked twice: as typed and with their accents removed.
    expect(asked).toEqual(['Mức đóng', 'muc dong bn', 'Thẻ BHYT', 'muc dong', 'the bhyt']);
  });
});
