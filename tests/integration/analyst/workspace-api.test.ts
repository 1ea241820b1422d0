/**
 * The analyst workspace's API on real data: citizens' messages go through the real Telegram
 * webhook, queue, worker and assistant (calculators, card look-up over the demo cards, the
 * sample FAQ and documents) into the conversation log on dynalite; a 👎 arrives as a button
 * press. Then the console API (real local sign-in, real FAQ admin and audit log on the same
 * tables) is read as an analyst: overview, search without accents, gap clusters, a draft FAQ
 * from a cluster, the CSV export, the thread, notes. The card look-up's code and date of
 * birth must appear nowhere in what an analyst reads or exports.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAnalystStore } from '../../../functions/adapters/dynamodb/analyst-store.js';
import { DynamoAuditLog } from '../../../functions/adapters/dynamodb/audit-log.js';
import { DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { DynamoConversationLog } from '../../../functions/adapters/dynamodb/conversation-log.js';
import { DynamoFaqStore } from '../../../functions/adapters/dynamodb/faq-store.js';
import { readFaqDrafts, seedFaqs } from '../../../functions/adapters/knowledge/files.js';
import { importDemoCards } from '../../../functions/app/cards-import.js';
import { createAnalystWorkspace } from '../../../functions/app/console/analyst-workspace.js';
import { createFaqAdmin } from '../../../functions/app/console/faq-admin.js';
import { createAssistant } from '../../../functions/composition/assistant.js';
import { vietnamDate } from '../../../functions/core/dialogue/handle.js';
import { feedbackData } from '../../../functions/core/messages.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { type ConsoleHarness, startConsoleHarness } from '../../support/console.js';
import { updates } from '../../support/fake-telegram.js';
import { HASH_KEY, type Harness, startHarness } from '../telegram/harness.js';

const CODE = '9900000001';
const BIRTH = '12/03/1985';
const hash = createHasher(HASH_KEY);

let pipeline: Harness;
let consoleApi: ConsoleHarness;
let dataDir: string;
let analyst = '';
let editor = '';
let nextUpdate = 770_000;
let nextChat = 880_000;
/** Every body an analyst got back, to look for identifiers in all of them at the end. */
const readByAnalyst: string[] = [];

async function say(text: string, chatId = nextChat++): Promise<number> {
  const response = await pipeline.post(updates.text(nextUpdate++, chatId, text));
  expect(response.statusCode).toBe(200);
  return chatId;
}

async function get(path: string, cookie = analyst): Promise<Response> {
  const response = await consoleApi.request(path, { cookie });
  readByAnalyst.push(await response.clone().text());
  return response;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'analyst-api-'));
  pipeline = await startHarness({
    assistant: async ({ dynamo, config, clock, hash: hasher }) => {
      await seedFaqs(
        new DynamoFaqStore(dynamo.clients.doc, config.tables.content, clock),
        await readFaqDrafts(),
      );
      await importDemoCards({
        store: new DynamoCardStore(dynamo.clients.doc, config.tables.cards),
        clock,
        today: vietnamDate(clock.now()),
      });
      return createAssistant({
        config: { ...config, dataDir },
        clients: dynamo.clients,
        clock,
        hash: hasher,
      });
    },
  });
  const { dynamo, config } = pipeline;
  const clock = { now: () => new Date() };
  const archive = new DynamoConversationLog(dynamo.clients.doc, config.tables.conversations, clock, 30);
  const store = new DynamoFaqStore(dynamo.clients.doc, config.tables.content, clock);
  const audit = new DynamoAuditLog(dynamo.clients.doc, config.tables.content);
  const faq = createFaqAdmin({ store, audit, clock });
  let ids = 0;
  consoleApi = await startConsoleHarness({
    override: (deps) => ({
      ...deps,
      faq,
      audit,
      analyst: createAnalystWorkspace({
        archive,
        store: new DynamoAnalystStore(dynamo.clients.doc, config.tables.content),
        faq,
        audit,
        clock,
        ids: { next: () => `sug-${++ids}` },
      }),
    }),
  });
  await consoleApi.addUser('analyst@example.org', 'analyst');
  await consoleApi.addUser('editor@example.org', 'editor');
  analyst = await consoleApi.login('analyst@example.org');
  editor = await consoleApi.login('editor@example.org');

  // The same unanswerable question three ways (accented, unaccented, short), in three chats.
  await say('làm sao để đổi tên trên ứng dụng vssid');
  await say('lam sao de doi ten tren ung dung vssid');
  await say('đổi tên trên vssid thế nào ạ');
  // Another one, twice.
  await say('bệnh viện nào gần nhà em khám tốt');
  await say('benh vien nao gan nha em kham tot');
  // Answered: a calculation, and a card look-up with the code and date of birth in one message.
  const calculating = await say('mức đóng bhxh tự nguyện thấp nhất');
  await say(`${CODE} ${BIRTH}`);
  await pipeline.settle();
  // 👎 on the calculation.
  const [calculation] = await pipeline.turnsOf(calculating);
  const response = await pipeline.post(
    updates.callback(nextUpdate++, calculating, feedbackData('down', String(calculation?.turnId))),
  );
  expect(response.statusCode).toBe(200);
  await pipeline.settle();
}, 120_000);

