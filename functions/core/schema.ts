/**
 * Small helpers for zod schemas that decode values whose TypeScript type is written by hand
 * (an interface with its comments): a compile-time check that the two agree, and a summary of
 * why a value did not decode that is safe to log.
 */
import type { z } from 'zod';

/**
 * `true` when what `Schema` decodes is a `T` and the schema names every field of `T`: zod drops
 * fields a schema does not know, so a field missing from the schema would be lost on read.
 * Use as `true satisfies Decodes<typeof schema, T>;` next to the schema.
 */
export type Decodes<Schema extends z.ZodType, T> = [z.output<Schema>] extends [T]
  ? [keyof T] extends [keyof z.output<Schema>]
    ? true
    : false
  : false;

/**
 * Where and how a value failed its schema ("pending.slots invalid_type"): field paths and issue
 * codes only, never the values, so it can be logged whatever the value held.
 */
export function schemaIssues(error: z.ZodError, limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'} ${issue.code}`)
    .join('; ');
}
