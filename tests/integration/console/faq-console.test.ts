/**
 * The console's FAQ use cases wired as in AWS (composition/faq-console.ts): DynamoDB FAQ store
 * and audit log in the content table, on dynalite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedFaqSource, readFaqDrafts } from '../../../functions/adapters/knowledge/files.js';
import type { Actor } from '../../../functions/app/console/contracts.js';
import { createFaqConsole, type FaqConsole } from '../../../functions/composition/faq-console.js';
import { loadConfig } from '../../../functions/shared/config.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';
import { SUPPORT_NOW, WITHDRAW_ONCE } from '../../support/faq-drafts.js';

const EDITOR: Actor = { email: 'bien-tap@example.vn', roles: ['editor'] };
const ADMIN: Actor = { email: 'quan-tri@example.vn', roles: ['admin'] };
let now = new Date('2026-11-20T03:00:00.000Z');
const clock = { now: () => now };
const tick = () => {
  now = new Date(now.getTime() + 1000);
};

let dynamo: TestDynamo;
let dataDir: string;
let faq: FaqConsole;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  dataDir = await mkdtemp(join(tmpdir(), 'faq-console-'));
  const config = loadConfig({ RUNTIME: 'local', DATA_DIR: dataDir, ...dynamo.env });
  faq = await createFaqConsole({ config, clients: dynamo.clients, clock });
});
afterAll(async () => {
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('FAQ console on DynamoDB', () => {
  it('edits, publishes, withdraws and restores, every step a version and an audit entry', async () => {
    const { admin, audit } = faq;
    await admin.create({ ...SUPPORT_NOW, status: 'draft' }, EDITOR, 'Bản nháp đầu');
    tick();
    await admin.update(SUPPORT_NOW.id, { ...SUPPORT_NOW, status: 'draft', tags: ['ho-ngheo'] }, 1, EDITOR);
    tick();
    await admin.publish(SUPPORT_NOW.id, EDITOR);
    tick();
    await admin.unpublish(SUPPORT_NOW.id, ADMIN);
    tick();
    const restored = await admin.restore(SUPPORT_NOW.id, 3, EDITOR);
    expect(restored).toMatchObject({ version: 5, status: 'draft', tags: ['ho-ngheo'] });

    const versions = await admin.versions(SUPPORT_NOW.id);
    expect(versions.map((v) => [v.version, v.status, v.updatedBy, v.changeNote])).toEqual([
      [5, 'draft', EDITOR.email, 'khôi phục từ phiên bản 3'],
      [4, 'unpublished', ADMIN.email, undefined],
      [3, 'published', EDITOR.email, undefined],
      [2, 'draft', EDITOR.email, undefined],
      [1, 'draft', EDITOR.email, 'Bản nháp đầu'],
    ]);
    const entries = await audit.list({ month: '2026-11' });
    expect(entries.map((entry) => [entry.action, entry.actor, entry.target, entry.detail?.version])).toEqual([
      ['faq-restore', EDITOR.email, SUPPORT_NOW.id, 5],
      ['faq-unpublish', ADMIN.email, SUPPORT_NOW.id, 4],
      ['faq-publish', EDITOR.email, SUPPORT_NOW.id, 3],
      ['faq-update', EDITOR.email, SUPPORT_NOW.id, 2],
      ['faq-create', EDITOR.email, SUPPORT_NOW.id, 1],
    ]);
    // Audit items stay out of the FAQ list (no `kind`), and only published items are served.
    expect((await admin.list({})).map((item) => item.id)).toEqual([SUPPORT_NOW.id]);
    expect(await new CachedFaqSource(faq.store, clock).items()).toEqual([]);
  });

  it('imports the shipped FAQ, serves it, and exports it back unchanged', async () => {
    const drafts = await readFaqDrafts();
    const body = JSON.stringify({ items: drafts });
    const dry = await faq.admin.importItems(body, 'json', { mode: 'upsert', dryRun: true, actor: EDITOR });
    expect(dry.counts).toEqual({ new: drafts.length, changed: 0, unchanged: 0, rejected: 0, unpublished: 0 });
    tick();
    const applied = await faq.admin.importItems(body, 'json', {
      mode: 'upsert',
      dryRun: false,
      actor: EDITOR,
    });
    expect(applied.counts.new).toBe(drafts.length);
    // "Ai (không) được tham gia BHXH tự nguyện?" tie in the FAQ matcher (it drops "không"), but
    // the whole bot tells them apart, so the collision is not confirmed: every item goes live.
    const drafted = applied.rows.filter((row) => row.reason).map((row) => row.id);
    expect(drafted).toEqual([]);
    const served = await new CachedFaqSource(faq.store, clock).items();
    expect(served).toHaveLength(drafts.length);
    expect((await faq.store.get('bhxh-tn-la-gi'))?.changeNote).toBe('nhập từ tệp');

    tick();
    const csv = await faq.admin.exportItems('csv', ADMIN);
    const again = await faq.admin.importItems(csv.body, 'csv', {
      mode: 'replace',
      dryRun: true,
      actor: EDITOR,
    });
    expect(again.counts).toMatchObject({ new: 0, changed: 0, rejected: 0, unpublished: 0 });
    const [latest] = await faq.audit.list({ month: '2026-11', limit: 1 });
    expect(latest).toMatchObject({ action: 'faq-export', actor: ADMIN.email });
    expect(
      (await faq.audit.list({ month: '2026-11' })).filter((e) => e.action === 'faq-import'),
    ).toHaveLength(1);
  });

  it('flags a variant the bot sends to another item, not one only the matcher confuses', async () => {
    // After the shipped import above: "who may not join" is its own item for the whole bot.
    const mayNot = await faq.store.get('bhxh-tn-khong-duoc-tham-gia');
    expect(mayNot?.status).toBe('published');
    const mayJoin = await faq.store.get('bhxh-tn-ai-duoc-tham-gia');
    if (!mayNot || !mayJoin) throw new Error('shipped items missing');
    expect(await faq.admin.collisions({ ...mayNot, status: 'draft' })).toEqual([]);
    // A variant copied word for word from another item is a real collision.
    const copied = await faq.admin.collisions({
      ...mayNot,
      status: 'draft',
      questions: [...mayNot.questions, mayJoin.questions[0] ?? ''],
    });
    expect(copied.map((collision) => collision.otherId)).toContain('bhxh-tn-ai-duoc-tham-gia');
  });

  it('explains a question with drafts included, as the bench in the console does', async () => {
    const explained = await faq.bench.explain('dieu kien rut bhxh mot lan la gi', '2026-11-20', {
      includeDrafts: true,
    });
    expect(explained.forms[0]?.faqId).toBe('bhxh-mot-lan');
    const question = 'Sổ BHXH bị rách nát thì xin cấp lại ở đâu?';
    await faq.admin.create(
      { ...WITHDRAW_ONCE, id: 'so-bhxh-rach', questions: [question], status: 'draft' },
      EDITOR,
    );
    expect((await faq.bench.explain(question, '2026-11-20')).forms[0]?.faqId).not.toBe('so-bhxh-rach');
    const withDraft = await faq.bench.explain(question, '2026-11-20', { includeDrafts: true });
    expect(withDraft.forms.map((form) => [form.faqId, form.draft])).toEqual([
      ['so-bhxh-rach', true],
      ['so-bhxh-rach', true],
    ]);
  });
});
