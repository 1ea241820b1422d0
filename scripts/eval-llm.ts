/**
 * `npm run eval:llm -- --questions FILE.jsonl [--corpus DIR] [--live] [--json]`
 *
 * The optional model on a question set, through the same knowledge engine, gate and fallback
 * as the bot: gate pass rate, citation validity, refusal precision and recall on questions
 * marked unanswerable, fallbacks by reason, latency p50/p95 and tokens and cost per 1,000
 * messages. Offline by default, against the fake OpenAI server on loopback in its deterministic
 * "quote the first passage" mode (it measures the pipeline, not a model). With `--live` it calls
 * the model configured by LLM_MODEL / OPENAI_API_KEY / OPENAI_BASE_URL — never in CI.
 *
 * Question lines: {"id": "…", "question": "…", "answerable": false?}.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { KNOWLEDGE_DIR, readCorpus, readFaqDrafts } from '../functions/adapters/knowledge/files.js';
import { MemoryFaqStore } from '../functions/adapters/memory/faq-store.js';
import { parseArgs } from '../functions/composition/cli/args.js';
import { createLlmAnswering } from '../functions/composition/llm.js';
import { answerQuestion } from '../functions/core/knowledge/answer.js';
import { KnowledgeIndex } from '../functions/core/knowledge/index.js';
import type { LlmAnswering } from '../functions/core/llm/generate.js';
import type { LlmResult, LlmTurnUsage } from '../functions/core/ports.js';
import { defaultAnalyzer } from '../functions/core/text/analyze.js';
import { loadConfig } from '../functions/shared/config.js';
import { silentLogger } from '../functions/shared/logger.js';
import { outcomes, quoteFirstPassage, startFakeOpenAi } from '../tests/support/fake-openai.js';

const questionSchema = z.object({
  id: z.string(),
  question: z.string().min(1),
  answerable: z.boolean().default(true),
});
type Question = z.infer<typeof questionSchema>;

interface Row {
  readonly question: Question;
  readonly path: string;
  readonly llm: LlmTurnUsage | undefined;
  readonly ms: number;
}

const AS_OF = '2026-12-01';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['questions', 'corpus']);
  const file = args.options.questions;
  if (!file)
    throw new Error('usage: npm run eval:llm -- --questions FILE.jsonl [--corpus DIR] [--live] [--json]');
  const questions = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = questionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });

  const live = args.flags.has('live');
  const fake = live ? undefined : await startFakeOpenAi(outcomes.compute(quoteFirstPassage));
  const config = loadConfig(
    live
      ? process.env
      : {
          RUNTIME: 'local',
          LLM_MODEL: 'gpt-6-luna',
          OPENAI_API_KEY: 'offline',
          OPENAI_BASE_URL: fake?.baseURL,
        },
  );
  if (!config.llm?.apiKey) throw new Error('--live needs LLM_MODEL and OPENAI_API_KEY');
  const modelMs: number[] = [];
  const llm = timed(createLlmAnswering(config.llm, config.llm.apiKey, silentLogger), modelMs);

  const { documents } = await readCorpus([args.options.corpus ?? KNOWLEDGE_DIR]);
  const index = KnowledgeIndex.build(documents, defaultAnalyzer());
  const store = new MemoryFaqStore({ now: () => new Date(`${AS_OF}T03:00:00Z`) });
  for (const draft of await readFaqDrafts()) await store.save(draft, 'eval', 0);
  const deps = { index, faqs: { items: () => store.listLive() }, llm };

  const rows: Row[] = [];
  try {
    for (const question of questions) {
      const started = performance.now();
      const reply = await answerQuestion(question.question, AS_OF, deps);
      rows.push({ question, path: reply.path, llm: reply.llm, ms: performance.now() - started });
    }
  } finally {
    await fake?.close();
  }
  const report = summarise(rows, modelMs, config.llm.model, live);
  if (args.flags.has('json')) console.log(JSON.stringify(report));
  else print(report);
}

/** The port, timing each call. */
function timed(llm: LlmAnswering, into: number[]): LlmAnswering {
  return {
    ...llm,
    port: {
      complete: async (request, deadline): Promise<LlmResult> => {
        const started = performance.now();
        const result = await llm.port.complete(request, deadline);
        into.push(performance.now() - started);
        return result;
      },
    },
  };
}

