/**
 * FAQ import and export (CSV UTF-8 with BOM, or JSON shaped like data/knowledge/faq.json).
 *
 * Import is two steps with the same code: a dry run reports every row (new, changed with its
 * field differences, unchanged, rejected with its line and reason; in `replace` mode also the
 * items the file no longer has, which will be unpublished), and the apply writes what the dry
 * run reported. Nothing is ever deleted: every write is a new version authored by the importer
 * with the change note "nhập từ tệp". A row lands as a draft unless it says `published` and
 * meets the publishing rules (citations, effective period, no collision with the items that
 * will be live after the import); a row that asked to be published and cannot be says why.
 * The file as a whole is refused (FaqValidationError, field `file` or `header`) only when it
 * cannot be read at all; a bad row never stops the others.
 */
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { vietnamDate } from '../../core/dialogue/handle.js';
import {
  type FaqDraft,
  type FaqItem,
  FaqVersionConflictError,
  faqFileEnvelopeSchema,
  publishProblems,
} from '../../core/knowledge/faq.js';
import {
  collisionReason,
  collisionsAmong,
  confirmCollisions,
  type VariantCollision,
} from '../../core/knowledge/faq-collisions.js';
import {
  asItem,
  contentDiff,
  contentOf,
  type FaqContent,
  type FaqFieldIssue,
  readFaqDraft,
} from '../../core/knowledge/faq-edit.js';
import {
  type CsvHeader,
  faqCsvHeader,
  faqInputFromCsv,
  faqJsonFile,
  faqToCsvRecord,
  readFaqCsvHeader,
  writeCsv,
} from '../../core/knowledge/faq-file.js';
import type { Clock, FaqStore } from '../../core/ports.js';
import type { VietnameseAnalyzer } from '../../core/text/analyze.js';
import { recordAudit } from './audit.js';
import {
  type Actor,
  type AnsweringItem,
  type AuditLog,
  type ExportFile,
  FaqValidationError,
  type ImportFormat,
  type ImportMode,
  type ImportReport,
  type ImportRowReport,
} from './contracts.js';

/** Change note of every version an import writes. */
export const IMPORT_NOTE = 'nhập từ tệp';
/** Change note of an item unpublished because a `replace` import no longer has it. */
export const IMPORT_MISSING_NOTE = 'nhập từ tệp (thay thế toàn bộ): không còn trong tệp, ngừng xuất bản';

export interface FaqTransferDeps {
  readonly store: FaqStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly analyzer: VietnameseAnalyzer;
  /** Confirms a collision the matcher sees with the whole bot (see AnsweringItem). */
  readonly answeringItem?: AnsweringItem;
}

/** One row of the file, read but not yet validated. */
interface SourceRow {
  readonly line: number;
  readonly input?: unknown;
  /** Problems found while reading the cells (wrong column count, unreadable citations…). */
  readonly issues?: readonly FaqFieldIssue[];
}

/** A row's planned outcome. */
interface PlannedRow {
  report: ImportRowReport;
  /** What to save (new and changed rows). */
  write?: { readonly content: FaqContent; readonly expectedVersion: number; readonly note: string };
}

export async function importFaqItems(
  body: string,
  format: ImportFormat,
  options: { readonly mode: ImportMode; readonly dryRun: boolean; readonly actor: Actor },
  deps: FaqTransferDeps,
): Promise<ImportReport> {
  const rows = format === 'csv' ? readCsvRows(body) : readJsonRows(body);
  const existing = new Map((await deps.store.list()).map((item) => [item.id, item]));
  const live = await deps.store.listLive();
  const plan = await planImport(rows, existing, live, options.mode, deps);
  if (!options.dryRun) {
    for (const row of plan) {
      if (!row.write) continue;
      try {
        await deps.store.save(row.write.content as FaqDraft, options.actor.email, row.write.expectedVersion, {
          changeNote: row.write.note,
        });
      } catch (error) {
        row.report = {
          line: row.report.line,
          ...(row.report.id ? { id: row.report.id } : {}),
          outcome: 'rejected',
          reason:
            error instanceof FaqVersionConflictError
              ? 'Có người vừa sửa câu hỏi này (đã có phiên bản mới hơn): chạy lại bước kiểm tra rồi nhập lại.'
              : // The store's own message may name tables or roles: not for the report.
                'Không lưu được do lỗi hệ thống; thử nhập lại dòng này sau.',
        };
      }
    }
  }
  const report: ImportReport = {
    dryRun: options.dryRun,
    mode: options.mode,
    rows: plan.map((row) => row.report),
    counts: countOutcomes(plan.map((row) => row.report)),
  };
  if (!options.dryRun)
    await recordAudit(deps.audit, deps.clock.now(), options.actor, 'faq-import', `faq.${format}`, {
      format,
      mode: options.mode,
      counts: report.counts,
      // Which items the import touched, so the audit names every change it made.
      changed: report.rows
        .filter((row) => row.outcome === 'new' || row.outcome === 'changed' || row.outcome === 'unpublished')
        .map((row) => `${row.id ?? '?'}:${row.outcome}`),
    });
  return report;
}

