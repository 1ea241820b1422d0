/**
 * FAQ items as files staff exchange: CSV (UTF-8 with BOM, so Excel shows Vietnamese; one row
 * per item) and JSON in the shape of data/knowledge/faq.json. Pure conversions between a
 * file's cells and a draft; reading the CSV syntax itself is the caller's (csv-parse).
 *
 * CSV columns: id, questions, answer, citations, effectiveFrom, effectiveTo, tags, status.
 *   questions, tags: separated by " | " (a newline also separates variants);
 *   citations: a JSON array of {document, section?, date?, source?}, or
 *              "document§section§date" entries separated by " | ";
 *   effectiveFrom/To: YYYY-MM-DD (Excel's dd/mm/yyyy is read too);
 *   status: draft | published | unpublished (or nháp / xuất bản / ngừng xuất bản); empty = draft.
 * Cells are written formula-safe: a cell starting with = + - @ tab or CR (after any leading
 * apostrophes) gets one more leading apostrophe, which reading removes again.
 */
import { foldVietnamese } from '../text/fold.js';
import { canonicalCitation, type FaqContent, type FaqFieldIssue } from './faq-edit.js';

export const FAQ_CSV_COLUMNS = [
  'id',
  'questions',
  'answer',
  'citations',
  'effectiveFrom',
  'effectiveTo',
  'tags',
  'status',
] as const;
export type FaqCsvColumn = (typeof FAQ_CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly FaqCsvColumn[] = ['id', 'questions', 'answer', 'effectiveFrom'];

export const CSV_BOM = '\uFEFF';
const SECTION_MARK = '§';

// ------------------------------------------------------------------------------------ cells

const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALIZED = /^'+[=+\-@\t\r]/;

/** A cell a spreadsheet will not run as a formula (citizens' and staff text alike). */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The value neutralizeCell was given. */
export function restoreCell(value: string): string {
  return NEUTRALIZED.test(value) ? value.slice(1) : value;
}

/** One CSV document: BOM, every cell quoted and formula-safe, CRLF between records. */
export function writeCsv(records: readonly (readonly string[])[]): string {
  const line = (record: readonly string[]) =>
    record.map((cell) => `"${neutralizeCell(cell).replace(/"/g, '""')}"`).join(',');
  return `${CSV_BOM}${records.map(line).join('\r\n')}\r\n`;
}

// ------------------------------------------------------------------------------------ writing

export function faqCsvHeader(): string[] {
  return [...FAQ_CSV_COLUMNS];
}

export function faqToCsvRecord(content: FaqContent): string[] {
  return [
    content.id,
    content.questions.join(' | '),
    content.answer,
    citationsCell(content.citations),
    content.effectiveFrom,
    content.effectiveTo ?? '',
    content.tags.join(' | '),
    content.status,
  ];
}

/** The readable `document§section§date` form when it says everything; JSON otherwise. */
function citationsCell(citations: FaqContent['citations']): string {
  const canonical = citations.map(canonicalCitation);
  const readable = canonical.every(
    (citation) =>
      citation.source === undefined &&
      [citation.document, citation.section ?? '', citation.date ?? ''].every(
        (part) => !part.includes(SECTION_MARK) && !/[|\n]/.test(part) && part.trim() === part,
      ) &&
      !citation.document.startsWith('['),
  );
  if (!readable) return JSON.stringify(canonical);
  return canonical
    .map((citation) => {
      const parts = [citation.document, citation.section ?? '', citation.date ?? ''];
      while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
      return parts.join(SECTION_MARK);
    })
    .join(' | ');
}

/** faq.json's shape: `{ items: [...] }`, fields in the file's order. */
export function faqJsonFile(contents: readonly FaqContent[], comment?: string): string {
  const items = contents.map((content) => ({
    id: content.id,
    questions: content.questions,
    answer: content.answer,
    tags: content.tags,
    citations: content.citations.map(canonicalCitation),
    effectiveFrom: content.effectiveFrom,
    ...(content.effectiveTo !== undefined ? { effectiveTo: content.effectiveTo } : {}),
    status: content.status,
  }));
  return `${JSON.stringify({ ...(comment ? { $comment: comment } : {}), items }, null, 2)}\n`;
}

// ------------------------------------------------------------------------------------ reading

export interface CsvHeader {
  readonly columns: ReadonlyMap<FaqCsvColumn, number>;
  readonly width: number;
}

/** The header row, or the problems that make the file unreadable as a whole. */
export function readFaqCsvHeader(fields: readonly string[]): CsvHeader | { issues: FaqFieldIssue[] } {
  const columns = new Map<FaqCsvColumn, number>();
  const issues: FaqFieldIssue[] = [];
  const known = new Map(FAQ_CSV_COLUMNS.map((column) => [column.toLowerCase(), column]));
  fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    const column = known.get(name);
    if (!column) issues.push({ field: 'header', message: `Cột không biết: "${raw.trim()}".` });
    else if (columns.has(column))
      issues.push({ field: 'header', message: `Cột "${column}" xuất hiện hai lần.` });
    else columns.set(column, index);
  });
  for (const column of REQUIRED_COLUMNS)
    if (!columns.has(column)) issues.push({ field: 'header', message: `Thiếu cột "${column}".` });
  return issues.length > 0 ? { issues } : { columns, width: fields.length };
}

