/**
 * `npm run faq:test-all -- [--date YYYY-MM-DD] [--previous RUN.json] [--save RUN.json] [--csv OUT.csv] [FILE]`
 *
 * Every published variant of the FAQ file (default data/knowledge/faq.json), as typed and with
 * its diacritics removed, asked of the real dialogue core: each must be answered by its own
 * item. Prints the failures (new ones first when --previous names an earlier run saved with
 * --save) and exits 1 when any variant fails. No database is needed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type TestAllRun, testAllCsv } from '../../app/console/test-bench.js';
import { testAllFaqFile } from '../faq-console.js';
import { parseArgs } from './args.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['date', 'previous', 'save', 'csv']);
  const date = args.options.date ?? process.env.AS_OF_DATE;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('--date must be YYYY-MM-DD');
  const previous = args.options.previous
    ? (JSON.parse(await readFile(args.options.previous, 'utf8')) as TestAllRun)
    : undefined;
  const run = await testAllFaqFile({
    ...(args.positionals[0] ? { file: args.positionals[0] } : {}),
    ...(date ? { asOf: date } : {}),
    ...(previous ? { previous } : {}),
  });
  if (args.options.save) await writeFile(args.options.save, `${JSON.stringify(run, null, 2)}\n`);
  if (args.options.csv) await writeFile(args.options.csv, testAllCsv(run));

  for (const entry of run.cases.filter((c) => !c.pass)) {
    const best = entry.best ? `; matcher prefers ${entry.best.id} (${entry.best.score})` : '';
    console.log(
      `${entry.change === 'new-failure' ? 'NEW ' : ''}FAIL ${entry.id} [${entry.form}] "${entry.question}"` +
        ` → ${entry.got} (${entry.path}), own score ${entry.score}${best}`,
    );
  }
  const { comparison } = run;
  const compared = comparison.previousAt
    ? `; since ${comparison.previousAt}: ${comparison.newFailures} new, ${comparison.fixed} fixed, ${comparison.removed} removed`
    : '';
  console.log(
    `faq test-all (${run.dates.join(', ')}): ${run.items} items, ${run.variants} variants, ${run.total} questions asked; ` +
      `${run.passed} passed, ${run.failed} failed${compared}`,
  );
  if (run.failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
