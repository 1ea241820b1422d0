/**
 * Card import from a file: read rows (CSV), run the core import, write the rejection report.
 * Used by `npm run cards:import` and the demo seed; a Lambda fed from S3 would pass its own
 * stream to readCsvRows and call importCards the same way.
 *
 * CSV: UTF-8 (a BOM is accepted), comma-separated, first non-comment line is the header;
 * lines starting with `#` are comments and blank lines are skipped (neither is counted).
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CsvError, parse } from 'csv-parse';
import { addDays, addMonths, type CardContent, daysBetween } from '../core/cards/card.js';
import {
  CardImportFormatError,
  formatRejectionReport,
  type ImportSummary,
  importCards,
  type SourceRow,
} from '../core/cards/import.js';
import type { CardStore, Clock } from '../core/ports.js';

export interface CardFileImportOptions {
  readonly store: CardStore;
  readonly clock: Clock;
  /** Where to write the rejection report; default `<file>.report.csv`. `false`: no report. */
  readonly reportPath?: string | false;
  readonly today?: string;
  readonly transform?: (card: CardContent) => CardContent;
  readonly onProgress?: (counts: Omit<ImportSummary, 'rejections'>) => void;
}

export interface CardFileImportResult {
  readonly summary: ImportSummary;
  readonly reportPath: string | undefined;
}

export function defaultReportPath(file: string): string {
  return `${file}.report.csv`;
}

export async function importCardFile(
  file: string,
  options: CardFileImportOptions,
): Promise<CardFileImportResult> {
  if (/\.xlsx?$/i.test(file)) {
    throw new CardImportFormatError(
      `${file}: spreadsheet files are not read directly; save the sheet as "CSV UTF-8" and import the CSV`,
    );
  }
  const summary = await importCards(readCsvRows(createReadStream(file)), {
    store: options.store,
    clock: options.clock,
    ...(options.today ? { today: options.today } : {}),
    ...(options.transform ? { transform: options.transform } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const reportPath =
    options.reportPath === false ? undefined : (options.reportPath ?? defaultReportPath(file));
  if (reportPath) await writeFile(reportPath, formatRejectionReport(summary.rejections), 'utf8');
  return { summary, reportPath };
}

/** CSV → rows of trimmed strings with the line each row ends on. */
export async function* readCsvRows(input: Readable | string): AsyncGenerator<SourceRow> {
  const parser = parse({
    bom: true,
    comment: '#',
    comment_no_infix: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
  });
  if (typeof input === 'string') parser.end(input);
  else {
    input.once('error', (error) => parser.destroy(error));
    input.pipe(parser);
  }
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield { line: info.lines, fields: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new CardImportFormatError(`CSV unreadable${line ? ` at line ${line}` : ''}: ${error.code}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The synthetic demo cards (clearly fake, codes 99000000NN), see the file's header. */
export const DEMO_CARDS_FILE = fileURLToPath(new URL('../../data/cards/demo-cards.csv', import.meta.url));
/** The day the demo file's dates are written for; the seed shifts them to keep their meaning. */
export const DEMO_CARDS_ANCHOR_DATE = '2026-01-15';

/**
 * Shift a demo card's validity and paid-through month so that its distance to `today` is the
 * same as its distance to the anchor date in the file (near-expiry stays near expiry).
 */
export function shiftDemoCard(
  card: CardContent,
  today: string,
  anchor = DEMO_CARDS_ANCHOR_DATE,
): CardContent {
  const days = daysBetween(anchor, today);
  const validTo = addDays(card.validTo, days);
  const months = monthIndex(validTo) - monthIndex(card.validTo);
  return {
    ...card,
    validFrom: addDays(card.validFrom, days),
    validTo,
    paidThrough: addMonths(card.paidThrough, months),
  };
}

function monthIndex(isoDay: string): number {
  return Number(isoDay.slice(0, 4)) * 12 + Number(isoDay.slice(5, 7));
}

/** Idempotent demo seed: run twice on the same day, the second run writes nothing. */
export async function importDemoCards(options: {
  readonly store: CardStore;
  readonly clock: Clock;
  /** YYYY-MM-DD the demo dates are made relative to (today in Vietnam, or AS_OF_DATE). */
  readonly today: string;
  readonly file?: string;
}): Promise<ImportSummary> {
  const { summary } = await importCardFile(options.file ?? DEMO_CARDS_FILE, {
    store: options.store,
    clock: options.clock,
    reportPath: false,
    transform: (card) => shiftDemoCard(card, options.today),
  });
  if (summary.rejected > 0) {
    throw new CardImportFormatError(
      `demo cards: ${summary.rejected} row(s) rejected: ${summary.rejections.map((r) => `line ${r.line}: ${r.reason}`).join('; ')}`,
    );
  }
  return summary;
}