async function planImport(
  rows: readonly SourceRow[],
  existing: ReadonlyMap<string, FaqItem>,
  /** What citizens are served now (a draft over a published item leaves that one live). */
  live: readonly FaqItem[],
  mode: ImportMode,
  deps: Pick<FaqTransferDeps, 'analyzer' | 'answeringItem' | 'clock'>,
): Promise<PlannedRow[]> {
  const plan: PlannedRow[] = [];
  /** Ids the file names, valid or not: a `replace` import leaves those alone if the row is bad. */
  const named = new Set<string>();
  const firstLine = new Map<string, number>();
  const valid: { row: PlannedRow; draft: FaqContent; blocked: string[] }[] = [];

  for (const source of rows) {
    const id = idOf(source.input);
    if (id) named.add(id);
    const reject = (reason: string) =>
      plan.push({ report: { line: source.line, ...(id ? { id } : {}), outcome: 'rejected', reason } });
    if (source.issues && source.issues.length > 0) {
      reject(describeIssues(source.issues));
      continue;
    }
    const read = readFaqDraft(source.input);
    if (!read.ok) {
      reject(describeIssues(read.issues));
      continue;
    }
    const seen = firstLine.get(read.draft.id);
    if (seen !== undefined) {
      reject(`Trùng mã "${read.draft.id}" với dòng ${seen}.`);
      continue;
    }
    firstLine.set(read.draft.id, source.line);
    const blocked =
      read.draft.status === 'published' ? publishProblems(read.draft).map((problem) => problem.message) : [];
    const row: PlannedRow = { report: { line: source.line, id: read.draft.id, outcome: 'unchanged' } };
    plan.push(row);
    valid.push({ row, draft: read.draft, blocked });
  }

  // What will be live after the import: the file's publishable rows, plus the published items
  // it leaves alone (all of them in upsert mode; only those a bad row names in replace mode).
  const fileIds = new Set(valid.map((entry) => entry.draft.id));
  const kept = live.filter((item) => !fileIds.has(item.id) && (mode === 'upsert' || named.has(item.id)));
  const publishing = valid.filter(
    (entry) => entry.draft.status === 'published' && entry.blocked.length === 0,
  );
  const together = [...kept, ...publishing.map((entry) => asItem(entry.draft))];
  const seen = collisionsAmong(together, new Set(publishing.map((entry) => entry.draft.id)), deps.analyzer);
  const collisions = await confirmedByBot(seen, together, deps.answeringItem, vietnamDate(deps.clock.now()));

  for (const { row, draft, blocked } of valid) {
    const found = collisions.get(draft.id) ?? [];
    const reasons = [...blocked, ...found.map(collisionReason)];
    const before = existing.get(draft.id);
    let content = draft;
    let reason: string | undefined;
    if (reasons.length > 0) {
      const sameAsLive = before?.status === 'published' && contentDiff(contentOf(before), draft).length === 0;
      if (sameAsLive && blocked.length === 0) {
        // Already live exactly so: the import changes nothing, but says what is wrong.
        reason = `Cảnh báo (không đổi): ${reasons.join(' ')}`;
      } else {
        content = { ...draft, status: 'draft' };
        reason = `Nhập dưới dạng nháp vì chưa xuất bản được: ${reasons.join(' ')}`;
      }
    }
    const line = row.report.line;
    const extra = reason ? { reason } : {};
    if (!before) {
      row.report = { line, id: draft.id, outcome: 'new', ...extra };
      row.write = { content, expectedVersion: 0, note: IMPORT_NOTE };
      continue;
    }
    const diff = contentDiff(contentOf(before), content);
    if (diff.length === 0) {
      row.report = { line, id: draft.id, outcome: 'unchanged', ...extra };
      continue;
    }
    row.report = { line, id: draft.id, outcome: 'changed', diff, ...extra };
    row.write = { content, expectedVersion: before.version, note: IMPORT_NOTE };
  }

  if (mode === 'replace') {
    for (const item of [...existing.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      if (named.has(item.id) || item.status === 'unpublished') continue;
      plan.push({
        report: {
          line: 0,
          id: item.id,
          outcome: 'unpublished',
          diff: [{ field: 'status', before: item.status, after: 'unpublished' }],
          reason: 'Không còn trong tệp: sẽ ngừng xuất bản (không xoá, lịch sử giữ nguyên).',
        },
        write: {
          content: { ...contentOf(item), status: 'unpublished' },
          expectedVersion: item.version,
          note: IMPORT_MISSING_NOTE,
        },
      });
    }
  }
  return plan;
}

function idOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const id = (input as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id.normalize('NFC').trim() : undefined;
}

function describeIssues(issues: readonly FaqFieldIssue[]): string {
  return issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
}

function countOutcomes(rows: readonly ImportRowReport[]): ImportReport['counts'] {
  const counts = { new: 0, changed: 0, unchanged: 0, rejected: 0, unpublished: 0 };
  for (const row of rows) counts[row.outcome]++;
  return counts;
}

// ------------------------------------------------------------------------------------ reading

function fileError(message: string): FaqValidationError {
  return new FaqValidationError([{ field: 'file', message }]);
}

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly bytes: number };
}

