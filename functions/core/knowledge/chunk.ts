/**
 * Chunking that follows the document's structure: body blocks are grouped under their
 * heading path up to a target size; a block longer than the maximum is split at sentence
 * ends. Every chunk keeps its source line range (and pages) for citations and evaluation.
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
  const chunks: Chunk[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let pending: Piece[] = [];
  let pendingChars = 0;
  /** Lines of the headings met since the last chunk: the next chunk's range starts there. */
  let headingLines: number[] = [];

  const emit = (): void => {
    if (pending.length === 0) return;
    const first = pending[0] as Piece;
    const last = pending[pending.length - 1] as Piece;
    const pages = pending.flatMap((piece) =>
      piece.pageStart !== undefined ? [piece.pageStart, piece.pageEnd ?? piece.pageStart] : [],
    );
    chunks.push({
      id: `${documentId}#${chunks.length + 1}`,
      documentId,
      headings: path.map((entry) => entry.text),
      text: pending.map((piece) => piece.text).join('\n'),
      lineStart: Math.min(first.lineStart, ...headingLines),
      lineEnd: Math.max(...pending.map((piece) => piece.lineEnd), last.lineEnd),
      ...(pages.length > 0 ? { pageStart: Math.min(...pages), pageEnd: Math.max(...pages) } : {}),
    });
    pending = [];
    pendingChars = 0;
    headingLines = [];
  };

  for (const block of blocks) {
    if (block.kind === 'heading') {
      emit();
      const level = block.level ?? 3;
      while (path.length > 0 && (path[path.length - 1] as { level: number }).level >= level) path.pop();
      path.push({ level, text: truncate(block.text, MAX_HEADING_CHARS) });
      headingLines.push(...block.spans.map((span) => span.line));
      continue;
    }
    for (const piece of splitBlock(block, target, maxChars)) {
      if (pendingChars > 0 && pendingChars + 1 + piece.text.length > target) emit();
      pending.push(piece);
      pendingChars += (pendingChars > 0 ? 1 : 0) + piece.text.length;
    }
  }
  emit();
  return chunks;
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
