/**
 * `npm run probe:security`
 *
 * The attacker's probe of issue 8, re-run on the embedded default (real HTTP server, real
 * handlers, dynalite, stand-in Telegram and Zalo APIs on loopback):
 *
 *  1. the bad-input corpus (tests/support/bad-input.ts) on every endpoint: cases, forged
 *     calls, forged calls accepted, 5xx answers, answers outside the expected set, and whether
 *     the server still answers /health afterwards (crashes);
 *  2. one update delivered 2, 5 and 20 times at once: replies sent (must be 1 each);
 *  3. the card look-up limit under bursts of 30 simultaneous guesses of one code's date of
 *     birth: guesses compared, next to a baseline measured in the same run — the old order
 *     (read the counters, compare, then count the failure) on the same counter and table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoCardStore } from '../functions/adapters/dynamodb/card-store.js';
import { DynamoRateCounter } from '../functions/adapters/dynamodb/rate-counter.js';
import { startLocalServer } from '../functions/composition/local/server.js';
import {
  CARD_LOOKUP_LIMITS,
  type CardLookupDeps,
  type CardLookupOutcome,
  type CardLookupRequest,
  chatCounterKey,
  codeCounterKey,
  lookupCard,
} from '../functions/core/cards/lookup.js';
import { createHasher } from '../functions/shared/hash.js';
import {
  type BadInputCase,
  callCase,
  generalCases,
  telegramCases,
  zaloCases,
} from '../tests/support/bad-input.js';
import { countingCardStore, sampleCard } from '../tests/support/cards.js';
import { startTestDynamo, type TestDynamo } from '../tests/support/dynamo.js';
import { startFakeTelegram, updates } from '../tests/support/fake-telegram.js';
import { FakeZalo } from '../tests/support/fake-zalo.js';
import { zaloChannelEnv } from '../tests/support/zalo-env.js';

const SECRET = 'probe-secret-0123456789';

interface CorpusRow {
  endpoint: string;
  cases: number;
  forged: number;
  forgedAccepted: number;
  serverErrors: number;
  unexpected: string[];
}

async function probeEndpoints(dynamo: TestDynamo, dataDir: string) {
  const telegram = await startFakeTelegram();
  const zalo = await FakeZalo.start();
  const server = await startLocalServer({
    port: 0,
    seed: false,
    env: {
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      ...dynamo.env,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ...zaloChannelEnv(zalo),
    },
  });
  const now = Date.now();
  const telegramUpdate = (overrides: Record<string, unknown>) => {
    const update = updates.text(990001, 4440001, 'mức đóng bhxh tự nguyện');
    return JSON.stringify({ ...update, message: { ...(update.message as object), ...overrides } });
  };
  const zaloSigner = {
    sign: (event: Record<string, unknown>) => zalo.signedWebhook(event),
    event: (overrides: Record<string, unknown>) => ({
      ...zalo.textEvent('7300442764876319999', 'mức đóng bhyt', `probe-${now}`, now),
      ...overrides,
    }),
  };
  const groups: [string, BadInputCase[]][] = [
    ['POST /telegram/webhook', telegramCases(SECRET, telegramUpdate)],
    ['POST /zalo/webhook', zaloCases(zaloSigner, now)],
    ['other routes', generalCases()],
  ];
  const rows: CorpusRow[] = [];
  for (const [endpoint, cases] of groups) {
    const row: CorpusRow = {
      endpoint,
      cases: cases.length,
      forged: 0,
      forgedAccepted: 0,
      serverErrors: 0,
      unexpected: [],
    };
    for (const testCase of cases) {
      const status = await callCase(server.url, testCase);
      if (testCase.forged) {
        row.forged++;
        if (status < 400) row.forgedAccepted++;
      }
      if (status >= 500) row.serverErrors++;
      if (!testCase.expect.includes(status)) row.unexpected.push(`${testCase.name} → ${status}`);
    }
    rows.push(row);
  }
  const alive = (await fetch(`${server.url}/health`)).status === 200;
  const repliesBefore = telegram.callsOf('sendMessage').length + zalo.sent.length;

  // The same update delivered 2, 5 and 20 times at once.
  const duplicates: { copies: number; replies: number }[] = [];
  for (const [index, copies] of [2, 5, 20].entries()) {
    const chat = 4450000 + index;
    const body = JSON.stringify(updates.text(991000 + index, chat, '/start'));
    await Promise.all(
      Array.from({ length: copies }, () =>
        fetch(`${server.url}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body,
        }).then((response) => response.arrayBuffer()),
      ),
    );
    await telegram.waitFor(() => telegram.deliveredTo(chat).length > 0, 20_000).catch(() => undefined);
    await new Promise((done) => setTimeout(done, 500));
    duplicates.push({ copies, replies: telegram.deliveredTo(chat).length });
  }
  await server.close();
  await telegram.close();
  await zalo.close();
  return { rows, alive, repliesBefore, duplicates };
}

/** The look-up as it was: read the counters, compare, and only then count the failure. */
async function lookupCountingAfterwards(
  request: CardLookupRequest,
  deps: CardLookupDeps,
): Promise<CardLookupOutcome> {
  const chatKey = chatCounterKey(request.chatKey);
  const codeKey = codeCounterKey(request.bhxhCode, deps.hash);
  const [chat, code] = await Promise.all([deps.counter.peek(chatKey), deps.counter.peek(codeKey)]);
  if (chat >= CARD_LOOKUP_LIMITS.failuresPerChat || code >= CARD_LOOKUP_LIMITS.failuresPerCode)
    return { kind: 'locked' };
  const card = await deps.cards.get(request.bhxhCode);
  if (card && card.dateOfBirth === request.dateOfBirth) return { kind: 'found', card };
  const [chatCount, codeCount] = await Promise.all([
    deps.counter.take(chatKey, Number.MAX_SAFE_INTEGER, CARD_LOOKUP_LIMITS.chatWindowSeconds),
    deps.counter.take(codeKey, Number.MAX_SAFE_INTEGER, CARD_LOOKUP_LIMITS.codeWindowSeconds),
  ]);
  return { kind: 'no-match', failures: Math.max(chatCount.count, codeCount.count) };
}

