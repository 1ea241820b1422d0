/**
 * data/text/collisions.json: words that meet when accents are stripped, each with examples
 * and the slots the parsers must read from them (tests/unit/core/text/collisions.test.ts).
 * Only tests read the file, so its schema lives here.
 */
import { z } from 'zod';
import { SEXES, SUPPORT_GROUPS } from '../../functions/core/policy/schedules.js';

const count = z.number().int().nonnegative().nullable();

/** The slots an example names; a slot not listed here is a typo and fails the schema. */
const expectedSlotsSchema = z.strictObject({
  group: z.array(z.enum(SUPPORT_GROUPS)).optional(),
  sex: z.enum(SEXES).nullable().optional(),
  years: count.optional(),
  period: count.optional(),
  members: count.optional(),
  income: count.optional(),
  max: z.boolean().optional(),
});

export const collisionsFileSchema = z.object({
  $comment: z.string().optional(),
  collisions: z.array(
    z.object({
      folded: z.string().min(1),
      readings: z.record(z.string().min(1), z.string().min(1)),
      rule: z.string().min(1),
      examples: z.array(z.object({ text: z.string().min(1), expect: expectedSlotsSchema })),
    }),
  ),
});
