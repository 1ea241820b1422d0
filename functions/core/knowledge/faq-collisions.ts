/**
 * Variants that would send citizens to another item: each variant of an item, as typed and
 * with its diacritics removed, read the way a citizen's message is read (chat shorthand
 * expanded), then matched by the bot's own FaqMatcher over the items that would be live
 * together. A variant whose best match is another item (or a tie with one), at or above
 * FAQ_CONFIDENT, is a collision: the bot would answer with the other item, or ask which one.
 * Items whose effective periods never overlap are never live together and do not collide.
 */
import type { VietnameseAnalyzer } from '../text/analyze.js';
import { hasDiacritics } from '../text/analyze.js';
import { foldVietnamese } from '../text/fold.js';
import { normalizeCitizenText } from '../text/normalize.js';
import { FAQ_CONFIDENT, type FaqItem, FaqMatcher } from './faq.js';

export interface VariantCollision {
  readonly variant: string;
  readonly form: 'typed' | 'folded';
  readonly otherId: string;
  readonly score: number;
}

/** The forms a variant is tried in: as typed, and folded when folding changes it. */
export function variantForms(variant: string): { form: 'typed' | 'folded'; text: string }[] {
  const forms: { form: 'typed' | 'folded'; text: string }[] = [{ form: 'typed', text: variant }];
  if (hasDiacritics(variant)) forms.push({ form: 'folded', text: foldVietnamese(variant) });
  return forms;
}

export function periodsOverlap(
  a: Pick<FaqItem, 'effectiveFrom' | 'effectiveTo'>,
  b: Pick<FaqItem, 'effectiveFrom' | 'effectiveTo'>,
): boolean {
  return (
    (a.effectiveTo === undefined || b.effectiveFrom <= a.effectiveTo) &&
    (b.effectiveTo === undefined || a.effectiveFrom <= b.effectiveTo)
  );
}

/**
 * Collisions of the items named in `ids`, with every item of `live` (the items that would be
 * published together, the checked ones included) as the matcher's candidates.
 */
export function collisionsAmong(
  live: readonly FaqItem[],
  ids: ReadonlySet<string>,
  analyzer: VietnameseAnalyzer,
): Map<string, VariantCollision[]> {
  const matcher = new FaqMatcher(live, analyzer);
  const result = new Map<string, VariantCollision[]>();
  for (const item of live) {
    if (!ids.has(item.id)) continue;
    const found: VariantCollision[] = [];
    for (const variant of item.questions) {
      for (const { form, text } of variantForms(variant)) {
        const asRead = normalizeCitizenText(text).text;
        const matches = matcher.match(asRead, live.length);
        const own = matches.find((match) => match.item.id === item.id)?.score ?? 0;
        const other = matches.find((match) => match.item.id !== item.id && periodsOverlap(match.item, item));
        if (other && other.score >= FAQ_CONFIDENT && other.score >= own)
          found.push({ variant, form, otherId: other.item.id, score: round(other.score) });
      }
    }
    result.set(item.id, found);
  }
  return result;
}

/** Collisions of one draft against the published items (its own published version replaced by it). */
export function findCollisions(
  draft: FaqItem,
  published: readonly FaqItem[],
  analyzer: VietnameseAnalyzer,
): VariantCollision[] {
  const live = [...published.filter((item) => item.id !== draft.id), draft];
  return collisionsAmong(live, new Set([draft.id]), analyzer).get(draft.id) ?? [];
}

/** The collision as an editor reads it: "Câu hỏi "…" (khi gõ không dấu) đang khớp FAQ x (0,91)." */
export function collisionReason(collision: VariantCollision): string {
  const how = collision.form === 'folded' ? ' (khi gõ không dấu)' : '';
  const score = collision.score.toFixed(2).replace('.', ',');
  return `Câu hỏi "${collision.variant}"${how} đang khớp FAQ ${collision.otherId} (${score}).`;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/**
 * The collisions the whole bot confirms: those whose variant (in the form that collided) the
 * bot does not answer with its own item. `answeredBy` runs the real answer path.
 */
export async function confirmCollisions(
  collisions: ReadonlyMap<string, readonly VariantCollision[]>,
  answeredBy: (text: string, id: string) => Promise<string | undefined>,
): Promise<Map<string, VariantCollision[]>> {
  const confirmed = new Map<string, VariantCollision[]>();
  for (const [id, found] of collisions) {
    const kept: VariantCollision[] = [];
    for (const collision of found) {
      const text = collision.form === 'folded' ? foldVietnamese(collision.variant) : collision.variant;
      if ((await answeredBy(text, id)) !== id) kept.push(collision);
    }
    confirmed.set(id, kept);
  }
  return confirmed;
}
