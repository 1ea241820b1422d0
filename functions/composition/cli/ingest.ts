/**
 * `npm run ingest -- [--remote] [PATH...]` — publish documents (.txt, .md, .docx, .pdf;
 * directories are walked; `<file>.meta.json` next to a file sets its title/issuer/place/date)
 * through the same path as a console upload: each file a document record (`doc-<file name>`;
 * the same file again with other bytes replaces its text), cleaned, redacted and chunked,
 * then one rebuild and a new index version the bot picks up within 30 s. Embedded database
 * under DATA_DIR by default (stop `npm start` first); `--remote` publishes to the deployed
 * bucket and table (DOCUMENTS_BUCKET, TABLE_CONTENT, ambient AWS credentials).
 * Without paths it publishes the sample knowledge base (data/knowledge).
 *
 * `--out FILE` only builds: the index artifact is written to FILE and nothing is published
 * (the worker's prebuilt fallback at synth, the evaluation); `--json` prints the summary as JSON;
 * `--built-at ISO` fixes the artifact's build time, so the same sources give the same bytes
 * (the worker's index is built at every synth and must not change the asset hash).
 */
import { relative } from 'node:path';
import { createDynamoClients } from '../../adapters/dynamodb/client.js';
import { buildIndex, KNOWLEDGE_DIR, writeIndexArtifact } from '../../adapters/knowledge/files.js';
import { systemClock } from '../../shared/clock.js';
import { loadConfig } from '../../shared/config.js';
import { createDocuments, publishFiles } from '../documents.js';
import { openLocalData } from '../local/stack.js';
import { parseArgs } from './args.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['out', 'built-at']);
  const paths = args.positionals.length > 0 ? args.positionals : [KNOWLEDGE_DIR];
  if (args.options.out === undefined) {
    // The sample keeps the records `npm start` seeds it under.
    const prefix = args.positionals.length > 0 ? 'doc' : 'sample';
    await publish(paths, prefix, args.flags.has('remote'), args.flags.has('json'));
    return;
  }
  const out = args.options.out;
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

/** Publish through the document library, as a console upload does. */
async function publish(
  paths: readonly string[],
  prefix: 'doc' | 'sample',
  remote: boolean,
  json: boolean,
): Promise<void> {
  const started = performance.now();
  let close: () => Promise<void>;
  let library: ReturnType<typeof createDocuments>;
  if (remote) {
    const config = loadConfig({ ...process.env, RUNTIME: 'local' });
    if (!config.documentsBucket || !process.env.TABLE_CONTENT)
      throw new Error('--remote needs DOCUMENTS_BUCKET and TABLE_CONTENT (stack outputs)');
    const clients = createDynamoClients({ region: config.region, endpoint: config.dynamoEndpoint });
    library = createDocuments({ config, clients, clock: systemClock });
    close = async () => clients.raw.destroy();
  } else {
    const data = await openLocalData({ seed: false });
    library = createDocuments({ config: data.config, clients: data.clients, clock: systemClock });
    close = () => data.close();
  }
  try {
    const outcomes = await publishFiles(library, paths, { prefix, actor: 'cli:ingest' });
    const index = await library.index();
    const ms = Math.round(performance.now() - started);
    if (json) {
      console.log(JSON.stringify({ outcomes, index, ms }));
      return;
    }
    for (const outcome of outcomes)
      console.log(
        `${outcome.id ?? '?'}: ${outcome.outcome}${outcome.outcome === 'failed' ? ` — ${outcome.reason}` : ''}`,
      );
    console.log(
      `index v${index.version}: ${index.documents} documents, ${index.passages} passages; ${ms} ms`,
    );
    if (outcomes.some((outcome) => outcome.outcome === 'failed')) process.exitCode = 1;
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
