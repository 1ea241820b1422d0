/**
 * `npm run cards:import -- FILE.csv [--report PATH] [--no-report]`
 *
 * Imports card data into the cards table (the embedded database under DATA_DIR, or
 * DYNAMODB_ENDPOINT / TABLE_CARDS when set). Prints counts and the report path only: row
 * contents (names, codes, dates of birth) are never printed; rejected rows are listed by
 * line number and reason in the report file.
 *
 * Exit code: 0 all rows imported or unchanged; 3 some rows rejected (see the report);
 * 1 the file could not be imported (missing, unreadable, bad header).
 */
import { DynamoCardStore } from '../../adapters/dynamodb/card-store.js';
import { importCardFile } from '../../app/cards-import.js';
import { CardImportFormatError, formatImportSummary } from '../../core/cards/import.js';
import { systemClock } from '../../shared/clock.js';
import { openLocalData } from '../local/stack.js';
import { parseArgs } from './args.js';

const USAGE = 'usage: npm run cards:import -- FILE.csv [--report PATH] [--no-report]';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['report']);
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1) throw new Error(USAGE);

  const data = await openLocalData({ log: (line) => console.error(line) });
  try {
    const clock = systemClock;
    const store = new DynamoCardStore(data.clients.doc, data.config.tables.cards);
    const started = performance.now();
    const { summary, reportPath } = await importCardFile(file, {
      store,
      clock,
      reportPath: args.flags.has('no-report') ? false : args.options.report,
      ...(data.config.asOfDate ? { today: data.config.asOfDate } : {}),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${formatImportSummary(summary)} in ${seconds} s`);
    for (const rejection of summary.rejections.slice(0, 20)) {
      console.log(`  line ${rejection.line}: ${rejection.reason}`);
    }
    if (summary.rejections.length > 20) console.log(`  … ${summary.rejections.length - 20} more`);
    if (reportPath) console.log(`report: ${reportPath}`);
    if (summary.rejected > 0) process.exitCode = 3;
  } finally {
    await data.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof CardImportFormatError || (error as Error).message === USAGE;
  console.error(known ? (error as Error).message : `cards:import failed: ${(error as Error).message}`);
  process.exitCode = process.exitCode || 1;
});
