/**
 * Ingestion of one document, pure: extracted text (+ sidecar metadata) → document
 * metadata and redacted, structure-following chunks. The ingest CLI and the ingest Lambda
 * both call this; reading files and storing the index are theirs.
 */
import { type ChunkOptions, chunkBlocks } from './chunk.js';
import { cleanDocument } from './clean.js';
import { extractText } from './extract.js';
import { detectMetadata } from './metadata.js';
import type { Chunk, DocumentMeta, SidecarMeta } from './types.js';

export interface SourceDocument {
  /** File name, e.g. `000_9b0e.txt` (used for the id and the evaluation's hit rule). */
  readonly file: string;
  readonly text: string;
  /** Page of each line (1-based pages; index i is line i+1), for PDFs. */
  readonly pageOfLine?: readonly number[];
  readonly meta?: SidecarMeta;
}

export interface IngestedDocument {
  readonly document: DocumentMeta;
  readonly chunks: readonly Chunk[];
}

export function documentIdOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]+$/, '');
}

export function ingestDocument(source: SourceDocument, options: ChunkOptions = {}): IngestedDocument {
  const blocks = cleanDocument(source.text, source.pageOfLine);
  const detected = detectMetadata(blocks);
  const id = source.meta?.id ?? documentIdOf(source.file);
  const title = source.meta?.title ?? detected.title ?? id;
  const issuer = source.meta?.issuer ?? detected.issuer;
  const place = source.meta?.place ?? detected.place;
  const date = source.meta?.date ?? detected.date;
  const document: DocumentMeta = {
    id,
    file: source.file.split(/[\\/]/).pop() ?? source.file,
    title,
    ...(issuer ? { issuer } : {}),
    ...(place ? { place } : {}),
    ...(date ? { date } : {}),
    metaSource: source.meta ? 'sidecar' : 'detected',
  };
  return { document, chunks: chunkBlocks(id, blocks, options) };
}

export interface SourceFile {
  /** File name (or object key); its extension picks the reader. */
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly meta?: SidecarMeta;
}

/**
 * Extract, clean, redact and chunk a batch of uploaded files: what the ingest Lambda runs
 * on the objects of a bucket and `npm run ingest` on files from disk.
 */
export async function ingestFiles(
  files: readonly SourceFile[],
  options: ChunkOptions = {},
): Promise<IngestedDocument[]> {
  const documents: IngestedDocument[] = [];
  for (const source of files) {
    const extracted = await extractText(source.file, source.bytes);
    documents.push(
      ingestDocument(
        {
          file: source.file,
          text: extracted.text,
          ...(extracted.pageOfLine ? { pageOfLine: extracted.pageOfLine } : {}),
          ...(source.meta ? { meta: source.meta } : {}),
        },
        options,
      ),
    );
  }
  return documents;
}
