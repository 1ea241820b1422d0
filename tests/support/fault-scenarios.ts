/**
 * Fault scenarios for the message pipeline, shared by the fault-injection tests
 * (tests/integration/pipeline/faults.test.ts, tests/e2e/crash-restart.test.ts) and
 * `npm run bench:faults`.
 *
 * A scenario is the local server (in this process, or `npm start`'s entry point in a child
 * process that can be killed and restarted on the same DATA_DIR), the fake Bot API behind a
 * fault proxy, and a stand-in for Telegram: each chat posts /start, /help and a sticker in
 * order, and — like Telegram — delivers an update again until it gets a 200. The three
 * messages of a chat have three different fixed answers, so each answer tells which message
 * it belongs to, and the count of each answer per chat is exact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeHtml } from '../../functions/adapters/telegram/format.js';
import { SECRET_HEADER } from '../../functions/adapters/telegram/webhook.js';
import type { LocalQueueTuning } from '../../functions/composition/local/runtime.js';
import { type LocalServer, startLocalServer } from '../../functions/composition/local/server.js';
import { greetingReply, helpReply, unsupportedMediaReply } from '../../functions/core/dialogue/replies.js';
import { startFakeTelegram, updates } from './fake-telegram.js';
import { type Fault, startFaultProxy } from './fault-proxy.js';

const SECRET = 'fault_secret_0123456789abcdefghijkl';
const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/** What each chat sends, in order, and the answer each gets. */
const SCRIPT = [
  {
    kind: 'start',
    update: (id: number, chat: number) => updates.text(id, chat, '/start'),
    answer: greetingReply,
  },
  { kind: 'help', update: (id: number, chat: number) => updates.text(id, chat, '/help'), answer: helpReply },
  {
    kind: 'sticker',
    update: (id: number, chat: number) => updates.sticker(id, chat),
    answer: unsupportedMediaReply,
  },
] as const;

type Kind = (typeof SCRIPT)[number]['kind'];

export interface ScenarioSpec {
  readonly name: string;
  readonly chats: number;
  /** `child`: `npm start`'s entry point in its own process (needed to kill it). */
  readonly process: 'in-process' | 'child';
  readonly queue: 'disk' | 'memory';
  /** LOCAL_QUEUE_TIME_SCALE: 0.01 turns the 30-minute retry schedule into 18 s. */
  readonly timeScale: number;
  /** In-process only: a different retry budget (the baseline's old one). */
  readonly tuning?: LocalQueueTuning;
  readonly fault?: Fault;
  /** When the fault starts, from the first post. */
  readonly faultAfterMs?: number;
  /** Child only: the signal, when, and the restart on the same DATA_DIR. */
  readonly interrupt?: { readonly signal: 'SIGKILL' | 'SIGINT'; readonly afterMs: number };
  /** How long the stand-in Telegram keeps redelivering an update that got no 200. */
  readonly redeliverForMs?: number;
  /** How long to wait for the answers once everything is posted. */
  readonly answerWithinMs: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly sent: number;
  /** Got a 200 from the webhook: the server promised to answer. */
  readonly accepted: number;
  /** Accepted or not, answered at least once. */
  readonly answered: number;
  /** Accepted and never answered. */
  readonly lost: number;
  /** Answers beyond the first for a message. */
  readonly duplicated: number;
  /**
   * sendMessage calls the fake Bot API carried out whose answer never reached the sender
   * (it was killed or gave up): a duplicate each at most, which nothing can prevent.
   */
  readonly unknowable: number;
  /** Chats whose answers arrived in another order than their messages. */
  readonly outOfOrderChats: number;
  /** Accepted but not yet answered when the process was killed or stopped: left for the restart. */
  readonly pendingAtInterrupt: number;
  /** Requests the fault answered instead of the Bot API (none for `refuse`: those never connect). */
  readonly faulted: number;
  readonly elapsedMs: number;
}

