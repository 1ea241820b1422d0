/**
 * Cleaning of extracted document text into structural blocks (headings, paragraphs,
 * tables, footnotes), each mapped back to its source lines.
 *
 * Handles what real provincial reports look like once converted to text: sentences broken
 * across lines and across blank lines (newspaper columns, page breaks), a blank line after
 * every line, footnote numbers glued to words ("BHYT8."), footnote blocks in the middle of a
 * sentence, tab-separated tables, markdown bold headings run together on one line, repeated
 * spaces, mixed NFC/NFD. Identifiers are redacted line by line before anything else.
 */
import { redactIdentifiers } from '../privacy/redact.js';
import { toNfc } from '../text/fold.js';

export type BlockKind = 'heading' | 'paragraph' | 'table' | 'footnote';

export interface LineSpan {
  /** 1-based line in the source. */
  readonly line: number;
  /** Offset in the block text where this line's text starts. */
  readonly offset: number;
  readonly page?: number;
}

export interface Block {
  readonly kind: BlockKind;
  readonly text: string;
  /** Heading depth (1 = outermost) for kind 'heading'. */
  readonly level?: number;
  readonly spans: readonly LineSpan[];
}

interface SourceLine {
  readonly line: number;
  readonly page?: number;
  readonly raw: string;
  /** Set when the line came from a markdown heading or a bold run. */
  readonly forcedHeading?: number;
}

const FOOTNOTE_SEPARATOR = /^[ \t]{20,}$/;
const RULE_LINE = /^\s*[-_=*]{3,}\s*$/;
const TERMINAL = /[.!?:;…"”)]$/;
const LIST_START = /^[-+•*–]\s/;
const FOOTNOTE_START = /^\d{1,2}\s?[\p{Lu}\p{N}(“"]/u;
const ZERO_WIDTH = /[\u200b-\u200d\ufeff]/g;

/**
 * Split a text into source lines. `pages` gives the page of each line for PDFs; a form feed
 * in plain text also starts a new page.
 */
function sourceLines(text: string, pageOfLine?: readonly number[]): SourceLine[] {
  const lines = toNfc(text).replace(/\r\n?/g, '\n').replace(ZERO_WIDTH, '').split('\n');
  const result: SourceLine[] = [];
  lines.forEach((raw, index) => {
    const line = index + 1;
    const page = pageOfLine?.[index];
    const base = { line, ...(page !== undefined ? { page } : {}) };
    const cleaned = redactIdentifiers(raw.replace(/\u00a0/g, ' ').replace(/\f/g, ''));
    for (const piece of splitMarkdownHeadings(cleaned)) result.push({ ...base, ...piece });
  });
  return result;
}

/**
 * `Phần thứ nhất**TÌNH HÌNH…****I- TÌNH HÌNH CHUNG**` → one heading per bold run.
 * `# Title` → a heading. Inline bold inside a sentence just loses its asterisks.
 */
function splitMarkdownHeadings(raw: string): Array<{ raw: string; forcedHeading?: number }> {
  const hashes = /^\s*(#{1,6})\s+(.*)$/.exec(raw);
  if (hashes?.[1] && hashes[2] !== undefined) return [{ raw: hashes[2], forcedHeading: hashes[1].length }];
  if (!raw.includes('**')) return [{ raw }];
  const pieces = raw.split('**');
  const bold = pieces.filter((_, index) => index % 2 === 1).join('');
  const plain = pieces.filter((_, index) => index % 2 === 0).join('');
  const headingLike = bold.trim().length > 0 && plain.trim().length <= 60 && !TERMINAL.test(raw.trim());
  if (!headingLike) return [{ raw: pieces.join('') }];
  return pieces
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .map((piece) => ({ raw: piece, forcedHeading: headingLevel(piece) ?? 2 }));
}

/** Heading depth from the numbering style, or undefined when the text is not a heading. */
export function headingLevel(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 140) return undefined;
  if (/^(PHẦN|Phần|CHƯƠNG|Chương)\s+(thứ|THỨ|[IVXLC]+\b|\d+\b)/u.test(trimmed)) return 1;
  if (/^[IVXLC]+\s*[.\-–:)]\s*\S/u.test(trimmed)) return 2;
  if (/^(Điều|ĐIỀU)\s+\d+/u.test(trimmed)) return 3;
  if (/^\d{1,2}\.\d{1,2}\.?\s+\p{Lu}/u.test(trimmed)) return 4;
  const numbered = /^\d{1,2}\s*[.\-–)]\s*(?=\p{Lu})/u.exec(trimmed);
  // "1. Công tác thu" is a heading; "1. Năm 2024, xã đã… Ngoài ra…" is a numbered paragraph.
  if (numbered && trimmed.length <= 110 && !/[.;,]\s+\S/.test(trimmed.slice(numbered[0].length, -1)))
    return 3;
  if (isUpperCaseLine(trimmed) && trimmed.length <= 120) return 1;
  return undefined;
}

function isUpperCaseLine(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 6 || !/\s/.test(text.trim())) return false;
  return letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** "BHYT8." → "BHYT."; "thực hiện1." → "thực hiện."; superscripts "nghèo¹²" → "nghèo". */
export function stripFootnoteMarkers(text: string): string {
  return text.replace(/(\p{L}{2,})\d{1,2}(?=[.,;:)]?(?:\s|$))/gu, '$1').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, '');
}

