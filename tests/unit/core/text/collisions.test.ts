/**
 * Every example of data/text/collisions.json, read as the bot reads a message (the turn
 * context), must give the slots it names: words that meet when accents are stripped are
 * decided on the typed form, or on context when there are no accents.
 */
import { describe, expect, it } from 'vitest';
import collisionsRaw from '../../../../data/text/collisions.json' with { type: 'json' };
import { createTurnContext } from '../../../../functions/core/dialogue/skill.js';
import { parseAmounts } from '../../../../functions/core/policy/parse/amount.js';
import { asksForMaximum } from '../../../../functions/core/policy/parse/cues.js';
import { parseSupportGroups } from '../../../../functions/core/policy/parse/group.js';
import { parseHouseholdSize } from '../../../../functions/core/policy/parse/household.js';
import { parseContributionYears, parseSex } from '../../../../functions/core/policy/parse/pension.js';
import { parsePeriodMonths } from '../../../../functions/core/policy/parse/period.js';
import { collisionsFileSchema } from '../../../support/collisions.js';

const collisionData = collisionsFileSchema.parse(collisionsRaw);

const NOW = new Date('2026-12-01T03:00:00Z');

function slotsOf(text: string): Record<string, unknown> {
  const ctx = createTurnContext({
    message: { channel: 'cli', messageId: 'm', chatId: 'c', sentAt: NOW.toISOString(), kind: 'text', text },
    text,
    asOf: '2026-12-01',
    now: NOW,
    session: { key: 'k', updatedAt: NOW.toISOString() },
  });
  return {
    group: parseSupportGroups(ctx.reading),
    sex: parseSex(ctx.text, ctx.folded) ?? null,
    years: parseContributionYears(ctx.folded)?.years ?? null,
    period: parsePeriodMonths(ctx.reading) ?? null,
    members: parseHouseholdSize(ctx.reading) ?? null,
    income: parseAmounts(ctx.reading).find((amount) => amount.value >= 10_000)?.value ?? null,
    max: asksForMaximum(ctx.reading),
  };
}

const cases = collisionData.collisions.flatMap((collision) =>
  collision.examples.map((example) => ({ folded: collision.folded, ...example })),
);

describe('folding collisions (data/text/collisions.json)', () => {
  it('has examples for every collision', () => {
    for (const collision of collisionData.collisions) expect(collision.examples.length).toBeGreaterThan(0);
  });

  it.each(cases)('$folded: "$text"', ({ text, expect: wanted }) => {
    const slots = slotsOf(text);
    for (const [slot, value] of Object.entries(wanted))
      expect({ slot, value: slots[slot] }).toEqual({ slot, value });
  });
});
