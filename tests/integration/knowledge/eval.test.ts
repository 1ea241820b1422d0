/**
 * Retrieval quality on the shared seed corpus and dev questions, with the hit rule of
 * ../shared/eval/README.md. Floors sit just below the figures measured when they were set
 * (docs/DESIGN.md, "Retrieval"), so a regression fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../../functions/app/knowledge.js';
import { evaluateRetrieval, parseEvalQuestions } from '../../../functions/core/knowledge/evaluate.js';
import { KnowledgeIndex } from '../../../functions/core/knowledge/index.js';
import { defaultAnalyzer } from '../../../functions/core/text/analyze.js';

const SEEDS = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));
const QUESTIONS = fileURLToPath(new URL('../../../../shared/eval/retrieval-dev.jsonl', import.meta.url));
const available = existsSync(SEEDS) && existsSync(QUESTIONS);
if (!available) console.warn(`[knowledge eval] skipped: ${SEEDS} or ${QUESTIONS} is absent`);

// Measured 2026-11-23 (analyser v4, numbers weighted 3): hit@1 0.707, hit@3 0.902, hit@5 0.939,
// MRR@10 0.809; with diacritics hit@5 0.927 / MRR@10 0.784, without 0.963 / 0.861.
const FLOORS = {
  overall: { hit1: 0.7, hit3: 0.89, hit5: 0.93, mrr10: 0.8 },
  withDiacritics: { hit5: 0.92, mrr10: 0.775 },
  withoutDiacritics: { hit5: 0.95, mrr10: 0.85 },
};

describe.skipIf(!available)('retrieval on the shared seeds', () => {
  it('stays above the measured floors, with and without diacritics', async () => {
    const { documents } = await readCorpus([SEEDS]);
    const index = KnowledgeIndex.build(documents, defaultAnalyzer());
    const questions = parseEvalQuestions(readFileSync(QUESTIONS, 'utf8'));
    const meanChars = index.chunks.reduce((sum, chunk) => sum + chunk.text.length, 0) / index.chunks.length;
    const report = evaluateRetrieval(
      questions,
      (question) =>
        index.search(question, { limit: 10 }).map((passage) => ({
          file: passage.document.file,
          lineStart: passage.chunk.lineStart,
          lineEnd: passage.chunk.lineEnd,
          text: passage.chunk.text,
        })),
      meanChars,
    );
    console.log(
      `[knowledge eval] n=${report.n} hit@1=${report.overall.hit1.toFixed(3)} hit@3=${report.overall.hit3.toFixed(3)} ` +
        `hit@5=${report.overall.hit5.toFixed(3)} MRR@10=${report.overall.mrr10.toFixed(3)} ` +
        `with=${report.withDiacritics.hit5.toFixed(3)}/${report.withDiacritics.mrr10.toFixed(3)} ` +
        `without=${report.withoutDiacritics.hit5.toFixed(3)}/${report.withoutDiacritics.mrr10.toFixed(3)}`,
    );
    expect(report.n).toBeGreaterThanOrEqual(80);
    for (const [metric, floor] of Object.entries(FLOORS.overall)) {
      expect(report.overall[metric as keyof typeof FLOORS.overall], metric).toBeGreaterThanOrEqual(floor);
    }
    for (const group of ['withDiacritics', 'withoutDiacritics'] as const) {
      for (const [metric, floor] of Object.entries(FLOORS[group])) {
        expect(
          report[group][metric as keyof (typeof FLOORS)[typeof group]],
          `${group} ${metric}`,
        ).toBeGreaterThanOrEqual(floor);
      }
    }
    for (const chunk of index.chunks) expect(chunk.text.length).toBeLessThanOrEqual(2000);
  });
});
