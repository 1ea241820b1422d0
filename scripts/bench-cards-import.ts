/**
 * `npx tsx scripts/bench-cards-import.ts [ROWS]` — time of the card import for a synthetic
 * file (default 10,000 rows), next to a baseline measured in the same run: the same file into
 * the in-memory store (reading, validation and comparison only, no database).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoCardStore } from '../functions/adapters/dynamodb/card-store.js';
import { MemoryCardStore } from '../functions/adapters/memory/card-store.js';
import { importCardFile } from '../functions/app/cards-import.js';
import { formatImportSummary } from '../functions/core/cards/import.js';
import { syntheticCardsCsv } from '../tests/fixtures/cards/synthetic.js';
import { startTestDynamo } from '../tests/support/dynamo.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 10_000);
  const dir = await mkdtemp(join(tmpdir(), 'bench-cards-'));
  const file = join(dir, 'cards.csv');
  const synthetic = syntheticCardsCsv(rows, { badEvery: 1000 });
  await writeFile(file, synthetic.text);
  const clock = { now: () => new Date() };
  const dynamo = await startTestDynamo();
  try {
    const time = async (label: string, run: () => Promise<string>) => {
      const started = performance.now();
      const detail = await run();
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label.padEnd(40)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rows / seconds)
          .toString()
          .padStart(7)} rows/s  ${detail}`,
      );
    };
    const memory = new MemoryCardStore();
    const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
    console.log(`${rows} rows, ${synthetic.bad} invalid`);
    await time('baseline: in-memory store', async () =>
      formatImportSummary((await importCardFile(file, { store: memory, clock, reportPath: false })).summary),
    );
    await time('dynalite: first import (writes)', async () =>
      formatImportSummary((await importCardFile(file, { store, clock, reportPath: false })).summary),
    );
    await time('dynalite: re-import (reads only)', async () =>
      formatImportSummary((await importCardFile(file, { store, clock, reportPath: false })).summary),
    );
  } finally {
    await dynamo.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
