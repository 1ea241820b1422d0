/**
 * What a skill keeps in a pending slot between two turns is stored JSON, read back from the
 * session store: each skill declares a zod schema for its slots and reads them here, once,
 * instead of casting. Slots that do not decode (a session written by another version) come
 * back undefined, and the skill starts over: it treats the message as a new question.
 */
import * as z from 'zod';
import type { PendingSlot } from '../ports.js';

export function readSlots<Schema extends z.ZodType>(
  schema: Schema,
  pending: Pick<PendingSlot, 'slots'>,
): z.output<Schema> | undefined {
  const decoded = schema.safeParse(pending.slots);
  return decoded.success ? decoded.data : undefined;
}

/** The slots of a "which one did you mean?" question: the button payloads, in the order offered. */
export const choiceSlotsSchema = z.object({ choices: z.array(z.string()).readonly() });
export type ChoiceSlots = z.infer<typeof choiceSlotsSchema>;

/** The payload of the choice a typed "1", "số 2" picks, if the pending slot offered it. */
export function chosenByNumber(folded: string, pending: PendingSlot): string | undefined {
  const number = /^(?:so |cau |chon )?(\d)\.?$/.exec(folded)?.[1];
  const slots = readSlots(choiceSlotsSchema, pending);
  return slots && number ? slots.choices[Number(number) - 1] : undefined;
}
