/**
 * Pending slots are stored JSON read back from the session store: each skill decodes its own
 * with a schema, and slots it cannot read (another version wrote them) make it start over,
 * treating the message as a new question, instead of computing with a wrong value.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCardStore } from '../../../../functions/adapters/memory/card-store.js';
import { MemoryRateCounter } from '../../../../functions/adapters/memory/rate-counter.js';
import { CARD_SKILL_NAME, CardLookupSkill } from '../../../../functions/core/cards/skill.js';
import { createTurnContext, type TurnContext } from '../../../../functions/core/dialogue/skill.js';
import { choiceSlotsSchema, chosenByNumber, readSlots } from '../../../../functions/core/dialogue/slots.js';
import { createPolicySkills, SKILL_NAMES } from '../../../../functions/core/policy/skills.js';
import type { PendingSlot, Session } from '../../../../functions/core/ports.js';
import { createHasher } from '../../../../functions/shared/hash.js';
import { createSessionSealer } from '../../../../functions/shared/seal.js';
import { sampleCard } from '../../../support/cards.js';

const NOW = new Date('2026-11-22T03:00:00Z');
const SESSION: Session = { key: 'cli:k', updatedAt: NOW.toISOString() };

function context(text: string): TurnContext {
  return createTurnContext({
    message: { channel: 'cli', messageId: 'm', chatId: 'c', sentAt: NOW.toISOString(), kind: 'text', text },
    text,
    asOf: '2026-11-22',
    now: NOW,
    session: SESSION,
  });
}

function slot(skill: string, awaiting: string, slots: Record<string, unknown>): PendingSlot {
  return { skill, awaiting, slots, askedAt: NOW.toISOString() };
}

const [vsi, hi, pension] = createPolicySkills();

describe('readSlots', () => {
  it('returns the slots decoded, or undefined when they do not fit the schema', () => {
    expect(readSlots(choiceSlotsSchema, slot('x', 'choice', { choices: ['faq:a', 'faq:b'] }))).toEqual({
      choices: ['faq:a', 'faq:b'],
    });
    expect(readSlots(choiceSlotsSchema, slot('x', 'choice', { choices: 'faq:a' }))).toBeUndefined();
    expect(readSlots(choiceSlotsSchema, slot('x', 'choice', {}))).toBeUndefined();
  });

  it('picks a typed choice by its number, only among those offered', () => {
    const offered = slot('x', 'choice', { choices: ['faq:a', 'faq:b'] });
    expect(chosenByNumber('2', offered)).toBe('faq:b');
    expect(chosenByNumber('so 1', offered)).toBe('faq:a');
    expect(chosenByNumber('3', offered)).toBeUndefined();
    expect(chosenByNumber('2', slot('x', 'choice', { choices: [1, 2] }))).toBeUndefined();
  });
});

describe('calculators resuming a pending slot', () => {
  it('resume with slots they wrote', async () => {
    expect(vsi?.name).toBe(SKILL_NAMES.vsi);
    const outcome = await vsi?.resume?.(
      context('2 triệu'),
      slot(SKILL_NAMES.vsi, 'income', { group: 'poor' }),
    );
    expect(outcome?.completed).toEqual({ income: 2_000_000, group: 'poor' });
    const household = await hi?.resume?.(
      context('3 người'),
      slot(SKILL_NAMES.hiHousehold, 'members', { months: 6 }),
    );
    expect(household?.completed).toEqual({ members: 3, months: 6 });
    const rate = await pension?.resume?.(
      context('nam'),
      slot(SKILL_NAMES.pension, 'sex', { years: { years: 20, extraMonths: 0 } }),
    );
    expect(rate?.completed).toEqual({ sex: 'male', years: { years: 20, extraMonths: 0 } });
  });

  it('start over (undefined: a new question) with slots they cannot read', async () => {
    expect(
      await vsi?.resume?.(context('2 triệu'), slot(SKILL_NAMES.vsi, 'income', { group: 'rich' })),
    ).toBeUndefined();
    expect(
      await hi?.resume?.(context('3 người'), slot(SKILL_NAMES.hiHousehold, 'members', { months: '6' })),
    ).toBeUndefined();
    expect(
      await pension?.resume?.(context('nam'), slot(SKILL_NAMES.pension, 'sex', { years: 20 })),
    ).toBeUndefined();
  });
});

describe('the card look-up resuming a pending slot', () => {
  const hash = createHasher('slots-test');
  const sealer = createSessionSealer(hash);
  const clock = { now: () => NOW };
  const skill = new CardLookupSkill({
    cards: new MemoryCardStore([sampleCard('9900000001')]),
    counter: new MemoryRateCounter(clock),
    hash,
    sealer,
  });

  it('opens the sealed code it kept and looks the card up with the date of birth', async () => {
    const sealedCode = sealer.seal('9900000001', SESSION.key);
    const outcome = await skill.resume(context('12/03/1985'), slot(CARD_SKILL_NAME, 'dob', { sealedCode }));
    expect(outcome?.reply.path).toBe('card');
    expect(outcome?.pending).toBeNull();
  });

  it('starts over with a slot it cannot read', async () => {
    expect(
      await skill.resume(context('12/03/1985'), slot(CARD_SKILL_NAME, 'dob', { sealedCode: 42 })),
    ).toBeUndefined();
    expect(await skill.resume(context('12/03/1985'), slot(CARD_SKILL_NAME, 'birthday', {}))).toBeUndefined();
  });
});
