/** SessionStore: what the turn relies on to carry a dialogue from one message to the next. */
import { expect, it } from 'vitest';
import { DynamoSessionStore } from '../../functions/adapters/dynamodb/session-store.js';
import { MemorySessionStore } from '../../functions/adapters/memory/session-store.js';
import type { Session, SessionStore } from '../../functions/core/ports.js';
import { describeContract } from './contract.js';

const TTL_SECONDS = 3600;

const session = (key: string, awaiting = 'dateOfBirth'): Session => ({
  key,
  pending: {
    skill: 'card-lookup',
    awaiting,
    slots: { sealedCode: 'v1.abc', attempts: 1, nested: { list: [1, 2] } },
    askedAt: '2026-11-23T00:00:00.000Z',
    optional: false,
  },
  lastTurnId: '20261123T000000000Z-a',
  lastAnswer: {
    skill: 'vsi-contribution',
    slots: { income: 5_000_000 },
    answeredAt: '2026-11-23T00:00:00.000Z',
  },
  updatedAt: '2026-11-23T00:00:00.000Z',
});

describeContract<SessionStore>(
  'SessionStore',
  {
    memory: ({ clock }) => new MemorySessionStore(clock, TTL_SECONDS),
    dynamodb: async ({ clock, doc, table }) =>
      new DynamoSessionStore(doc, await table('state'), clock, TTL_SECONDS),
  },
  (subject) => {
    it('has no session for a key never written', async () => {
      expect(await subject().store.get('telegram:nobody')).toBeUndefined();
    });

    it('returns what was put, field for field, under its own key only', async () => {
      const { store } = subject();
      await store.put(session('telegram:a'));
      expect(await store.get('telegram:a')).toEqual(session('telegram:a'));
      expect(await store.get('telegram:b')).toBeUndefined();
      expect(await store.get('zalo:a')).toBeUndefined();
    });

    it('is shared by every instance over the same state (the next message may land elsewhere)', async () => {
      const { store, again } = subject();
      await store.put(session('telegram:a'));
      expect(await (await again()).get('telegram:a')).toEqual(session('telegram:a'));
    });

    it('replaces the session on put (last write wins)', async () => {
      const { store } = subject();
      await store.put(session('telegram:a', 'dateOfBirth'));
      await store.put(session('telegram:a', 'bhxhCode'));
      expect((await store.get('telegram:a'))?.pending?.awaiting).toBe('bhxhCode');
    });

    it('keeps a snapshot: changing the object after put or after get does not change the stored session', async () => {
      const { store } = subject();
      const written = session('telegram:a');
      await store.put(written);
      (written.pending?.slots as Record<string, unknown>).attempts = 99;
      const read = await store.get('telegram:a');
      (read?.pending?.slots as Record<string, unknown>).attempts = 42;
      expect((await store.get('telegram:a'))?.pending?.slots.attempts).toBe(1);
    });

    it('deletes a session, and deleting a missing one is not an error', async () => {
      const { store } = subject();
      await store.put(session('telegram:a'));
      await store.put(session('telegram:b'));
      await store.delete('telegram:a');
      await store.delete('telegram:a');
      await store.delete('telegram:never');
      expect(await store.get('telegram:a')).toBeUndefined();
      expect(await store.get('telegram:b')).toEqual(session('telegram:b'));
    });

    it('forgets a session TTL seconds after its last put, even before the table deletes it', async () => {
      const { store, clock } = subject();
      await store.put(session('telegram:a'));
      clock.advanceSeconds(TTL_SECONDS - 1);
      expect(await store.get('telegram:a')).toEqual(session('telegram:a'));
      clock.advanceSeconds(1);
      expect(await store.get('telegram:a')).toBeUndefined();
    });

    it('counts the TTL from the whole second of the put', async () => {
      const { store, clock } = subject();
      clock.advance(900); // put at …00.900: expires at …00 + TTL, not …00.900 + TTL
      await store.put(session('telegram:a'));
      clock.advance((TTL_SECONDS - 1) * 1000);
      expect(await store.get('telegram:a')).toBeDefined();
      clock.advance(100);
      expect(await store.get('telegram:a')).toBeUndefined();
    });

    it('a put renews the TTL, and an expired session can be written again', async () => {
      const { store, clock } = subject();
      await store.put(session('telegram:a'));
      clock.advanceSeconds(TTL_SECONDS - 10);
      await store.put(session('telegram:a', 'renewed'));
      clock.advanceSeconds(TTL_SECONDS - 1);
      expect((await store.get('telegram:a'))?.pending?.awaiting).toBe('renewed');
      clock.advanceSeconds(10);
      expect(await store.get('telegram:a')).toBeUndefined();
      await store.put(session('telegram:a', 'again'));
      expect((await store.get('telegram:a'))?.pending?.awaiting).toBe('again');
    });
  },
);

describeContract<SessionStore>(
  'SessionStore with the default TTL',
  {
    memory: ({ clock }) => new MemorySessionStore(clock),
    dynamodb: async ({ clock, doc, table }) => new DynamoSessionStore(doc, await table('state'), clock),
  },
  (subject) => {
    it('keeps a session for 24 h of inactivity', async () => {
      const { store, clock } = subject();
      await store.put(session('telegram:a'));
      clock.advanceSeconds(24 * 3600 - 1);
      expect(await store.get('telegram:a')).toEqual(session('telegram:a'));
      clock.advanceSeconds(1);
      expect(await store.get('telegram:a')).toBeUndefined();
    });
  },
);
