/**
 * The card look-up limit under a burst: many chats guessing the date of birth of one code at
 * the same instant, against the real counter and card store on dynalite. Before the limit
 * was taken atomically, 30 simultaneous guesses were all compared (the right date was found
 * after 24–31 wrong guesses against a limit of 5 a day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { DynamoRateCounter } from '../../../functions/adapters/dynamodb/rate-counter.js';
import { CARD_LOOKUP_LIMITS, lookupCard } from '../../../functions/core/cards/lookup.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { countingCardStore, sampleCard } from '../../support/cards.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

const RIGHT_BIRTH_DATE = '1985-03-12';

/** 30 dates of birth, the right one at `rightAt`. */
function guesses(rightAt: number): string[] {
  return Array.from({ length: 30 }, (_, i) =>
    i === rightAt ? RIGHT_BIRTH_DATE : `1960-01-${String(i + 1).padStart(2, '0')}`,
  );
}

async function burst(code: string, chatPrefix: string, rightAt: number, clock: { now(): Date }) {
  const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
  await store.putMany([sampleCard(code, { dateOfBirth: RIGHT_BIRTH_DATE })]);
  const counted = countingCardStore(store);
  const deps = {
    cards: counted,
    counter: new DynamoRateCounter(dynamo.clients.doc, dynamo.tables.state, clock),
    hash: createHasher('burst-test'),
  };
  const outcomes = await Promise.all(
    guesses(rightAt).map((dateOfBirth, i) =>
      lookupCard({ chatKey: `telegram:${chatPrefix}-${i}`, bhxhCode: code, dateOfBirth }, deps),
    ),
  );
  return { comparisons: counted.reads, outcomes };
}

describe('card look-up limit under a burst of simultaneous guesses', () => {
  const clock = { now: () => new Date('2026-11-23T03:00:00Z') };

  it.each([
    ['the right date last', 29],
    ['the right date in the middle', 14],
    ['the right date first', 0],
  ])('compares at most five wrong guesses of one code (%s)', async (_label, rightAt) => {
    const code = `99000${String(70000 + rightAt).padStart(5, '0')}`;
    const { comparisons, outcomes } = await burst(code, `chat${rightAt}`, rightAt, clock);
    const found = outcomes.filter((outcome) => outcome.kind === 'found').length;
    // Wrong dates compared stay within the per-code limit whatever the order; a right one,
    // when it got a turn, gives its attempt back (it is not a failure).
    expect(comparisons - found).toBeLessThanOrEqual(CARD_LOOKUP_LIMITS.failuresPerCode);
    expect(found).toBeLessThanOrEqual(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'locked').length).toBeGreaterThanOrEqual(
      30 - CARD_LOOKUP_LIMITS.failuresPerCode - 1,
    );
  });

  it('keeps the code locked for the rest of the day once the burst has used it up', async () => {
    const code = '9900079999';
    await burst(code, 'first', 99, clock); // no right guess: all thirty are wrong
    const later = await burst(code, 'second', 0, clock);
    expect(later.comparisons).toBe(0);
    expect(later.outcomes.every((outcome) => outcome.kind === 'locked')).toBe(true);
  });

  it('lets the card holder look the card up again and again: a found card gives its attempt back', async () => {
    const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);
    await store.putMany([sampleCard('9900088888', { dateOfBirth: RIGHT_BIRTH_DATE })]);
    const deps = {
      cards: store,
      counter: new DynamoRateCounter(dynamo.clients.doc, dynamo.tables.state, clock),
      hash: createHasher('burst-test'),
    };
    const request = { chatKey: 'telegram:holder', bhxhCode: '9900088888', dateOfBirth: RIGHT_BIRTH_DATE };
    for (let i = 0; i < CARD_LOOKUP_LIMITS.failuresPerCode * 2; i++)
      expect((await lookupCard(request, deps)).kind).toBe('found');
  });
});
