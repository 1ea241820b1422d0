/**
 * `npm run eval -- --corpus DIR --questions FILE.jsonl [--json]` — build a fresh index from
 * the corpus in memory and print retrieval metrics (hit@1/3/5, MRR@10) overall, for
 * questions with and without diacritics, the accented questions asked again without their
 * accents (the paired measure), and by category, with the hit rule of the shared
 * eval set (file + line range, or the gold quote inside the chunk).
 */
import { readFile } from 'node:fs/promises';
import { readCorpus } from '../../adapters/knowledge/files.js';
import {
  type EvalReport,
  evaluateIndex,
  type Metrics,
  parseEvalQuestions,
} from '../../core/knowledge/evaluate.js';
import { KnowledgeIndex } from '../../core/knowledge/index.js';
import { defaultAnalyzer } from '../../core/text/analyze.js';
import { parseArgs } from './args.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['corpus', 'questions']);
  const corpus = args.options.corpus;
  const questionsFile = args.options.questions;
  if (!corpus || !questionsFile) {
    throw new Error('usage: npm run eval -- --corpus DIR --questions FILE.jsonl [--json]');
  }
  const { documents } = await readCorpus([corpus]);
  const index = KnowledgeIndex.build(documents, defaultAnalyzer());
  const questions = parseEvalQuestions(await readFile(questionsFile, 'utf8'));
  const { ranks: _ranks, ...report } = evaluateIndex(index, questions);
  if (args.flags.has('json')) {
    console.log(JSON.stringify(report));
    return;
  }
  printReport(report, index.chunks.length);
}

function printReport(report: EvalReport, chunks: number): void {
  const row = (name: string, metrics: Metrics) =>
    `${name.padEnd(22)}${String(metrics.n).padStart(4)}  ${[
      metrics.hit1,
      metrics.hit3,
      metrics.hit5,
      metrics.mrr10,
    ]
      .map((value) => value.toFixed(3).padStart(7))
      .join('')}`;
  console.log(
    `${''.padEnd(22)}${'n'.padStart(4)}  ${['hit@1', 'hit@3', 'hit@5', 'MRR@10'].map((h) => h.padStart(7)).join('')}`,
  );
  console.log(row('overall', report.overall));
  console.log(row('with diacritics', report.withDiacritics));
  console.log(row('without diacritics', report.withoutDiacritics));
  console.log(row('with, accents removed', report.withDiacriticsRemoved));
  for (const [category, metrics] of Object.entries(report.byCategory))
    console.log(row(`  ${category}`, metrics));
  console.log(`${chunks} passages, mean ${Math.round(report.meanChunkChars)} characters`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
