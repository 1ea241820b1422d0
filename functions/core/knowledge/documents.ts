/**
 * Policy documents that staff publish: the record kept per document, the upload limits, the
 * checks a file must pass before it is indexed (each refusal a reason staff can act on, in
 * Vietnamese), and which documents answer on which date once one supersedes another.
 * Pure: reading the file and storing anything belong to functions/app/documents/.
 */
import * as z from 'zod';
import type { Decodes } from '../schema.js';
import { type ExtractedText, ExtractionError, extractText, UnsupportedFormatError } from './extract.js';
import { type IngestedDocument, ingestDocument } from './ingest.js';
import type { DocumentMeta } from './types.js';

/** What staff see per document; `awaiting-upload` until the file arrives. */
export const DOCUMENT_STATUSES = [
  'awaiting-upload',
  'processing',
  'indexed',
  'failed',
  'superseded',
  'withdrawn',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** 20 MB: the presigned POST's content-length-range and the local upload's limit. */
export const MAX_DOCUMENT_BYTES = 20_000_000;

/** Each accepted extension and the content types a browser may send for it. */
export const DOCUMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  '.docx': ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  '.pdf': ['application/pdf'],
  '.md': ['text/markdown', 'text/x-markdown', 'text/plain'],
  '.txt': ['text/plain'],
};

const isoDate = z.iso.date('phải có dạng YYYY-MM-DD');

/** Metadata staff give with a file (the API's `meta`). */
export const documentMetaInputSchema = z.object({
  title: z.string().trim().min(1, 'cần tên văn bản').max(300),
  /** Such as "159/2025/NĐ-CP". */
  number: z.string().trim().max(60).optional(),
  issuer: z.string().trim().max(200).optional(),
  place: z.string().trim().max(100).optional(),
  issued: isoDate,
  effectiveFrom: isoDate.optional(),
});
export type DocumentMetaInput = z.infer<typeof documentMetaInputSchema>;

/** Metadata of a stored document: a seeded sample may know its date only to the month or year. */
export interface StoredDocumentMeta {
  readonly title: string;
  readonly number?: string;
  readonly issuer?: string;
  readonly place?: string;
  /** YYYY-MM-DD for uploads; YYYY-MM or YYYY for a seeded sample whose text says no more. */
  readonly issued?: string;
  readonly effectiveFrom?: string;
}

export interface DocumentRecord {
  /** `doc-<random>` for uploads, `sample-<file>` for the seeded sample documents. */
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  /** Bytes announced at upload, then the bytes read. */
  readonly size: number;
  readonly meta: StoredDocumentMeta;
  readonly status: DocumentStatus;
  /** Why it failed, in plain Vietnamese. */
  readonly reason?: string;
  readonly passages?: number;
  /** Where the file is to be uploaded / was read from. */
  readonly objectKey: string;
  /** The ETag of the object last processed: the same (id, ETag) again changes nothing. */
  readonly etag?: string;
  readonly sha256?: string;
  /** The per-document chunks (`docs/<id>/<sha256>.chunks.json`), once extracted. */
  readonly chunksKey?: string;
  /** The document this one replaces; the old one answers for dates before this one takes effect. */
  readonly supersedes?: string;
  readonly supersededBy?: string;
  /** Superseded: answers for dates before this (the successor's effective date). */
  readonly answersUntil?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  /** The index version that first served this state. */
  readonly indexVersion?: number;
}

const storedMetaSchema = z.object({
  title: z.string(),
  number: z.string().optional(),
  issuer: z.string().optional(),
  place: z.string().optional(),
  issued: z.string().optional(),
  effectiveFrom: z.string().optional(),
});

export const documentRecordSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  meta: storedMetaSchema,
  status: z.enum(DOCUMENT_STATUSES),
  reason: z.string().optional(),
  passages: z.number().optional(),
  objectKey: z.string(),
  etag: z.string().optional(),
  sha256: z.string().optional(),
  chunksKey: z.string().optional(),
  supersedes: z.string().optional(),
  supersededBy: z.string().optional(),
  answersUntil: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  indexVersion: z.number().optional(),
});
true satisfies Decodes<typeof documentRecordSchema, DocumentRecord>;