const REFUSALS = new Set(['insufficient', 'out_of_scope']);

function summarise(rows: readonly Row[], modelMs: readonly number[], model: string, live: boolean) {
  const called = rows.filter((row) => row.llm);
  const used = called.filter((row) => row.llm?.outcome === 'used');
  const gateFailed = called.filter((row) => row.llm?.fallbackReason?.startsWith('gate:'));
  const badCites = gateFailed.filter((row) =>
    /gate:(?:no_cite|unknown_cite)/.test(row.llm?.fallbackReason ?? ''),
  );
  const checked = used.length + gateFailed.length;
  const modelRefused = called.filter((row) => REFUSALS.has(row.llm?.fallbackReason ?? ''));
  const unanswerable = rows.filter((row) => !row.question.answerable);
  // The bot declines when it gives its honest fallback or the model says the passages do not answer.
  const declined = (row: Row) => row.path === 'fallback' || REFUSALS.has(row.llm?.fallbackReason ?? '');
  const byReason: Record<string, number> = {};
  for (const row of called) {
    const reason = row.llm?.fallbackReason;
    if (reason) byReason[reason] = (byReason[reason] ?? 0) + 1;
  }
  const sum = (pick: (usage: LlmTurnUsage) => number | undefined) =>
    called.reduce((total, row) => total + (row.llm ? (pick(row.llm) ?? 0) : 0), 0);
  const perThousand = (value: number) => (rows.length === 0 ? 0 : (value / rows.length) * 1000);
  return {
    mode: live ? 'live' : 'offline (fake server, quote-first-passage)',
    model,
    questions: rows.length,
    paths: countBy(rows.map((row) => row.path)),
    modelCalled: called.length,
    modelUsed: used.length,
    gatePassRate: ratio(used.length, checked),
    citationValidity: ratio(checked - badCites.length, checked),
    refusalPrecision: ratio(
      modelRefused.filter((row) => !row.question.answerable).length,
      modelRefused.length,
    ),
    refusalRecall: ratio(unanswerable.filter(declined).length, unanswerable.length),
    fallbacksByReason: byReason,
    modelLatencyMs: { p50: percentile(modelMs, 0.5), p95: percentile(modelMs, 0.95) },
    replyLatencyMs: {
      p50: percentile(
        rows.map((row) => row.ms),
        0.5,
      ),
      p95: percentile(
        rows.map((row) => row.ms),
        0.95,
      ),
    },
    per1000Messages: {
      inputTokens: Math.round(perThousand(sum((usage) => usage.inputTokens))),
      outputTokens: Math.round(perThousand(sum((usage) => usage.outputTokens))),
      costUsd: Number(perThousand(sum((usage) => usage.costUsd)).toFixed(4)),
    },
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Number((part / whole).toFixed(3));
}

function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
}

function print(report: ReturnType<typeof summarise>): void {
  const show = (value: number | null) => (value === null ? '—' : value.toFixed(3));
  console.log(`LLM evaluation — ${report.mode}, model ${report.model}`);
  console.log(`questions                 ${report.questions}`);
  console.log(
    `answered by path          ${Object.entries(report.paths)
      .map(([path, n]) => `${path} ${n}`)
      .join(', ')}`,
  );
  console.log(`model called / used       ${report.modelCalled} / ${report.modelUsed}`);
  console.log(`gate pass rate            ${show(report.gatePassRate)}`);
  console.log(`citation validity         ${show(report.citationValidity)}`);
  console.log(
    `refusal precision/recall  ${show(report.refusalPrecision)} / ${show(report.refusalRecall)}  (unanswerable set)`,
  );
  console.log(
    'fallbacks by reason       ' +
      (Object.entries(report.fallbacksByReason)
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ') || 'none'),
  );
  console.log(
    `model latency p50/p95     ${report.modelLatencyMs.p50 ?? '—'} / ${report.modelLatencyMs.p95 ?? '—'} ms`,
  );
  console.log(
    `reply latency p50/p95     ${report.replyLatencyMs.p50 ?? '—'} / ${report.replyLatencyMs.p95 ?? '—'} ms`,
  );
  const cost = report.per1000Messages;
  console.log(
    `per 1,000 messages        ${cost.inputTokens} input + ${cost.outputTokens} output tokens, $${cost.costUsd}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
