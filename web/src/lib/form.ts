/**
 * The editor's form: what staff type (dates as dd/mm/yyyy, tags as one line) and its
 * conversion to the API's draft. Every text is NFC-normalised (macOS copy-paste gives NFD) and
 * trimmed; empty variant and citation rows are dropped. Only what the browser must convert is
 * checked here; the API applies faqDraftSchema and answers 400 with the field.
 */

import type { Citation, FaqDraftBody, FaqItem } from '../types.js';
import { vi } from '../vi.js';
import { formatViDate, parseViDate, readDateField } from './dates.js';

export interface QuestionRow {
  readonly key: number;
  readonly text: string;
}

export interface CitationRow {
  readonly key: number;
  readonly document: string;
  readonly section: string;
  readonly date: string;
  readonly source: string;
}

export interface FaqForm {
  readonly id: string;
  readonly questions: readonly QuestionRow[];
  readonly answer: string;
  readonly tags: string;
  readonly citations: readonly CitationRow[];
  readonly effectiveFrom: string;
  readonly effectiveTo: string;
  readonly changeNote: string;
}

export interface Problem {
  readonly field: string;
  readonly message: string;
}

let nextKey = 1;
/** Keys for list rows, so reordering moves DOM nodes (and what is typed in them) along. */
export function rowKey(): number {
  return nextKey++;
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export function emptyCitation(): CitationRow {
  return { key: rowKey(), document: '', section: '', date: '', source: '' };
}

export function formFromItem(
  item?: Pick<
    FaqItem,
    'id' | 'questions' | 'answer' | 'tags' | 'citations' | 'effectiveFrom' | 'effectiveTo'
  >,
): FaqForm {
  if (!item) {
    return {
      id: '',
      questions: [{ key: rowKey(), text: '' }],
      answer: '',
      tags: '',
      citations: [emptyCitation()],
      effectiveFrom: '',
      effectiveTo: '',
      changeNote: '',
    };
  }
  return {
    id: item.id,
    questions: item.questions.map((text) => ({ key: rowKey(), text })),
    answer: item.answer,
    tags: item.tags.join(', '),
    citations: item.citations.map((c) => ({
      key: rowKey(),
      document: c.document,
      section: c.section ?? '',
      date: formatViDate(c.date),
      source: c.source ?? '',
    })),
    effectiveFrom: formatViDate(item.effectiveFrom),
    effectiveTo: formatViDate(item.effectiveTo),
    changeNote: '',
  };
}

const clean = (text: string) => text.normalize('NFC').trim();

export function splitTags(line: string): string[] {
  const tags = line
    .split(/[,;\n]/)
    .map(clean)
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}

function citationFromRow(row: CitationRow): Citation | undefined {
  const document = clean(row.document);
  const section = clean(row.section);
  // dd/mm/yyyy becomes YYYY-MM-DD; other text ("2025", "Quý 3/2025") is kept as typed.
  const date = parseViDate(clean(row.date)) ?? clean(row.date);
  const source = clean(row.source);
  if (!document && !section && !date && !source) return undefined;
  return {
    document,
    ...(section ? { section } : {}),
    ...(date ? { date } : {}),
    ...(source ? { source } : {}),
  };
}

/** The draft to send, or the problems that stop it from being built. */
export function draftFromForm(
  form: FaqForm,
  status: FaqDraftBody['status'] = 'draft',
): { draft: FaqDraftBody; problems: readonly Problem[] } {
  const problems: Problem[] = [];
  const id = clean(form.id);
  if (!ID_PATTERN.test(id)) problems.push({ field: 'id', message: vi.editor.idInvalid });
  const questions = form.questions.map((row) => clean(row.text)).filter((text) => text !== '');
  if (questions.length === 0) problems.push({ field: 'questions', message: vi.editor.questionsRequired });
  const from = readDateField(form.effectiveFrom);
  const to = readDateField(form.effectiveTo);
  if (from.kind === 'empty')
    problems.push({ field: 'effectiveFrom', message: vi.editor.effectiveFromRequired });
  if (from.kind === 'invalid') problems.push({ field: 'effectiveFrom', message: vi.date.invalid });
  if (to.kind === 'invalid') problems.push({ field: 'effectiveTo', message: vi.date.invalid });
  if (from.kind === 'date' && to.kind === 'date' && to.iso < from.iso)
    problems.push({ field: 'effectiveTo', message: vi.editor.effectiveOrder });
  const draft: FaqDraftBody = {
    id,
    questions: [...new Set(questions)],
    answer: form.answer.normalize('NFC').trim(),
    tags: splitTags(form.tags),
    citations: form.citations.map(citationFromRow).filter((c): c is Citation => c !== undefined),
    effectiveFrom: from.kind === 'date' ? from.iso : '',
    ...(to.kind === 'date' ? { effectiveTo: to.iso } : {}),
    status,
  };
  return { draft, problems };
}

/**
 * A form read back from storage: checked for shape (an older or foreign value gives
 * undefined) and given fresh row keys, which restart at 1 in every page load.
 */
export function reviveForm(value: unknown): FaqForm | undefined {
  const form = value as Partial<FaqForm> | null;
  if (typeof form !== 'object' || form === null) return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (!Array.isArray(form.questions) || !Array.isArray(form.citations)) return undefined;
  const fields = [form.id, form.answer, form.tags, form.effectiveFrom, form.effectiveTo, form.changeNote].map(
    text,
  );
  if (fields.some((field) => field === undefined)) return undefined;
  return {
    id: form.id as string,
    questions: form.questions.map((row) => ({ key: rowKey(), text: text(row?.text) ?? '' })),
    answer: form.answer as string,
    tags: form.tags as string,
    citations: form.citations.map((row) => ({
      key: rowKey(),
      document: text(row?.document) ?? '',
      section: text(row?.section) ?? '',
      date: text(row?.date) ?? '',
      source: text(row?.source) ?? '',
    })),
    effectiveFrom: form.effectiveFrom as string,
    effectiveTo: form.effectiveTo as string,
    changeNote: form.changeNote as string,
  };
}

/** Whether two forms would save the same content (the change note aside). */
export function sameForm(a: FaqForm, b: FaqForm): boolean {
  const strip = (form: FaqForm) =>
    JSON.stringify({
      ...form,
      changeNote: '',
      questions: form.questions.map((row) => row.text),
      citations: form.citations.map(({ key: _key, ...rest }) => rest),
    });
  return strip(a) === strip(b);
}
