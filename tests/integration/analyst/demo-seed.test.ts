/**
 * `npm start` on a fresh data directory seeds three weeks of synthetic, clearly marked
 * conversations (once): the overview, the gaps and the 👎 screens have something to show.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoAnalystStore } from '../../../functions/adapters/dynamodb/analyst-store.js';
import { DynamoAuditLog } from '../../../functions/adapters/dynamodb/audit-log.js';
import { DynamoConversationLog } from '../../../functions/adapters/dynamodb/conversation-log.js';
import { DynamoFaqStore } from '../../../functions/adapters/dynamodb/faq-store.js';
import { createAnalystWorkspace } from '../../../functions/app/console/analyst-workspace.js';
import { addDays } from '../../../functions/app/console/analytics.js';
import { createFaqAdmin } from '../../../functions/app/console/faq-admin.js';
import { DEMO_DAYS, seedDemoConversations } from '../../../functions/composition/local/demo-conversations.js';
import { vietnamDate } from '../../../functions/core/dialogue/handle.js';
import { loadConfig } from '../../../functions/shared/config.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
const lines: string[] = [];

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

it('seeds marked demo turns once, over three weeks, that the workspace reads', async () => {
  const config = loadConfig({ RUNTIME: 'local', ...dynamo.env });
  await seedDemoConversations({ config, clients: dynamo.clients, log: (line) => lines.push(line) });
  await seedDemoConversations({ config, clients: dynamo.clients, log: (line) => lines.push(line) });
  expect(lines).toHaveLength(1);
  const clock = { now: () => new Date() };
  const archive = new DynamoConversationLog(dynamo.clients.doc, config.tables.conversations, clock, 180);
  const audit = new DynamoAuditLog(dynamo.clients.doc, config.tables.content);
  const workspace = createAnalystWorkspace({
    archive,
    store: new DynamoAnalystStore(dynamo.clients.doc, config.tables.content),
    faq: createFaqAdmin({
      store: new DynamoFaqStore(dynamo.clients.doc, config.tables.content, clock),
      audit,
      clock,
    }),
    audit,
    clock,
    ids: { next: () => 'x' },
  });
  const today = vietnamDate(new Date());
  const from = addDays(today, -(DEMO_DAYS - 1));
  const summary = await workspace.analytics.summary({ from, to: today });
  expect(summary.tiles.turns).toBeGreaterThan(DEMO_DAYS * 20);
  expect(summary.series.days).toHaveLength(DEMO_DAYS);
  expect(summary.series.byPath.fallback?.some((count) => count > 0)).toBe(true);
  expect(summary.tiles.down).toBeGreaterThan(0);
  const page = await workspace.analytics.listTurns({ from: addDays(today, -1), to: today, limit: 20 });
  for (const turn of page.turns) {
    expect(turn.chatHash.startsWith('demo-')).toBe(true);
    expect(turn.answer.startsWith('(Dữ liệu mẫu)')).toBe(true);
  }
  const gaps = await workspace.gaps.list({ from, to: today });
  const vssid = gaps.find((gap) => gap.variants.some((variant) => variant.includes('vssid')));
  expect(vssid?.variants).toEqual(
    expect.arrayContaining(['làm sao để đổi tên trên ứng dụng vssid', 'đổi tên trên vssid thế nào ạ']),
  );
});