/** A data row as draft input (validated afterwards like any draft), or the cells it cannot read. */
export function faqInputFromCsv(
  header: CsvHeader,
  fields: readonly string[],
): { input: Record<string, unknown> } | { issues: FaqFieldIssue[] } {
  const cell = (column: FaqCsvColumn): string | undefined => {
    const index = header.columns.get(column);
    const value = index === undefined ? undefined : fields[index];
    return value === undefined ? undefined : restoreCell(value.normalize('NFC')).trim();
  };
  const issues: FaqFieldIssue[] = [];
  const input: Record<string, unknown> = {
    id: cell('id') ?? '',
    questions: splitList(cell('questions') ?? '', true),
    answer: cell('answer') ?? '',
    tags: splitList(cell('tags') ?? '', false),
  };
  const citations = readCitations(cell('citations') ?? '');
  if ('issue' in citations) issues.push(citations.issue);
  else input.citations = citations.value;
  for (const column of ['effectiveFrom', 'effectiveTo'] as const) {
    const value = cell(column);
    if (value) input[column] = readDate(value);
  }
  const status = readStatus(cell('status') ?? '');
  if (status === undefined)
    issues.push({
      field: 'status',
      message: `Trạng thái "${cell('status')}" không hợp lệ (draft, published, unpublished).`,
    });
  else input.status = status;
  return issues.length > 0 ? { issues } : { input };
}

function splitList(value: string, newlinesSeparate: boolean): string[] {
  const separator = newlinesSeparate ? /\s*\|\s*|\s*\n\s*/ : /\s*\|\s*/;
  return value
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function readCitations(value: string): { value: unknown[] } | { issue: FaqFieldIssue } {
  if (value === '') return { value: [] };
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return { value: parsed };
    } catch {
      // reported below
    }
    return { issue: { field: 'citations', message: 'Căn cứ pháp lý: JSON không đọc được (cần một mảng).' } };
  }
  return {
    value: splitList(value, true).map((entry) => {
      const [document = '', section = '', date = ''] = entry.split(SECTION_MARK).map((part) => part.trim());
      return {
        document,
        ...(section ? { section } : {}),
        ...(date ? { date } : {}),
      };
    }),
  };
}

/** YYYY-MM-DD as written, or d/m/yyyy (what Excel shows for a date) turned into it. */
function readDate(value: string): string {
  const match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
  if (!match) return value;
  const [, day = '', month = '', year = ''] = match;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

const STATUS_ALIASES: Readonly<Record<string, FaqContent['status']>> = {
  draft: 'draft',
  nhap: 'draft',
  'ban nhap': 'draft',
  published: 'published',
  'xuat ban': 'published',
  'da xuat ban': 'published',
  unpublished: 'unpublished',
  'ngung xuat ban': 'unpublished',
  'da ngung xuat ban': 'unpublished',
};

function readStatus(value: string): FaqContent['status'] | undefined {
  if (value === '') return 'draft';
  return STATUS_ALIASES[foldVietnamese(value)];
}
