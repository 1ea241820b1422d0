/**
 * ZaloTokenStore: the refresh token is single-use, so what the token manager relies on is that
 * a write never overwrites a pair it did not read, and one worker at a time holds the lease.
 */
import { expect, it } from 'vitest';
import { DynamoZaloTokenStore } from '../../functions/adapters/dynamodb/zalo-token-store.js';
import { MemoryZaloTokenStore } from '../../functions/adapters/memory/zalo-token-store.js';
import type { ZaloTokenPair, ZaloTokenStore } from '../../functions/adapters/zalo/token-store.js';
import { describeContract } from './contract.js';

const pair = (version: number, seedFingerprints: string[] = ['f0']): ZaloTokenPair => ({
  accessToken: `access-${version}`,
  refreshToken: `refresh-${version}`,
  accessTokenExpiresAt: '2026-11-24T01:00:00.000Z',
  refreshTokenIssuedAt: '2026-11-23T00:00:00.000Z',
  version,
  seedFingerprints,
  updatedAt: '2026-11-23T00:00:00.000Z',
});

describeContract<ZaloTokenStore>(
  'ZaloTokenStore',
  {
    memory: () => new MemoryZaloTokenStore(),
    dynamodb: async ({ doc, table }) => new DynamoZaloTokenStore(doc, await table('state')),
  },
  (subject) => {
    it('has no pair before the first write', async () => {
      expect(await subject().store.get()).toBeUndefined();
    });

    it('writes the first pair only when none exists', async () => {
      const { store } = subject();
      expect(await store.put(pair(1), undefined)).toBe(true);
      expect(await store.put(pair(1, ['other']), undefined)).toBe(false);
      expect(await store.get()).toEqual(pair(1));
    });

    it('reads back every field, an empty fingerprint list included', async () => {
      const { store } = subject();
      await store.put(pair(1, []), undefined);
      expect(await store.get()).toEqual(pair(1, []));
    });

    it('replaces the pair only from the version read', async () => {
      const { store } = subject();
      expect(await store.put(pair(2), 1)).toBe(false); // nothing to replace yet
      expect(await store.get()).toBeUndefined();
      await store.put(pair(1), undefined);
      expect(await store.put(pair(2), 1)).toBe(true);
      expect(await store.put(pair(3, ['stale']), 1)).toBe(false);
      expect(await store.put(pair(3, ['ahead']), 3)).toBe(false);
      expect(await store.get()).toEqual(pair(2));
    });

    it('of concurrent writers from the same version, exactly one succeeds', async () => {
      const { store, again } = subject();
      await store.put(pair(1), undefined);
      const stores = [store, await again(), await again()];
      const results = await Promise.all(
        stores.map((writer, index) => writer.put({ ...pair(2), refreshToken: `refresh-2-${index}` }, 1)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await store.get())?.refreshToken).toBe(`refresh-2-${winner}`);
    });

    it('of concurrent first writers, exactly one succeeds', async () => {
      const { store, again } = subject();
      const other = await again();
      const results = await Promise.all([
        store.put(pair(1, ['a']), undefined),
        other.put(pair(1, ['b']), undefined),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keeps a snapshot: changing a pair after put or after get does not change the stored one', async () => {
      const { store } = subject();
      const written = pair(1, ['f0']);
      await store.put(written, undefined);
      (written.seedFingerprints as string[]).push('later');
      const read = (await store.get()) as unknown as { seedFingerprints: string[] };
      read.seedFingerprints.push('mutated');
      expect((await store.get())?.seedFingerprints).toEqual(['f0']);
    });

    it('gives the lease to one owner at a time until it expires', async () => {
      const { store, clock } = subject();
      expect(await store.acquireLease('worker-a', clock.now(), 30)).toBe(true);
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(false);
      clock.advanceSeconds(29);
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(false);
      clock.advanceSeconds(1);
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(true);
      expect(await store.acquireLease('worker-a', clock.now(), 30)).toBe(false);
    });

    it('counts the lease in whole seconds from when it was taken', async () => {
      const { store, clock } = subject();
      clock.advance(900); // taken at …00.900 for 30 s: free from …30.000
      expect(await store.acquireLease('worker-a', clock.now(), 30)).toBe(true);
      clock.advance(29_000);
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(false);
      clock.advance(100);
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(true);
    });

    it('lets the holder renew its own lease, extending it', async () => {
      const { store, clock } = subject();
      await store.acquireLease('worker-a', clock.now(), 30);
      clock.advanceSeconds(20);
      expect(await store.acquireLease('worker-a', clock.now(), 30)).toBe(true);
      clock.advanceSeconds(20);
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(false);
    });

    it('releases only the caller’s own lease', async () => {
      const { store, clock } = subject();
      await store.acquireLease('worker-a', clock.now(), 30);
      await store.releaseLease('worker-b');
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(false);
      await store.releaseLease('worker-a');
      expect(await store.acquireLease('worker-b', clock.now(), 30)).toBe(true);
      await store.releaseLease('worker-a');
      expect(await store.acquireLease('worker-c', clock.now(), 30)).toBe(false);
      await store.releaseLease('nobody-holds-it');
    });

    it('of concurrent workers asking for a free lease, exactly one gets it', async () => {
      const { store, clock, again } = subject();
      const stores = [store, await again(), await again(), await again()];
      const results = await Promise.all(
        stores.map((worker, index) => worker.acquireLease(`worker-${index}`, clock.now(), 30)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('the lease and the pair are independent', async () => {
      const { store, clock } = subject();
      await store.acquireLease('worker-a', clock.now(), 30);
      expect(await store.get()).toBeUndefined();
      expect(await store.put(pair(1), undefined)).toBe(true);
      await store.releaseLease('worker-a');
      expect(await store.get()).toEqual(pair(1));
    });
  },
);
