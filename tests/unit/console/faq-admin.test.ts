/** The console's FAQ editing use cases over the in-memory store and audit log. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../../functions/adapters/memory/audit-log.js';
import { MemoryFaqStore } from '../../../functions/adapters/memory/faq-store.js';
import {
  type Actor,
  FaqExistsError,
  FaqNotFoundError,
  FaqPublishBlockedError,
  FaqValidationError,
} from '../../../functions/app/console/contracts.js';
import { createFaqAdmin, type FaqAdminService } from '../../../functions/app/console/faq-admin.js';
import { type FaqDraft, FaqVersionConflictError } from '../../../functions/core/knowledge/faq.js';
import { PAY_AHEAD, SUPPORT_NOW, WITHDRAW_ONCE } from '../../support/faq-drafts.js';

const EDITOR: Actor = { email: 'bien-tap@example.vn', roles: ['editor'] };
const OTHER: Actor = { email: 'nguoi-khac@example.vn', roles: ['editor'] };

class Clock {
  ms = Date.parse('2026-11-20T03:00:00.000Z');
  now = () => new Date(this.ms);
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

let clock: Clock;
let store: MemoryFaqStore;
let audit: MemoryAuditLog;
let admin: FaqAdminService;

beforeEach(() => {
  clock = new Clock();
  store = new MemoryFaqStore(clock);
  audit = new MemoryAuditLog();
  admin = createFaqAdmin({ store, audit, clock });
});

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('create', () => {
  it('stores version 1 with every text NFC-normalised and trimmed, and audits it', async () => {
    const nfd = (text: string) => ` ${text.normalize('NFD')}  `;
    const created = await admin.create(
      {
        ...SUPPORT_NOW,
        id: ' ho-tro-moi ',
        questions: SUPPORT_NOW.questions.map(nfd),
        answer: nfd(SUPPORT_NOW.answer),
        tags: [nfd('hộ nghèo'), ''],
        citations: [{ document: nfd('Nghị định 159/2025/NĐ-CP'), section: '', date: '2025-07-01' }],
        effectiveTo: '',
      },
      EDITOR,
      ' Tạo mới ',
    );
    expect(created).toMatchObject({
      id: 'ho-tro-moi',
      questions: SUPPORT_NOW.questions,
      answer: SUPPORT_NOW.answer,
      tags: ['hộ nghèo'],
      citations: [{ document: 'Nghị định 159/2025/NĐ-CP', date: '2025-07-01' }],
      version: 1,
      createdBy: EDITOR.email,
      changeNote: 'Tạo mới',
    });
    expect(created).not.toHaveProperty('effectiveTo');
    expect(created.questions.every((q) => q === q.normalize('NFC'))).toBe(true);
    expect(audit.all()).toEqual([
      {
        at: '2026-11-20T03:00:00.000Z',
        actor: EDITOR.email,
        action: 'faq-create',
        target: 'ho-tro-moi',
        detail: { version: 1, status: 'published', changeNote: 'Tạo mới' },
      },
    ]);
  });

  it('refuses an id that exists', async () => {
    await admin.create(SUPPORT_NOW, EDITOR);
    const error = await thrown(admin.create({ ...SUPPORT_NOW, status: 'draft' }, OTHER));
    expect(error).toBeInstanceOf(FaqExistsError);
    expect((await store.history(SUPPORT_NOW.id)).length).toBe(1);
  });

  it('names every invalid field, in Vietnamese, and stores nothing', async () => {
    const error = await thrown(
      admin.create(
        {
          id: 'Sai Mã',
          questions: ['Câu hỏi một?', 'Câu hỏi MỘT', 'ab', 'có | gạch'],
          answer: 'Ngắn',
          citations: 'Luật',
          effectiveFrom: '1/7/2025',
          status: 'live',
        },
        EDITOR,
      ),
    );
    expect(error).toBeInstanceOf(FaqValidationError);
    const issues = (error as FaqValidationError).issues;
    const fields = issues.map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'id',
        'questions.1',
        'questions.2',
        'questions.3',
        'answer',
        'citations',
        'effectiveFrom',
        'status',
      ]),
    );
    expect(issues.find((issue) => issue.field === 'questions.1')?.message).toBe('Trùng với câu hỏi 1.');
    expect(issues.find((issue) => issue.field === 'questions.2')?.message).toMatch(/ít nhất 3 ký tự/);
    expect(issues.find((issue) => issue.field === 'effectiveFrom')?.message).toMatch(/YYYY-MM-DD/);
    expect(await store.list()).toEqual([]);
    expect(audit.all()).toEqual([]);
  });

  it('names a placeholder the figures renderer does not know', async () => {
    const error = await thrown(
      admin.create({ ...SUPPORT_NOW, answer: 'Mức đóng tối thiểu là {{vsi.minIncom}} mỗi tháng.' }, EDITOR),
    );
    expect((error as FaqValidationError).issues).toEqual([
      { field: 'answer', message: 'Câu trả lời có chỗ điền số liệu không tồn tại: {{vsi.minIncom}}.' },
    ]);
  });

  it('keeps a draft without citations, but will not publish it, saying why', async () => {
    const draft = { ...SUPPORT_NOW, citations: [], status: 'draft' } as FaqDraft;
    expect(await admin.create(draft, EDITOR)).toMatchObject({ status: 'draft', citations: [] });
    const error = await thrown(admin.publish(SUPPORT_NOW.id, EDITOR));
    expect(error).toBeInstanceOf(FaqPublishBlockedError);
    expect((error as FaqPublishBlockedError).reasons).toEqual([
      'Chưa có căn cứ pháp lý: cần ít nhất một văn bản trích dẫn.',
    ]);
    const direct = await thrown(admin.create({ ...draft, id: 'khac', status: 'published' }, EDITOR));
    expect(direct).toBeInstanceOf(FaqPublishBlockedError);
    expect(await store.get('khac')).toBeUndefined();
  });

  it('will not publish an effective period that ends before it starts', async () => {
    const error = await thrown(
      admin.create({ ...SUPPORT_NOW, effectiveFrom: '2025-07-01', effectiveTo: '2025-06-30' }, EDITOR),
    );
    expect((error as FaqPublishBlockedError).reasons).toEqual([
      'Thời gian hiệu lực không hợp lệ: ngày kết thúc (2025-06-30) trước ngày bắt đầu (2025-07-01).',
    ]);
  });
});

describe('update', () => {
  it('saves a new version from the current one and audits the fields changed', async () => {
    await admin.create(SUPPORT_NOW, EDITOR);
    clock.advance(60);
    const updated = await admin.update(
      SUPPORT_NOW.id,
      { ...SUPPORT_NOW, tags: ['ho-ngheo'], answer: `${SUPPORT_NOW.answer} Thêm một câu.` },
      1,
      OTHER,
      'Thêm nhãn',
    );
    expect(updated).toMatchObject({ version: 2, updatedBy: OTHER.email, createdBy: EDITOR.email });
    expect(audit.all()[1]).toEqual({
      at: '2026-11-20T03:01:00.000Z',
      actor: OTHER.email,
      action: 'faq-update',
      target: SUPPORT_NOW.id,
      detail: { version: 2, status: 'published', changeNote: 'Thêm nhãn', fields: ['answer', 'tags'] },
    });
  });

  it('refuses a save from an outdated version', async () => {
    await admin.create(SUPPORT_NOW, EDITOR);
    await admin.update(SUPPORT_NOW.id, { ...SUPPORT_NOW, tags: ['a'] }, 1, EDITOR);
    const error = await thrown(admin.update(SUPPORT_NOW.id, { ...SUPPORT_NOW, tags: ['b'] }, 1, OTHER));
    expect(error).toBeInstanceOf(FaqVersionConflictError);
    expect((await store.get(SUPPORT_NOW.id))?.tags).toEqual(['a']);
  });

  it('refuses to change the id, takes it from the path when the draft has none', async () => {
    await admin.create(SUPPORT_NOW, EDITOR);
    const error = await thrown(admin.update(SUPPORT_NOW.id, { ...SUPPORT_NOW, id: 'moi' }, 1, EDITOR));
    expect((error as FaqValidationError).issues[0]?.field).toBe('id');
    const { id: _id, ...withoutId } = SUPPORT_NOW;
    expect(await admin.update(SUPPORT_NOW.id, { ...withoutId, tags: ['x'] }, 1, EDITOR)).toMatchObject({
      id: SUPPORT_NOW.id,
      version: 2,
    });
  });

  it('makes no version when nothing changed', async () => {
    const created = await admin.create(SUPPORT_NOW, EDITOR);
    expect(
      await admin.update(SUPPORT_NOW.id, { ...SUPPORT_NOW, answer: ` ${SUPPORT_NOW.answer} ` }, 1, EDITOR),
    ).toEqual(created);
    expect(audit.all()).toHaveLength(1);
  });

  it('reports an unknown item', async () => {
    expect(await thrown(admin.update('khong-co', SUPPORT_NOW, 1, EDITOR))).toBeInstanceOf(FaqValidationError);
    expect(
      await thrown(admin.update('khong-co', { ...SUPPORT_NOW, id: 'khong-co' }, 1, EDITOR)),
    ).toBeInstanceOf(FaqNotFoundError);
  });
});

describe('collisions', () => {
  const rival: FaqDraft = {
    id: 'rut-bhxh',
    questions: ['Điều kiện hưởng BHXH một lần là gì?', 'Khi nào được rút bảo hiểm xã hội một lần?'],
    answer: 'Một câu trả lời khác về việc rút BHXH một lần.',
    citations: [{ document: 'Luật Bảo hiểm xã hội 41/2024/QH15' }],
    effectiveFrom: '2025-07-01',
    status: 'draft',
  };

  it('flags a variant that the matcher sends to another published item, typed and folded', async () => {
    await admin.create(WITHDRAW_ONCE, EDITOR);
    const collisions = await admin.collisions(rival);
    expect(collisions).toEqual([
      { variant: 'Điều kiện hưởng BHXH một lần là gì?', form: 'typed', otherId: WITHDRAW_ONCE.id, score: 1 },
      { variant: 'Điều kiện hưởng BHXH một lần là gì?', form: 'folded', otherId: WITHDRAW_ONCE.id, score: 1 },
    ]);
    await admin.create(rival, EDITOR);
    const error = await thrown(admin.publish(rival.id, EDITOR));
    expect(error).toBeInstanceOf(FaqPublishBlockedError);
    expect((error as FaqPublishBlockedError).collisions).toEqual(collisions);
    expect((error as FaqPublishBlockedError).reasons).toEqual([
      `Câu hỏi "Điều kiện hưởng BHXH một lần là gì?" đang khớp FAQ ${WITHDRAW_ONCE.id} (1,00).`,
      `Câu hỏi "Điều kiện hưởng BHXH một lần là gì?" (khi gõ không dấu) đang khớp FAQ ${WITHDRAW_ONCE.id} (1,00).`,
    ]);
    expect((await store.get(rival.id))?.status).toBe('draft');
  });

  it('checks a draft against its own published version replaced, and ignores drafts and other periods', async () => {
    await admin.create(WITHDRAW_ONCE, EDITOR);
    expect(await admin.collisions({ ...WITHDRAW_ONCE, answer: `${WITHDRAW_ONCE.answer} Sửa.` })).toEqual([]);
    await admin.create({ ...rival, id: 'nhap-khac', questions: [...rival.questions] }, EDITOR);
    expect(
      await admin.collisions({ ...SUPPORT_NOW, questions: ['Khi nào được rút bảo hiểm xã hội một lần?'] }),
    ).toEqual([]);
    const older = { ...rival, effectiveFrom: '2016-01-01', effectiveTo: '2025-06-30' };
    expect(await admin.collisions(older)).toEqual([]);
  });

  it('lets the other item publish once the variant is reworded', async () => {
    await admin.create(WITHDRAW_ONCE, EDITOR);
    await admin.create({ ...rival, questions: ['Khi nào được rút bảo hiểm xã hội một lần?'] }, EDITOR);
    expect(await admin.publish(rival.id, EDITOR)).toMatchObject({ status: 'published', version: 2 });
  });
});

describe('publish, unpublish, versions, restore', () => {
  it('publishes and unpublishes as new versions, each audited; repeating changes nothing', async () => {
    await admin.create({ ...SUPPORT_NOW, status: 'draft' }, EDITOR);
    clock.advance(1);
    expect(await admin.publish(SUPPORT_NOW.id, EDITOR)).toMatchObject({ version: 2, status: 'published' });
    expect(await admin.publish(SUPPORT_NOW.id, EDITOR)).toMatchObject({ version: 2 });
    clock.advance(1);
    expect(await admin.unpublish(SUPPORT_NOW.id, OTHER)).toMatchObject({ version: 3, status: 'unpublished' });
    expect(await admin.unpublish(SUPPORT_NOW.id, OTHER)).toMatchObject({ version: 3 });
    expect(
      audit.all().map((entry) => [entry.action, entry.actor, entry.target, entry.detail?.version]),
    ).toEqual([
      ['faq-create', EDITOR.email, SUPPORT_NOW.id, 1],
      ['faq-publish', EDITOR.email, SUPPORT_NOW.id, 2],
      ['faq-unpublish', OTHER.email, SUPPORT_NOW.id, 3],
    ]);
    expect(await thrown(admin.publish('khong-co', EDITOR))).toBeInstanceOf(FaqNotFoundError);
  });

  it('lists versions newest first with their notes, and restores an old one as a new draft', async () => {
    await admin.create(SUPPORT_NOW, EDITOR, 'Bản đầu');
    clock.advance(1);
    await admin.update(
      SUPPORT_NOW.id,
      { ...SUPPORT_NOW, answer: 'Câu trả lời đã sửa sai hoàn toàn.' },
      1,
      OTHER,
      'Sửa',
    );
    clock.advance(1);
    const restored = await admin.restore(SUPPORT_NOW.id, 1, EDITOR);
    expect(restored).toMatchObject({
      version: 3,
      status: 'draft',
      answer: SUPPORT_NOW.answer,
      changeNote: 'khôi phục từ phiên bản 1',
      updatedBy: EDITOR.email,
    });
    const versions = await admin.versions(SUPPORT_NOW.id);
    expect(versions.map((v) => [v.version, v.status, v.changeNote])).toEqual([
      [3, 'draft', 'khôi phục từ phiên bản 1'],
      [2, 'published', 'Sửa'],
      [1, 'published', 'Bản đầu'],
    ]);
    expect(audit.all().at(-1)).toMatchObject({
      action: 'faq-restore',
      target: SUPPORT_NOW.id,
      detail: { version: 3, from: 1 },
    });
    expect(await thrown(admin.restore(SUPPORT_NOW.id, 9, EDITOR))).toBeInstanceOf(FaqNotFoundError);
    expect(await thrown(admin.versions('khong-co'))).toBeInstanceOf(FaqNotFoundError);
  });
});

describe('list', () => {
  const lost: FaqDraft = {
    id: 'mat-the',
    questions: ['Mất thẻ BHYT thì làm lại ở đâu?'],
    answer: 'Bạn đề nghị cấp lại thẻ tại cơ quan BHXH hoặc qua VssID.',
    tags: ['the'],
    citations: [{ document: 'Luật BHYT' }],
    effectiveFrom: '2025-06-01',
    status: 'published',
  };
  const password: FaqDraft = {
    id: 'mat-khau',
    questions: ['Quên mật khẩu VssID có thể lấy lại không?'],
    answer: 'Được, bạn chọn Quên mật khẩu trên ứng dụng VssID và làm theo hướng dẫn.',
    tags: ['vssid'],
    citations: [],
    effectiveFrom: '2024-01-01',
    effectiveTo: '2026-12-10',
    status: 'draft',
  };

  beforeEach(async () => {
    for (const draft of [lost, password, SUPPORT_NOW, { ...PAY_AHEAD, effectiveTo: '2027-06-30' }])
      await admin.create(draft, EDITOR);
  });

  it('searches without accents, and ranks the exact tones first when the query has them', async () => {
    const ids = async (q: string) => (await admin.list({ q })).map((item) => item.id);
    expect(await ids('mat the')).toEqual(expect.arrayContaining(['mat-the', 'mat-khau']));
    expect((await ids('mất thẻ'))[0]).toBe('mat-the');
    expect((await ids('mật thể'))[0]).toBe('mat-khau');
    expect(await ids('MẤT THẺ')).toEqual(await ids('mất thẻ'));
    expect(await ids('vssid')).toEqual(['mat-khau', 'mat-the']);
    expect(await ids('ho ngheo ho tro')).toEqual([SUPPORT_NOW.id]);
    expect(await ids('dong-mot-lan')).toEqual([PAY_AHEAD.id]);
    expect(await ids('khong co gi nhu the nay')).toEqual([]);
  });

  it('filters by status, tag, day in effect, expiry within days and missing citations', async () => {
    const ids = async (query: Parameters<FaqAdminService['list']>[0]) =>
      (await admin.list(query)).map((item) => item.id);
    expect(await ids({})).toEqual(['dong-mot-lan', 'ho-tro-moi', 'mat-khau', 'mat-the']);
    expect(await ids({ status: 'draft' })).toEqual(['mat-khau']);
    expect(await ids({ tag: 'the' })).toEqual(['mat-the']);
    expect(await ids({ inEffectOn: '2025-03-01' })).toEqual(['mat-khau']);
    expect(await ids({ expiringWithinDays: 30 })).toEqual(['mat-khau']);
    expect(await ids({ expiringWithinDays: 365 })).toEqual(['dong-mot-lan', 'mat-khau']);
    expect(await ids({ noCitation: true })).toEqual(['mat-khau']);
    // "thẻ" in a variant weighs more than "thể" in an answer ("Có thể đóng…").
    expect(await ids({ q: 'the', status: 'published' })).toEqual(['mat-the', 'dong-mot-lan']);
  });
});
