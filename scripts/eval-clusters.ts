/**
 * `npm run eval:clusters [-- FILE.jsonl]`: purity of the gap clustering on a labelled set
 * (default tests/fixtures/analytics/gap-questions.jsonl, written for this project) at several
 * cosine thresholds, next to the shipped one, and how many unaccented copies joined their
 * accented original.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { DEFAULT_CLUSTER_THRESHOLD } from '../functions/core/analytics/cluster.js';
import { clusterPurity } from '../functions/core/analytics/purity.js';

const rowSchema = z.object({ question: z.string(), topic: z.string(), of: z.string().optional() });
const file = process.argv[2] ?? 'tests/fixtures/analytics/gap-questions.jsonl';
const labelled = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.includes('"$comment"'))
  .map((line) => rowSchema.parse(JSON.parse(line)));

console.log(`Gap clustering purity on ${file}`);
console.log('threshold  clusters  with >1  purity  unaccented copies joined');
for (const threshold of [0.3, 0.35, 0.4, DEFAULT_CLUSTER_THRESHOLD, 0.5, 0.55, 0.6].sort()) {
  const started = performance.now();
  const report = clusterPurity(labelled, threshold);
  const ms = performance.now() - started;
  console.log(
    `${threshold.toFixed(2).padEnd(10)} ${String(report.clusters).padEnd(9)} ${String(report.multiMember).padEnd(8)} ${report.purity
      .toFixed(3)
      .padEnd(
        7,
      )} ${report.copiesJoined}/${report.copies}${threshold === DEFAULT_CLUSTER_THRESHOLD ? '   ← shipped' : ''}  (${ms.toFixed(0)} ms)`,
  );
}
const shipped = clusterPurity(labelled, DEFAULT_CLUSTER_THRESHOLD);
console.log(`${shipped.questions} questions, ${shipped.topics} topics`);
