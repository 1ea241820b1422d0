/** Shapes shared by ingestion, the index, search and answer composition. */
import * as z from 'zod';
import type { Decodes } from '../schema.js';

export interface DocumentMeta {
  /** Stable id (file name without extension unless a sidecar says otherwise). */
  readonly id: string;
  /** File name the document was read from, e.g. `000_9b0e.txt`. */
  readonly file: string;
  readonly title: string;
  /** Issuing body, e.g. "Bảo hiểm xã hội Việt Nam", when detectable. */
  readonly issuer?: string;
  /** Place, e.g. "Hà Nội", when detectable. */
  readonly place?: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY, when detectable. */
  readonly date?: string;
  /** Free-form: where the metadata came from ("sidecar", "detected"). */
  readonly metaSource: 'sidecar' | 'detected';
  /** Answers questions asked on or after this date (YYYY-MM-DD): a successor, from its effective date. */
  readonly answersFrom?: string;
  /** Answers questions asked before this date: a superseded document, until its successor takes effect. */
  readonly answersUntil?: string;
}

/** Whether a document of the index answers a question asked as of `asOf` (YYYY-MM-DD). */
export function answersOn(
  document: Pick<DocumentMeta, 'answersFrom' | 'answersUntil'>,
  asOf: string,
): boolean {
  if (document.answersFrom && asOf < document.answersFrom) return false;
  if (document.answersUntil && asOf >= document.answersUntil) return false;
  return true;
}

export interface Chunk {
  /** `<documentId>#<n>` */
  readonly id: string;
  readonly documentId: string;
  /** Section heading path, outermost first. */
  readonly headings: readonly string[];
  /** Cleaned, redacted passage text (≤ 2,000 characters). */
  readonly text: string;
  /** 1-based source line range in the original file (inclusive). */
  readonly lineStart: number;
  readonly lineEnd: number;
  /** 1-based page range for paginated sources (PDF). */
  readonly pageStart?: number;
  readonly pageEnd?: number;
  /**
   * Range of the document's text segments (paragraphs, or sentence groups of a long one) the
   * chunk holds. Chunks overlap by design; two that share a segment are never both returned.
   */
  readonly segmentStart: number;
  readonly segmentEnd: number;
}

/** A chunk found by a search, with its document. */
export interface Passage {
  readonly chunk: Chunk;
  readonly document: DocumentMeta;
  readonly score: number;
}

/** Sidecar `<file>.meta.json`: overrides what detection would find. */
export interface SidecarMeta {
  readonly id?: string;
  readonly title?: string;
  readonly issuer?: string;
  readonly place?: string;
  readonly date?: string;
}

/** A `<document>.meta.json` sidecar (data/knowledge/notes/*.meta.json), read where the corpus is read. */
export const sidecarMetaSchema = z.object({
  id: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  issuer: z.string().optional(),
  place: z.string().optional(),
  date: z.string().optional(),
});
true satisfies Decodes<typeof sidecarMetaSchema, SidecarMeta>;

export const MAX_CHUNK_CHARS = 2000;