afterAll(async () => {
  await consoleApi?.close();
  await pipeline?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('analyst workspace API over turns written by the real pipeline', () => {
  it('the overview counts today live: turns, chats, the card share, 👎', async () => {
    const today = vietnamDate(new Date());
    const response = await get(`/api/analytics/summary?from=${today}&to=${today}`);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      tiles: { turns: number; chats: number; answered: Record<string, number>; down: number };
      series: { days: string[]; byPath: Record<string, number[]> };
      topGaps: { key: string }[];
      llm: { used: number; costPer1000Messages: number };
    };
    expect(summary.tiles.turns).toBe(7);
    expect(summary.tiles.chats).toBe(7);
    expect(summary.tiles.answered.card).toBeCloseTo(1 / 7, 5);
    expect(summary.tiles.down).toBe(1);
    expect(summary.series.days).toEqual([today]);
    expect(summary.series.byPath.card).toEqual([1]);
    expect(summary.topGaps.length).toBeGreaterThan(0);
    expect(summary.llm).toMatchObject({ used: 0, costPer1000Messages: 0 });
    // Today is never stored: its roll-up stays live.
    const archive = new DynamoConversationLog(
      pipeline.dynamo.clients.doc,
      pipeline.config.tables.conversations,
      { now: () => new Date() },
      30,
    );
    expect(await archive.getRollup(today)).toBeUndefined();
  });

  it('search without accents finds the accented question; the filter by path', async () => {
    const response = await get('/api/turns?q=doi%20ten%20vssid');
    const { turns } = (await response.json()) as { turns: { question: string }[] };
    expect(turns.map((turn) => turn.question).sort()).toEqual([
      'lam sao de doi ten tren ung dung vssid',
      'làm sao để đổi tên trên ứng dụng vssid',
      'đổi tên trên vssid thế nào ạ',
    ]);
    const cards = (await (await get('/api/turns?path=card')).json()) as { turns: { question: string }[] };
    expect(cards.turns).toHaveLength(1);
    expect(cards.turns[0]?.question).not.toContain(CODE);
  });

  it('one cluster holds the question with and without accents; a draft FAQ is made from it', async () => {
    const response = await get('/api/gaps');
    const clusters = (await response.json()) as {
      key: string;
      label: string;
      variants: string[];
      questions: number;
      status: string;
      nearest?: { id: string; score: number };
    }[];
    const rename = clusters.find((cluster) => cluster.variants.some((variant) => variant.includes('vssid')));
    expect(rename?.questions).toBe(3);
    expect(rename?.status).toBe('new');
    expect(rename?.label).toMatch(/tên/);
    const hospital = clusters.find((cluster) =>
      cluster.variants.some((variant) => variant.includes('bệnh viện')),
    );
    expect(hospital?.questions).toBe(2);
    expect(hospital?.key).not.toBe(rename?.key);
    // The 👎 calculation is a gap too, in a cluster of its own.
    expect(clusters.some((cluster) => cluster.variants.includes('mức đóng bhxh tự nguyện thấp nhất'))).toBe(
      true,
    );

    const drafted = await consoleApi.request(`/api/gaps/${rename?.key}/draft`, { json: {}, cookie: analyst });
    expect(drafted.status).toBe(201);
    const { faqId } = (await drafted.json()) as { faqId: string };
    const item = (await (await get(`/api/faq/${faqId}`)).json()) as { status: string; questions: string[] };
    expect(item.status).toBe('draft');
    // Folded duplicates removed, the accented spelling kept.
    expect(item.questions).toContain('làm sao để đổi tên trên ứng dụng vssid');
    expect(item.questions).not.toContain('lam sao de doi ten tren ung dung vssid');
    const again = (await (await get('/api/gaps')).json()) as { key: string; status: string }[];
    expect(again.find((cluster) => cluster.key === rename?.key)?.status).toBe('in-progress');
    const queue = (await (await get('/api/suggestions')).json()) as { faqId: string; status: string }[];
    expect(queue.find((suggestion) => suggestion.faqId === faqId)?.status).toBe('waiting');
    // An analyst cannot edit or publish the draft; an editor can move the suggestion along.
    const publish = await consoleApi.request(`/api/faq/${faqId}/publish`, {
      method: 'POST',
      cookie: analyst,
    });
    expect(publish.status).toBe(403);
  });

  it('an ignored cluster stays ignored when the clusters are computed again', async () => {
    const clusters = (await (await get('/api/gaps')).json()) as { key: string; variants: string[] }[];
    const hospital = clusters.find((cluster) =>
      cluster.variants.some((variant) => variant.includes('bệnh viện')),
    );
    const ignored = await consoleApi.request(`/api/gaps/${hospital?.key}/ignore`, {
      json: { reason: 'ngoài phạm vi' },
      cookie: analyst,
    });
    expect(ignored.status).toBe(200);
    await say('bệnh viện nào gần nhà em khám tốt nhất');
    await pipeline.settle();
    const after = (await (await get('/api/gaps')).json()) as {
      key: string;
      status: string;
      questions: number;
    }[];
    expect(after.find((cluster) => cluster.key === hospital?.key)).toMatchObject({
      status: 'ignored',
      questions: 3,
    });
  });

  it('👎 grouped by the source that answered; "rule disliked" counted apart', async () => {
    const groups = (await (await get('/api/analytics/feedback')).json()) as {
      source: string;
      count: number;
      ruleDisliked: number;
      turns: { chatHash: string; turnId: string }[];
    }[];
    const calculator = groups.find((group) => group.source.startsWith('calculator:'));
    expect(calculator?.count).toBe(1);
    const turn = calculator?.turns[0];
    const marked = await consoleApi.request(`/api/chats/${turn?.chatHash}/turns/${turn?.turnId}/notes`, {
      json: { ruleDisliked: true, addTags: ['mức đóng'], reviewed: true },
      cookie: analyst,
    });
    expect(marked.status).toBe(200);
    const regrouped = (await (await get('/api/analytics/feedback')).json()) as typeof groups;
    expect(regrouped.find((group) => group.source === calculator?.source)).toMatchObject({
      count: 0,
      ruleDisliked: 1,
    });
    const reviewed = (await (await get('/api/turns?reviewed=true')).json()) as {
      turns: { turnId: string }[];
    };
    expect(reviewed.turns.map((t) => t.turnId)).toEqual([turn?.turnId]);
    // The editor may remove the analyst's tag; another analyst's removal would be ignored.
    const thread = (await (await get(`/api/chats/${turn?.chatHash}/turns`)).json()) as { turns: unknown[] };
    expect(thread.turns.length).toBeGreaterThanOrEqual(1);
    const unmarked = await consoleApi.request(`/api/chats/${turn?.chatHash}/turns/${turn?.turnId}/notes`, {
      json: { removeTags: ['mức đóng'] },
      cookie: editor,
    });
    expect(((await unmarked.json()) as { notes: { tags?: unknown } }).notes.tags).toBeUndefined();
  });

  it('exports the filter as CSV: BOM, exporter and time, audited', async () => {
    const response = await get('/api/turns/export.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="hoi-thoai-/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // UTF-8 BOM, so Excel reads Vietnamese.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder().decode(bytes);
    expect(body).toContain('"Xuất bởi","analyst@example.org"');
    expect(body.split('\r\n').filter((line) => line.includes('"telegram"'))).toHaveLength(8);
    const month = new Date().toISOString().slice(0, 7);
    const admin = await consoleApi
      .addUser('admin@example.org', 'admin')
      .then(() => consoleApi.login('admin@example.org'));
    const audit = (await (
      await consoleApi.request(`/api/audit?month=${month}`, { cookie: admin })
    ).json()) as {
      action: string;
      actor: string;
    }[];
    expect(
      audit.some((entry) => entry.action === 'turns-export' && entry.actor === 'analyst@example.org'),
    ).toBe(true);
  });

  it("the card look-up's code and date of birth appear nowhere an analyst looked", () => {
    expect(readByAnalyst.length).toBeGreaterThan(10);
    const everything = readByAnalyst.join('\n');
    expect(everything).not.toContain(CODE);
    expect(everything).not.toContain(BIRTH);
    expect(everything).not.toContain(hash(CODE));
  });
});
