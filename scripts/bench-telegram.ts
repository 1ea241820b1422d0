/**
 * `npm run bench:telegram [-- --updates 1000 --chats 100 --concurrency 32]`
 *
 * Load on the real local server (`startLocalServer`: HTTP → webhook handler → dynalite
 * dedupe → in-process FIFO queue → worker → telegraf) with the fake Bot API on loopback.
 * Each chat sends its updates one after another, as Telegram does (it waits for our 200
 * before the next update of a chat); chats run in parallel up to `concurrency`.
 *
 * Checks: every update answered exactly once (one delivered message per update, one logged
 * turn per update) and, per chat, in the order sent. Replies are the fixed /start and /help
 * texts in a per-chat pattern, so the expected messages are known without depending on
 * the knowledge base. Prints throughput and webhook latency next to a baseline measured in
 * the same run: the same requests with a wrong secret (HTTP + handler, no database).
 */

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { escapeHtml } from '../functions/adapters/telegram/format.js';
import { SECRET_HEADER } from '../functions/adapters/telegram/webhook.js';
import { startLocalServer } from '../functions/composition/local/server.js';
import { greetingReply, helpReply } from '../functions/core/dialogue/replies.js';
import { createHasher } from '../functions/shared/hash.js';
import { startFakeTelegram, updates } from '../tests/support/fake-telegram.js';

export interface LoadOptions {
  readonly updates: number;
  readonly chats: number;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
}

export interface LoadResult {
  readonly updates: number;
  readonly chats: number;
  /** Problems found; empty when every update was answered exactly once and in order. */
  readonly problems: string[];
  readonly elapsedMs: number;
  readonly webhookLatencyMs: readonly number[];
  readonly baselineLatencyMs: readonly number[];
}

const SECRET = 'bench_secret_0123456789abcdefghijklmnop';
const HASH_KEY = 'bench-hash-key';

/** Thue–Morse pattern: no two reorderings of a chat's messages look alike for long. */
const isStart = (sequence: number) => popcount(sequence) % 2 === 0;
function popcount(value: number): number {
  let count = 0;
  for (let rest = value; rest > 0; rest >>= 1) count += rest & 1;
  return count;
}

export async function runTelegramLoad(options: LoadOptions): Promise<LoadResult> {
  const fake = await startFakeTelegram();
  const server = await startLocalServer({
    inMemory: true,
    seed: false,
    port: 0,
    log: () => undefined,
    env: {
      ...process.env,
      LOG_LEVEL: 'error',
      HASH_KEY,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_MODE: 'webhook',
      DYNAMODB_ENDPOINT: '',
    },
  });
  const problems: string[] = [];
  try {
    const perChat = Math.ceil(options.updates / options.chats);
    const chatIds = Array.from({ length: options.chats }, (_, index) => 700_000_000 + index);
    const plan = chatIds.map((chatId, chatIndex) =>
      Array.from({ length: perChat }, (_, sequence) => ({
        chatId,
        sequence,
        updateId: 10_000_000 + chatIndex * perChat + sequence,
      })).filter((entry) => entry.updateId - 10_000_000 < options.updates),
    );
    const total = plan.reduce((sum, list) => sum + list.length, 0);
    const post = async (body: unknown, secret: string): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${server.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      if (response.status !== (secret === SECRET ? 200 : 401))
        problems.push(`webhook answered ${response.status}`);
      return performance.now() - started;
    };
    const text = (sequence: number) => `${isStart(sequence) ? '/start' : '/help'} ${sequence}`;

    // Baseline: the same requests, refused at the secret check (HTTP and handler, no database).
    const baselineLatencyMs = await runChats(plan, options.concurrency ?? 32, (entry) =>
      post(updates.text(entry.updateId, entry.chatId, text(entry.sequence)), 'wrong-secret'),
    );

    const started = performance.now();
    const webhookLatencyMs = await runChats(plan, options.concurrency ?? 32, (entry) =>
      post(updates.text(entry.updateId, entry.chatId, text(entry.sequence)), SECRET),
    );
    await fake
      .waitFor(() => fake.delivered.length >= total, options.timeoutMs ?? 120_000)
      .catch(() => {
        problems.push(`only ${fake.delivered.length} of ${total} replies arrived in time`);
      });
    const elapsedMs = performance.now() - started;
    // Give a stray duplicate the chance to show up before counting.
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));

    const greeting = escapeHtml(greetingReply().text);
    const help = escapeHtml(helpReply().text);
    const hash = createHasher(HASH_KEY);
    for (const list of plan) {
      const chatId = list[0]?.chatId;
      if (chatId === undefined) continue;
      const expected = list.map((entry) => (isStart(entry.sequence) ? greeting : help));
      const got = fake.deliveredTo(chatId).map((message) => message.text);
      if (got.length !== expected.length)
        problems.push(`chat ${chatId}: ${got.length} replies for ${expected.length} updates`);
      else if (got.some((value, index) => value !== expected[index]))
        problems.push(`chat ${chatId}: replies out of order`);
      const turns = await server.data.clients.doc.send(
        new QueryCommand({
          TableName: server.data.config.tables.conversations,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CHAT#${hash(String(chatId))}` },
        }),
      );
      const logged = (turns.Items ?? []).map((item) => String(item.question)).sort();
      const sent = list.map((entry) => text(entry.sequence)).sort();
      if (JSON.stringify(logged) !== JSON.stringify(sent))
        problems.push(`chat ${chatId}: logged turns differ from updates`);
    }
    return { updates: total, chats: plan.length, problems, elapsedMs, webhookLatencyMs, baselineLatencyMs };
  } finally {
    await server.close();
    await fake.close();
  }
}

/** Each chat posts its updates in sequence; at most `concurrency` chats at once. */
async function runChats<T>(
  plan: readonly (readonly T[])[],
  concurrency: number,
  send: (entry: T) => Promise<number>,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < plan.length; index = next++) {
      for (const entry of plan[index] ?? []) latencies.push(await send(entry));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.length) }, lane));
  return latencies;
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    const value = index >= 0 ? Number(args[index + 1]) : fallback;
    if (!Number.isInteger(value) || value <= 0 || value > 100_000)
      throw new Error(`--${name} must be 1..100000`);
    return value;
  };
  const result = await runTelegramLoad({
    updates: option('updates', 1000),
    chats: option('chats', 100),
    concurrency: option('concurrency', 32),
  });
  const fmt = (value: number) => value.toFixed(1).padStart(7);
  console.log(
    `updates ${result.updates} from ${result.chats} chats, answered in ${(result.elapsedMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `throughput            ${(result.updates / (result.elapsedMs / 1000)).toFixed(1)} updates/s (webhook to reply delivered)`,
  );
  console.log('                        p50 ms   p95 ms');
  console.log(
    `webhook (accepted)   ${fmt(percentile(result.webhookLatencyMs, 0.5))}  ${fmt(percentile(result.webhookLatencyMs, 0.95))}`,
  );
  console.log(
    `baseline (401, no DB) ${fmt(percentile(result.baselineLatencyMs, 0.5))}  ${fmt(percentile(result.baselineLatencyMs, 0.95))}`,
  );
  if (result.problems.length > 0) {
    console.error(
      `FAILED: ${result.problems.length} problems, e.g.\n  ${result.problems.slice(0, 10).join('\n  ')}`,
    );
    process.exitCode = 1;
  } else console.log('every update answered exactly once, in order per chat');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void main();
}
