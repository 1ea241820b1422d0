/**
 * The analyst use cases over the in-memory twins (held to the same contract as DynamoDB):
 * daily roll-ups stored only once a day is closed (Vietnam time), the previous period, LLM
 * use, the formula-safe CSV export, and the bounded search window.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAnalystStore } from '../../../functions/adapters/memory/analyst-store.js';
import { MemoryAuditLog } from '../../../functions/adapters/memory/audit-log.js';
import { MemoryConversationLog } from '../../../functions/adapters/memory/conversation-log.js';
import { MemoryFaqStore } from '../../../functions/adapters/memory/faq-store.js';
import { createAnalystWorkspace } from '../../../functions/app/console/analyst-workspace.js';
import { AnalyticsRangeError } from '../../../functions/app/console/analytics.js';
import { createFaqAdmin } from '../../../functions/app/console/faq-admin.js';
import type { TurnRecord } from '../../../functions/core/ports.js';

const ANALYST = { email: 'analyst@example.org', roles: ['analyst' as const] };

function setup(now = '2026-11-30T05:00:00.000Z') {
  let current = Date.parse(now);
  const clock = { now: () => new Date(current) };
  const archive = new MemoryConversationLog();
  const audit = new MemoryAuditLog();
  const faq = createFaqAdmin({ store: new MemoryFaqStore(clock), audit, clock });
  let ids = 0;
  const workspace = createAnalystWorkspace({
    archive,
    store: new MemoryAnalystStore(),
    faq,
    audit,
    clock,
    ids: { next: () => `s${++ids}` },
  });
  return { archive, audit, workspace, advance: (ms: number) => (current += ms) };
}

let turnCounter = 0;
function turn(at: string, path: string, extra: Partial<TurnRecord> = {}): TurnRecord {
  turnCounter++;
  return {
    turnId: `${at.replace(/[-:.]/g, '')}-${turnCounter}`,
    channel: 'zalo',
    chatHash: `chat-${turnCounter % 3}`,
    at,
    question: 'câu hỏi',
    answer: 'trả lời',
    intent: path === 'faq' ? 'faq:bhyt-hgd' : path,
    path,
    citations: [],
    latencyMs: 100 * turnCounter,
    ...extra,
  };
}

describe('overview', () => {
  it('stores a closed day once, keeps today live, compares with the previous period', async () => {
    const { archive, workspace } = setup();
    await archive.append(turn('2026-11-28T03:00:00.000Z', 'faq'));
    await archive.append(turn('2026-11-29T03:00:00.000Z', 'fallback'));
    await archive.append(turn('2026-11-29T04:00:00.000Z', 'faq', { feedback: 'down' }));
    await archive.append(turn('2026-11-30T03:00:00.000Z', 'calculator'));
    const summary = await workspace.analytics.summary({ from: '2026-11-29', to: '2026-11-30' });
    expect(summary.tiles.turns).toBe(3);
    expect(summary.previousTiles.turns).toBe(1);
    expect(summary.previous).toEqual({ from: '2026-11-27', to: '2026-11-28' });
    expect(summary.tiles.dontKnow).toBeCloseTo(1 / 3);
    expect(summary.series.byPath.fallback).toEqual([1, 0]);
    expect(summary.series.downPercent).toEqual([100, 0]);
    expect(summary.topFaq).toEqual([{ key: 'bhyt-hgd', count: 1 }]);
    expect(summary.faqByDown).toEqual([{ key: 'bhyt-hgd', count: 1 }]);
    expect(summary.tiles.latencyP95).toBeGreaterThanOrEqual(summary.tiles.latencyP50);
    expect(await archive.getRollup('2026-11-29')).toBeDefined();
    expect(await archive.getRollup('2026-11-28')).toBeDefined();
    expect(await archive.getRollup('2026-11-30')).toBeUndefined();
    // A stored day is read from its roll-up: a turn written into it afterwards is not counted.
    await archive.append(turn('2026-11-29T05:00:00.000Z', 'faq'));
    expect((await workspace.analytics.summary({ from: '2026-11-29', to: '2026-11-29' })).tiles.turns).toBe(2);
    // Today is live.
    await archive.append(turn('2026-11-30T04:00:00.000Z', 'faq'));
    expect((await workspace.analytics.summary({ from: '2026-11-30', to: '2026-11-30' })).tiles.turns).toBe(2);
  });

  it('reports LLM use, fallbacks by reason and cost per 1,000 messages', async () => {
    const { archive, workspace } = setup();
    const llm = { model: 'm', promptVersion: 'v1' };
    await archive.append(
      turn('2026-11-30T01:00:00.000Z', 'document', { llm: { ...llm, outcome: 'used', costUsd: 0.002 } }),
    );
    await archive.append(
      turn('2026-11-30T02:00:00.000Z', 'document', { llm: { ...llm, outcome: 'used', costUsd: 0.004 } }),
    );
    await archive.append(
      turn('2026-11-30T03:00:00.000Z', 'document', {
        llm: { ...llm, outcome: 'fallback', fallbackReason: 'timeout' },
      }),
    );
    await archive.append(turn('2026-11-30T04:00:00.000Z', 'faq'));
    const { llm: usage } = await workspace.analytics.summary({ from: '2026-11-30', to: '2026-11-30' });
    expect(usage).toEqual({ used: 2, fallbacks: { timeout: 1 }, costUsd: 0.006, costPer1000Messages: 1.5 });
  });

  it('refuses a window over the limit and a reversed one', async () => {
    const { workspace } = setup();
    await expect(workspace.analytics.listTurns({ from: '2026-10-01', to: '2026-11-30' })).rejects.toThrow(
      AnalyticsRangeError,
    );
    await expect(workspace.analytics.summary({ from: '2026-11-30', to: '2026-11-01' })).rejects.toThrow(
      AnalyticsRangeError,
    );
  });
});

describe('turn list and export', () => {
  it('pages newest first across days with a cursor', async () => {
    const { archive, workspace } = setup();
    for (let hour = 1; hour <= 5; hour++) await archive.append(turn(`2026-11-29T0${hour}:00:00.000Z`, 'faq'));
    await archive.append(turn('2026-11-30T01:00:00.000Z', 'faq'));
    const first = await workspace.analytics.listTurns({ from: '2026-11-29', to: '2026-11-30', limit: 4 });
    expect(first.turns.map((t) => t.at.slice(8, 13))).toEqual(['30T01', '29T05', '29T04', '29T03']);
    const rest = await workspace.analytics.listTurns({
      from: '2026-11-29',
      to: '2026-11-30',
      limit: 4,
      ...(first.cursor ? { cursor: first.cursor } : {}),
    });
    expect(rest.turns.map((t) => t.at.slice(8, 13))).toEqual(['29T02', '29T01']);
    expect(rest.cursor).toBeUndefined();
  });

  it('is formula-safe, re-redacted, with the exporter and time; audited', async () => {
    const { archive, audit, workspace } = setup();
    await archive.append(
      turn('2026-11-30T01:00:00.000Z', 'fallback', {
        question: '=HYPERLINK("http://x","bấm")',
        answer: '+1 trả lời',
      }),
    );
    // Logged before a redaction fix: the export masks it again.
    await archive.append(
      turn('2026-11-30T02:00:00.000Z', 'fallback', { question: 'số tôi 0912345678 gọi lại' }),
    );
    await archive.append(turn('2026-11-30T03:00:00.000Z', 'fallback', { question: '@SUM(A1) -2 \t' }));
    const file = await workspace.analytics.exportTurns({ from: '2026-11-30', to: '2026-11-30' }, ANALYST);
    expect(
      file.body.startsWith('\uFEFF"Xuất bởi","analyst@example.org","Lúc (giờ Việt Nam)","30/11/2026 12:00"'),
    ).toBe(true);
    expect(file.body).toContain('"\'=HYPERLINK(""http://x"",""bấm"")"');
    expect(file.body).toContain('"\'+1 trả lời"');
    expect(file.body).toContain('"\'@SUM(A1) -2 \t"');
    expect(file.body).not.toContain('0912345678');
    expect(file.rows).toBe(3);
    const entries = await audit.list({ month: '2026-11' });
    expect(entries.at(-1)).toMatchObject({
      action: 'turns-export',
      actor: 'analyst@example.org',
      detail: { rows: 3 },
    });
  });
});
