/**
 * ProgressStore: what the worker relies on so a retried message resumes where the last attempt
 * stopped (the reply computed once, parts already sent not sent again).
 */
import { expect, it } from 'vitest';
import {
  DynamoProgressStore,
  PROGRESS_TTL_SECONDS,
} from '../../functions/adapters/dynamodb/progress-store.js';
import { MemoryProgressStore } from '../../functions/adapters/memory/pipeline-stores.js';
import type { MessageProgress, ProgressStore } from '../../functions/app/ports.js';
import { describeContract } from './contract.js';

const started = (messageId: string, channel: MessageProgress['channel'] = 'telegram'): MessageProgress => ({
  channel,
  messageId,
  partsSent: 0,
  sent: false,
  logged: false,
  acknowledged: false,
  done: false,
  attempts: 1,
});

const answered = (messageId: string): MessageProgress => ({
  ...started(messageId),
  turnId: '20261123T000000000Z-a',
  reply: {
    text: 'Mức đóng thấp nhất là 330.000 đồng/tháng.',
    intent: 'vsi.contribution',
    path: 'calculator',
    citations: [{ document: 'Nghị định 159/2025/NĐ-CP', section: 'Điều 10', date: '2025-07-01' }],
    buttons: [{ label: 'Có', data: 'fb:up:t' }],
    askFeedback: true,
    asOf: '2026-11-23',
  },
  computeMs: 12,
  partsSent: 1,
  attempts: 2,
});

describeContract<ProgressStore>(
  'ProgressStore',
  {
    memory: ({ clock }) => new MemoryProgressStore(clock),
    dynamodb: async ({ clock, doc, table }) => new DynamoProgressStore(doc, await table('state'), clock),
  },
  (subject) => {
    it('forgets a record once it expires (14 days), even before the table deletes it', async () => {
      const { store, clock } = subject();
      await store.put(answered('1'));
      clock.advance(PROGRESS_TTL_SECONDS * 1000 - 1000);
      expect(await store.get('telegram', '1')).toMatchObject({ turnId: '20261123T000000000Z-a' });
      clock.advance(1000);
      expect(await store.get('telegram', '1')).toBeUndefined();
    });

    it('has no record for a message never seen', async () => {
      expect(await subject().store.get('telegram', 'nope')).toBeUndefined();
    });

    it('returns the record as put, reply and all, keyed by channel and message id', async () => {
      const { store } = subject();
      await store.put(answered('1'));
      expect(await store.get('telegram', '1')).toEqual(answered('1'));
      expect(await store.get('zalo', '1')).toBeUndefined();
      expect(await store.get('telegram', '2')).toBeUndefined();
    });

    it('keeps a null reply ("nothing to send") distinct from no reply yet', async () => {
      const { store } = subject();
      await store.put({ ...started('silent'), turnId: 't', reply: null });
      await store.put(started('fresh'));
      expect((await store.get('telegram', 'silent'))?.reply).toBeNull();
      expect(await store.get('telegram', 'fresh')).not.toHaveProperty('reply');
    });

    it('overwrites the record on put, as the worker advances', async () => {
      const { store, again } = subject();
      await store.put(started('1'));
      await store.put(answered('1'));
      await store.put({ ...answered('1'), sent: true, logged: true, acknowledged: true, done: true });
      expect(await (await again()).get('telegram', '1')).toEqual({
        ...answered('1'),
        sent: true,
        logged: true,
        acknowledged: true,
        done: true,
      });
    });

    it('keeps a snapshot: changing an object after put or after get does not change the record', async () => {
      const { store } = subject();
      const written: { -readonly [K in keyof MessageProgress]: MessageProgress[K] } = answered('1');
      await store.put(written);
      written.partsSent = 7;
      const read = (await store.get('telegram', '1')) as { partsSent: number };
      read.partsSent = 9;
      expect((await store.get('telegram', '1'))?.partsSent).toBe(1);
    });
  },
);