interface Server {
  readonly url: string;
  interrupt(signal: 'SIGKILL' | 'SIGINT'): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-faults-'));
  const fake = await startFakeTelegram();
  const proxy = await startFaultProxy(fake.apiRoot);
  const env: NodeJS.ProcessEnv = {
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    HASH_KEY: 'fault-scenario-hash-key',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: proxy.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_MODE: 'webhook',
    ZALO_APP_ID: '',
    DYNAMODB_ENDPOINT: '',
    LOCAL_QUEUE: spec.queue,
    LOCAL_QUEUE_TIME_SCALE: String(spec.timeScale),
  };
  const server =
    spec.process === 'child' ? await startChild(env, dataDir) : await startInProcess(env, spec.tuning);
  const accepted = new Set<string>();
  let pendingAtInterrupt = 0;
  const chats = Array.from({ length: spec.chats }, (_, index) => 600_000_000 + index);
  const key = (chat: number, kind: string) => `${chat}/${kind}`;
  const answersFor = (chat: number, kind: Kind) => {
    const text = escapeHtml(SCRIPT.find((entry) => entry.kind === kind)?.answer().text ?? '');
    return fake.deliveredTo(chat).filter((message) => message.text === text).length;
  };
  try {
    const post = async (update: Record<string, unknown>): Promise<boolean> => {
      try {
        const response = await fetch(`${server.url}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET },
          body: JSON.stringify(update),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        return response.status === 200;
      } catch {
        return false; // refused or reset: the server is down or restarting
      }
    };
    // Warm up (the first turn loads the knowledge index), so faults meet running workers.
    const warmUpChat = 599_999_999;
    if (!(await post(updates.text(9_999_999, warmUpChat, '/start')))) throw new Error('warm-up refused');
    await fake.waitFor(() => fake.deliveredTo(warmUpChat).length > 0, 30_000);
    const started = performance.now();
    const redeliverForMs = spec.redeliverForMs ?? 15_000;
    const fault = (async () => {
      if (!spec.fault) return;
      await sleep(spec.faultAfterMs ?? 0);
      await proxy.inject(spec.fault);
    })();
    const interruption = (async () => {
      if (!spec.interrupt) return;
      await sleep(spec.interrupt.afterMs);
      await server.interrupt(spec.interrupt.signal);
      pendingAtInterrupt = [...accepted].filter((entry) => {
        const [chat, kind] = entry.split('/');
        return answersFor(Number(chat), kind as Kind) === 0;
      }).length;
      await server.restart();
    })();
    await Promise.all(
      chats.map(async (chat, chatIndex) => {
        for (const [step, message] of SCRIPT.entries()) {
          const update = message.update(10_000_000 + chatIndex * SCRIPT.length + step, chat);
          const giveUpAt = performance.now() + redeliverForMs;
          while (performance.now() < giveUpAt) {
            if (await post(update)) {
              accepted.add(key(chat, message.kind));
              break;
            }
            await sleep(100);
          }
          await sleep(20); // a person types the next message
        }
      }),
    );
    await Promise.all([fault, interruption]);

    const everyAcceptedAnswered = () =>
      chats.every((chat) =>
        SCRIPT.every((entry) => !accepted.has(key(chat, entry.kind)) || answersFor(chat, entry.kind) > 0),
      );
    const deadline = performance.now() + spec.answerWithinMs;
    while (!everyAcceptedAnswered() && performance.now() < deadline) await sleep(50);
    await sleep(300); // a late duplicate has the chance to show
    const elapsedMs = performance.now() - started;

    let answered = 0;
    let lost = 0;
    let duplicated = 0;
    let outOfOrderChats = 0;
    const order = new Map<string, number>(
      SCRIPT.map((entry, index) => [escapeHtml(entry.answer().text), index]),
    );
    for (const chat of chats) {
      for (const entry of SCRIPT) {
        const count = answersFor(chat, entry.kind);
        if (count > 0) answered++;
        if (count > 1) duplicated += count - 1;
        if (count === 0 && accepted.has(key(chat, entry.kind))) lost++;
      }
      const positions = fake.deliveredTo(chat).map((message) => order.get(message.text) ?? -1);
      if (positions.some((position, index) => index > 0 && position < (positions[index - 1] ?? 0)))
        outOfOrderChats++;
    }
    return {
      name: spec.name,
      sent: chats.length * SCRIPT.length,
      accepted: accepted.size,
      answered,
      lost,
      duplicated,
      unknowable: proxy.unanswered('sendMessage'),
      outOfOrderChats,
      pendingAtInterrupt,
      faulted: proxy.faulted(),
      elapsedMs,
    };
  } finally {
    await server.close();
    await proxy.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startInProcess(env: NodeJS.ProcessEnv, tuning?: LocalQueueTuning): Promise<Server> {
  let local: LocalServer | undefined = await startLocalServer({
    port: 0,
    seed: false,
    log: () => undefined,
    env: { ...process.env, ...env },
    ...(tuning ? { queue: tuning } : {}),
  });
  const { url } = local;
  return {
    url,
    interrupt: async () => {
      throw new Error('interrupting needs process: child');
    },
    restart: async () => undefined,
    close: async () => {
      await local?.close();
      local = undefined;
    },
  };
}

async function startChild(env: NodeJS.ProcessEnv, dataDir: string): Promise<Server> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';
  const launch = async () => {
    const started = spawn(process.execPath, ['--import', 'tsx', 'functions/composition/local/server.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    started.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    child = started;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`server did not answer /health:\n${output}`);
  };
  const stop = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    interrupt: (signal) => stop(signal),
    restart: launch,
    close: async () => {
      await stop('SIGINT');
    },
  };
}

/** A loopback port nothing listens on right now (for a child `npm start`). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One line per scenario for the benchmark and for test failure messages. */
export function formatResult(result: ScenarioResult): string {
  return [
    result.name.padEnd(44),
    `sent ${result.sent}`,
    `accepted ${result.accepted}`,
    `answered ${result.answered}`,
    `lost ${result.lost}`,
    `duplicated ${result.duplicated} (unknowable sends ${result.unknowable})`,
    `out-of-order chats ${result.outOfOrderChats}`,
    ...(result.pendingAtInterrupt > 0
      ? [`accepted, unanswered at the interruption ${result.pendingAtInterrupt}`]
      : []),
    `${(result.elapsedMs / 1000).toFixed(1)} s`,
  ].join(' | ');
}
