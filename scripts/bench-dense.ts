/**
 * `npm run bench:dense` — what dense vectors cost the index artifact and a question, beside
 * the lexical baseline measured in the same run: gzipped artifact size and load time without
 * vectors and with 512- and 1,536-dimension vectors, and per-question time of the lexical
 * ranking and of the cosine ranking (the embedding call itself excluded: it is the server's).
 * Corpus: ../shared/seeds when present, else the sample under data/knowledge. Vectors are
 * deterministic pseudo-random ones: sizes and times do not depend on what they mean.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { KNOWLEDGE_DIR, readCorpus } from '../functions/adapters/knowledge/files.js';
import { DenseRanker, embedChunks } from '../functions/core/knowledge/dense.js';
import { KnowledgeIndex } from '../functions/core/knowledge/index.js';
import type { EmbeddingPort } from '../functions/core/ports.js';
import { defaultAnalyzer } from '../functions/core/text/analyze.js';

const SEEDS = fileURLToPath(new URL('../../shared/seeds/', import.meta.url));
const QUESTIONS = [
  'mức đóng bảo hiểm xã hội tự nguyện thấp nhất là bao nhiêu',
  'nộp tiền bảo hiểm y tế hộ gia đình ở đâu',
  'được nhà nước hỗ trợ bao nhiêu phần trăm',
  'đóng một lần cho nhiều năm được không',
  'thẻ bảo hiểm y tế bị mất thì làm sao',
];
const ROUNDS = 200;

/** xorshift32: the same vectors every run. */
function pseudoRandomModel(dimensions: number): EmbeddingPort {
  let state = 2463534242;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296 - 0.5;
  };
  return {
    model: `pseudo-${dimensions}`,
    embed: async (texts) => ({
      ok: true,
      vectors: texts.map(() => Array.from({ length: dimensions }, next)),
    }),
  };
}

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const source = existsSync(SEEDS) ? SEEDS : KNOWLEDGE_DIR;
  const { documents } = await readCorpus([source]);
  const analyzer = defaultAnalyzer();
  const lexical = KnowledgeIndex.build(documents, analyzer);
  console.log(`corpus: ${source} (${lexical.documents.length} documents, ${lexical.chunks.length} passages)`);

  const lexicalTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const question of QUESTIONS) {
      const started = performance.now();
      lexical.rankLexical(question, 20);
      lexicalTimes.push(performance.now() - started);
    }

  const rows: string[][] = [['index', 'artifact gzip KB', 'load ms', 'rank p50 ms']];
  const measure = (label: string, index: KnowledgeIndex, rankMs: number) => {
    const json = JSON.stringify(index.toArtifact());
    const started = performance.now();
    KnowledgeIndex.fromArtifact(JSON.parse(json), analyzer);
    const loadMs = performance.now() - started;
    rows.push([label, (gzipSync(json).byteLength / 1024).toFixed(0), loadMs.toFixed(1), rankMs.toFixed(3)]);
  };
  measure('lexical only (baseline)', lexical, p50(lexicalTimes));

  for (const dimensions of [512, 1536]) {
    const model = pseudoRandomModel(dimensions);
    const vectors = await embedChunks(lexical.chunks, model);
    if (!vectors) throw new Error('no vectors');
    const index = lexical.withVectors(vectors);
    const ranker = new DenseRanker(index, vectors, model);
    const denseTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const question of QUESTIONS) {
        const started = performance.now();
        await ranker.rank(question, 20);
        denseTimes.push(performance.now() - started);
      }
    measure(`+ ${dimensions}-d vectors (cosine rank)`, index, p50(denseTimes));
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
}

await main();
