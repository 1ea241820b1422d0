/**
 * Chunking that follows the document's structure: body blocks are grouped under their
 * heading path up to a target size; a block longer than the maximum is split at sentence
 * ends. Every chunk keeps its source line range (and pages) for citations and evaluation.
 *
 * Each chunk also gets a bridging twin that starts halfway through it and runs to the same
 * size, so text the greedy boundaries cut in two is indexed whole as well. Chunks therefore
 * overlap; they carry their segment range, and search returns no two that share a segment.
 */
import type { Block, LineSpan } from './clean.js';
import { type Chunk, MAX_CHUNK_CHARS } from './types.js';

export interface ChunkOptions {
  /** Preferred chunk size in characters; blocks are grouped until adding one would pass it. */
  readonly targetChars?: number;
  /** Hard maximum (≤ 2,000). */
  readonly maxChars?: number;
}

export const DEFAULT_TARGET_CHARS = 1400;
const MAX_HEADING_CHARS = 160;

interface Piece {
  readonly text: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly pageStart?: number;
  readonly pageEnd?: number;
}

export function chunkBlocks(
  documentId: string,
  blocks: readonly Block[],
  options: ChunkOptions = {},
): Chunk[] {
  const maxChars = Math.min(options.maxChars ?? MAX_CHUNK_CHARS, MAX_CHUNK_CHARS);
  const target = Math.min(options.targetChars ?? DEFAULT_TARGET_CHARS, maxChars);
  const primary: UnnamedChunk[] = [];
  const bridging: UnnamedChunk[] = [];
  for (const section of sectionsOf(blocks, target, maxChars)) {
    const { pieces } = section;
    greedyRuns(pieces, 0, target).forEach((run, index) => {
      // Only the section's first chunk starts at its headings' lines.
      primary.push(chunkOf(documentId, section, run, index === 0));
      // A second chunk starting halfway through this one, so a passage that the greedy
      // boundaries cut in two is also indexed whole (docs/design/retrieval.md, "Retrieval").
      const middle = middleOf(pieces, run);
      const bridge = middle === undefined ? undefined : greedyRuns(pieces, middle, target)[0];
      if (bridge) bridging.push(chunkOf(documentId, section, bridge, false));
    });
  }
  return [...primary, ...bridging].map((chunk, index) => ({ id: `${documentId}#${index + 1}`, ...chunk }));
}

type UnnamedChunk = Omit<Chunk, 'id'>;

/** Pieces `[start, end)` of a section. */
interface Run {
  readonly start: number;
  readonly end: number;
}

interface Section {
  readonly headings: readonly string[];
  readonly headingLines: readonly number[];
  readonly pieces: readonly Segment[];
}

/** A piece with its position among all pieces of the document. */
interface Segment extends Piece {
  readonly segment: number;
}

/** Consecutive body pieces under one heading path; pieces are numbered through the document. */
function sectionsOf(blocks: readonly Block[], target: number, maxChars: number): Section[] {
  const sections: Section[] = [];
  let segment = 0;
  const path: Array<{ level: number; text: string }> = [];
  let headingLines: number[] = [];
  let pieces: Segment[] = [];
  const close = (): void => {
    if (pieces.length === 0) return; // Headings in a row: the next section starts at the first.
    sections.push({ headings: path.map((entry) => entry.text), headingLines, pieces });
    pieces = [];
    headingLines = [];
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      close();
      const level = block.level ?? 3;
      while (path.length > 0 && (path[path.length - 1] as { level: number }).level >= level) path.pop();
      path.push({ level, text: truncate(block.text, MAX_HEADING_CHARS) });
      headingLines.push(...block.spans.map((span) => span.line));
      continue;
    }
    for (const piece of splitBlock(block, target, maxChars)) pieces.push({ ...piece, segment: segment++ });
  }
  close();
  return sections;
}