function collapseSpaces(text: string): string {
  return text.replace(/[ \t]+/g, ' ').trim();
}

/** Most lines followed by exactly one blank line: blank lines there are line spacing, not breaks. */
function isDoubleSpaced(lines: readonly SourceLine[]): boolean {
  let textLines = 0;
  let followedBySingleBlank = 0;
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] as SourceLine).raw.trim() === '') continue;
    textLines++;
    const next = lines[i + 1];
    const afterNext = lines[i + 2];
    if (next && next.raw.trim() === '' && afterNext && afterNext.raw.trim() !== '') followedBySingleBlank++;
  }
  // Only wrapped lines (PDF/Word exports) are spaced this way; one long paragraph per line
  // with a blank between (Markdown) is ordinary paragraph spacing.
  const lengths = lines
    .map((line) => line.raw.trim().length)
    .filter((length) => length > 0)
    .sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  return textLines > 10 && followedBySingleBlank / textLines > 0.6 && median < 120;
}

class BlockBuilder {
  kind: BlockKind;
  text = '';
  level: number | undefined;
  spans: LineSpan[] = [];
  constructor(kind: BlockKind, level?: number) {
    this.kind = kind;
    this.level = level;
  }
  append(piece: string, source: SourceLine, separator: string): void {
    const glue = this.text === '' ? '' : separator;
    const offset = this.text.length + glue.length;
    this.text += glue + piece;
    this.spans.push({
      line: source.line,
      offset,
      ...(source.page !== undefined ? { page: source.page } : {}),
    });
  }
  build(): Block {
    return {
      kind: this.kind,
      text: this.text,
      spans: this.spans,
      ...(this.level !== undefined ? { level: this.level } : {}),
    };
  }
}

/** Clean a document's text into blocks. `pageOfLine[i]` is the page of line i+1 (PDFs). */
export function cleanDocument(text: string, pageOfLine?: readonly number[]): Block[] {
  const lines = sourceLines(text, pageOfLine);
  const doubleSpaced = isDoubleSpaced(lines);
  const blocks: Block[] = [];
  let current: BlockBuilder | undefined;
  /** Paragraph interrupted by a footnote block, resumed when the main text comes back. */
  let interrupted: BlockBuilder | undefined;
  let inFootnotes = false;
  let blankRun = 0;

  const flush = (): void => {
    if (current && current.text.trim() !== '') blocks.push(current.build());
    current = undefined;
  };
  const start = (kind: BlockKind, level?: number): BlockBuilder => {
    flush();
    current = new BlockBuilder(kind, level);
    return current;
  };

  for (const source of lines) {
    const raw = source.raw;
    if (FOOTNOTE_SEPARATOR.test(raw)) {
      // A long run of spaces is the footnote rule of a word processor: what follows are
      // footnotes; the sentence before it continues after them.
      if (current?.kind === 'paragraph' && !TERMINAL.test(current.text)) {
        interrupted = current;
        current = undefined;
      } else flush();
      inFootnotes = true;
      blankRun = 0;
      continue;
    }
    if (raw.trim() === '') {
      blankRun++;
      continue;
    }
    if (RULE_LINE.test(raw)) {
      flush();
      blankRun = 0;
      continue;
    }
    const blankBefore = doubleSpaced ? blankRun >= 2 : blankRun >= 1;
    blankRun = 0;
    const leadingSpace = /^\s/.test(raw);
    const line = stripFootnoteMarkers(collapseSpaces(raw));

    if (inFootnotes) {
      if (FOOTNOTE_START.test(line)) {
        start('footnote').append(line, source, '');
        continue;
      }
      const resumes = (leadingSpace && !/^\d/.test(line)) || LIST_START.test(line) || headingLevel(line);
      if (!resumes && current?.kind === 'footnote') {
        current.append(line, source, ' ');
        continue;
      }
      inFootnotes = false;
      if (interrupted && !LIST_START.test(line) && !headingLevel(line)) {
        flush();
        current = interrupted;
        interrupted = undefined;
        current.append(line, source, joiner(current.text));
        continue;
      }
    }
    if (interrupted) {
      blocks.push(interrupted.build());
      interrupted = undefined;
    }

    if (raw.includes('\t') && raw.split('\t').filter((cell) => cell.trim() !== '').length >= 2) {
      const row = raw
        .split('\t')
        .map((cell) => stripFootnoteMarkers(collapseSpaces(cell)))
        .filter((cell) => cell !== '')
        .join(' | ');
      const table = current?.kind === 'table' && !blankBefore ? current : start('table');
      table.append(row, source, '\n');
      continue;
    }

    if (source.forcedHeading !== undefined) {
      start('heading', source.forcedHeading).append(line, source, '');
      flush();
      continue;
    }

    if (current && current.kind !== 'table' && continues(current, line, blankBefore)) {
      current.append(line, source, joiner(current.text));
      continue;
    }
    start('paragraph').append(line, source, '');
  }
  if (interrupted) blocks.push(interrupted.build());
  flush();
  return classifyHeadings(blocks);
}

