/**
 * What publishing policy documents needs from the outside world: the document records and
 * the index pointer (the content table; DynamoDB in AWS and under `npm start`, memory in unit
 * tests), the files (S3 in AWS, DATA_DIR locally), the index artifacts kept there, and the
 * upload URL handed to the browser (an S3 presigned POST, or the local server's).
 */
import type { DocumentRecord, IndexPointer } from '../../core/knowledge/documents.js';
import type { KnowledgeIndex } from '../../core/knowledge/index.js';
import type { IngestedDocument } from '../../core/knowledge/ingest.js';

/** A changed record was changed by someone else first (its `updatedAt` moved). */
export class DocumentConflictError extends Error {
  constructor(readonly id: string) {
    super(`document ${id} changed concurrently`);
    this.name = 'DocumentConflictError';
  }
}

export interface DocumentStore {
  /** Fails with DocumentConflictError when the id exists. */
  create(record: DocumentRecord): Promise<void>;
  get(id: string): Promise<DocumentRecord | undefined>;
  list(): Promise<DocumentRecord[]>;
  /**
   * Replace a record if it is still as read (same `updatedAt`), else DocumentConflictError.
   * Records are never deleted: a withdrawn document keeps its history.
   */
  replace(next: DocumentRecord, previousUpdatedAt: string): Promise<void>;
  /** The index the bot serves, if one was ever published. */
  currentIndex(): Promise<IndexPointer | undefined>;
  /**
   * Move the pointer to `next` only if it is still at `next.version - 1` (none for version 1):
   * false when another build moved it first.
   */
  moveIndex(next: IndexPointer): Promise<boolean>;
}

export interface StoredObject {
  readonly bytes: Uint8Array;
  /** S3's ETag, or a content hash locally: what makes a replayed event a no-op. */
  readonly etag: string;
  readonly contentType?: string;
}

/** Files: uploads, per-document chunks and index artifacts. */
export interface BlobStore {
  get(key: string): Promise<StoredObject | undefined>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

/** Per-document chunks and whole index artifacts, in the blob store. */
export interface KnowledgeArtifacts {
  writeChunks(key: string, document: IngestedDocument): Promise<void>;
  readChunks(key: string): Promise<IngestedDocument>;
  /** Writes the artifact under a key named by its content; returns the key and hash. */
  writeIndex(index: KnowledgeIndex): Promise<{ readonly key: string; readonly sha256: string }>;
  readIndex(key: string): Promise<KnowledgeIndex>;
}

/** Where and how the browser sends the file: multipart/form-data, `fields` first, the file last as `file`. */
export interface UploadTarget {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What an upload may be: one key, one content type, at most `maxBytes`, for one document. */
export interface UploadRequest {
  readonly documentId: string;
  readonly key: string;
  readonly contentType: string;
  readonly maxBytes: number;
}

export interface UploadSigner {
  target(input: UploadRequest): Promise<UploadTarget>;
}
