/**
 * `npm run bench:retrieval` — our retriever side by side with MiniSearch and Orama (their
 * default tokenisers) and MiniSearch with our analyser, on ../shared/seeds with
 * ../shared/eval/retrieval-dev.jsonl, in one run: retrieval metrics, index build time,
 * serialised index size, load time, query latency p50/p95. Every engine indexes the same
 * chunks (title, headings, text), so the numbers compare ranking, not chunking.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create, insertMultiple, load, type Orama, save, search } from '@orama/orama';
import MiniSearch from 'minisearch';
import { readCorpus } from '../functions/adapters/knowledge/files.js';
import {
  type EvalQuestion,
  evaluateRetrieval,
  parseEvalQuestions,
  type RetrievedChunk,
  retrievedChunk,
} from '../functions/core/knowledge/evaluate.js';
import { KnowledgeIndex } from '../functions/core/knowledge/index.js';
import type { Chunk, DocumentMeta } from '../functions/core/knowledge/types.js';
import { defaultAnalyzer, EXACT_PREFIX, PAIR_SEPARATOR } from '../functions/core/text/analyze.js';

const SEEDS = fileURLToPath(new URL('../../shared/seeds/', import.meta.url));
const QUESTIONS = fileURLToPath(new URL('../../shared/eval/retrieval-dev.jsonl', import.meta.url));

interface Engine {
  readonly name: string;
  build(): void | Promise<void>;
  serialise(): string | Promise<string>;
  load(serialised: string): void | Promise<void>;
  /** Chunk indexes, best first. */
  query(question: string): number[] | Promise<number[]>;
}