async function probeBurst(dynamo: TestDynamo, lookup: typeof lookupCard, codeBase: number) {
  const rightDate = '1985-03-12';
  const results: { compared: number; wrongCompared: number; found: boolean }[] = [];
  for (const [round, rightAt] of [29, 14, 0].entries()) {
    const code = `99${String(codeBase + round).padStart(8, '0')}`;
    const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
    await store.putMany([sampleCard(code, { dateOfBirth: rightDate })]);
    const cards = countingCardStore(store);
    const deps = {
      cards,
      counter: new DynamoRateCounter(dynamo.clients.doc, dynamo.tables.state, { now: () => new Date() }),
      hash: createHasher('probe'),
    };
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        lookup(
          {
            chatKey: `telegram:probe-${codeBase}-${round}-${i}`,
            bhxhCode: code,
            dateOfBirth: i === rightAt ? rightDate : `1960-02-${String(i + 1).padStart(2, '0')}`,
          },
          deps,
        ),
      ),
    );
    const found = outcomes.some((outcome) => outcome.kind === 'found');
    results.push({ compared: cards.reads, wrongCompared: cards.reads - (found ? 1 : 0), found });
  }
  return results;
}

async function main(): Promise<void> {
  const dynamo = await startTestDynamo();
  const dataDir = await mkdtemp(join(tmpdir(), 'probe-security-'));
  try {
    const endpoints = await probeEndpoints(dynamo, dataDir);
    console.log('1. Bad input and forged calls (embedded default, real HTTP)');
    console.log('endpoint                 cases  forged  forged accepted  5xx  unexpected');
    for (const row of endpoints.rows)
      console.log(
        `${row.endpoint.padEnd(24)} ${String(row.cases).padStart(5)}  ${String(row.forged).padStart(6)}  ${String(row.forgedAccepted).padStart(15)}  ${String(row.serverErrors).padStart(3)}  ${row.unexpected.length}${row.unexpected.length ? ` (${row.unexpected.join('; ')})` : ''}`,
      );
    console.log(`server still answering /health afterwards: ${endpoints.alive ? 'yes (no crash)' : 'NO'}`);
    console.log(`replies sent because of the corpus: ${endpoints.repliesBefore}`);
    console.log('\n2. One update delivered several times at once');
    for (const { copies, replies } of endpoints.duplicates)
      console.log(`  ${String(copies).padStart(2)} copies → ${replies} repl${replies === 1 ? 'y' : 'ies'}`);

    console.log(
      `\n3. 30 simultaneous guesses of one code's date of birth (limit ${CARD_LOOKUP_LIMITS.failuresPerCode} a day)`,
    );
    const before = await probeBurst(dynamo, lookupCountingAfterwards, 10_000);
    const after = await probeBurst(dynamo, lookupCard, 20_000);
    console.log(
      'burst (right date at)     baseline: compared / wrong / found    now: compared / wrong / found',
    );
    for (const [index, at] of [29, 14, 0].entries()) {
      const b = before[index];
      const a = after[index];
      if (!a || !b) continue;
      console.log(
        `  ${String(at).padStart(2)}                      ${String(b.compared).padStart(8)} / ${String(b.wrongCompared).padStart(5)} / ${b.found ? 'yes' : 'no '}        ${String(a.compared).padStart(8)} / ${String(a.wrongCompared).padStart(5)} / ${a.found ? 'yes' : 'no'}`,
      );
    }
    const broken =
      endpoints.rows.some(
        (row) => row.forgedAccepted > 0 || row.serverErrors > 0 || row.unexpected.length > 0,
      ) ||
      !endpoints.alive ||
      endpoints.duplicates.some((d) => d.replies !== 1) ||
      after.some((a) => a.wrongCompared > CARD_LOOKUP_LIMITS.failuresPerCode);
    if (broken) {
      console.error('\nFAILED: see the rows above');
      process.exitCode = 1;
    }
  } finally {
    await dynamo.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void main();
}
