/**
 * Simple, explainable differences between two versions of an FAQ item: list fields as
 * added/removed entries, the answer line by line (longest common subsequence), single
 * values as before → after.
 */
import type { Citation, FaqContent } from '../types.js';
import { formatViDate } from './dates.js';

export interface ListDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly kept: readonly string[];
}

export type LineOp = { readonly op: 'same' | 'add' | 'del'; readonly text: string };

export interface ValueChange {
  readonly before: string;
  readonly after: string;
}

export interface FaqDiff {
  readonly questions: ListDiff;
  /** Undefined when the answers are equal. */
  readonly answer?: readonly LineOp[];
  readonly citations: ListDiff;
  readonly tags: ListDiff;
  readonly effectiveFrom?: ValueChange;
  readonly effectiveTo?: ValueChange;
  readonly status?: ValueChange;
  readonly changed: boolean;
}

/** Entries of `after` not in `before` (added), of `before` not in `after` (removed). */
export function diffList(before: readonly string[], after: readonly string[]): ListDiff {
  const was = new Set(before);
  const now = new Set(after);
  return {
    added: after.filter((entry) => !was.has(entry)),
    removed: before.filter((entry) => !now.has(entry)),
    kept: after.filter((entry) => was.has(entry)),
  };
}

/** Line diff by longest common subsequence; answers are short, O(n·m) is fine. */
export function diffLines(before: string, after: string): LineOp[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * cols + j] ?? 0, lcs[i * cols + j + 1] ?? 0);
    }
  }
  const ops: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ op: 'same', text: a[i] ?? '' });
      i++;
      j++;
    } else if ((lcs[(i + 1) * cols + j] ?? 0) >= (lcs[i * cols + j + 1] ?? 0)) {
      ops.push({ op: 'del', text: a[i] ?? '' });
      i++;
    } else {
      ops.push({ op: 'add', text: b[j] ?? '' });
      j++;
    }
  }
  for (; i < a.length; i++) ops.push({ op: 'del', text: a[i] ?? '' });
  for (; j < b.length; j++) ops.push({ op: 'add', text: b[j] ?? '' });
  return ops;
}

/** "Nghị định 159/2025/NĐ-CP, Điều 3 (01/07/2025) · Chính phủ" */
export function formatCitation(citation: Citation): string {
  const head = [citation.document, citation.section].filter(Boolean).join(', ');
  const date = citation.date ? ` (${formatViDate(citation.date)})` : '';
  const source = citation.source ? ` · ${citation.source}` : '';
  return `${head}${date}${source}`;
}

function change(before: string | undefined, after: string | undefined): ValueChange | undefined {
  return (before ?? '') === (after ?? '') ? undefined : { before: before ?? '', after: after ?? '' };
}

/** What changed going from `before` to `after`. */
export function diffFaq(before: FaqContent, after: FaqContent): FaqDiff {
  const questions = diffList(before.questions, after.questions);
  const citations = diffList(before.citations.map(formatCitation), after.citations.map(formatCitation));
  const tags = diffList(before.tags, after.tags);
  const answer = before.answer === after.answer ? undefined : diffLines(before.answer, after.answer);
  const effectiveFrom = change(before.effectiveFrom, after.effectiveFrom);
  const effectiveTo = change(before.effectiveTo, after.effectiveTo);
  const status = change(before.status, after.status);
  const listChanged = (d: ListDiff) => d.added.length > 0 || d.removed.length > 0;
  const reordered =
    questions.kept.length === before.questions.length &&
    before.questions.join('\n') !== after.questions.join('\n');
  return {
    questions,
    citations,
    tags,
    ...(answer ? { answer } : {}),
    ...(effectiveFrom ? { effectiveFrom } : {}),
    ...(effectiveTo ? { effectiveTo } : {}),
    ...(status ? { status } : {}),
    changed:
      listChanged(questions) ||
      reordered ||
      listChanged(citations) ||
      listChanged(tags) ||
      answer !== undefined ||
      effectiveFrom !== undefined ||
      effectiveTo !== undefined ||
      status !== undefined,
  };
}
