/**
 * `npm run bench:analytics [-- --days 30 --per-day 2000]`: time to load the overview on the
 * embedded default (dynalite persisting to disk, as `npm start` runs it) with 30 days of
 * 2,000 turns a day, next to a baseline measured in the same run: the same overview with no
 * stored roll-ups, every day read from the log (what "today" costs, for every day).
 *
 *   first load   closed days rolled up from the byDay index and stored (STATS#<day>)
 *   next load    closed days read from their roll-ups; today live
 *   baseline     every day read from the log on every load
 * plus the gap clusters of the range and one 30-day text search.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureTables } from '../functions/adapters/dynamodb/bootstrap.js';
import { createDynamoClients } from '../functions/adapters/dynamodb/client.js';
import { DynamoConversationLog } from '../functions/adapters/dynamodb/conversation-log.js';
import { startDynalite } from '../functions/adapters/local/dynalite.js';
import { MemoryAnalystStore } from '../functions/adapters/memory/analyst-store.js';
import { MemoryAuditLog } from '../functions/adapters/memory/audit-log.js';
import { MemoryFaqStore } from '../functions/adapters/memory/faq-store.js';
import type { ConversationArchive } from '../functions/app/console/analyst-ports.js';
import { createAnalystWorkspace } from '../functions/app/console/analyst-workspace.js';
import { addDays } from '../functions/app/console/analytics.js';
import { createFaqAdmin } from '../functions/app/console/faq-admin.js';
import { demoTurns } from '../functions/composition/local/demo-conversations.js';
import { vietnamDate } from '../functions/core/dialogue/handle.js';
import { localTableName, TABLE_IDS, type TableNames } from '../functions/shared/tables.js';

const { values } = parseArgs({
  options: { days: { type: 'string', default: '30' }, 'per-day': { type: 'string', default: '2000' } },
});
const days = Number(values.days);
const perDay = Number(values['per-day']);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-analytics-'));
  const server = await startDynalite({ path: join(dir, 'dynamo') });
  const clients = createDynamoClients({ region: 'ap-southeast-1', endpoint: server.endpoint });
  try {
    const tables = Object.fromEntries(
      TABLE_IDS.map((id) => [id, localTableName(id)]),
    ) as unknown as TableNames;
    await ensureTables(clients.raw, tables);
    const now = new Date();
    const clock = { now: () => now };
    const log = new DynamoConversationLog(clients.doc, tables.conversations, clock, 180);
    const today = vietnamDate(now);
    // The whole of today too (the bench's "today" is as full as the other days).
    const turns = demoTurns(today, new Date(now.getTime() + 86_400_000), { days, perDay, seed: 7 });
    console.log(
      `Writing ${turns.length.toLocaleString('en')} synthetic turns (${days} days × ${perDay}/day) to dynalite on disk…`,
    );
    const written = await timed(() => log.appendMany(turns));
    console.log(`  written in ${seconds(written.ms)}`);

    const workspace = (archive: ConversationArchive) => {
      const audit = new MemoryAuditLog();
      return createAnalystWorkspace({
        archive,
        store: new MemoryAnalystStore(),
        faq: createFaqAdmin({ store: new MemoryFaqStore(clock), audit, clock }),
        audit,
        clock,
        ids: { next: () => 'bench' },
      });
    };
    // The baseline: the same archive, but nothing is ever stored or read back as a roll-up.
    const noRollups: ConversationArchive = {
      dayTurns: (day, options) => log.dayTurns(day, options),
      dayTurnsForRollup: (day) => log.dayTurnsForRollup(day),
      gapTurns: (day) => log.gapTurns(day),
      chatTurns: (chat, options) => log.chatTurns(chat, options),
      nextTurn: (chat, turnId) => log.nextTurn(chat, turnId),
      getTurn: (chat, turnId) => log.getTurn(chat, turnId),
      saveNotes: (chat, turnId, notes) => log.saveNotes(chat, turnId, notes),
      getRollup: async () => undefined,
      putRollup: async () => undefined,
    };
    const range = { from: addDays(today, -(days - 1)), to: today };
    const withRollups = workspace(log);
    const baseline = workspace(noRollups);

    // What the console's overview asks first (tiles and charts), then the gap clusters apart.
    const overview = { ...range, withGaps: false };
    const baselineRun = await timed(() => baseline.analytics.summary(overview));
    const first = await timed(() => withRollups.analytics.summary(overview));
    const next = await timed(() => withRollups.analytics.summary(overview));
    const whole = await timed(() => withRollups.analytics.summary(range));
    const gaps = await timed(() => withRollups.gaps.list(range));
    const search = await timed(() =>
      withRollups.analytics.listTurns({ ...range, q: 'doi ten vssid', limit: 50 }),
    );
    const fullScan = await timed(() =>
      withRollups.analytics.listTurns({ ...range, q: 'khong co tu nay dau', limit: 50 }),
    );

    console.log('');
    console.log(
      `Overview of ${days} days (and the ${days} before, for the change), ${first.result.tiles.turns.toLocaleString('en')} turns in range:`,
    );
    console.log(`  baseline, every day from the log      ${seconds(baselineRun.ms)}`);
    console.log(`  first load, closed days rolled up     ${seconds(first.ms)}`);
    console.log(
      `  next load, roll-ups + today live      ${seconds(next.ms)}   (${(baselineRun.ms / next.ms).toFixed(1)}× faster than baseline)`,
    );
    console.log(
      `Gap clusters of the range (byGap index) ${seconds(gaps.ms)}  — ${gaps.result.length} clusters (the console loads them beside the tiles)`,
    );
    console.log(
      `Summary with the top gap clusters       ${seconds(whole.ms)}  (GET /api/analytics/summary without gaps=false)`,
    );
    console.log(`Search over ${days} days, accent-insensitive:`);
    console.log(`  first page of hits (50)               ${seconds(search.ms)}`);
    console.log(`  no hit (reads every day)              ${seconds(fullScan.ms)}`);
    if (
      first.result.tiles.turns !== baselineRun.result.tiles.turns ||
      next.result.tiles.turns !== first.result.tiles.turns
    )
      throw new Error('roll-ups and baseline disagree on the turn count');
  } finally {
    clients.raw.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
