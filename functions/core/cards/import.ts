/**
 * Bulk import of card data: validate every row, upsert the valid ones, report the rest.
 *
 * Idempotent: each valid row is compared with the stored card and written only when its
 * content differs, so importing the same file twice writes nothing the second time, and
 * `updatedAt` moves only for cards that really changed. Readers (CSV, XLSX) only turn a
 * file into rows of strings with their line numbers; everything else happens here, so a
 * Lambda fed from S3 can run the same import.
 */
import type { CardStore, Clock } from '../ports.js';
import { type CardContent, type CardRecord, sameContent } from './card.js';
import { CARD_IMPORT_COLUMNS, type CardImportColumn, validateCardRow } from './validate.js';

/** One row as read from the file; the first row is the header. */
export interface SourceRow {
  /** 1-based line (CSV) or row (XLSX) number in the file, as an operator would look it up. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface RowRejection {
  readonly line: number;
  /** Columns concerned, space-separated (`row` for the whole row). */
  readonly field: string;
  readonly reason: string;
}

export interface ImportSummary {
  /** Data rows read (the header and blank or comment lines are not counted). */
  readonly read: number;
  readonly written: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Sorted by line. */
  readonly rejections: readonly RowRejection[];
}

export interface ImportDeps {
  readonly store: CardStore;
  readonly clock: Clock;
  /** "Today" for the date-of-birth check (YYYY-MM-DD); default: the clock's UTC date. */
  readonly today?: string;
  /** Valid rows compared and written per round trip (BatchGet takes up to 100 keys). */
  readonly chunkSize?: number;
  /** Called after each chunk with the running counts (no row contents). */
  readonly onProgress?: (counts: Omit<ImportSummary, 'rejections'>) => void;
  /** Applied to each valid row before it is compared and stored (the demo seed shifts dates). */
  readonly transform?: (card: CardContent) => CardContent;
}

/** The file itself cannot be imported (wrong header, empty file). Rows are never the cause. */
export class CardImportFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CardImportFormatError';
  }
}

export async function importCards(
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
  deps: ImportDeps,
): Promise<ImportSummary> {
  const importedAt = deps.clock.now().toISOString();
  const today = deps.today ?? importedAt.slice(0, 10);
  const chunkSize = deps.chunkSize ?? 100;
  const rejections: RowRejection[] = [];
  const firstLineOfCode = new Map<string, number>();
  let header: CardImportColumn[] | undefined;
  let headerWidth = 0;
  let pending: CardContent[] = [];
  let read = 0;
  let written = 0;
  let unchanged = 0;

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const stored = await deps.store.getMany(batch.map((card) => card.bhxhCode));
    const changed: CardRecord[] = [];
    for (const card of batch) {
      const existing = stored.get(card.bhxhCode);
      if (existing && sameContent(existing, card)) unchanged++;
      else changed.push({ ...card, updatedAt: importedAt });
    }
    await deps.store.putMany(changed);
    written += changed.length;
    deps.onProgress?.({ read, written, unchanged, rejected: rejections.length });
  };

  for await (const row of rows) {
    if (!header) {
      header = parseHeader(row);
      headerWidth = row.fields.length;
      continue;
    }
    read++;
    if (row.fields.length !== headerWidth) {
      rejections.push({
        line: row.line,
        field: 'row',
        reason: `dòng có ${row.fields.length} cột, tiêu đề có ${headerWidth} cột`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((column, index) => {
      values[column] = row.fields[index] ?? '';
    });
    const validation = validateCardRow(values, today);
    if (!validation.ok) {
      rejections.push({
        line: row.line,
        field: [...new Set(validation.problems.map((p) => p.field))].join(' '),
        reason: validation.problems.map((p) => p.reason).join('; '),
      });
      continue;
    }
    const card = deps.transform ? deps.transform(validation.card) : validation.card;
    const firstLine = firstLineOfCode.get(card.bhxhCode);
    if (firstLine !== undefined) {
      rejections.push({
        line: row.line,
        field: 'bhxh_code',
        reason: `mã số BHXH trùng với dòng ${firstLine}`,
      });
      continue;
    }
    firstLineOfCode.set(card.bhxhCode, row.line);
    pending.push(card);
    if (pending.length >= chunkSize) await flush();
  }
  if (!header) throw new CardImportFormatError('the file is empty: expected a header line');
  await flush();

  rejections.sort((a, b) => a.line - b.line);
  return { read, written, unchanged, rejected: rejections.length, rejections };
}

function parseHeader(row: SourceRow): CardImportColumn[] {
  const names = row.fields.map((field) =>
    field
      .trim()
      .toLowerCase()
      .replace(/^\uFEFF/, ''),
  );
  const known = new Set<string>(CARD_IMPORT_COLUMNS);
  const unknown = names.filter((name) => !known.has(name));
  const missing = CARD_IMPORT_COLUMNS.filter((column) => !names.includes(column));
  const duplicated = names.filter((name, index) => names.indexOf(name) !== index);
  if (unknown.length > 0 || missing.length > 0 || duplicated.length > 0) {
    const problems = [
      missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown column(s) ${unknown.join(', ')}` : '',
      duplicated.length > 0 ? `repeated column(s) ${duplicated.join(', ')}` : '',
    ].filter(Boolean);
    throw new CardImportFormatError(
      `line ${row.line}: bad header (${problems.join('; ')}); expected ${CARD_IMPORT_COLUMNS.join(',')}`,
    );
  }
  return names as CardImportColumn[];
}

/** The rejection report as CSV (`line,field,reason`), one line per rejected row. */
export function formatRejectionReport(rejections: readonly RowRejection[]): string {
  const lines = ['line,field,reason'];
  for (const rejection of rejections) {
    lines.push([String(rejection.line), rejection.field, rejection.reason].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** One-line summary for logs: counts only. */
export function formatImportSummary(summary: ImportSummary): string {
  return `read ${summary.read}, written ${summary.written}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
