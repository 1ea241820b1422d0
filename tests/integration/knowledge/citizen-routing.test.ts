/**
 * Where citizens' everyday messages land, through the real `ask` CLI over the sample
 * knowledge base: greetings and thanks, calculator requests, card lookups, FAQ items and
 * off-topic questions. Every question (tests/fixtures/eval/citizen-routing.jsonl, our own
 * wording) is asked as typed and again with its diacritics removed, and both must reach the
 * expected intent: a FAQ item, a calculator, the card lookup, small talk or "unknown".
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASK_CLI_TIMEOUT, type AskAnswer, REPO_ROOT, runAskBatch } from '../../support/ask-cli.js';
import { stripDiacritics } from '../../support/text.js';

interface RoutingCase {
  readonly id: string;
  readonly question: string;
  readonly expect: string;
}

const CASES: readonly RoutingCase[] = readFileSync(
  join(REPO_ROOT, 'tests/fixtures/eval/citizen-routing.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as RoutingCase);

const PLAIN_SUFFIX = '~plain';
let dir: string;
let answers: Map<string, AskAnswer>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'citizen-routing-'));
  const lines = CASES.flatMap(({ id, question }) => [
    { id, question },
    { id: `${id}${PLAIN_SUFFIX}`, question: stripDiacritics(question) },
  ]);
  answers = await runAskBatch(lines, dir, { dataDir: join(dir, 'data'), date: '2026-11-23' });
}, ASK_CLI_TIMEOUT);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('citizen questions reach the right answer, with or without diacritics', () => {
  it('covers every kind of answer', () => {
    const kinds = new Set(CASES.map((routing) => routing.expect.split(/[:.]/)[0]));
    expect([...kinds].sort()).toEqual([
      'abuse',
      'calc',
      'card',
      'faq',
      'greeting',
      'handoff',
      'not_understood',
      'out_of_scope',
      'smalltalk',
    ]);
    expect(answers.size).toBe(CASES.length * 2);
  });

  it('routes every question as expected', () => {
    const misses: string[] = [];
    for (const routing of CASES) {
      for (const id of [routing.id, `${routing.id}${PLAIN_SUFFIX}`]) {
        const answer = answers.get(id);
        if (answer?.intent !== routing.expect)
          misses.push(`${id} "${answer?.question}": want ${routing.expect}, got ${answer?.intent}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('gives a FAQ answer with its legal citation, and the same text whatever the accents', () => {
    for (const routing of CASES.filter((entry) => entry.expect.startsWith('faq:'))) {
      const accented = answers.get(routing.id);
      const plain = answers.get(`${routing.id}${PLAIN_SUFFIX}`);
      expect(accented?.citations[0]?.document, routing.id).toBeTruthy();
      expect(plain?.text, routing.id).toBe(accented?.text);
    }
  });

  it('answers small talk politely and never with "I don\'t know"', () => {
    for (const routing of CASES.filter((entry) => /^(greeting|smalltalk)/.test(entry.expect))) {
      const text = answers.get(routing.id)?.text ?? '';
      expect(text, routing.id).not.toContain('chưa có thông tin');
      expect(text.length, routing.id).toBeGreaterThan(10);
    }
  });
});
