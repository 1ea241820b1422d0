/**
 * `npm run bench:routing` — how long understanding a message takes: the whole dialogue core
 * (reading, the learned router, the skills' rules, the answer) per message, next to the same
 * core without the router (the skills' keyword rules alone, as before it) in the same run, and
 * the router's build time. Messages: our citizen routing set and the stranger-written sets.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createAssistant } from '../functions/composition/assistant.js';
import { openLocalData } from '../functions/composition/local/stack.js';
import { type DialogueDeps, handleMessage } from '../functions/core/dialogue/handle.js';
import { IntentClassifier, ROUTING_EXAMPLES } from '../functions/core/dialogue/router.js';
import { readMessage } from '../functions/core/dialogue/skill.js';
import { createHasher } from '../functions/shared/hash.js';

const FIXTURES = [
  'citizen-routing.jsonl',
  'stranger-tuning.jsonl',
  'stranger-tuning-2.jsonl',
  'stranger-heldout.jsonl',
].map((name) => fileURLToPath(new URL(`../tests/fixtures/eval/${name}`, import.meta.url)));
const ROUNDS = 5;

function questions(): string[] {
  return FIXTURES.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { question: string }).question),
  );
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function timeTurns(texts: readonly string[], deps: DialogueDeps): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, text] of texts.entries()) {
      const started = performance.now();
      await handleMessage(
        { channel: 'cli', messageId: String(index), chatId: 'bench', sentAt: '', kind: 'text', text },
        { key: 'cli:bench', updatedAt: new Date().toISOString() },
        deps,
      );
      if (round > 0) times.push(performance.now() - started);
    }
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const data = await openLocalData({ inMemory: true });
  try {
    const clock = { now: () => new Date('2026-12-01T03:00:00Z') };
    const assistant = await createAssistant({
      config: data.config,
      clients: data.clients,
      clock,
      hash: createHasher(data.config.hashKey),
    });
    const withRouter = assistant.dialogue('2026-12-01');
    const { routing: _router, ...rulesOnly } = withRouter;
    const texts = questions();
    // Card turns read the cards table; both runs do the same I/O, so the difference is understanding.
    const baseline = await timeTurns(texts, rulesOnly);
    const routed = await timeTurns(texts, withRouter);
    const ranks: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const text of texts) {
        const started = performance.now();
        await withRouter.routing?.rank(readMessage(text), '2026-12-01');
        if (round > 0) ranks.push(performance.now() - started);
      }
    }
    ranks.sort((a, b) => a - b);
    const builds: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      new IntentClassifier(ROUTING_EXAMPLES, (text) => readMessage(text).folded);
      builds.push(performance.now() - started);
    }
    builds.sort((a, b) => a - b);
    const row = (name: string, times: readonly number[]) =>
      `${name.padEnd(34)} p50 ${percentile(times, 0.5).toFixed(2)} ms · p95 ${percentile(times, 0.95).toFixed(2)} ms · max ${(times.at(-1) ?? 0).toFixed(2)} ms`;
    console.log(`${texts.length} messages × ${ROUNDS - 1} rounds, dialogue core per message:`);
    console.log(row('rules only (baseline, same run)', baseline));
    console.log(row('learned router + rules', routed));
    console.log(row('  of which: reading + router rank', ranks));
    console.log(
      `router build (${ROUTING_EXAMPLES.length} data examples): p50 ${percentile(builds, 0.5).toFixed(1)} ms`,
    );
  } finally {
    await data.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
