/** CardStore: what the card look-up (get) and the import (getMany to diff, putMany to upsert) rely on. */
import { expect, it } from 'vitest';
import { DynamoCardStore } from '../../functions/adapters/dynamodb/card-store.js';
import { MemoryCardStore } from '../../functions/adapters/memory/card-store.js';
import type { CardRecord } from '../../functions/core/cards/card.js';
import type { CardStore } from '../../functions/core/ports.js';
import { sampleCard } from '../support/cards.js';
import { describeContract } from './contract.js';

const code = (index: number) => String(7_900_000_000 + index);

describeContract<CardStore>(
  'CardStore',
  {
    memory: () => new MemoryCardStore(),
    dynamodb: async ({ doc, table }) => new DynamoCardStore(doc, await table('cards')),
  },
  (subject) => {
    it('has no card for a code never imported', async () => {
      const { store } = subject();
      expect(await store.get(code(1))).toBeUndefined();
      expect((await store.getMany([code(1), code(2)])).size).toBe(0);
      expect((await store.getMany([])).size).toBe(0);
    });

    it('reads back exactly the fields written, numbers as numbers', async () => {
      const { store } = subject();
      const card = sampleCard(code(1), { benefitLevel: 2 });
      await store.putMany([card]);
      expect(await store.get(code(1))).toEqual(card);
      expect((await store.get(code(1)))?.benefitLevel).toBe(2);
    });

    it('keeps only the card fields: extra properties on the record are not stored', async () => {
      const { store } = subject();
      await store.putMany([{ ...sampleCard(code(1)), sourceRow: 12 } as CardRecord]);
      expect(await store.get(code(1))).toEqual(sampleCard(code(1)));
    });

    it('upserts: a second import of a code replaces the card, others stay', async () => {
      const { store } = subject();
      await store.putMany([sampleCard(code(1)), sampleCard(code(2))]);
      await store.putMany([
        sampleCard(code(1), { paidThrough: '2027-06', updatedAt: '2026-11-23T00:00:00.000Z' }),
      ]);
      expect((await store.get(code(1)))?.paidThrough).toBe('2027-06');
      expect(await store.get(code(2))).toEqual(sampleCard(code(2)));
      await store.putMany([]);
      expect(await store.get(code(2))).toEqual(sampleCard(code(2)));
    });

    it('getMany returns the stored cards among the codes, keyed by code, ignoring missing and repeated codes', async () => {
      const { store } = subject();
      await store.putMany([sampleCard(code(1)), sampleCard(code(2)), sampleCard(code(3))]);
      const found = await store.getMany([code(3), code(9), code(1), code(3)]);
      expect([...found.keys()].sort()).toEqual([code(1), code(3)]);
      expect(found.get(code(3))).toEqual(sampleCard(code(3)));
    });

    it('writes and reads a whole import, beyond one batch either way', async () => {
      const { store, again } = subject();
      const cards = Array.from({ length: 260 }, (_, index) => sampleCard(code(index)));
      await store.putMany(cards);
      const found = await (await again()).getMany(cards.map((card) => card.bhxhCode));
      expect(found.size).toBe(260);
      expect(found.get(code(259))).toEqual(sampleCard(code(259)));
    });

    it('keeps a snapshot: changing a returned card does not change the stored one', async () => {
      const { store } = subject();
      await store.putMany([sampleCard(code(1))]);
      const read = (await store.get(code(1))) as { fullName: string };
      read.fullName = 'Đã đổi';
      const many = (await store.getMany([code(1)])).get(code(1)) as { validTo: string };
      many.validTo = '2030-01-01';
      expect(await store.get(code(1))).toEqual(sampleCard(code(1)));
    });
  },
);
