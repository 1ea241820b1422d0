/** FaqStore: what staff edits (optimistic versions, history) and the FAQ matcher (list) rely on. */
import { expect, it } from 'vitest';
import { DynamoFaqStore } from '../../functions/adapters/dynamodb/faq-store.js';
import { MemoryFaqStore } from '../../functions/adapters/memory/faq-store.js';
import { type FaqDraft, FaqVersionConflictError } from '../../functions/core/knowledge/faq.js';
import type { FaqStore } from '../../functions/core/ports.js';
import { PAY_AHEAD, SUPPORT_NOW, WITHDRAW_ONCE } from '../support/faq-drafts.js';
import { CONTRACT_EPOCH, describeContract } from './contract.js';

const at = (seconds: number) => new Date(CONTRACT_EPOCH + seconds * 1000).toISOString();

describeContract<FaqStore>(
  'FaqStore',
  {
    memory: ({ clock }) => new MemoryFaqStore(clock),
    dynamodb: async ({ clock, doc, table }) => new DynamoFaqStore(doc, await table('content'), clock),
  },
  (subject) => {
    it('has nothing for an id never saved', async () => {
      const { store } = subject();
      expect(await store.get('khong-co')).toBeUndefined();
      expect(await store.history('khong-co')).toEqual([]);
      expect(await store.list()).toEqual([]);
    });

    it('creates version 1 from expected version 0, with audit fields from the clock', async () => {
      const { store } = subject();
      const created = await store.save(SUPPORT_NOW, 'editor-a', 0);
      expect(created).toEqual({
        ...SUPPORT_NOW,
        tags: [],
        version: 1,
        createdAt: at(0),
        createdBy: 'editor-a',
        updatedAt: at(0),
        updatedBy: 'editor-a',
      });
      expect(created).not.toHaveProperty('effectiveTo');
      expect(await store.get(SUPPORT_NOW.id)).toEqual(created);
    });

    it('an edit from the current version bumps it, keeps the creation and records the editor', async () => {
      const { store, clock, again } = subject();
      await store.save(SUPPORT_NOW, 'editor-a', 0);
      clock.advanceSeconds(60);
      const edited = await store.save(
        { ...SUPPORT_NOW, status: 'draft', effectiveTo: '2026-12-31' },
        'editor-b',
        1,
      );
      expect(edited).toMatchObject({
        version: 2,
        status: 'draft',
        effectiveTo: '2026-12-31',
        createdAt: at(0),
        createdBy: 'editor-a',
        updatedAt: at(60),
        updatedBy: 'editor-b',
      });
      expect(await (await again()).get(SUPPORT_NOW.id)).toEqual(edited);
    });

    it('refuses a save from an outdated or invented version and changes nothing', async () => {
      const { store } = subject();
      await expect(store.save(SUPPORT_NOW, 'editor-a', 1)).rejects.toBeInstanceOf(FaqVersionConflictError);
      expect(await store.get(SUPPORT_NOW.id)).toBeUndefined();
      const first = await store.save(SUPPORT_NOW, 'editor-a', 0);
      await expect(store.save(SUPPORT_NOW, 'editor-b', 0)).rejects.toBeInstanceOf(FaqVersionConflictError);
      await expect(store.save(SUPPORT_NOW, 'editor-b', 2)).rejects.toBeInstanceOf(FaqVersionConflictError);
      expect(await store.get(SUPPORT_NOW.id)).toEqual(first);
      expect(await store.history(SUPPORT_NOW.id)).toEqual([first]);
    });

    it('of two editors saving from the same version, exactly one wins', async () => {
      const { store, again } = subject();
      await store.save(SUPPORT_NOW, 'editor-a', 0);
      const other = await again();
      const results = await Promise.allSettled([
        store.save({ ...SUPPORT_NOW, answer: `${SUPPORT_NOW.answer} (bản B)` }, 'editor-b', 1),
        other.save({ ...SUPPORT_NOW, answer: `${SUPPORT_NOW.answer} (bản C)` }, 'editor-c', 1),
      ]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(FaqVersionConflictError);
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<FaqStore['save']>>>).value;
      expect(await store.get(SUPPORT_NOW.id)).toEqual(winner);
      expect((await store.history(SUPPORT_NOW.id)).map((item) => item.version)).toEqual([2, 1]);
    });

    it('refuses an invalid draft without storing anything', async () => {
      const { store } = subject();
      const invalid = { ...SUPPORT_NOW, citations: [] } as FaqDraft;
      await expect(store.save(invalid, 'editor-a', 0)).rejects.toThrow();
      expect(await store.get(SUPPORT_NOW.id)).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('keeps every version, newest first', async () => {
      const { store, clock } = subject();
      await store.save(SUPPORT_NOW, 'editor-a', 0);
      clock.advanceSeconds(1);
      await store.save({ ...SUPPORT_NOW, status: 'draft' }, 'editor-b', 1);
      clock.advanceSeconds(1);
      await store.save({ ...SUPPORT_NOW, tags: ['ho-ngheo'] }, 'editor-c', 2);
      const history = await store.history(SUPPORT_NOW.id);
      expect(history.map((item) => [item.version, item.updatedBy, item.updatedAt])).toEqual([
        [3, 'editor-c', at(2)],
        [2, 'editor-b', at(1)],
        [1, 'editor-a', at(0)],
      ]);
      expect(history[0]).toEqual(await store.get(SUPPORT_NOW.id));
    });

    it('lists the current version of every item, sorted by id', async () => {
      const { store } = subject();
      await store.save(WITHDRAW_ONCE, 'editor-a', 0);
      await store.save(SUPPORT_NOW, 'editor-a', 0);
      await store.save(PAY_AHEAD, 'editor-a', 0);
      await store.save({ ...WITHDRAW_ONCE, status: 'draft' }, 'editor-a', 1);
      const listed = await store.list();
      expect(listed.map((item) => [item.id, item.version])).toEqual([
        [PAY_AHEAD.id, 1],
        [SUPPORT_NOW.id, 1],
        [WITHDRAW_ONCE.id, 2],
      ]);
      expect(listed[2]?.status).toBe('draft');
    });

    it('keeps each version with its own change note; a version saved without one has none', async () => {
      const { store, clock, again } = subject();
      await store.save(SUPPORT_NOW, 'editor-a', 0, { changeNote: '  Tạo mới  ' });
      clock.advanceSeconds(1);
      await store.save({ ...SUPPORT_NOW, status: 'draft' }, 'editor-b', 1);
      clock.advanceSeconds(1);
      const third = await store.save({ ...SUPPORT_NOW, tags: ['ho-ngheo'] }, 'editor-c', 2, {
        changeNote: 'Thêm nhãn hộ nghèo',
      });
      expect(third.changeNote).toBe('Thêm nhãn hộ nghèo');
      const history = await (await again()).history(SUPPORT_NOW.id);
      expect(history.map((item) => [item.version, item.changeNote])).toEqual([
        [3, 'Thêm nhãn hộ nghèo'],
        [2, undefined],
        [1, 'Tạo mới'],
      ]);
      expect(history[1]).not.toHaveProperty('changeNote');
      expect(await store.get(SUPPORT_NOW.id)).toEqual(third);
    });

    it('stores an unpublished version and keeps the published ones before it', async () => {
      const { store, clock } = subject();
      await store.save(SUPPORT_NOW, 'editor-a', 0);
      clock.advanceSeconds(1);
      const withdrawn = await store.save({ ...SUPPORT_NOW, status: 'unpublished' }, 'editor-b', 1, {
        changeNote: 'Ngừng xuất bản',
      });
      expect(withdrawn).toMatchObject({ version: 2, status: 'unpublished', updatedBy: 'editor-b' });
      expect((await store.list()).map((item) => [item.id, item.status])).toEqual([
        [SUPPORT_NOW.id, 'unpublished'],
      ]);
      expect((await store.history(SUPPORT_NOW.id)).map((item) => item.status)).toEqual([
        'unpublished',
        'published',
      ]);
    });

    it('serves the latest published version: a draft over it leaves it live, unpublishing withdraws it', async () => {
      const { store, clock } = subject();
      await store.save(SUPPORT_NOW, 'editor-a', 0);
      await store.save({ ...WITHDRAW_ONCE, status: 'draft' }, 'editor-a', 0);
      const live = async () => (await store.listLive()).map((item) => [item.id, item.version]);
      // Only what was published is served; a draft that never was is not.
      expect(await live()).toEqual([[SUPPORT_NOW.id, 1]]);
      clock.advanceSeconds(1);
      await store.save(
        { ...SUPPORT_NOW, answer: `${SUPPORT_NOW.answer} (đang sửa)`, status: 'draft' },
        'editor-b',
        1,
      );
      expect(await live()).toEqual([[SUPPORT_NOW.id, 1]]);
      expect((await store.get(SUPPORT_NOW.id))?.status).toBe('draft');
      clock.advanceSeconds(1);
      await store.save({ ...SUPPORT_NOW, answer: `${SUPPORT_NOW.answer} (đã sửa)` }, 'editor-b', 2);
      expect(await live()).toEqual([[SUPPORT_NOW.id, 3]]);
      expect((await store.listLive())[0]?.answer).toContain('(đã sửa)');
      clock.advanceSeconds(1);
      await store.save({ ...SUPPORT_NOW, status: 'unpublished' }, 'editor-b', 3);
      expect(await live()).toEqual([]);
      clock.advanceSeconds(1);
      await store.save({ ...WITHDRAW_ONCE, status: 'published' }, 'editor-a', 1);
      expect(await live()).toEqual([[WITHDRAW_ONCE.id, 2]]);
    });

    it('accepts a draft without citations, refuses to publish one', async () => {
      const { store } = subject();
      const draft = { ...SUPPORT_NOW, citations: [], status: 'draft' } as FaqDraft;
      const saved = await store.save(draft, 'editor-a', 0);
      expect(saved).toMatchObject({ status: 'draft', citations: [] });
      await expect(store.save({ ...draft, status: 'published' }, 'editor-a', 1)).rejects.toThrow(/citations/);
      expect((await store.get(SUPPORT_NOW.id))?.version).toBe(1);
    });

    it('keeps a snapshot: changing a returned item does not change the stored one', async () => {
      const { store } = subject();
      const saved = await store.save(SUPPORT_NOW, 'editor-a', 0);
      (saved.questions as string[]).push('đã đổi');
      const read = (await store.get(SUPPORT_NOW.id)) as unknown as { tags: string[] };
      read.tags.push('đã đổi');
      const [listed] = (await store.list()) as unknown as { citations: unknown[] }[];
      listed?.citations.splice(0);
      expect((await store.get(SUPPORT_NOW.id))?.questions).toEqual(SUPPORT_NOW.questions);
      expect((await store.get(SUPPORT_NOW.id))?.tags).toEqual([]);
      expect((await store.history(SUPPORT_NOW.id))[0]?.citations).toEqual(SUPPORT_NOW.citations);
    });
  },
);