/** Pieces from `from` on, grouped greedily: a run closes when the next piece would pass the target. */
function greedyRuns(pieces: readonly Piece[], from: number, target: number): Run[] {
  const runs: Run[] = [];
  let start = from;
  let chars = 0;
  for (let index = from; index < pieces.length; index++) {
    const length = (pieces[index] as Piece).text.length;
    if (chars > 0 && chars + 1 + length > target) {
      runs.push({ start, end: index });
      start = index;
      chars = 0;
    }
    chars += (chars > 0 ? 1 : 0) + length;
  }
  if (start < pieces.length) runs.push({ start, end: pieces.length });
  return runs;
}

/** Index of the first piece past the middle of a run of two or more pieces. */
function middleOf(pieces: readonly Piece[], run: Run): number | undefined {
  const lengths = pieces.slice(run.start, run.end).map((piece) => piece.text.length + 1);
  const half = lengths.reduce((sum, length) => sum + length, 0) / 2;
  let chars = 0;
  for (let offset = 0; offset < lengths.length; offset++) {
    if (offset > 0 && chars >= half) return run.start + offset;
    chars += lengths[offset] as number;
  }
  return undefined;
}

function chunkOf(documentId: string, section: Section, run: Run, withHeadingLines: boolean): UnnamedChunk {
  const pieces = section.pieces.slice(run.start, run.end);
  const first = pieces[0] as Segment;
  const last = pieces[pieces.length - 1] as Segment;
  const pages = pieces.flatMap((piece) =>
    piece.pageStart !== undefined ? [piece.pageStart, piece.pageEnd ?? piece.pageStart] : [],
  );
  return {
    documentId,
    headings: section.headings,
    text: pieces.map((piece) => piece.text).join('\n'),
    lineStart: Math.min(first.lineStart, ...(withHeadingLines ? section.headingLines : [])),
    lineEnd: Math.max(...pieces.map((piece) => piece.lineEnd)),
    segmentStart: first.segment,
    segmentEnd: last.segment,
    ...(pages.length > 0 ? { pageStart: Math.min(...pages), pageEnd: Math.max(...pages) } : {}),
  };
}

/** A block as one piece, or several at sentence ends when it is longer than the maximum. */
function splitBlock(block: Block, target: number, maxChars: number): Piece[] {
  if (block.text.length <= maxChars) return [pieceOf(block, 0, block.text.length)];
  const separator = block.kind === 'table' ? /\n/g : /(?<=[.!?;…])\s+(?=[\p{Lu}\d"“(-])/gu;
  const cuts: number[] = [0];
  let lastCut = 0;
  let lastBoundary = 0;
  for (const match of block.text.matchAll(separator)) {
    const boundary = (match.index ?? 0) + match[0].length;
    if (boundary - lastCut > target && lastBoundary > lastCut) {
      cuts.push(lastBoundary);
      lastCut = lastBoundary;
    }
    lastBoundary = boundary;
  }
  if (block.text.length - lastCut > target && lastBoundary > lastCut) cuts.push(lastBoundary);
  cuts.push(block.text.length);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] as number;
    const to = cuts[i + 1] as number;
    // No sentence end in reach: cut at a space so no piece exceeds the maximum.
    for (let start = from; start < to; ) {
      let end = Math.min(to, start + maxChars);
      if (end < to) {
        const space = block.text.lastIndexOf(' ', end);
        if (space > start + target / 2) end = space;
      }
      const piece = pieceOf(block, start, end);
      if (piece.text !== '') pieces.push(piece);
      start = end;
    }
  }
  return pieces;
}

function pieceOf(block: Block, from: number, to: number): Piece {
  const spans = block.spans.filter(
    (span, index) => span.offset < to && (block.spans[index + 1]?.offset ?? Number.POSITIVE_INFINITY) > from,
  );
  const covering: readonly LineSpan[] = spans.length > 0 ? spans : block.spans.slice(0, 1);
  const lines = covering.map((span) => span.line);
  const pages = covering.flatMap((span) => (span.page !== undefined ? [span.page] : []));
  return {
    text: block.text.slice(from, to).trim(),
    lineStart: Math.min(...lines),
    lineEnd: Math.max(...lines),
    ...(pages.length > 0 ? { pageStart: Math.min(...pages), pageEnd: Math.max(...pages) } : {}),
  };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, space > max / 2 ? space : max - 1)}…`;
}
