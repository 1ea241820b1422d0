/**
 * `npm run eval:citizens -- [--date YYYY-MM-DD] [--json] [--misses] FILE.jsonl...`
 * How the bot does on everyday messages written outside the team (see
 * functions/app/eval/citizen-messages.ts): fully right, partly, wrong, "don't know", wrong
 * figures, and right by form (with diacritics, without, shorthand). Runs on a fresh in-memory
 * database seeded with the sample knowledge base.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  parseCitizenMessages,
  percent,
  type Scored,
  scoreReply,
  summarize,
} from '../../app/eval/citizen-messages.js';
import { answerBatch } from '../local/ask-batch.js';
import { openLocalData } from '../local/stack.js';
import { parseArgs } from './args.js';

/** The date the question sets were written for: their figures are today's rules. */
const DEFAULT_DATE = '2026-12-01';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['date']);
  if (args.positionals.length === 0) {
    throw new Error('usage: npm run eval:citizens -- [--date YYYY-MM-DD] [--json] [--misses] FILE.jsonl...');
  }
  const date = args.options.date ?? DEFAULT_DATE;
  const data = await openLocalData({ inMemory: true });
  try {
    const results: Record<string, ReturnType<typeof summarize>> = {};
    for (const file of args.positionals) {
      const messages = parseCitizenMessages(await readFile(file, 'utf8'), file);
      const answers = await answerBatch(
        data,
        messages.map((message) => ({
          id: message.id,
          question: message.question,
          ...(message.chat ? { chat: `${basename(file)}-${message.chat}` } : {}),
        })),
        date,
      );
      const scored: Scored[] = messages.map((message, index) => scoreReply(message, answers[index]?.reply));
      const summary = summarize(scored);
      results[file] = summary;
      if (!args.flags.has('json')) print(file, summary);
      if (args.flags.has('misses')) {
        for (const entry of scored.filter((item) => item.verdict !== 'right')) {
          console.log(
            `  ${entry.verdict.padEnd(9)} ${entry.message.id} "${entry.message.question}" — ${entry.why}`,
          );
        }
      }
    }
    if (args.flags.has('json')) console.log(JSON.stringify(results));
  } finally {
    await data.close();
  }
}

function print(file: string, summary: ReturnType<typeof summarize>): void {
  console.log(`${file}: ${summary.total} messages`);
  console.log(
    `  fully right ${summary.right} (${percent(summary.right, summary.total)}) · partly ${summary.partly} · ` +
      `wrong ${summary.wrong} · don't know ${summary.dontKnow} (${percent(summary.dontKnow, summary.total)}) · ` +
      `wrong figures ${summary.wrongFigures}`,
  );
  const forms = Object.entries(summary.byForm)
    .map(([form, count]) => `${form} ${count.right}/${count.total} (${percent(count.right, count.total)})`)
    .join(' · ');
  console.log(`  right by form: ${forms}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
