/**
 * RateCounter: what the abuse limits (card look-ups) rely on: an attempt is counted before it
 * is made, never more than `limit` are granted in a window, even to concurrent callers.
 */
import { expect, it } from 'vitest';
import { DynamoRateCounter } from '../../functions/adapters/dynamodb/rate-counter.js';
import { MemoryRateCounter } from '../../functions/adapters/memory/rate-counter.js';
import type { RateCounter } from '../../functions/core/ports.js';
import { describeContract } from './contract.js';

const WINDOW = 60;

describeContract<RateCounter>(
  'RateCounter',
  {
    memory: ({ clock }) => new MemoryRateCounter(clock),
    dynamodb: async ({ clock, doc, table }) => new DynamoRateCounter(doc, await table('state'), clock),
  },
  (subject) => {
    it('counts nothing for a key never used', async () => {
      expect(await subject().store.peek('card:x')).toBe(0);
    });

    it('grants attempts up to the limit, counting each, then refuses without counting', async () => {
      const { store } = subject();
      expect(await store.take('card:x', 3, WINDOW)).toEqual({ allowed: true, count: 1 });
      expect(await store.take('card:x', 3, WINDOW)).toEqual({ allowed: true, count: 2 });
      expect(await store.take('card:x', 3, WINDOW)).toEqual({ allowed: true, count: 3 });
      expect(await store.take('card:x', 3, WINDOW)).toEqual({ allowed: false, count: 3 });
      expect(await store.take('card:x', 3, WINDOW)).toEqual({ allowed: false, count: 3 });
      expect(await store.peek('card:x')).toBe(3);
      expect(await store.peek('card:y')).toBe(0);
    });

    it('peek does not count', async () => {
      const { store } = subject();
      await store.take('card:x', 2, WINDOW);
      await store.peek('card:x');
      await store.peek('card:x');
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: true, count: 2 });
    });

    it('refuses everything under a limit below one', async () => {
      const { store } = subject();
      expect(await store.take('card:x', 0, WINDOW)).toEqual({ allowed: false, count: 0 });
      await store.take('card:x', 5, WINDOW);
      expect(await store.take('card:x', 0, WINDOW)).toEqual({ allowed: false, count: 1 });
      expect(await store.peek('card:x')).toBe(1);
    });

    it('opens a fresh window once the first attempt is windowSeconds old, counted in whole seconds', async () => {
      const { store, clock } = subject();
      clock.advance(900); // the window opens at …00.900 and ends at …00 + WINDOW
      await store.take('card:x', 2, WINDOW);
      clock.advanceSeconds(30);
      await store.take('card:x', 2, WINDOW);
      // A later attempt does not move the end of the window.
      clock.advance((WINDOW - 30 - 1) * 1000);
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: false, count: 2 });
      clock.advance(100);
      expect(await store.peek('card:x')).toBe(0);
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: true, count: 1 });
      expect(await store.peek('card:x')).toBe(1);
    });

    it('gives back an attempt, never below zero, and the freed attempt can be taken again', async () => {
      const { store } = subject();
      await store.take('card:x', 2, WINDOW);
      await store.take('card:x', 2, WINDOW);
      await store.giveBack('card:x');
      expect(await store.peek('card:x')).toBe(1);
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: true, count: 2 });
      await store.giveBack('card:x');
      await store.giveBack('card:x');
      await store.giveBack('card:x');
      expect(await store.peek('card:x')).toBe(0);
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: true, count: 1 });
    });

    it('a give-back after the window ended, or on a key never used, changes nothing', async () => {
      const { store, clock } = subject();
      await store.giveBack('card:never');
      expect(await store.peek('card:never')).toBe(0);
      await store.take('card:x', 2, WINDOW);
      clock.advanceSeconds(WINDOW);
      await store.giveBack('card:x');
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: true, count: 1 });
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: true, count: 2 });
      expect(await store.take('card:x', 2, WINDOW)).toEqual({ allowed: false, count: 2 });
    });

    it('never grants more than the limit to concurrent callers, across instances, and loses no count', async () => {
      const { store, again } = subject();
      const counters = [store, await again(), await again()];
      const grants = await Promise.all(
        Array.from({ length: 15 }, (_, index) =>
          (counters[index % counters.length] as RateCounter).take('card:burst', 5, WINDOW),
        ),
      );
      const allowed = grants.filter((grant) => grant.allowed);
      expect(allowed.map((grant) => grant.count).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(grants.filter((grant) => !grant.allowed).every((grant) => grant.count === 5)).toBe(true);
      expect(await store.peek('card:burst')).toBe(5);
    });

    it('restarts an ended window only once under concurrent callers', async () => {
      const { store, clock } = subject();
      await store.take('card:burst', 3, WINDOW);
      await store.take('card:burst', 3, WINDOW);
      await store.take('card:burst', 3, WINDOW);
      clock.advanceSeconds(WINDOW);
      const grants = await Promise.all(Array.from({ length: 8 }, () => store.take('card:burst', 3, WINDOW)));
      expect(grants.filter((grant) => grant.allowed)).toHaveLength(3);
      expect(await store.peek('card:burst')).toBe(3);
    });

    it('concurrent give-backs and takes keep the count exact', async () => {
      const { store } = subject();
      for (let index = 0; index < 4; index++) await store.take('card:x', 10, WINDOW);
      await Promise.all([
        store.giveBack('card:x'),
        store.giveBack('card:x'),
        store.take('card:x', 10, WINDOW),
        store.giveBack('card:x'),
      ]);
      expect(await store.peek('card:x')).toBe(2);
    });
  },
);
