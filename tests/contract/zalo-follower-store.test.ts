/**
 * ZaloFollowerStore: Zalo redelivers and reorders follow/unfollow events, so what operators
 * rely on is that the mark is the newest event's, and a withdrawal deletes it.
 */
import { expect, it } from 'vitest';
import { MemoryZaloFollowerStore } from '../../functions/adapters/memory/zalo-followers.js';
import {
  DynamoZaloFollowerStore,
  type FollowerRecord,
  type ZaloFollowerStore,
} from '../../functions/adapters/zalo/lifecycle.js';
import { describeContract } from './contract.js';

const following = (at: string): FollowerRecord => ({ status: 'following', at });
const unfollowed = (at: string): FollowerRecord => ({ status: 'unfollowed', at });

describeContract<ZaloFollowerStore>(
  'ZaloFollowerStore',
  {
    memory: () => new MemoryZaloFollowerStore(),
    dynamodb: async ({ doc, table }) => new DynamoZaloFollowerStore(doc, await table('state')),
  },
  (subject) => {
    it('has no mark for a chat never seen', async () => {
      expect(await subject().store.get('chat-a')).toBeUndefined();
    });

    it('keeps the newest mark and ignores an older redelivery, per chat', async () => {
      const { store } = subject();
      await store.mark('chat-a', unfollowed('2026-11-22T10:00:00.000Z'));
      await store.mark('chat-a', following('2026-11-22T09:00:00.000Z'));
      await store.mark('chat-b', following('2026-11-22T08:00:00.000Z'));
      expect(await store.get('chat-a')).toEqual(unfollowed('2026-11-22T10:00:00.000Z'));
      await store.mark('chat-a', following('2026-11-22T11:00:00.000Z'));
      expect(await store.get('chat-a')).toEqual(following('2026-11-22T11:00:00.000Z'));
      expect(await store.get('chat-b')).toEqual(following('2026-11-22T08:00:00.000Z'));
    });

    it('a mark with the same time replaces the previous one (a redelivery is harmless)', async () => {
      const { store } = subject();
      await store.mark('chat-a', following('2026-11-22T10:00:00.000Z'));
      await store.mark('chat-a', unfollowed('2026-11-22T10:00:00.000Z'));
      expect(await store.get('chat-a')).toEqual(unfollowed('2026-11-22T10:00:00.000Z'));
    });

    it('the newest of concurrent, reordered marks wins', async () => {
      const { store, again } = subject();
      const other = await again();
      const hours = [13, 9, 17, 11, 15];
      await Promise.all(
        hours.map((hour, index) =>
          (index % 2 ? other : store).mark(
            'chat-a',
            (hour === 17 ? unfollowed : following)(`2026-11-22T${String(hour).padStart(2, '0')}:00:00.000Z`),
          ),
        ),
      );
      expect(await store.get('chat-a')).toEqual(unfollowed('2026-11-22T17:00:00.000Z'));
    });

    it('reads back the status and time only', async () => {
      const { store } = subject();
      await store.mark('chat-a', {
        ...following('2026-11-22T10:00:00.000Z'),
        chatId: 'raw',
      } as FollowerRecord);
      expect(await store.get('chat-a')).toEqual(following('2026-11-22T10:00:00.000Z'));
    });

    it('deletes the mark (withdrawal), after which any event marks afresh', async () => {
      const { store } = subject();
      await store.mark('chat-a', following('2026-11-22T10:00:00.000Z'));
      await store.delete('chat-a');
      await store.delete('chat-never');
      expect(await store.get('chat-a')).toBeUndefined();
      await store.mark('chat-a', unfollowed('2026-11-22T09:00:00.000Z'));
      expect(await store.get('chat-a')).toEqual(unfollowed('2026-11-22T09:00:00.000Z'));
    });
  },
);
