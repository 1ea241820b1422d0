import { describe, expect, it } from 'vitest';
import { MemoryCardStore } from '../../../../functions/adapters/memory/card-store.js';
import { MemoryRateCounter } from '../../../../functions/adapters/memory/rate-counter.js';
import { CARD_LOOKUP_LIMITS, lookupCard } from '../../../../functions/core/cards/lookup.js';
import { createHasher } from '../../../../functions/shared/hash.js';
import { sampleCard } from '../../../support/cards.js';

const CARD = sampleCard('9900000001', { facilityName: 'Trạm Y tế Mẫu' });

function deps() {
  const clock = { now: () => new Date('2026-11-23T03:00:00Z') };
  return {
    cards: new MemoryCardStore([CARD]),
    counter: new MemoryRateCounter(clock),
    hash: createHasher('k'),
  };
}

describe('lookupCard', () => {
  it('compares an optional name without accents or case, and counts a wrong name as a failure', async () => {
    const d = deps();
    const base = { chatKey: 'cli:x', bhxhCode: '9900000001', dateOfBirth: '1985-03-12' };
    expect(await lookupCard({ ...base, fullName: 'nguyen van mau' }, d)).toMatchObject({ kind: 'found' });
    expect(await lookupCard({ ...base, fullName: 'NGUYỄN VĂN MẪU' }, d)).toMatchObject({ kind: 'found' });
    expect(await lookupCard({ ...base, fullName: 'Nguyễn Văn Minh' }, d)).toEqual({
      kind: 'no-match',
      failures: 1,
    });
  });

  it('does not read the card once a limit is reached', async () => {
    const d = deps();
    let reads = 0;
    const memory = d.cards;
    const cards = {
      get: async (code: string) => {
        reads++;
        return memory.get(code);
      },
      getMany: (codes: readonly string[]) => memory.getMany(codes),
      putMany: memory.putMany.bind(memory),
    };
    const request = { chatKey: 'cli:y', bhxhCode: '9900000001', dateOfBirth: '1990-01-01' };
    const outcomes: string[] = [];
    for (let i = 0; i <= CARD_LOOKUP_LIMITS.failuresPerChat; i++) {
      outcomes.push((await lookupCard(request, { ...d, cards })).kind);
    }
    expect(outcomes).toEqual(['no-match', 'no-match', 'no-match', 'no-match', 'locked', 'locked']);
    expect(reads).toBe(5);
  });
});
