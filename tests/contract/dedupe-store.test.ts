/**
 * DedupeStore: what acceptInbound relies on so a message delivered twice is answered once,
 * and a webhook that died between claim and enqueue does not lose the message.
 */
import { expect, it } from 'vitest';
import {
  DEDUPE_STALE_MS,
  DEDUPE_TTL_SECONDS,
  DynamoDedupeStore,
} from '../../functions/adapters/dynamodb/dedupe-store.js';
import { MemoryDedupeStore } from '../../functions/adapters/memory/pipeline-stores.js';
import type { ClaimResult, DedupeStore } from '../../functions/app/ports.js';
import { describeContract } from './contract.js';

const TTL_SECONDS = 3600;

describeContract<DedupeStore>(
  'DedupeStore',
  {
    // The stale window is left at its default in both, so the fake's default is checked too.
    memory: ({ clock }) => new MemoryDedupeStore(clock, { ttlSeconds: TTL_SECONDS }),
    dynamodb: async ({ clock, doc, table }) =>
      new DynamoDedupeStore(doc, await table('state'), clock, { ttlSeconds: TTL_SECONDS }),
  },
  (subject) => {
    it('lets the first delivery through, reports in-flight until confirmed, then duplicate', async () => {
      const { store } = subject();
      expect(await store.claim('telegram', '1')).toBe('claimed');
      expect(await store.claim('telegram', '1')).toBe('in-flight');
      await store.confirm('telegram', '1');
      expect(await store.claim('telegram', '1')).toBe('duplicate');
      expect(await store.claim('telegram', '1')).toBe('duplicate');
    });

    it('a confirm that found no claim still expires (no key kept forever)', async () => {
      const { store, clock } = subject();
      await store.confirm('telegram', '9');
      expect(await store.claim('telegram', '9')).toBe('duplicate');
      clock.advance(TTL_SECONDS * 1000 + 1000);
      expect(await store.claim('telegram', '9')).toBe('claimed');
    });

    it('keys claims by channel and message id', async () => {
      const { store } = subject();
      expect(await store.claim('telegram', '1')).toBe('claimed');
      await store.confirm('telegram', '1');
      expect(await store.claim('zalo', '1')).toBe('claimed');
      expect(await store.claim('telegram', '2')).toBe('claimed');
    });

    it('a released claim can be claimed again (enqueue failed: the redelivery must get through)', async () => {
      const { store } = subject();
      expect(await store.claim('telegram', '1')).toBe('claimed');
      await store.release('telegram', '1');
      expect(await store.claim('telegram', '1')).toBe('claimed');
      expect(await store.claim('telegram', '1')).toBe('in-flight');
      await store.release('telegram', 'never-claimed');
    });

    it('takes over a pending claim only once it is older than the stale window', async () => {
      const { store, clock } = subject();
      expect(await store.claim('telegram', '1')).toBe('claimed');
      clock.advance(DEDUPE_STALE_MS);
      expect(await store.claim('telegram', '1')).toBe('in-flight');
      clock.advance(1);
      expect(await store.claim('telegram', '1')).toBe('claimed');
      // The takeover is itself a fresh claim.
      expect(await store.claim('telegram', '1')).toBe('in-flight');
      await store.confirm('telegram', '1');
      expect(await store.claim('telegram', '1')).toBe('duplicate');
    });

    it('never takes over a confirmed claim, however old, before its TTL', async () => {
      const { store, clock } = subject();
      expect(await store.claim('telegram', '1')).toBe('claimed');
      await store.confirm('telegram', '1');
      clock.advanceSeconds(TTL_SECONDS);
      expect(await store.claim('telegram', '1')).toBe('duplicate');
    });

    it('treats a key past its TTL as new even before the table deletes it', async () => {
      const { store, clock } = subject();
      clock.advance(500);
      expect(await store.claim('telegram', '1')).toBe('claimed');
      await store.confirm('telegram', '1');
      // expiresAt is the claim's whole second + TTL; the key is gone once a later second begins.
      clock.advance(TTL_SECONDS * 1000 + 499);
      expect(await store.claim('telegram', '1')).toBe('duplicate');
      clock.advance(1);
      expect(await store.claim('telegram', '1')).toBe('claimed');
      expect(await store.claim('telegram', '1')).toBe('in-flight');
    });

    it('lets exactly one of many concurrent deliveries through, across instances', async () => {
      const { store, again } = subject();
      const stores = [store, await again(), await again()];
      const results = await Promise.all(
        Array.from(
          { length: 12 },
          (_, index) => stores[index % stores.length]?.claim('zalo', 'm') as Promise<ClaimResult>,
        ),
      );
      expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
      expect(results.filter((result) => result === 'in-flight')).toHaveLength(11);
    });

    it('lets exactly one of many concurrent redeliveries take over a stale claim', async () => {
      const { store, clock } = subject();
      expect(await store.claim('zalo', 'm')).toBe('claimed');
      clock.advance(DEDUPE_STALE_MS + 1);
      const results = await Promise.all(Array.from({ length: 8 }, () => store.claim('zalo', 'm')));
      expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
      expect(results.filter((result) => result === 'in-flight')).toHaveLength(7);
    });
  },
);

describeContract<DedupeStore>(
  'DedupeStore with default windows',
  {
    memory: ({ clock }) => new MemoryDedupeStore(clock),
    dynamodb: async ({ clock, doc, table }) => new DynamoDedupeStore(doc, await table('state'), clock),
  },
  (subject) => {
    it(`remembers a confirmed message for DEDUPE_TTL_SECONDS (${DEDUPE_TTL_SECONDS / 3600} h), past any redelivery`, async () => {
      const { store, clock } = subject();
      expect(await store.claim('telegram', '1')).toBe('claimed');
      await store.confirm('telegram', '1');
      clock.advanceSeconds(DEDUPE_TTL_SECONDS);
      expect(await store.claim('telegram', '1')).toBe('duplicate');
      clock.advanceSeconds(1);
      expect(await store.claim('telegram', '1')).toBe('claimed');
    });
  },
);
