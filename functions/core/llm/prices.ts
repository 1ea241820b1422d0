/**
 * What a call costs, from the dated price table in data/llm-prices.json (US dollars per
 * million tokens). Cached input tokens are billed at their own price when the table has one.
 */
import * as z from 'zod';
import pricesRaw from '../../../data/llm-prices.json' with { type: 'json' };
import type { LlmTokenUsage } from '../ports.js';

const modelPriceSchema = z.object({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
});

export const priceTableSchema = z.object({
  note: z.string().optional(),
  checked: z.iso.date(),
  models: z.record(z.string(), modelPriceSchema),
});
export type PriceTable = z.infer<typeof priceTableSchema>;

export const PRICE_TABLE: PriceTable = priceTableSchema.parse(pricesRaw);

/** US dollars, or undefined for a model the table does not list. */
export function callCost(table: PriceTable, model: string, usage: LlmTokenUsage): number | undefined {
  // Providers answer with a dated snapshot name ("gpt-6-luna-2026-10-01"): the longest listed prefix prices it.
  const name = Object.keys(table.models)
    .filter((listed) => model === listed || model.startsWith(`${listed}-`))
    .sort((a, b) => b.length - a.length)[0];
  const price = name ? table.models[name] : undefined;
  if (!price) return undefined;
  const cached = Math.min(usage.cached, usage.input);
  const cachedPrice = price.cachedInput ?? price.input;
  return (
    ((usage.input - cached) * price.input + cached * cachedPrice + usage.output * price.output) / 1_000_000
  );
}