/** The pointer item `INDEX/CURRENT`: which artifact the bot serves. */
export interface IndexPointer {
  /** 1, 2, …: moved with a conditional write (`version = previous + 1`). */
  readonly version: number;
  /** The artifact's key in the blob store (`index/<sha256>.json.gz`). */
  readonly key: string;
  readonly sha256: string;
  readonly builtAt: string;
  readonly documents: number;
  readonly passages: number;
}

export const indexPointerSchema = z.object({
  version: z.number().int().positive(),
  key: z.string().min(1),
  sha256: z.string(),
  builtAt: z.string(),
  documents: z.number().int().min(0),
  passages: z.number().int().min(0),
});
true satisfies Decodes<typeof indexPointerSchema, IndexPointer>;

/** A file refused, or a document that could not be read: the reason is for staff, in Vietnamese. */
export class DocumentRejectedError extends Error {
  constructor(
    readonly reason: string,
    readonly field: 'filename' | 'contentType' | 'size' | 'file' = 'file',
  ) {
    super(reason);
    this.name = 'DocumentRejectedError';
  }
}

export const REASONS = {
  tooLarge: 'Tệp lớn hơn 20 MB — cần tách hoặc nén lại.',
  wrongType: 'Chỉ nhận tệp .docx, .pdf, .md hoặc .txt.',
  typeMismatch: 'Loại tệp không khớp với phần mở rộng của tên tệp.',
  empty: 'Tệp trống — không có nội dung.',
  corrupt: 'Tệp bị hỏng hoặc không đúng định dạng, không đọc được.',
  password: 'Tệp có mật khẩu — cần bản không đặt mật khẩu.',
  noTextLayer: 'PDF không có lớp chữ (bản scan) — cần bản có chữ hoặc OCR.',
  noPassages: 'Không tìm thấy đoạn văn nào để lập chỉ mục.',
  notUtf8: 'Tệp văn bản không ở mã UTF-8 — cần lưu lại với mã UTF-8.',
} as const;

export function extensionOf(filename: string): string {
  const match = /\.[^./\\]+$/.exec(filename.toLowerCase());
  return match ? match[0] : '';
}

/** What `POST /api/documents` checks before handing out an upload URL. */
export function checkUpload(input: { filename: string; contentType: string; size: number }): void {
  const allowed = DOCUMENT_TYPES[extensionOf(input.filename)];
  if (!allowed) throw new DocumentRejectedError(REASONS.wrongType, 'filename');
  const type = input.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!allowed.includes(type)) throw new DocumentRejectedError(REASONS.typeMismatch, 'contentType');
  if (input.size > MAX_DOCUMENT_BYTES) throw new DocumentRejectedError(REASONS.tooLarge, 'size');
  if (input.size < 1) throw new DocumentRejectedError(REASONS.empty, 'size');
}

/** A name safe in an object key and a file system: letters, digits, dot, dash, underscore. */
export function safeObjectName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? 'file';
  const ascii = base
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '');
  return ascii.slice(-100) || `file${extensionOf(filename)}`;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** An OLE compound file: what Word writes for a password-protected .docx. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const PDF = [0x25, 0x50, 0x44, 0x46];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** Minimum letters a PDF must give per page to count as having a text layer. */
const MIN_LETTERS_PER_PAGE = 20;

/**
 * Read the text of an uploaded file, or say why not: size, emptiness, the format's signature,
 * a password, a scan without a text layer. The parsers' own messages never reach staff.
 */
