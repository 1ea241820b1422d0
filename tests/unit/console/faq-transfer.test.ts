/** FAQ import (dry run, then apply) and export, CSV and JSON. */
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { readFaqDrafts, seedFaqs } from '../../../functions/adapters/knowledge/files.js';
import { MemoryAuditLog } from '../../../functions/adapters/memory/audit-log.js';
import { MemoryFaqStore } from '../../../functions/adapters/memory/faq-store.js';
import {
  type Actor,
  FaqValidationError,
  type ImportReport,
} from '../../../functions/app/console/contracts.js';
import { createFaqAdmin, type FaqAdminService } from '../../../functions/app/console/faq-admin.js';
import type { FaqDraft } from '../../../functions/core/knowledge/faq.js';
import { PAY_AHEAD, SUPPORT_NOW, WITHDRAW_ONCE } from '../../support/faq-drafts.js';

const IMPORTER: Actor = { email: 'nhap@example.vn', roles: ['editor'] };
const HEADER = 'id,questions,answer,citations,effectiveFrom,effectiveTo,tags,status';
const clock = { now: () => new Date('2026-11-20T03:00:00.000Z') };

let store: MemoryFaqStore;
let audit: MemoryAuditLog;
let admin: FaqAdminService;

beforeEach(() => {
  store = new MemoryFaqStore(clock);
  audit = new MemoryAuditLog();
  admin = createFaqAdmin({ store, audit, clock });
});

const dryRun = (body: string, format: 'csv' | 'json' = 'csv', mode: 'upsert' | 'replace' = 'upsert') =>
  admin.importItems(body, format, { mode, dryRun: true, actor: IMPORTER });
const apply = (body: string, format: 'csv' | 'json' = 'csv', mode: 'upsert' | 'replace' = 'upsert') =>
  admin.importItems(body, format, { mode, dryRun: false, actor: IMPORTER });

