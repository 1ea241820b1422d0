/**
 * Curated FAQ items: several question variants, one answer with its legal citations, an
 * effective period and an editorial status, versioned with audit fields. Matching runs
 * before document search and answers directly when confident; only items published and in
 * effect on the turn's date are candidates, so an old rule is never served for today.
 */

import * as z from 'zod';
import type { Citation } from '../messages.js';
import type { FaqSaveOptions } from '../ports.js';
import { PAIR_SEPARATOR, type VietnameseAnalyzer } from '../text/analyze.js';
import { unknownFiguresIn } from './figures.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const faqCitationSchema = z.object({
  document: z.string().min(1),
  section: z.string().optional(),
  date: z.string().optional(),
  source: z.string().optional(),
});

/**
 * Editorial state: a draft is being written, a published item is served (on the dates it is in
 * effect), an unpublished one was withdrawn and keeps its history. Only the latest version of
 * an item counts, so a draft saved over a published item takes it off the air until published.
 */
export const FAQ_STATUSES = ['draft', 'published', 'unpublished'] as const;
export type FaqStatus = (typeof FAQ_STATUSES)[number];

const RESERVED_FAQ_IDS: ReadonlySet<string> = new Set(['export', 'import', 'collisions']);

/**
 * What staff write, field by field, before the rules a published item must also meet
 * (faqDraftSchema adds them): the console reports those as publishing blocks, not field errors.
 */
export const faqDraftFieldsSchema = z.object({
  id: z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
    // Names of the console's own paths under /api/faq/ could never be opened as an item.
    .refine((id) => !RESERVED_FAQ_IDS.has(id), { message: 'reserved name (export, import, collisions)' }),
  questions: z.array(z.string().min(3)).min(1),
  // A placeholder the figures renderer does not know ({{vsi.minIncom}}) is an editing mistake:
  // refused when the item is saved or seeded, never met by a citizen.
  answer: z
    .string()
    .min(10)
    .refine((answer) => unknownFiguresIn(answer).length === 0, {
      message: 'unknown figure placeholder (see functions/core/knowledge/figures.ts)',
    }),
  tags: z.array(z.string()).default([]),
  // A draft may still lack its legal basis; a published item may not (see faqDraftSchema).
  citations: z.array(faqCitationSchema).default([]),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.optional(),
  status: z.enum(FAQ_STATUSES),
});

/** Why a draft cannot be published as it stands (citations, effective period), in Vietnamese. */
export function publishProblems(
  draft: Pick<z.output<typeof faqDraftFieldsSchema>, 'citations' | 'effectiveFrom' | 'effectiveTo'>,
): { field: 'citations' | 'effectiveTo'; message: string }[] {
  const problems: { field: 'citations' | 'effectiveTo'; message: string }[] = [];
  if (draft.citations.length === 0)
    problems.push({
      field: 'citations',
      message: 'Chưa có căn cứ pháp lý: cần ít nhất một văn bản trích dẫn.',
    });
  if (draft.effectiveTo !== undefined && draft.effectiveTo < draft.effectiveFrom)
    problems.push({
      field: 'effectiveTo',
      message: `Thời gian hiệu lực không hợp lệ: ngày kết thúc (${draft.effectiveTo}) trước ngày bắt đầu (${draft.effectiveFrom}).`,
    });
  return problems;
}

/** What staff write (and what data/knowledge/faq.json holds); a published item needs its rules met. */
export const faqDraftSchema = faqDraftFieldsSchema.superRefine((draft, ctx) => {
  if (draft.status !== 'published') return;
  for (const problem of publishProblems(draft))
    ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
});
export type FaqDraft = z.input<typeof faqDraftSchema>;

/** A file of drafts (data/knowledge/faq.json): the items, read one by one with faqDraftSchema. */
export const faqFileEnvelopeSchema = z.object({
  $comment: z.string().optional(),
  items: z.array(z.unknown()).default([]),
});
/** The whole file, every item checked. */
export const faqFileSchema = faqFileEnvelopeSchema.extend({ items: z.array(faqDraftSchema) });

export interface FaqItem {
  readonly id: string;
  readonly questions: readonly string[];
  readonly answer: string;
  readonly tags: readonly string[];
  readonly citations: readonly Citation[];
  readonly effectiveFrom: string;
  /** Inclusive last day; absent = still in effect. */
  readonly effectiveTo?: string;
  readonly status: FaqStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** What the author said about this version ("sửa mức hỗ trợ theo NĐ 159"). */
  readonly changeNote?: string;
}

export class FaqVersionConflictError extends Error {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    cause?: unknown,
  ) {
    super(`FAQ ${id} changed since version ${expectedVersion}`, { cause });
    this.name = 'FaqVersionConflictError';
  }
}

export function parseFaqDraft(input: unknown): z.output<typeof faqDraftSchema> {
  return faqDraftSchema.parse(input);
}

export function isInEffect(item: Pick<FaqItem, 'effectiveFrom' | 'effectiveTo'>, asOf: string): boolean {
  return item.effectiveFrom <= asOf && (item.effectiveTo === undefined || asOf <= item.effectiveTo);
}

