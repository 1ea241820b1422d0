/**
 * Runs the real `npm run ask` CLI (tsx functions/composition/cli/ask.ts --json …) in a child
 * process against a given DATA_DIR, as a citizen's question would go through it, and parses
 * its one-JSON-object-per-line output. Runs are sequential per DATA_DIR: the embedded
 * database is single-process.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A fresh DATA_DIR seeds everything before the first turn, which is slow on a busy machine. */
export const ASK_CLI_TIMEOUT = 240_000;

export interface AskAnswer {
  readonly id: string;
  readonly chat?: string;
  readonly question: string;
  readonly text: string;
  readonly intent: string;
  readonly path: string;
  readonly citations: readonly { document: string; section?: string; date?: string; source?: string }[];
  readonly buttons?: readonly { label: string; data: string }[];
  readonly asOf?: string;
}

export interface AskLine {
  readonly id: string;
  readonly question: string;
  readonly chat?: string;
}

export interface AskOptions {
  readonly dataDir: string;
  /** Extra environment (e.g. AS_OF_DATE); variables pointing at other databases are removed. */
  readonly env?: NodeJS.ProcessEnv;
}

/** `ask --json <args…>`: the answers printed, in order. */
export async function runAsk(args: readonly string[], options: AskOptions): Promise<AskAnswer[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, DATA_DIR: options.dataDir };
  for (const name of [
    'DYNAMODB_ENDPOINT',
    'TABLE_CONTENT',
    'TABLE_CARDS',
    'TABLE_CONVERSATIONS',
    'TABLE_STATE',
  ]) {
    delete env[name];
  }
  if (!options.env?.AS_OF_DATE) delete env.AS_OF_DATE;
  const { stdout } = await promisify(execFile)(
    'npx',
    ['tsx', 'functions/composition/cli/ask.ts', '--json', ...args],
    {
      cwd: REPO_ROOT,
      env,
      timeout: ASK_CLI_TIMEOUT,
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AskAnswer);
}

/** Write the lines as a batch file in `workDir` and run `ask --json --batch` on it. */
export async function runAskBatch(
  lines: readonly AskLine[],
  workDir: string,
  options: AskOptions & { readonly date?: string; readonly name?: string },
): Promise<Map<string, AskAnswer>> {
  const batch = join(workDir, options.name ?? 'batch.jsonl');
  await writeFile(batch, lines.map((line) => JSON.stringify(line)).join('\n'));
  const args = [...(options.date ? ['--date', options.date] : []), '--batch', batch];
  const answers = await runAsk(args, options);
  return new Map(answers.map((answer) => [answer.id, answer]));
}

/** The answer with this id, or a clear failure naming it. */
export function answerOf(answers: ReadonlyMap<string, AskAnswer>, id: string): AskAnswer {
  const found = answers.get(id);
  if (!found) throw new Error(`no answer for ${id}`);
  return found;
}
