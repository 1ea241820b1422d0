/**
 * `npm run ingest -- [PATH...]` — read documents (.txt, .md, .docx, .pdf; directories are
 * walked; `<file>.meta.json` next to a file sets its title/issuer/place/date), clean,
 * redact and chunk them, and write the search index artifact to `<DATA_DIR>/index/`.
 * Without paths it ingests the sample knowledge base (data/knowledge).
 * `--out FILE` writes the artifact elsewhere; `--json` prints the summary as JSON;
 * `--built-at ISO` fixes the artifact's build time, so the same sources give the same bytes
 * (the worker's index is built at every synth and must not change the asset hash).
 */
import { relative } from 'node:path';
import {
  buildIndex,
  indexPathFor,
  KNOWLEDGE_DIR,
  writeIndexArtifact,
} from '../../adapters/knowledge/files.js';
import { loadConfig } from '../../shared/config.js';
import { parseArgs } from './args.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['out', 'built-at']);
  const paths = args.positionals.length > 0 ? args.positionals : [KNOWLEDGE_DIR];
  const out = args.options.out ?? indexPathFor(loadConfig({ ...process.env, RUNTIME: 'local' }).dataDir);
  const started = performance.now();
  const builtAt = args.options['built-at'];
  if (builtAt !== undefined && Number.isNaN(Date.parse(builtAt)))
    throw new Error('--built-at needs an ISO date');
  const index = await buildIndex(paths, builtAt === undefined ? undefined : new Date(builtAt).toISOString());
  const buildMs = performance.now() - started;
  const bytes = await writeIndexArtifact(index, out);
  const documents = index.documents.map((document) => ({
    id: document.id,
    title: document.title,
    ...(document.issuer ? { issuer: document.issuer } : {}),
    ...(document.place ? { place: document.place } : {}),
    ...(document.date ? { date: document.date } : {}),
    chunks: index.chunks.filter((chunk) => chunk.documentId === document.id).length,
  }));
  if (args.flags.has('json')) {
    console.log(
      JSON.stringify({ out, bytes, buildMs: Math.round(buildMs), chunks: index.chunks.length, documents }),
    );
    return;
  }
  for (const document of documents) {
    console.log(
      `${document.id}: ${document.chunks} passages — ${document.title}` +
        `${document.date ? ` (${document.date})` : ''}${document.issuer ? ` — ${document.issuer}` : ''}`,
    );
  }
  console.log(
    `${documents.length} documents, ${index.chunks.length} passages in ${Math.round(buildMs)} ms; ` +
      `index ${Math.round(bytes / 1024)} KB written to ${relative(process.cwd(), out) || out}`,
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
