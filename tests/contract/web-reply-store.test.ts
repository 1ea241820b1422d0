/**
 * WebReplyStore: where the worker files the web chat's replies for the console API to return.
 */
import { expect, it } from 'vitest';
import {
  DynamoWebReplyStore,
  WEB_REPLY_TTL_SECONDS,
} from '../../functions/adapters/dynamodb/web-reply-store.js';
import { MemoryWebReplyStore } from '../../functions/adapters/memory/web-reply-store.js';
import type { WebReplyStore } from '../../functions/app/ports.js';
import type { WebAnswer } from '../../functions/app/web-chat.js';
import { describeContract } from './contract.js';

const answer: WebAnswer = {
  replies: [
    {
      text: 'Mức đóng thấp nhất là 330.000 đồng/tháng.',
      path: 'calculator',
      intent: 'vsi.contribution',
      citations: [{ document: 'Nghị định 159/2025/NĐ-CP', section: 'Điều 10', date: '2025-07-01' }],
      buttons: [{ label: 'Tính mức đóng', data: 'topic:calc' }],
      asOf: '2026-11-23',
      turnId: 't1',
      askFeedback: true,
    },
  ],
};

describeContract<WebReplyStore>(
  'WebReplyStore',
  {
    memory: ({ clock }) => new MemoryWebReplyStore(clock, WEB_REPLY_TTL_SECONDS),
    dynamodb: async ({ clock, doc, table }) => new DynamoWebReplyStore(doc, await table('state'), clock),
  },
  (subject) => {
    it('returns what was filed, keyed by chat and message', async () => {
      const { store } = subject();
      await store.put('web-a-1', 'm1', answer);
      expect(await store.get('web-a-1', 'm1')).toEqual(answer);
      expect(await store.get('web-a-1', 'm2')).toBeUndefined();
      expect(await store.get('web-b-1', 'm1')).toBeUndefined();
    });

    it('keeps an acknowledgement without replies', async () => {
      const { store } = subject();
      await store.put('web-a-1', 'm3', { replies: [], acknowledgement: 'Cảm ơn bạn đã góp ý!' });
      expect(await store.get('web-a-1', 'm3')).toEqual({
        replies: [],
        acknowledgement: 'Cảm ơn bạn đã góp ý!',
      });
    });

    it('forgets a reply after an hour', async () => {
      const { store, clock } = subject();
      await store.put('web-a-1', 'm1', answer);
      clock.advanceSeconds(WEB_REPLY_TTL_SECONDS - 1);
      expect(await store.get('web-a-1', 'm1')).toBeDefined();
      clock.advanceSeconds(1);
      expect(await store.get('web-a-1', 'm1')).toBeUndefined();
    });
  },
);