/** Whether a line continues the open block rather than starting a new one. */
function continues(current: BlockBuilder, line: string, blankBefore: boolean): boolean {
  const previous = current.text;
  if (current.kind === 'heading') return false;
  if (LIST_START.test(line)) return false;
  const ended = TERMINAL.test(previous);
  const startsLower = /^[\p{Ll}(,]/u.test(line);
  if (blankBefore) return !ended && startsLower;
  if (ended && (headingLevel(line) !== undefined || /^[\p{Lu}\d]/u.test(line))) return false;
  if (!ended && headingLevel(previous) !== undefined && previous.length < 100 && /^[\p{Lu}\d]/u.test(line)) {
    return false;
  }
  return true;
}

/** A word broken by a hyphen at the end of a line ("894-" + "CV/TU") joins without a space. */
function joiner(previous: string): string {
  return /\S-$/.test(previous) ? '' : ' ';
}

const BARE_PART = /^(PHẦN|Phần|CHƯƠNG|Chương)\s+(thứ\s+\S+|THỨ\s+\S+|[IVXLC]+|\d+)$/u;

/** Deepest level, for unnumbered headings (a short standalone line without a sentence end). */
const UNNUMBERED_LEVEL = 6;

function classifyHeadings(blocks: readonly Block[]): Block[] {
  const result: Block[] = [];
  blocks.forEach((block, index) => {
    const previousBlock = result[result.length - 1];
    // "Phần thứ nhất" followed by its name ("KẾT QUẢ THỰC HIỆN"): one heading.
    if (
      previousBlock?.kind === 'heading' &&
      BARE_PART.test(previousBlock.text) &&
      (block.kind === 'heading' || headingLevel(block.text) !== undefined)
    ) {
      result[result.length - 1] = {
        ...previousBlock,
        text: `${previousBlock.text}: ${block.text}`,
        spans: [
          ...previousBlock.spans,
          ...block.spans.map((span) => ({ ...span, offset: span.offset + previousBlock.text.length + 2 })),
        ],
      };
      return;
    }
    if (block.kind !== 'paragraph') {
      result.push(block);
      return;
    }
    const level = headingLevel(block.text);
    if (level !== undefined) {
      result.push({ ...block, kind: 'heading', level });
      return;
    }
    const previous = result[result.length - 1];
    const next = blocks[index + 1];
    // Short lines right under a heading are its subtitles ("Kinh nghiệm…", "Tập thể: BHXH
    // tỉnh Yên Bái"): they stay in the path until the next heading of the same rank, so a
    // fractional level keeps numbered sections ("1. …") beneath them.
    if (previous?.kind === 'heading' && isSubtitle(block)) {
      result.push({ ...block, kind: 'heading', level: (previous.level ?? 1) + 0.1 });
      return;
    }
    if (isUnnumberedHeading(block, next)) {
      result.push({ ...block, kind: 'heading', level: UNNUMBERED_LEVEL });
      return;
    }
    result.push(block);
  });
  return result;
}

function isSubtitle(block: Block): boolean {
  const text = block.text.trim();
  if (text.length < 8 || text.length > 160 || LIST_START.test(text) || !/^[\p{Lu}(]/u.test(text))
    return false;
  return !/[.;!?…]$/.test(text) || /^(Tập thể|Cá nhân)\s*:/u.test(text);
}

/** "Tập thể: BHXH tỉnh Yên Bái", "Nỗ lực bảo đảm an sinh xã hội": short, no sentence end, text follows. */
function isUnnumberedHeading(block: Block, next: Block | undefined): boolean {
  const text = block.text.trim();
  if (text.length < 8 || text.length > 110 || block.spans.length > 2) return false;
  if (/[.;,:!?…]$/.test(text) && !/^(Tập thể|Cá nhân)\s*:/u.test(text)) return false;
  if (!/^[\p{Lu}]/u.test(text) || LIST_START.test(text)) return false;
  return next !== undefined && next.kind !== 'heading' && next.text.length > text.length * 1.5;
}
