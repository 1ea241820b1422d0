/**
 * ConversationArchive (the analysts' reading of the conversation log) and AnalystStore (gap
 * states, suggestions): the same suite against the in-memory twins and DynamoDB on dynalite.
 */
import { expect, it } from 'vitest';
import { DynamoAnalystStore } from '../../functions/adapters/dynamodb/analyst-store.js';
import { DynamoConversationLog } from '../../functions/adapters/dynamodb/conversation-log.js';
import { MemoryAnalystStore } from '../../functions/adapters/memory/analyst-store.js';
import { MemoryConversationLog } from '../../functions/adapters/memory/conversation-log.js';
import type { AnalystStore, ConversationArchive } from '../../functions/app/console/analyst-ports.js';
import type { ConversationLog, TurnRecord } from '../../functions/core/ports.js';
import { describeContract } from './contract.js';

type Log = ConversationLog & ConversationArchive;

const turn = (
  turnId: string,
  path: string,
  chatHash = 'chat-a',
  at = '2026-11-22T03:00:00.000Z',
): TurnRecord => ({
  turnId,
  channel: 'telegram',
  chatHash,
  at,
  question: `câu hỏi ${turnId}`,
  answer: 'trả lời',
  intent: path === 'faq' ? 'faq:bhyt-mat-the' : path,
  path,
  citations: [],
  latencyMs: 120,
});

describeContract<Log>(
  'ConversationArchive',
  {
    memory: () => new MemoryConversationLog(),
    dynamodb: async ({ clock, doc, table }) =>
      new DynamoConversationLog(doc, await table('conversations'), clock, 180),
  },
  (subject) => {
    it('a turn is filed under its Vietnam day, newest first, paged', async () => {
      const { store } = subject();
      // 18:30 UTC on the 22nd is 01:30 on the 23rd in Vietnam.
      await store.append(turn('20261122T183000-a', 'faq', 'chat-a', '2026-11-22T18:30:00.000Z'));
      await store.append(turn('20261122T030000-b', 'faq', 'chat-b'));
      await store.append(turn('20261122T040000-c', 'calculator', 'chat-c', '2026-11-22T04:00:00.000Z'));
      expect((await store.dayTurns('2026-11-23')).turns.map((t) => t.turnId)).toEqual(['20261122T183000-a']);
      const first = await store.dayTurns('2026-11-22', { limit: 1 });
      expect(first.turns.map((t) => t.turnId)).toEqual(['20261122T040000-c']);
      expect(first.turns[0]?.day).toBe('2026-11-22');
      expect(first.cursor).toBeDefined();
      const second = await store.dayTurns('2026-11-22', {
        limit: 1,
        ...(first.cursor ? { cursor: first.cursor } : {}),
      });
      expect(second.turns.map((t) => t.turnId)).toEqual(['20261122T030000-b']);
      const forRollup = await store.dayTurnsForRollup('2026-11-22');
      expect(forRollup.map((t) => [t.path, t.chatHash, t.latencyMs])).toEqual([
        ['calculator', 'chat-c', 120],
        ['faq', 'chat-b', 120],
      ]);
    });

    it('the gap index holds "don\'t know", clarifications and 👎 turns only', async () => {
      const { store } = subject();
      await store.append(turn('t1-fallback', 'fallback'));
      await store.append(turn('t2-clarify', 'clarify'));
      await store.append(turn('t3-faq', 'faq'));
      await store.append(turn('t4-faq', 'faq'));
      expect(await store.recordFeedback('chat-a', 't4-faq', 'down')).toBe(true);
      expect(await store.recordFeedback('chat-a', 't3-faq', 'up')).toBe(true);
      const gaps = await store.gapTurns('2026-11-22');
      expect(gaps.map((t) => t.turnId).sort()).toEqual(['t1-fallback', 't2-clarify', 't4-faq']);
      expect(gaps.find((t) => t.turnId === 't4-faq')?.feedback).toBe('down');
    });

    it('a chat reads newest first; the turn after another; notes are kept', async () => {
      const { store } = subject();
      for (const id of ['t1', 't2', 't3']) await store.append(turn(id, 'faq'));
      await store.append(turn('t9', 'faq', 'chat-other'));
      const page = await store.chatTurns('chat-a', { limit: 2 });
      expect(page.turns.map((t) => t.turnId)).toEqual(['t3', 't2']);
      expect((await store.nextTurn('chat-a', 't1'))?.turnId).toBe('t2');
      expect(await store.nextTurn('chat-a', 't3')).toBeUndefined();
      const notes = { tags: [{ tag: 'giá', by: 'a@x', at: '2026-11-23T00:00:00.000Z' }], reviewedBy: 'a@x' };
      expect(await store.saveNotes('chat-a', 't2', notes)).toBe(true);
      expect(await store.saveNotes('chat-a', 'missing', notes)).toBe(false);
      expect((await store.getTurn('chat-a', 't2'))?.notes).toEqual(notes);
      expect(await store.getTurn('chat-a', 'missing')).toBeUndefined();
    });

    it('stores a roll-up by day', async () => {
      const { store } = subject();
      expect(await store.getRollup('2026-11-20')).toBeUndefined();
      const rollup = { version: 1, day: '2026-11-20', byChannel: {}, computedAt: '2026-11-21T00:00:00.000Z' };
      await store.putRollup(rollup);
      expect(await store.getRollup('2026-11-20')).toEqual(rollup);
      // Not a turn: nothing of the roll-up shows in that day's turns.
      expect((await store.dayTurns('2026-11-20')).turns).toEqual([]);
    });
  },
);

describeContract<AnalystStore>(
  'AnalystStore',
  {
    memory: () => new MemoryAnalystStore(),
    dynamodb: async ({ doc, table }) => new DynamoAnalystStore(doc, await table('content')),
  },
  (subject) => {
    it('keeps gap states and suggestions by key', async () => {
      const { store } = subject();
      const state = {
        key: 'gabc',
        ignored: { reason: 'chào hỏi', by: 'a@x', at: '2026-11-23T00:00:00.000Z' },
        pinned: ['g1'],
        updatedBy: 'a@x',
        updatedAt: '2026-11-23T00:00:00.000Z',
      };
      await store.putGapState(state);
      expect(await store.getGapState('gabc')).toEqual(state);
      expect(await store.gapStates()).toEqual([state]);
      const suggestion = {
        id: 's1',
        origin: 'gap' as const,
        source: 'gabc',
        title: 'Mất thẻ',
        evidence: ['mất thẻ bhyt'],
        status: 'waiting' as const,
        createdBy: 'a@x',
        createdAt: '2026-11-23T00:00:00.000Z',
        updatedBy: 'a@x',
        updatedAt: '2026-11-23T00:00:00.000Z',
      };
      await store.putSuggestion(suggestion);
      await store.putSuggestion({ ...suggestion, status: 'declined', reason: 'trùng' });
      expect(await store.suggestions()).toEqual([{ ...suggestion, status: 'declined', reason: 'trùng' }]);
      expect(await store.getSuggestion('nope')).toBeUndefined();
    });
  },
);
