/**
 * ConversationLog: what the worker (one append per turn, retried), the feedback buttons and a
 * citizen's data-deletion request rely on.
 */
import { expect, it } from 'vitest';
import { DynamoConversationLog } from '../../functions/adapters/dynamodb/conversation-log.js';
import { MemoryConversationLog } from '../../functions/adapters/memory/conversation-log.js';
import type { ConversationLog, TurnRecord } from '../../functions/core/ports.js';
import { describeContract } from './contract.js';

const turn = (turnId: string, chatHash = 'chat-a'): TurnRecord => ({
  turnId,
  channel: 'zalo',
  chatHash,
  at: '2026-11-22T18:30:00.000Z',
  question: 'mức đóng thấp nhất?',
  answer: 'Mức đóng thấp nhất là 330.000 đồng/tháng.',
  intent: 'vsi.contribution',
  path: 'calculator',
  citations: [{ document: 'Nghị định 159/2025/NĐ-CP' }],
  latencyMs: 42,
});

describeContract<ConversationLog>(
  'ConversationLog',
  {
    memory: () => new MemoryConversationLog(),
    dynamodb: async ({ clock, doc, table }) =>
      new DynamoConversationLog(doc, await table('conversations'), clock, 180),
  },
  (subject) => {
    it('records feedback only on a turn that was appended, in that chat', async () => {
      const { store } = subject();
      expect(await store.recordFeedback('chat-a', 't1', 'up')).toBe(false);
      await store.append(turn('t1'));
      expect(await store.recordFeedback('chat-a', 't1', 'up')).toBe(true);
      expect(await store.recordFeedback('chat-a', 't1', 'down')).toBe(true);
      expect(await store.recordFeedback('chat-b', 't1', 'up')).toBe(false);
      expect(await store.recordFeedback('chat-a', 't2', 'up')).toBe(false);
    });

    it('a feedback attempt on a missing turn creates nothing', async () => {
      const { store } = subject();
      await store.recordFeedback('chat-a', 'forged', 'down');
      expect(await store.deleteChat('chat-a')).toBe(0);
    });

    it('appends a retried turn once, sequentially or concurrently', async () => {
      const { store, again } = subject();
      await store.append(turn('t1'));
      await store.append({ ...turn('t1'), answer: 'lần thử lại' });
      const other = await again();
      await Promise.all([store.append(turn('t2')), other.append(turn('t2')), store.append(turn('t2'))]);
      expect(await store.deleteChat('chat-a')).toBe(2);
    });

    it("deletes one chat's turns, counting them, and leaves other chats alone", async () => {
      const { store } = subject();
      await store.append(turn('t1'));
      await store.append(turn('t2'));
      await store.append(turn('t1', 'chat-b'));
      await store.recordFeedback('chat-a', 't1', 'down');
      expect(await store.deleteChat('chat-a')).toBe(2);
      expect(await store.deleteChat('chat-a')).toBe(0);
      expect(await store.recordFeedback('chat-a', 't1', 'up')).toBe(false);
      expect(await store.recordFeedback('chat-b', 't1', 'up')).toBe(true);
      expect(await store.deleteChat('chat-never')).toBe(0);
    });

    it('a deleted turn can be appended again (a retry after the deletion)', async () => {
      const { store } = subject();
      await store.append(turn('t1'));
      await store.deleteChat('chat-a');
      await store.append(turn('t1'));
      expect(await store.recordFeedback('chat-a', 't1', 'up')).toBe(true);
      expect(await store.deleteChat('chat-a')).toBe(1);
    });

    it('deletes a long chat completely (more turns than one delete batch)', async () => {
      const { store } = subject();
      for (let index = 0; index < 60; index++) await store.append(turn(`t${String(index).padStart(3, '0')}`));
      expect(await store.deleteChat('chat-a')).toBe(60);
      expect(await store.deleteChat('chat-a')).toBe(0);
    });
  },
);