interface Row {
  readonly name: string;
  readonly hit1: number;
  readonly hit3: number;
  readonly hit5: number;
  readonly mrr10: number;
  readonly with5: number;
  readonly without5: number;
  readonly buildMs: number;
  readonly sizeKb: number;
  readonly loadMs: number;
  readonly p50: number;
  readonly p95: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(
  engine: Engine,
  questions: readonly EvalQuestion[],
  retrieved: (indexes: number[]) => RetrievedChunk[],
  meanChars: number,
): Promise<Row> {
  let started = performance.now();
  await engine.build();
  const buildMs = performance.now() - started;
  const serialised = await engine.serialise();
  started = performance.now();
  await engine.load(serialised);
  const loadMs = performance.now() - started;
  const results = new Map<string, number[]>();
  for (const question of questions) results.set(question.question, await engine.query(question.question));
  // Latency: warm, several rounds over every question.
  const latencies: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const question of questions) {
      const t = performance.now();
      await engine.query(question.question);
      latencies.push(performance.now() - t);
    }
  }
  const report = evaluateRetrieval(questions, (q) => retrieved(results.get(q) ?? []), meanChars);
  return {
    name: engine.name,
    hit1: report.overall.hit1,
    hit3: report.overall.hit3,
    hit5: report.overall.hit5,
    mrr10: report.overall.mrr10,
    with5: report.withDiacritics.hit5,
    without5: report.withoutDiacritics.hit5,
    buildMs,
    sizeKb: Buffer.byteLength(serialised) / 1024,
    loadMs,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

interface Fields {
  id: number;
  title: string;
  headings: string;
  body: string;
}

function fieldsOf(chunks: readonly Chunk[], documents: ReadonlyMap<string, DocumentMeta>): Fields[] {
  return chunks.map((chunk, id) => {
    const document = documents.get(chunk.documentId);
    return {
      id,
      title: [document?.title, document?.issuer, document?.place].filter(Boolean).join(' · '),
      headings: chunk.headings.join(' · '),
      body: chunk.text,
    };
  });
}

async function main(): Promise<void> {
  if (!existsSync(SEEDS) || !existsSync(QUESTIONS)) {
    console.log(`bench:retrieval skipped: ${SEEDS} or ${QUESTIONS} is absent`);
    return;
  }
  const questions = parseEvalQuestions(readFileSync(QUESTIONS, 'utf8'));
  const { documents: ingested } = await readCorpus([SEEDS]);
  const analyzer = defaultAnalyzer();
  const reference = KnowledgeIndex.build(ingested, analyzer);
  const chunks = reference.chunks;
  const byId = new Map(reference.documents.map((document) => [document.id, document]));
  const fields = fieldsOf(chunks, byId);
  const meanChars = chunks.reduce((sum, chunk) => sum + chunk.text.length, 0) / chunks.length;
  // Chunks overlap (bridging chunks): every engine's ranking goes through the same filter that
  // keeps the first of any chunks sharing text, as our search does.
  const distinct = (indexes: number[]): number[] =>
    reference
      .withoutOverlaps(
        indexes.map((chunkIndex) => ({ chunkIndex, score: 0 })),
        10,
      )
      .map((hit) => hit.chunkIndex);
  const retrieved = (indexes: number[]): RetrievedChunk[] =>
    distinct(indexes).flatMap((index) => {
      const passage = reference.passage(index, 0);
      return passage ? [retrievedChunk(passage)] : [];
    });

  let ours = reference;
  const oursEngine: Engine = {
    name: 'ours (BM25F + Vietnamese analyser)',
    build: () => {
      ours = KnowledgeIndex.build(ingested, analyzer);
    },
    serialise: () => JSON.stringify(ours.toArtifact()),
    load: (serialised) => {
      ours = KnowledgeIndex.fromArtifact(JSON.parse(serialised), analyzer);
    },
    query: (question) => ours.rankLexical(question, 10).map((hit) => hit.chunkIndex),
  };

  const boost = { title: 1, headings: 2, body: 1 };
  let miniDefault: MiniSearch<Fields>;
  const miniDefaultOptions = { fields: ['title', 'headings', 'body'], searchOptions: { boost } };
  const miniDefaultEngine: Engine = {
    name: 'MiniSearch (default tokeniser)',
    build: () => {
      miniDefault = new MiniSearch<Fields>(miniDefaultOptions);
      miniDefault.addAll(fields);
    },
    serialise: () => JSON.stringify(miniDefault),
    load: (serialised) => {
      miniDefault = MiniSearch.loadJSON<Fields>(serialised, miniDefaultOptions);
    },
    query: (question) =>
      miniDefault
        .search(question)
        .slice(0, 30)
        .map((result) => result.id as number),
  };

  let miniOurs: MiniSearch<Fields>;
  const miniOursOptions = {
    fields: ['title', 'headings', 'body'],
    tokenize: (text: string) => analyzer.indexTerms(text),
    processTerm: (term: string) => term,
    searchOptions: {
      boost,
      tokenize: (text: string) => analyzer.queryTerms(text).map((term) => term.term),
      processTerm: (term: string) => term,
      boostTerm: (term: string) =>
        term.startsWith(EXACT_PREFIX) ? 0.35 : term.includes(PAIR_SEPARATOR) ? 1 : 1,
    },
  };
  const miniOursEngine: Engine = {
    name: 'MiniSearch + our analyser',
    build: () => {
      miniOurs = new MiniSearch<Fields>(miniOursOptions);
      miniOurs.addAll(fields);
    },
    serialise: () => JSON.stringify(miniOurs),
    load: (serialised) => {
      miniOurs = MiniSearch.loadJSON<Fields>(serialised, miniOursOptions);
    },
    query: (question) =>
      miniOurs
        .search(question)
        .slice(0, 30)
        .map((result) => result.id as number),
  };

  const schema = { chunk: 'number', title: 'string', headings: 'string', body: 'string' } as const;
  let orama: Orama<typeof schema>;
  const oramaEngine: Engine = {
    name: 'Orama (default tokeniser)',
    build: async () => {
      orama = create({ schema });
      await insertMultiple(
        orama,
        fields.map((field) => ({
          chunk: field.id,
          title: field.title,
          headings: field.headings,
          body: field.body,
        })),
      );
    },
    serialise: () => JSON.stringify(save(orama)),
    load: (serialised) => {
      const fresh = create({ schema });
      load(fresh, JSON.parse(serialised));
      orama = fresh;
    },
    query: async (question) => {
      const result = await search(orama, {
        term: question,
        properties: ['title', 'headings', 'body'],
        boost: { headings: 2 },
        // Orama's default threshold (0) keeps only documents containing every word of the
        // question, which almost nothing does; 1 ranks all documents with any word, as the
        // others do.
        threshold: 1,
        limit: 30,
      });
      return result.hits.map((hit) => hit.document.chunk as number);
    },
  };

  const rows: Row[] = [];
  for (const engine of [oursEngine, miniOursEngine, miniDefaultEngine, oramaEngine]) {
    rows.push(await measure(engine, questions, retrieved, meanChars));
  }
  console.log(
    `${questions.length} questions, ${chunks.length} chunks (mean ${Math.round(meanChars)} chars) from ${ingested.length} documents; Node ${process.version}\n`,
  );
  const header = [
    'engine',
    'hit@1',
    'hit@3',
    'hit@5',
    'MRR@10',
    'hit@5 acc',
    'hit@5 no-acc',
    'build ms',
    'size KB',
    'load ms',
    'p50 ms',
    'p95 ms',
  ];
  const table = rows.map((row) => [
    row.name,
    row.hit1.toFixed(3),
    row.hit3.toFixed(3),
    row.hit5.toFixed(3),
    row.mrr10.toFixed(3),
    row.with5.toFixed(3),
    row.without5.toFixed(3),
    row.buildMs.toFixed(0),
    row.sizeKb.toFixed(0),
    row.loadMs.toFixed(1),
    row.p50.toFixed(3),
    row.p95.toFixed(3),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  console.log(format(header));
  for (const row of table) console.log(format(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
