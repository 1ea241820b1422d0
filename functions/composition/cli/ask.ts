/**
 * `npm run ask -- [--json] [--date YYYY-MM-DD] "<question>"`
 * `npm run ask -- --json --batch FILE.jsonl` — one {"id","question","chat"?} per line; lines
 * sharing `chat` are one conversation, in order. Prints one reply per line.
 */
import { readFile } from 'node:fs/promises';
import type { Reply } from '../../core/messages.js';
import { answerBatch, type BatchLine } from '../local/ask-batch.js';
import { openLocalData } from '../local/stack.js';
import { parseArgs } from './args.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['date', 'batch']);
  const date = args.options.date;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('--date must be YYYY-MM-DD');
  const lines: BatchLine[] = args.options.batch
    ? await readBatch(args.options.batch)
    : [{ id: '1', question: args.positionals.join(' ') }];
  if (!args.options.batch && lines[0]?.question.trim() === '') {
    throw new Error('usage: npm run ask -- [--json] [--date YYYY-MM-DD] "<question>"');
  }

  const data = await openLocalData();
  try {
    const asOf = date ?? data.config.asOfDate;
    for (const { line, reply } of await answerBatch(data, lines, asOf)) {
      print(line, reply, args.flags.has('json'));
    }
  } finally {
    await data.close();
  }
}

async function readBatch(file: string): Promise<BatchLine[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      const parsed = JSON.parse(line) as Partial<BatchLine>;
      if (typeof parsed.question !== 'string')
        throw new Error(`${file}:${index + 1}: "question" is required`);
      return {
        id: String(parsed.id ?? index + 1),
        question: parsed.question,
        ...(parsed.chat ? { chat: String(parsed.chat) } : {}),
      };
    });
}

function print(line: BatchLine, reply: Reply | undefined, asJson: boolean): void {
  if (asJson) {
    console.log(
      JSON.stringify({
        id: line.id,
        ...(line.chat ? { chat: line.chat } : {}),
        question: line.question,
        text: reply?.text ?? '',
        intent: reply?.intent ?? 'none',
        path: reply?.path ?? 'ignored',
        citations: reply?.citations ?? [],
        ...(reply?.buttons ? { buttons: reply.buttons } : {}),
        ...(reply?.asOf ? { asOf: reply.asOf } : {}),
      }),
    );
    return;
  }
  console.log(reply?.text ?? '(no reply)');
  for (const citation of reply?.citations ?? []) {
    console.log(`  — ${[citation.document, citation.section, citation.date].filter(Boolean).join(', ')}`);
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
