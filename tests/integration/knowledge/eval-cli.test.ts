/** `npm run eval -- --corpus DIR --questions FILE --json` on the synthetic fixtures. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/knowledge/', import.meta.url));
const run = (args: string[]) =>
  promisify(execFile)('npx', ['tsx', 'functions/composition/cli/eval.ts', ...args], {
    cwd: ROOT,
    timeout: 60_000,
  });

const QUESTIONS = [
  {
    id: 'q1',
    file: 'table.txt',
    category: 'stats',
    question: 'Năm 2024 bao nhiêu người tham gia BHXH tự nguyện?',
    line: 5,
    gold_quote: '',
  },
  {
    id: 'q2',
    file: 'table.txt',
    category: 'stats',
    question: 'so nguoi tham gia bhyt ho gia dinh nam 2024',
    line: 6,
    gold_quote: '',
  },
  { id: 'q3', file: 'nowhere.txt', category: 'card', question: 'xyzzy quux', line: 1, gold_quote: '' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'knowledge-eval-'));
  await writeFile(
    join(dir, 'questions.jsonl'),
    QUESTIONS.map((question) => JSON.stringify(question)).join('\n'),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run eval', () => {
  it('prints one JSON object with the metrics overall, by diacritics, paired and by category', async () => {
    const { stdout } = await run([
      '--corpus',
      FIXTURES,
      '--questions',
      join(dir, 'questions.jsonl'),
      '--json',
    ]);
    const report = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{')) ?? '{}');
    expect(report.n).toBe(3);
    // The two table questions are found first; the third has no answer anywhere.
    expect(report.overall).toMatchObject({ n: 3, hit1: 2 / 3, hit5: 2 / 3, mrr10: 2 / 3 });
    expect(report.withDiacritics).toMatchObject({ n: 1, hit1: 1 });
    expect(report.withoutDiacritics).toMatchObject({ n: 2, hit1: 0.5 });
    expect(report.withDiacriticsRemoved).toMatchObject({ n: 1, hit1: 1 });
    expect(Object.keys(report.byCategory).sort()).toEqual(['card', 'stats']);
    expect(report.meanChunkChars).toBeGreaterThan(50);
  }, 90_000);

  it('prints a table by default and a usage line without its options', async () => {
    const { stdout } = await run(['--corpus', FIXTURES, '--questions', join(dir, 'questions.jsonl')]);
    expect(stdout).toMatch(/overall\s+3\s+0\.667/);
    expect(stdout).toMatch(/with, accents removed\s+1\s+1\.000/);
    await expect(run(['--corpus', FIXTURES])).rejects.toMatchObject({
      stderr: expect.stringContaining('usage: npm run eval'),
    });
  }, 90_000);
});
