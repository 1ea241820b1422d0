/** A synthetic BHYT card (province 99 does not exist) for tests; override what a test is about. */
import type { CardRecord } from '../../functions/core/cards/card.js';
import type { CardStore } from '../../functions/core/ports.js';

export function sampleCard(bhxhCode: string, overrides: Partial<CardRecord> = {}): CardRecord {
  return {
    bhxhCode,
    fullName: 'Nguyễn Văn Mẫu',
    dateOfBirth: '1985-03-12',
    cardNumber: `GD499${bhxhCode}`,
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    benefitLevel: 4,
    facilityCode: '99001',
    facilityName: 'Trạm Y tế Phường Mẫu',
    paidThrough: '2026-12',
    updatedAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

/** A card store that counts its reads: each read is one comparison of a date of birth. */
export function countingCardStore(store: CardStore): CardStore & { readonly reads: number } {
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    get: async (bhxhCode) => {
      reads++;
      return store.get(bhxhCode);
    },
    getMany: (codes) => store.getMany(codes),
    putMany: (cards) => store.putMany(cards),
  };
}