const byId = (report: ImportReport, id: string) => report.rows.find((row) => row.id === id);

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('CSV import', () => {
  const file = [
    `\uFEFF${HEADER}`,
    // A quoted comma, a quoted newline and doubled quotes, as Excel writes them.
    '"tu-tuat","Người tham gia qua đời thì thân nhân được gì? | Tử tuất BHXH tự nguyện","Thân nhân được trợ cấp mai táng, và trợ cấp tuất.',
    'Dòng thứ hai của câu trả lời, có ""ngoặc kép"".","Luật Bảo hiểm xã hội 41/2024/QH15§Điều 110§2024-06-29","2025-07-01","","bhxh-tu-nguyen | tu-tuat","published"',
    `noi-dong,Đóng BHXH tự nguyện ở đâu?,"Tại đại lý thu, bưu điện hoặc cơ quan BHXH.","[{""document"":""Quyết định 1018/QĐ-BHXH"",""source"":""BHXH Việt Nam""}]",1/7/2025,,,nháp`,
  ].join('\r\n');

  it('reads quoted commas, newlines, both citation forms, dd/mm/yyyy dates and Vietnamese statuses', async () => {
    const report = await dryRun(file);
    expect(report).toMatchObject({ dryRun: true, mode: 'upsert' });
    expect(report.counts).toEqual({ new: 2, changed: 0, unchanged: 0, rejected: 0, unpublished: 0 });
    expect(report.rows).toEqual([
      { line: 2, id: 'tu-tuat', outcome: 'new' },
      { line: 4, id: 'noi-dong', outcome: 'new' },
    ]);
    expect(await store.list()).toEqual([]);
    expect(audit.all()).toEqual([]);

    const applied = await apply(file);
    expect(applied.counts.new).toBe(2);
    expect(await store.get('tu-tuat')).toMatchObject({
      questions: ['Người tham gia qua đời thì thân nhân được gì?', 'Tử tuất BHXH tự nguyện'],
      answer:
        'Thân nhân được trợ cấp mai táng, và trợ cấp tuất.\nDòng thứ hai của câu trả lời, có "ngoặc kép".',
      citations: [{ document: 'Luật Bảo hiểm xã hội 41/2024/QH15', section: 'Điều 110', date: '2024-06-29' }],
      tags: ['bhxh-tu-nguyen', 'tu-tuat'],
      status: 'published',
      updatedBy: IMPORTER.email,
      changeNote: 'nhập từ tệp',
    });
    expect(await store.get('noi-dong')).toMatchObject({
      citations: [{ document: 'Quyết định 1018/QĐ-BHXH', source: 'BHXH Việt Nam' }],
      effectiveFrom: '2025-07-01',
      status: 'draft',
    });
    expect(audit.all()).toEqual([
      {
        at: '2026-11-20T03:00:00.000Z',
        actor: IMPORTER.email,
        action: 'faq-import',
        target: 'faq.csv',
        detail: {
          format: 'csv',
          mode: 'upsert',
          counts: { new: 2, changed: 0, unchanged: 0, rejected: 0, unpublished: 0 },
          changed: ['tu-tuat:new', 'noi-dong:new'],
        },
      },
    ]);
  });

  it('reports every rejected row with its line and reason, and imports the others', async () => {
    const body = [
      HEADER,
      'ok-1,Câu hỏi hợp lệ số một?,Câu trả lời đủ dài cho mục này.,Luật A,2025-07-01,,,draft',
      '"Sai Ma","Câu hỏi?","Câu trả lời đủ dài, hai dòng',
      'dòng hai.",Luật A,2025-07-01,,,draft',
      'thieu-cot,Câu hỏi?,Câu trả lời đủ dài.,Luật A',
      'ok-1,Câu hỏi trùng mã?,Câu trả lời đủ dài cho mục này.,Luật A,2025-07-01,,,draft',
      'json-hong,Câu hỏi JSON?,Câu trả lời đủ dài cho mục này.,"[{""document"":",2025-07-01,,,draft',
      'trang-thai,Câu hỏi trạng thái?,Câu trả lời đủ dài cho mục này.,Luật A,2025-07-01,,,live',
      'khong-cau-tra-loi,Câu hỏi?,,Luật A,2025-07-01,,,draft',
      'ok-2,Câu hỏi hợp lệ số hai?,Câu trả lời đủ dài cho mục này.,Luật A,2025-07-01,,,draft',
    ].join('\n');
    const report = await apply(body);
    expect(report.counts).toEqual({ new: 2, changed: 0, unchanged: 0, rejected: 6, unpublished: 0 });
    const rejected = report.rows.filter((row) => row.outcome === 'rejected');
    expect(rejected.map((row) => row.line)).toEqual([3, 5, 6, 7, 8, 9]);
    const reason = (line: number) => rejected.find((row) => row.line === line)?.reason ?? '';
    expect(reason(3)).toMatch(/^id: Mã chỉ gồm chữ thường/);
    expect(reason(5)).toMatch(/Dòng có 4 cột, tiêu đề có 8 cột/);
    expect(reason(6)).toBe('Trùng mã "ok-1" với dòng 2.');
    expect(reason(7)).toMatch(/^citations: Căn cứ pháp lý: JSON không đọc được/);
    expect(reason(8)).toMatch(/^status: Trạng thái "live" không hợp lệ/);
    expect(reason(9)).toMatch(/^answer: Câu trả lời: cần ít nhất 10 ký tự/);
    expect((await store.list()).map((item) => item.id)).toEqual(['ok-1', 'ok-2']);
  });

  it('refuses a file it cannot read at all, naming the problem', async () => {
    const unclosed = (await thrown(dryRun(`${HEADER}\na,"Câu hỏi,b\n`))) as FaqValidationError;
    expect(unclosed).toBeInstanceOf(FaqValidationError);
    expect(unclosed.issues[0]).toEqual({
      field: 'file',
      message: 'Tệp CSV không đọc được (từ dòng 2): một ô mở ngoặc kép nhưng không đóng.',
    });
    const header = (await thrown(dryRun('id,question,answer,effectiveFrom\n'))) as FaqValidationError;
    expect(header.issues).toEqual([
      { field: 'header', message: 'Cột không biết: "question".' },
      { field: 'header', message: 'Thiếu cột "questions".' },
    ]);
    expect(((await thrown(dryRun('\uFEFF'))) as FaqValidationError).issues[0]?.field).toBe('file');
  });
});