/** Rows with the line each starts on (a quoted cell may span lines); the header is line 1. */
export function readCsvRows(body: string): SourceRow[] {
  let records: CsvRecord[];
  const bytes = Buffer.from(body, 'utf8');
  try {
    records = parse(bytes, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw fileError(`Tệp CSV không đọc được${line ? ` (từ dòng ${line})` : ''}: ${csvProblem(error.code)}`);
    }
    throw error;
  }
  const [first, ...data] = records;
  if (!first) throw fileError('Tệp trống: cần dòng tiêu đề và ít nhất một dòng dữ liệu.');
  const header = readFaqCsvHeader(first.record);
  if ('issues' in header) throw new FaqValidationError(header.issues);
  // csv-parse counts a CRLF inside a quoted cell as two lines: count the newlines up to where
  // each record starts (where the previous one ended, past blank lines) instead.
  const lines = new LineCounter(bytes);
  let end = first.info.bytes;
  const rows: SourceRow[] = [];
  for (const entry of data) {
    const line = lines.startingAfter(end);
    end = entry.info.bytes;
    if (entry.record.some((cell) => cell !== '')) rows.push(csvRow(entry, header, line));
  }
  return rows;
}

class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly bytes: Uint8Array) {}

  /** The line of the first non-blank byte at or after `offset` (offsets only move forward). */
  startingAfter(offset: number): number {
    let position = offset;
    while (position < this.bytes.length && (this.bytes[position] === 0x0a || this.bytes[position] === 0x0d))
      position++;
    for (; this.offset < position; this.offset++) if (this.bytes[this.offset] === 0x0a) this.line++;
    return this.line;
  }
}

function csvRow(entry: CsvRecord, header: CsvHeader, line: number): SourceRow {
  const id = entry.record[header.columns.get('id') ?? 0];
  if (entry.record.length !== header.width)
    return {
      line,
      input: { id },
      issues: [
        {
          field: 'row',
          message: `Dòng có ${entry.record.length} cột, tiêu đề có ${header.width} cột (ô có dấu phẩy hoặc xuống dòng phải nằm trong ngoặc kép).`,
        },
      ],
    };
  const read = faqInputFromCsv(header, entry.record);
  if ('issues' in read) return { line, input: { id }, issues: read.issues };
  return { line, input: read.input };
}

function csvProblem(code: string): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'một ô mở ngoặc kép nhưng không đóng.';
  if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'có ký tự ngay sau dấu ngoặc kép đóng.';
  return code;
}

export function readJsonRows(body: string): SourceRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fileError(`Tệp JSON không đọc được: ${(error as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : faqFileEnvelopeSchema.safeParse(parsed).data?.items;
  if (!items || (!Array.isArray(parsed) && !Array.isArray((parsed as { items?: unknown }).items)))
    throw fileError('Tệp JSON phải có dạng { "items": [ … ] } như data/knowledge/faq.json.');
  return items.map((input, index) => ({ line: index + 1, input }));
}

// ------------------------------------------------------------------------------------ export

export async function exportFaqItems(
  format: ImportFormat,
  deps: { readonly store: FaqStore; readonly clock: Clock },
): Promise<ExportFile> {
  const items = (await deps.store.list()).sort((a, b) => a.id.localeCompare(b.id)).map(contentOf);
  const day = vietnamDate(deps.clock.now());
  if (format === 'csv')
    return {
      contentType: 'text/csv; charset=utf-8',
      filename: `faq-${day}.csv`,
      body: writeCsv([faqCsvHeader(), ...items.map(faqToCsvRecord)]),
    };
  return {
    contentType: 'application/json; charset=utf-8',
    filename: `faq-${day}.json`,
    body: faqJsonFile(items),
  };
}

/**
 * The collisions the whole bot confirms (without the bot, the matcher's): each variant asked
 * with `together` as the live items, on the later of `today` and its item's first day.
 */
export async function confirmedByBot(
  seen: ReadonlyMap<string, readonly VariantCollision[]>,
  together: readonly FaqItem[],
  answeringItem: AnsweringItem | undefined,
  today: string,
): Promise<ReadonlyMap<string, readonly VariantCollision[]>> {
  if (!answeringItem) return seen;
  return confirmCollisions(seen, async (text, id) => {
    const from = together.find((item) => item.id === id)?.effectiveFrom ?? today;
    return (await answeringItem(text, together, from > today ? from : today)).faqId;
  });
}