export async function readUploadedText(filename: string, bytes: Uint8Array): Promise<ExtractedText> {
  const extension = extensionOf(filename);
  if (!DOCUMENT_TYPES[extension]) throw new DocumentRejectedError(REASONS.wrongType, 'filename');
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw new DocumentRejectedError(REASONS.tooLarge, 'size');
  if (bytes.byteLength === 0) throw new DocumentRejectedError(REASONS.empty);
  if (extension === '.docx') {
    if (startsWith(bytes, OLE)) throw new DocumentRejectedError(REASONS.password);
    if (!startsWith(bytes, ZIP)) throw new DocumentRejectedError(REASONS.corrupt);
  }
  if (extension === '.pdf' && !startsWith(bytes, PDF)) throw new DocumentRejectedError(REASONS.corrupt);
  if ((extension === '.txt' || extension === '.md') && !isUtf8(bytes))
    throw new DocumentRejectedError(REASONS.notUtf8);
  let extracted: ExtractedText;
  try {
    extracted = await extractText(filename, bytes);
  } catch (error) {
    if (error instanceof UnsupportedFormatError) throw new DocumentRejectedError(REASONS.wrongType);
    if (error instanceof ExtractionError && isPasswordError(error.cause))
      throw new DocumentRejectedError(REASONS.password);
    throw new DocumentRejectedError(REASONS.corrupt);
  }
  const letters = (extracted.text.match(/\p{L}/gu) ?? []).length;
  if (extension === '.pdf') {
    const pages = Math.max(1, ...(extracted.pageOfLine ?? [1]));
    if (letters < MIN_LETTERS_PER_PAGE * Math.min(pages, 3))
      throw new DocumentRejectedError(REASONS.noTextLayer);
  }
  if (letters === 0) throw new DocumentRejectedError(REASONS.empty);
  return extracted;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function isPasswordError(cause: unknown): boolean {
  const error = cause as { name?: unknown; message?: unknown } | undefined;
  return (
    error?.name === 'PasswordException' ||
    (typeof error?.message === 'string' && /password|encrypt/i.test(error.message))
  );
}

/** The title the bot cites: the number too, when the title does not already carry it. */
export function citedTitle(meta: StoredDocumentMeta): string {
  const number = meta.number?.trim();
  return number && !meta.title.includes(number) ? `${meta.title} (số ${number})` : meta.title;
}

/**
 * Clean, redact and chunk the text of a document under its record's id and metadata (staff's
 * metadata wins over what detection finds).
 */
export function ingestRecord(record: DocumentRecord, extracted: ExtractedText): IngestedDocument {
  const meta = record.meta;
  const ingested = ingestDocument({
    file: record.filename,
    text: extracted.text,
    ...(extracted.pageOfLine ? { pageOfLine: extracted.pageOfLine } : {}),
    meta: {
      id: record.id,
      // No title: a file staged without one (the CLI, the sample) takes what detection finds.
      ...(meta.title ? { title: citedTitle(meta) } : {}),
      ...(meta.issuer ? { issuer: meta.issuer } : {}),
      ...(meta.place ? { place: meta.place } : {}),
      ...(meta.issued ? { date: meta.issued } : {}),
    },
  });
  if (ingested.chunks.length === 0) throw new DocumentRejectedError(REASONS.noPassages);
  return ingested;
}

/** Staff's metadata, completed with what detection found where staff gave none. */
export function completedMeta(meta: StoredDocumentMeta, detected: DocumentMeta): StoredDocumentMeta {
  if (meta.title) return meta;
  return {
    ...meta,
    title: detected.title,
    ...(detected.issuer && !meta.issuer ? { issuer: detected.issuer } : {}),
    ...(detected.place && !meta.place ? { place: detected.place } : {}),
    ...(detected.date && !meta.issued ? { issued: detected.date } : {}),
  };
}

/** Statuses whose chunks belong in the index (a superseded one answers for earlier dates). */
export function servesAnswers(record: DocumentRecord): boolean {
  return (
    record.chunksKey !== undefined &&
    (record.status === 'indexed' || record.status === 'superseded' || record.status === 'processing')
  );
}

/**
 * The dates a document answers for, written into the index: a superseded one until its
 * successor takes effect, the successor from then on; a document outside any replacement, always.
 */
export function answeringWindow(record: DocumentRecord): Pick<DocumentMeta, 'answersFrom' | 'answersUntil'> {
  return {
    ...(record.supersedes && record.meta.effectiveFrom ? { answersFrom: record.meta.effectiveFrom } : {}),
    ...(record.status === 'superseded' && record.answersUntil ? { answersUntil: record.answersUntil } : {}),
  };
}

/** `uploads/<docId>/<nonce>/<name>` → the document id, or undefined for any other key. */
export function documentIdOfKey(key: string): string | undefined {
  const match = /^uploads\/([a-z0-9-]{1,80})\/[A-Za-z0-9-]{1,80}\/[^/]{1,120}$/.exec(key);
  return match?.[1];
}

export const DOCUMENT_ID = /^(doc|sample)-[a-z0-9-]{1,70}$/;