describe('changes, publishing rules and replace', () => {
  beforeEach(async () => {
    await seedFaqs(store, [SUPPORT_NOW, WITHDRAW_ONCE, PAY_AHEAD]);
  });

  const row = (draft: FaqDraft) => JSON.stringify(draft);
  const json = (...drafts: FaqDraft[]) => `{ "items": [${drafts.map(row).join(',')}] }`;

  it('reports changed fields, leaves unchanged items alone', async () => {
    const report = await dryRun(
      json(SUPPORT_NOW, { ...WITHDRAW_ONCE, tags: ['mot-lan'], status: 'draft' }),
      'json',
    );
    expect(report.rows).toEqual([
      { line: 1, id: SUPPORT_NOW.id, outcome: 'unchanged' },
      {
        line: 2,
        id: WITHDRAW_ONCE.id,
        outcome: 'changed',
        diff: [
          { field: 'tags', before: [], after: ['mot-lan'] },
          { field: 'status', before: 'published', after: 'draft' },
        ],
      },
    ]);
    await apply(json(SUPPORT_NOW, { ...WITHDRAW_ONCE, tags: ['mot-lan'], status: 'draft' }), 'json');
    expect((await store.history(WITHDRAW_ONCE.id)).map((v) => [v.version, v.changeNote])).toEqual([
      [2, 'nhập từ tệp'],
      [1, undefined],
    ]);
    expect((await store.history(SUPPORT_NOW.id)).length).toBe(1);
  });

  it('imports a row as a draft when it cannot be published, and says why', async () => {
    const noCitation = {
      ...SUPPORT_NOW,
      id: 'chua-can-cu',
      questions: ['Một câu hỏi riêng?'],
      citations: [],
    };
    const colliding = {
      ...PAY_AHEAD,
      id: 'dong-truoc-moi',
      questions: ['Đóng trước BHXH tự nguyện một lần được không?'],
    };
    const report = await apply(json(noCitation as FaqDraft, colliding), 'json');
    expect(byId(report, 'chua-can-cu')).toMatchObject({
      outcome: 'new',
      reason:
        'Nhập dưới dạng nháp vì chưa xuất bản được: Chưa có căn cứ pháp lý: cần ít nhất một văn bản trích dẫn.',
    });
    expect(byId(report, 'dong-truoc-moi')?.reason).toMatch(
      /^Nhập dưới dạng nháp vì chưa xuất bản được: Câu hỏi "Đóng trước BHXH tự nguyện một lần được không\?" đang khớp FAQ dong-mot-lan/,
    );
    expect((await store.get('chua-can-cu'))?.status).toBe('draft');
    expect((await store.get('dong-truoc-moi'))?.status).toBe('draft');
  });

  it('replace: unpublishes what the file no longer has as a new version, never deletes', async () => {
    const bad = { ...PAY_AHEAD, answer: 'ngắn' };
    const report = await apply(json(SUPPORT_NOW, bad), 'json', 'replace');
    expect(report.counts).toEqual({ new: 0, changed: 0, unchanged: 1, rejected: 1, unpublished: 1 });
    expect(byId(report, WITHDRAW_ONCE.id)).toMatchObject({
      line: 0,
      outcome: 'unpublished',
      diff: [{ field: 'status', before: 'published', after: 'unpublished' }],
    });
    // The item of a rejected row is named by the file: it is left as it is.
    expect((await store.get(PAY_AHEAD.id))?.status).toBe('published');
    expect(await store.get(WITHDRAW_ONCE.id)).toMatchObject({ status: 'unpublished', version: 2 });
    expect((await store.history(WITHDRAW_ONCE.id)).length).toBe(2);
    expect((await dryRun(json(SUPPORT_NOW, bad), 'json', 'replace')).counts.unpublished).toBe(0);
  });

  it('upsert leaves the items the file does not name alone', async () => {
    const report = await apply(json(SUPPORT_NOW), 'json');
    expect(report.rows).toHaveLength(1);
    expect((await store.list()).map((item) => item.status)).toEqual(['published', 'published', 'published']);
  });

  it('reads a bare array and refuses what is not JSON', async () => {
    expect((await dryRun(`[${row(SUPPORT_NOW)}]`, 'json')).counts.unchanged).toBe(1);
    expect(((await thrown(dryRun('{ items: ', 'json'))) as FaqValidationError).issues[0]?.field).toBe('file');
    expect(((await thrown(dryRun('{"things": []}', 'json'))) as FaqValidationError).issues[0]?.field).toBe(
      'file',
    );
  });
});