/** The item as a new version of `previous` (or version 1), with audit fields. */
export function nextVersion(
  draft: FaqDraft,
  previous: FaqItem | undefined,
  actor: string,
  now: string,
  options: FaqSaveOptions = {},
): FaqItem {
  const parsed = parseFaqDraft(draft);
  const changeNote = options.changeNote?.normalize('NFC').trim();
  return {
    id: parsed.id,
    questions: parsed.questions,
    answer: parsed.answer,
    tags: parsed.tags,
    citations: parsed.citations.map((citation) => ({ ...citation })),
    effectiveFrom: parsed.effectiveFrom,
    ...(parsed.effectiveTo ? { effectiveTo: parsed.effectiveTo } : {}),
    status: parsed.status,
    version: (previous?.version ?? 0) + 1,
    createdAt: previous?.createdAt ?? now,
    createdBy: previous?.createdBy ?? actor,
    updatedAt: now,
    updatedBy: actor,
    ...(changeNote ? { changeNote } : {}),
  };
}

/** Whether a stored item already says what a draft says (so seeding can skip it). */
export function sameContent(item: FaqItem, draft: FaqDraft): boolean {
  const parsed = parseFaqDraft(draft);
  const pick = (value: object) => JSON.stringify(value);
  return (
    pick({
      q: item.questions,
      a: item.answer,
      t: item.tags,
      c: item.citations,
      f: item.effectiveFrom,
      e: item.effectiveTo ?? null,
      s: item.status,
    }) ===
    pick({
      q: parsed.questions,
      a: parsed.answer,
      t: parsed.tags,
      c: parsed.citations,
      f: parsed.effectiveFrom,
      e: parsed.effectiveTo ?? null,
      s: parsed.status,
    })
  );
}

export interface FaqMatch {
  readonly item: FaqItem;
  /** 0..1 similarity between the question and the best variant. */
  readonly score: number;
  readonly variant: string;
}

/** Above this similarity a FAQ answer is given directly. */
export const FAQ_CONFIDENT = 0.55;
const PAIR_WEIGHT = 0.35;
/**
 * Who the question is about ("mẹ em", "chồng tôi", "bố"), folded. A FAQ answers the rule, not
 * the person: these words would otherwise count against every item, as words no variant uses.
 */
export const PERSON_WORDS: ReadonlySet<string> = new Set([
  'me',
  'ma',
  'bo',
  'cha',
  'chong',
  'vo',
  'con',
  'chau',
  'ong',
  'ba',
  'anh',
  'chi',
  'em',
]);

/**
 * Matches a question against the variants of the candidate items: cosine similarity of
 * IDF-weighted folded words and syllable pairs. Pairs carry word order ("đóng bao nhiêu"
 * vs "bao nhiêu năm đóng"); IDF over all variants keeps "bảo hiểm" from deciding alone.
 */
export class FaqMatcher {
  private readonly variants: Array<{ item: FaqItem; text: string; terms: Map<string, number>; norm: number }>;
  private readonly idf: Map<string, number>;

  constructor(
    items: readonly FaqItem[],
    private readonly analyzer: VietnameseAnalyzer,
  ) {
    const analysed = items.flatMap((item) =>
      item.questions.map((text) => ({ item, text, set: this.termSet(text) })),
    );
    const df = new Map<string, number>();
    for (const { set } of analysed) for (const term of set) df.set(term, (df.get(term) ?? 0) + 1);
    const total = analysed.length;
    this.idf = new Map([...df].map(([term, count]) => [term, Math.log(1 + (total + 1) / (count + 0.5))]));
    this.variants = analysed.map(({ item, text, set }) => {
      const terms = new Map([...set].map((term) => [term, this.weight(term)]));
      return { item, text, terms, norm: Math.hypot(...terms.values()) };
    });
  }

  private termSet(text: string): Set<string> {
    return new Set(
      this.analyzer
        .queryTerms(text)
        .filter((term) => term.kind !== 'exact' && !PERSON_WORDS.has(term.term))
        .map((term) => term.term),
    );
  }

  private weight(term: string): number {
    const known = this.idf.get(term);
    // Pairs only refine: a different word order must not outweigh the same words, and a pair
    // no variant uses ("mẹ em", "em 55") says nothing its words do not already say.
    if (term.includes(PAIR_SEPARATOR)) return (known ?? 0) * PAIR_WEIGHT;
    // A word no variant uses still counts against the match (it is what the user asked about).
    return known ?? Math.log(1 + (this.variants?.length ?? 1) * 2);
  }

  /** Best candidates, most similar first. */
  match(question: string, limit = 3): FaqMatch[] {
    const query = this.termSet(question);
    if (query.size === 0) return [];
    const queryWeights = new Map([...query].map((term) => [term, this.weight(term)]));
    const queryNorm = Math.hypot(...queryWeights.values());
    const best = new Map<string, FaqMatch>();
    for (const variant of this.variants) {
      let dot = 0;
      for (const [term, weight] of queryWeights) {
        const other = variant.terms.get(term);
        if (other !== undefined) dot += weight * other;
      }
      const score = queryNorm > 0 && variant.norm > 0 ? dot / (queryNorm * variant.norm) : 0;
      const previous = best.get(variant.item.id);
      if (!previous || score > previous.score)
        best.set(variant.item.id, { item: variant.item, score, variant: variant.text });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/** Items a citizen may be shown on `asOf`: published and in effect. */
export function candidatesFor(items: readonly FaqItem[], asOf: string): FaqItem[] {
  return items.filter((item) => item.status === 'published' && isInEffect(item, asOf));
}
