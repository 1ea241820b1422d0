/**
 * `npm run bench:faults [-- --chats 20 --scale 0.1]`
 *
 * What outages and crashes cost in messages: per scenario, messages sent, accepted (the
 * webhook answered 200), answered, lost (accepted, never answered) and duplicated, for the
 * queue of `npm start` (on disk, the shared 12-receive schedule) beside a baseline measured
 * in the same run: the old in-memory queue with its old retry budget (5 receives, 250 ms
 * doubling: ~4 s) for channel outages, and LOCAL_QUEUE=memory for the crash and Ctrl-C.
 *
 * Time is scaled (LOCAL_QUEUE_TIME_SCALE and the outage lengths, default × 0.1): "500 for
 * 60 s" is a 6-second outage against a schedule 10 times faster, for both queues alike, so
 * the whole run takes a few minutes. The crash scenarios run `npm start`'s entry point in a
 * child process, kill it (SIGKILL) or stop it (SIGINT) with work in flight and start it
 * again on the same DATA_DIR. See tests/support/fault-scenarios.ts for how answers are
 * matched to messages; "unknowable" counts sends the Bot API carried out whose answer never
 * reached the killed process (each may show as one duplicate, which no client can prevent).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exponentialBackoff } from '../functions/adapters/queue/local-queue.js';
import { retrySpanSeconds } from '../functions/app/retry-schedule.js';
import { parseArgs } from '../functions/composition/cli/args.js';
import type { Fault } from '../tests/support/fault-proxy.js';
import { formatResult, runScenario, type ScenarioSpec } from '../tests/support/fault-scenarios.js';

/** The in-memory queue as it was: 5 receives, retried after 250, 500, 1000, 2000 ms. */
const OLD_BUDGET = { maxReceiveCount: 5, backoffMs: exponentialBackoff(250, 30_000) };

interface Row {
  readonly scenario: string;
  readonly spec: Omit<ScenarioSpec, 'name' | 'queue' | 'chats' | 'timeScale'>;
}

function scenarios(scale: number): Row[] {
  const outage = (kind: Fault['kind'], seconds: number, extra: Partial<Fault> = {}): Fault => ({
    kind,
    durationMs: seconds * 1000 * scale,
    ...extra,
  });
  const channel = (fault: Fault) => ({ process: 'in-process' as const, fault, answerWithinMs: 12_000 });
  return [
    { scenario: 'HTTP 500 for 10 s', spec: channel(outage('server-error', 10)) },
    { scenario: 'HTTP 500 for 60 s', spec: channel(outage('server-error', 60)) },
    { scenario: 'connection refused for 60 s', spec: channel(outage('refuse', 60)) },
    { scenario: 'hang (no answer) for 60 s', spec: channel(outage('hang', 60)) },
    {
      scenario: '429 retry_after 1 s for 60 s',
      spec: channel(outage('rate-limit', 60, { retryAfterSeconds: 1 })),
    },
    {
      scenario: 'SIGKILL mid-flight, restart',
      spec: {
        process: 'child',
        fault: { kind: 'slow', delayMs: 300, durationMs: 2_500 },
        interrupt: { signal: 'SIGKILL', afterMs: 800 },
        // Past the 30 s after which a webhook claim left pending by the kill is taken over.
        redeliverForMs: 40_000,
        answerWithinMs: 15_000,
      },
    },
    {
      scenario: 'Ctrl-C while the channel is slow, restart',
      spec: {
        process: 'child',
        fault: { kind: 'slow', delayMs: 1_500, durationMs: 5_000 },
        interrupt: { signal: 'SIGINT', afterMs: 1_500 },
        answerWithinMs: 15_000,
      },
    },
  ];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['chats', 'scale']);
  const chats = Number(args.options.chats ?? 20);
  const scale = Number(args.options.scale ?? 0.1);
  if (!(chats > 0) || !(scale > 0 && scale <= 1)) {
    console.error('usage: npm run bench:faults [-- --chats N --scale 0 < s <= 1]');
    process.exitCode = 2;
    return;
  }
  console.log(
    `bench:faults — ${chats} chats × 3 messages per scenario, time × ${scale} ` +
      `(retry span ${((retrySpanSeconds() * scale) / 60).toFixed(1)} min instead of ` +
      `${Math.round(retrySpanSeconds() / 60)})`,
  );
  let regressions = 0;
  // Printed together at the end: the servers' error logs (dead letters…) interleave otherwise.
  const lines: string[] = [];
  for (const row of scenarios(scale)) {
    const common = { chats, timeScale: scale, ...row.spec };
    const current = await runScenario({ ...common, name: `${row.scenario} — disk queue`, queue: 'disk' });
    const baseline = await runScenario({
      ...common,
      name: `${row.scenario} — baseline`,
      queue: 'memory',
      ...(row.spec.process === 'in-process' ? { tuning: OLD_BUDGET } : {}),
    });
    lines.push(formatResult(current), formatResult(baseline));
    console.error(`done: ${row.scenario}`);
    if (current.lost > 0 || current.duplicated > current.unknowable) regressions++;
  }
  console.log(['', ...lines].join('\n'));
  if (regressions > 0) {
    console.error(`${regressions} scenario(s) lost or repeated messages on the disk queue`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