describe('export', () => {
  it('writes CSV with a BOM and formula-safe cells that read back as they were', async () => {
    const tricky: FaqDraft = {
      id: 'ky-tu-dac-biet',
      questions: ['=Câu hỏi bắt đầu bằng dấu bằng?', '@ai đó hỏi, có dấu phẩy?'],
      answer: '-5% là mức giảm.\nDòng hai có "ngoặc kép", dấu phẩy; và +1.\n\'=không phải công thức',
      tags: ['+nhan', 'thuong'],
      citations: [
        { document: 'Luật BHXH § đặc biệt', section: 'Điều 1' },
        { document: 'Nghị định 159/2025/NĐ-CP', date: '2025-07-01' },
      ],
      effectiveFrom: '2025-07-01',
      effectiveTo: '2026-12-31',
      status: 'unpublished',
    };
    await seedFaqs(store, [tricky, SUPPORT_NOW]);
    const file = await admin.exportItems('csv', IMPORTER);
    expect(file).toMatchObject({ contentType: 'text/csv; charset=utf-8', filename: 'faq-2026-11-20.csv' });
    expect(file.body.startsWith(`\uFEFF"id","questions"`)).toBe(true);
    const records = parse(file.body, { bom: true }) as string[][];
    const cells = records.find((record) => record[0] === tricky.id) ?? [];
    expect(cells[1]).toBe("'=Câu hỏi bắt đầu bằng dấu bằng? | @ai đó hỏi, có dấu phẩy?");
    expect(cells[2]?.startsWith("'-5%")).toBe(true);
    expect(cells[6]).toBe("'+nhan | thuong");
    expect(cells[3]?.startsWith('[')).toBe(true);
    expect(records.find((record) => record[0] === SUPPORT_NOW.id)?.[3]).toBe(
      'Nghị định 159/2025/NĐ-CP§§2025-07-01',
    );
    expect((await dryRun(file.body)).counts).toEqual({
      new: 0,
      changed: 0,
      unchanged: 2,
      rejected: 0,
      unpublished: 0,
    });
    expect(audit.all().map((entry) => [entry.action, entry.target])).toEqual([
      ['faq-export', 'faq-2026-11-20.csv'],
    ]);
  });

  it('round-trips the shipped FAQ through CSV and JSON: every item unchanged', async () => {
    const drafts = await readFaqDrafts();
    await seedFaqs(store, drafts);
    for (const format of ['csv', 'json'] as const) {
      const file = await admin.exportItems(format);
      const report = await dryRun(file.body, format, 'replace');
      expect(report.counts, format).toEqual({
        new: 0,
        changed: 0,
        unchanged: drafts.length,
        rejected: 0,
        unpublished: 0,
      });
      // Published exactly so already, two items the FAQ matcher cannot tell apart ("không" is a
      // stopword to it; the router reads it) import unchanged, with the collision as a warning.
      expect(
        report.rows.filter((row) => row.reason).map((row) => [row.id, row.reason?.slice(0, 21)]),
      ).toEqual([
        ['bhxh-tn-ai-duoc-tham-gia', 'Cảnh báo (không đổi):'],
        ['bhxh-tn-khong-duoc-tham-gia', 'Cảnh báo (không đổi):'],
      ]);
    }
    // The JSON export is the seeder's format: it parses back to the same drafts (sorted by id).
    const json = JSON.parse((await admin.exportItems('json')).body) as { items: FaqDraft[] };
    const sorted = [...drafts].sort((a, b) => a.id.localeCompare(b.id));
    expect(json.items).toEqual(sorted.map((draft) => ({ ...draft, tags: draft.tags ?? [] })));
  }, 30_000);
});
