/**
 * What an FAQ draft must be before staff may save it, in the terms staff read: every text
 * field NFC-normalised and trimmed (macOS copy-paste gives NFD, forms send stray spaces), empty
 * optional fields dropped, and each problem named by its field (`questions.2`, `citations`)
 * with a Vietnamese message. Also the field-by-field difference between two versions, for
 * the history screen and the import report.
 */
import type * as z from 'zod';
import { foldVietnamese } from '../text/fold.js';
import { type FaqItem, faqDraftFieldsSchema } from './faq.js';
import { unknownFiguresIn } from './figures.js';

/** A draft as validated: defaults applied, text normalised. */
export type FaqContent = z.output<typeof faqDraftFieldsSchema>;

export interface FaqFieldIssue {
  readonly field: string;
  readonly message: string;
}

export type FaqReadResult =
  | { readonly ok: true; readonly draft: FaqContent }
  | { readonly ok: false; readonly issues: readonly FaqFieldIssue[] };

/** Separates variants and tags in a CSV cell: a variant or tag may not contain it. */
export const LIST_SEPARATOR = '|';

/** NFC, trimmed; Windows line ends become `\n`. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/**
 * The input with every string cleaned, blank optional fields removed (`effectiveTo: ''` from a
 * form means none) and blank tags dropped. Anything not shaped like a draft is returned as it
 * is, for the schema to report.
 */
export function normalizeFaqInput(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const cleaned = deepClean(value);
    if (cleaned === '' && OPTIONAL_FIELDS.has(key)) continue;
    out[key] = cleaned;
  }
  if (Array.isArray(out.tags))
    out.tags = [...new Set(out.tags.filter((tag) => !(typeof tag === 'string' && tag === '')))];
  if (Array.isArray(out.citations)) {
    out.citations = out.citations.map((citation) => {
      if (!isRecord(citation)) return citation;
      return Object.fromEntries(
        Object.entries(citation).filter(([key, value]) => !(key !== 'document' && value === '')),
      );
    });
  }
  return out;
}

const OPTIONAL_FIELDS = new Set(['effectiveTo', 'tags', 'citations']);

function deepClean(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(deepClean);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepClean(v)]));
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Normalise and validate a draft. Beyond the schema: no two variants the same once folded
 * (they would be one variant to the matcher), and no `|` in a variant or tag (the CSV separator).
 */
export function readFaqDraft(input: unknown): FaqReadResult {
  const normalized = normalizeFaqInput(input);
  const parsed = faqDraftFieldsSchema.safeParse(normalized);
  const issues: FaqFieldIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => toFieldIssue(issue, normalized));
  const record = isRecord(normalized) ? normalized : {};
  if (Array.isArray(record.questions)) {
    const seen = new Map<string, number>();
    record.questions.forEach((question, index) => {
      if (typeof question !== 'string') return;
      if (question.includes(LIST_SEPARATOR))
        issues.push({ field: `questions.${index}`, message: 'Câu hỏi không được chứa ký tự "|".' });
      const key = foldVietnamese(question)
        .replace(/[^\p{L}\p{N} ]/gu, '')
        .trim();
      const first = seen.get(key);
      if (first !== undefined && key !== '')
        issues.push({ field: `questions.${index}`, message: `Trùng với câu hỏi ${first + 1}.` });
      else seen.set(key, index);
    });
  }
  if (Array.isArray(record.tags)) {
    record.tags.forEach((tag, index) => {
      if (typeof tag === 'string' && tag.includes(LIST_SEPARATOR))
        issues.push({ field: `tags.${index}`, message: 'Nhãn không được chứa ký tự "|".' });
    });
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: dedupeIssues(issues) };
  return { ok: true, draft: parsed.data };
}

function dedupeIssues(issues: readonly FaqFieldIssue[]): FaqFieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.field}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  id: 'Mã',
  questions: 'Câu hỏi',
  answer: 'Câu trả lời',
  tags: 'Nhãn',
  citations: 'Căn cứ pháp lý',
  effectiveFrom: 'Ngày bắt đầu hiệu lực',
  effectiveTo: 'Ngày hết hiệu lực',
  status: 'Trạng thái',
};

/** One zod issue as staff read it. */
function toFieldIssue(issue: z.core.$ZodIssue, input: unknown): FaqFieldIssue {
  const field = issue.path.map(String).join('.') || 'item';
  const top = String(issue.path[0] ?? '');
  const name = FIELD_NAMES[top] ?? field;
  const last = String(issue.path[issue.path.length - 1] ?? '');
  const message = ((): string => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return `${name}: bắt buộc, chưa có.`;
        return `${name}: sai kiểu dữ liệu (cần ${expectedType(issue.expected)}).`;
      case 'too_small':
        if (issue.origin === 'array')
          return `${name}: cần ít nhất ${issue.minimum} ${top === 'questions' ? 'câu hỏi' : 'mục'}.`;
        if (issue.origin === 'string') return `${name}: cần ít nhất ${issue.minimum} ký tự.`;
        return `${name}: quá nhỏ.`;
      case 'invalid_format':
        if (top === 'id')
          return 'Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (vd. bhxh-tn-muc-dong).';
        if (top === 'effectiveFrom' || top === 'effectiveTo' || last === 'date')
          return `${name}: ngày phải có dạng YYYY-MM-DD (vd. 2025-07-01).`;
        return `${name}: sai định dạng.`;
      case 'invalid_value':
        if (top === 'status')
          return 'Trạng thái phải là draft (nháp), published (xuất bản) hoặc unpublished (ngừng).';
        return `${name}: giá trị không hợp lệ.`;
      case 'custom':
        if (top === 'answer') {
          const answer = isRecord(input) && typeof input.answer === 'string' ? input.answer : '';
          const names = unknownFiguresIn(answer);
          return `Câu trả lời có chỗ điền số liệu không tồn tại: ${names.map((n) => `{{${n}}}`).join(', ')}.`;
        }
        return issue.message;
      default:
        return `${name}: ${issue.message}`;
    }
  })();
  return { field, message };
}

function expectedType(expected: string): string {
  if (expected === 'string') return 'văn bản';
  if (expected === 'array') return 'danh sách';
  if (expected === 'object') return 'đối tượng';
  return expected;
}

/** The editable content of a stored item, as a draft (what an export writes, what a restore saves). */
export function contentOf(item: FaqItem): FaqContent {
  return {
    id: item.id,
    questions: [...item.questions],
    answer: item.answer,
    tags: [...item.tags],
    citations: item.citations.map(canonicalCitation),
    effectiveFrom: item.effectiveFrom,
    ...(item.effectiveTo !== undefined ? { effectiveTo: item.effectiveTo } : {}),
    status: item.status,
  };
}

/** The draft as the item it would become (version 0, no audit fields), for the matcher. */
export function asItem(draft: FaqContent): FaqItem {
  return { ...draft, version: 0, createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' };
}

/** A citation with its fields in one order and no empty ones (stores may return keys in any order). */
export function canonicalCitation(
  citation: FaqContent['citations'][number],
): FaqContent['citations'][number] {
  return {
    document: citation.document,
    ...(citation.section ? { section: citation.section } : {}),
    ...(citation.date ? { date: citation.date } : {}),
    ...(citation.source ? { source: citation.source } : {}),
  };
}

export const CONTENT_FIELDS = [
  'questions',
  'answer',
  'tags',
  'citations',
  'effectiveFrom',
  'effectiveTo',
  'status',
] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

export interface FieldChange {
  readonly field: ContentField;
  readonly before: unknown;
  readonly after: unknown;
}

/** The fields that differ between two versions' content, in the editor's order. */
export function contentDiff(before: FaqContent, after: FaqContent): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of CONTENT_FIELDS) {
    const a = field === 'citations' ? before.citations.map(canonicalCitation) : before[field];
    const b = field === 'citations' ? after.citations.map(canonicalCitation) : after[field];
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null))
      changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
  }
  return changes;
}
