/**
 * Policy documents staff publish, from upload to the index the bot serves (the flow of
 * CONSOLE.md §1.5):
 *
 *   create (record `awaiting-upload`, an upload URL) → the file lands in the blob store →
 *   ingest (read, check, clean, redact, chunk; chunks kept per document) → publish (rebuild
 *   the index from every document that answers, write a new artifact, move `INDEX/CURRENT`
 *   with a conditional write) → the records say `indexed` with the version that serves them.
 *
 * The same code runs in the ingest Lambda (S3 events), in `npm start` (the local upload
 * route) and in `npm run ingest`. Events come at least once and out of order: ingest reads
 * the object as it is now and keys its work on (document, ETag), so a repeat changes
 * nothing. A failure before the pointer moves leaves the served index as it was.
 */
import { createHash, randomUUID } from 'node:crypto';
import { embedChunks } from '../../core/knowledge/dense.js';
import {
  answeringWindow,
  checkUpload,
  citedTitle,
  completedMeta,
  type DocumentMetaInput,
  type DocumentRecord,
  DocumentRejectedError,
  documentIdOfKey,
  type IndexPointer,
  ingestRecord,
  MAX_DOCUMENT_BYTES,
  readUploadedText,
  type StoredDocumentMeta,
  safeObjectName,
  servesAnswers,
} from '../../core/knowledge/documents.js';
import type { FaqItem } from '../../core/knowledge/faq.js';
import { KnowledgeIndex } from '../../core/knowledge/index.js';
import type { IngestedDocument } from '../../core/knowledge/ingest.js';
import type { Clock, EmbeddingPort } from '../../core/ports.js';
import { defaultAnalyzer } from '../../core/text/analyze.js';
import { foldVietnamese } from '../../core/text/fold.js';
import { recordAudit } from '../console/audit.js';
import type { Actor, AuditLog } from '../console/contracts.js';
import {
  type BlobStore,
  DocumentConflictError,
  type DocumentStore,
  type KnowledgeArtifacts,
  type UploadSigner,
  type UploadTarget,
} from './ports.js';

export class DocumentNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`document ${id} not found`);
    this.name = 'DocumentNotFoundError';
  }
}

/** An action the document's status does not allow (withdrawing one already withdrawn…). */
export class DocumentStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentStateError';
  }
}

export interface DocumentLibraryDeps {
  readonly documents: DocumentStore;
  readonly blobs: BlobStore;
  readonly artifacts: KnowledgeArtifacts;
  readonly signer: UploadSigner;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The FAQ items, to show which cite a document. */
  readonly faqs?: () => Promise<readonly FaqItem[]>;
  readonly newId?: () => string;
  /**
   * The optional embedding model (LLM_EMBEDDING_MODEL): each published index carries its
   * chunks' vectors; when it fails the index is published lexical-only.
   */
  readonly embeddings?: EmbeddingPort;
  readonly log?: (
    event: string,
    fields: Readonly<Record<string, string | number | boolean | undefined>>,
  ) => void;
}

export interface NewDocument {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly meta: DocumentMetaInput;
}

export interface Passage {
  readonly id: string;
  readonly headings: readonly string[];
  readonly pageStart?: number;
  readonly pageEnd?: number;
  readonly text: string;
}

export interface DocumentDetail extends DocumentRecord {
  /** The passages as the bot will quote them: heading path, page, cleaned and redacted text. */
  readonly passageList: readonly Passage[];
  readonly citingFaqs: readonly { readonly id: string; readonly question: string; readonly status: string }[];
}

export type IngestOutcome =
  | { readonly outcome: 'indexed'; readonly id: string; readonly version: number }
  | { readonly outcome: 'failed'; readonly id: string; readonly reason: string }
  | { readonly outcome: 'unchanged' | 'ignored'; readonly id?: string };

export interface PublishResult {
  readonly from: number;
  readonly to: number;
  readonly documents: number;
  readonly passages: number;
  readonly builtAt: string;
}

/** Generic reason when something other than the file failed (the details go to the log). */
export const SYSTEM_FAILURE = 'Lỗi hệ thống khi lập chỉ mục — thử lại sau hoặc báo quản trị viên.';
const PUBLISH_ATTEMPTS = 5;

export function createDocumentLibrary(deps: DocumentLibraryDeps) {
  const newId = deps.newId ?? (() => randomUUID().replaceAll('-', '').slice(0, 12));
  const log = deps.log ?? (() => {});
  const analyzer = defaultAnalyzer();
  /** Chunks by key: a key names its content, so a cached entry never goes stale. */
  const chunkCache = new Map<string, IngestedDocument>();
  /** One publish at a time in this process (the ingest Lambda has reserved concurrency 1). */
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const now = () => deps.clock.now().toISOString();

  async function load(id: string): Promise<DocumentRecord> {
    const record = await deps.documents.get(id);
    if (!record) throw new DocumentNotFoundError(id);
    return record;
  }

  async function chunksOf(key: string): Promise<IngestedDocument> {
    let chunks = chunkCache.get(key);
    if (!chunks) {
      chunks = await deps.artifacts.readChunks(key);
      chunkCache.set(key, chunks);
    }
    return chunks;
  }

  async function createRecord(
    input: Omit<NewDocument, 'meta'> & { readonly meta: DocumentMetaInput | StoredDocumentMeta },
    actor: string,
    extra: Partial<DocumentRecord> = {},
  ): Promise<DocumentRecord> {
    checkUpload(input);
    const id = extra.id ?? `doc-${newId()}`;
    const at = now();
    const record: DocumentRecord = {
      id,
      filename: input.filename,
      contentType: input.contentType,
      size: input.size,
      meta: storedMeta(input.meta),
      status: 'awaiting-upload',
      objectKey: `uploads/${id}/${newId()}/${safeObjectName(input.filename)}`,
      createdAt: at,
      createdBy: actor,
      updatedAt: at,
      ...extra,
    };
    await deps.documents.create(record);
    return record;
  }

  /** Where the browser sends the file: the key, size and type fixed by the policy. */
  function uploadTarget(record: DocumentRecord): Promise<UploadTarget> {
    return deps.signer.target({
      documentId: record.id,
      key: record.objectKey,
      contentType: record.contentType,
      maxBytes: MAX_DOCUMENT_BYTES,
    });
  }

  async function save(next: DocumentRecord, previous: DocumentRecord): Promise<DocumentRecord> {
    const stamped = { ...next, updatedAt: laterThan(previous.updatedAt, now()) };
    await deps.documents.replace(stamped, previous.updatedAt);
    return stamped;
  }

  /**
   * Read and chunk the object a key names, keep its chunks and mark the record `processing`
   * with them: the next publish includes it. Undefined when there is nothing to do.
   */
  async function prepare(key: string): Promise<IngestOutcome | DocumentRecord> {
    const id = documentIdOfKey(key);
    const record = id ? await deps.documents.get(id) : undefined;
    if (!id || !record) {
      log('documents.ingest_ignored', { reason: 'unknown key' });
      return { outcome: 'ignored' };
    }
    // An object of an earlier upload slot, or a document withdrawn meanwhile.
    if (record.objectKey !== key || record.status === 'withdrawn' || record.status === 'superseded')
      return { outcome: 'ignored', id };
    const object = await deps.blobs.get(key);
    if (!object) return { outcome: 'ignored', id };
    if (record.etag === object.etag && (record.status === 'indexed' || record.status === 'failed'))
      return { outcome: 'unchanged', id };
    let working = await save(
      { ...withoutFailure(record), status: 'processing', etag: object.etag, size: object.bytes.byteLength },
      record,
    );
    try {
      const extracted = await readUploadedText(record.filename, object.bytes);
      const ingested = ingestRecord(working, extracted);
      const sha256 = sha256Hex(object.bytes);
      const chunksKey = `docs/${id}/${sha256}.chunks.json`;
      await deps.artifacts.writeChunks(chunksKey, ingested);
      chunkCache.set(chunksKey, ingested);
      const meta = completedMeta(working.meta, ingested.document);
      working = await save(
        { ...working, meta, sha256, chunksKey, passages: ingested.chunks.length },
        working,
      );
      return working;
    } catch (error) {
      const reason = error instanceof DocumentRejectedError ? error.reason : SYSTEM_FAILURE;
      if (!(error instanceof DocumentRejectedError))
        log('documents.ingest_error', {
          id,
          error: (error as Error).name,
          message: (error as Error).message,
        });
      const { chunksKey: _chunks, passages: _passages, ...rest } = working;
      await save({ ...rest, status: 'failed', reason }, working);
      return { outcome: 'failed', id, reason };
    }
  }

  /** The index with its chunks' vectors when an embedding model is configured and answers. */
  async function withVectors(index: KnowledgeIndex): Promise<KnowledgeIndex> {
    if (!deps.embeddings) return index;
    const dense = await embedChunks(index.chunks, deps.embeddings);
    log('documents.embedded', { ok: dense !== undefined, passages: index.chunks.length });
    return dense ? index.withVectors(dense) : index;
  }

  /**
   * Rebuild the index from every document that answers, with `changes` applied to their
   * records first; write the artifact, move the pointer, then write the changed records.
   */
  async function publish(changes: (records: DocumentRecord[]) => DocumentRecord[] = (r) => r) {
    for (let attempt = 1; ; attempt++) {
      const current = await deps.documents.currentIndex();
      const stored = await deps.documents.list();
      // Documents ready in `processing` become `indexed` with this build.
      const next = settle(changes(stored.map((record) => ({ ...record })))).map((record) =>
        record.status === 'processing' && record.chunksKey
          ? { ...record, status: 'indexed' as const }
          : record,
      );
      const serving = next.filter(servesAnswers);
      const ingested = await Promise.all(
        serving.map(async (record) => {
          const chunks = await chunksOf(record.chunksKey as string);
          return {
            document: {
              ...chunks.document,
              title: citedTitle(record.meta),
              ...(record.meta.issuer ? { issuer: record.meta.issuer } : {}),
              ...(record.meta.place ? { place: record.meta.place } : {}),
              ...(record.meta.issued ? { date: record.meta.issued } : {}),
              ...answeringWindow(record),
            },
            chunks: chunks.chunks,
          };
        }),
      );
      const builtAt = now();
      const index = await withVectors(
        KnowledgeIndex.build(ingested, analyzer, {
          builtAt,
          sourceFingerprint: `documents:${serving.map((record) => `${record.id}@${record.sha256}`).join(',')}`,
        }),
      );
      const written = await deps.artifacts.writeIndex(index);
      const version = (current?.version ?? 0) + 1;
      const pointer: IndexPointer = {
        version,
        key: written.key,
        sha256: written.sha256,
        builtAt,
        documents: index.documents.length,
        passages: index.chunks.length,
      };
      if (!(await deps.documents.moveIndex(pointer))) {
        if (attempt >= PUBLISH_ATTEMPTS) throw new Error('index pointer kept moving; gave up');
        continue;
      }
      const before = new Map(stored.map((record) => [record.id, record]));
      for (const record of next) {
        const previous = before.get(record.id);
        if (!previous || JSON.stringify(previous) === JSON.stringify(record)) continue;
        await save({ ...record, indexVersion: version }, previous).catch((error: unknown) => {
          // A record changed meanwhile (a withdraw): its own publish follows and includes it.
          if (!(error instanceof DocumentConflictError)) throw error;
        });
      }
      log('documents.published', { version, documents: pointer.documents, passages: pointer.passages });
      return {
        from: current?.version ?? 0,
        to: version,
        documents: pointer.documents,
        passages: pointer.passages,
        builtAt,
      } satisfies PublishResult;
    }
  }

  /** Ingest one uploaded object and publish; what an S3 event and the local upload run. */
  function ingestObject(key: string): Promise<IngestOutcome> {
    return serially(async () => {
      const prepared = await prepare(key);
      if ('outcome' in prepared) return prepared;
      try {
        const published = await publish();
        return { outcome: 'indexed', id: prepared.id, version: published.to };
      } catch (error) {
        log('documents.publish_error', { id: prepared.id, error: (error as Error).name });
        const latest = await load(prepared.id);
        await save({ ...latest, status: 'failed', reason: SYSTEM_FAILURE }, latest);
        return { outcome: 'failed', id: prepared.id, reason: SYSTEM_FAILURE };
      }
    });
  }

  return {
    /** `POST /api/documents`: the record and where to send the file. */
    async create(input: NewDocument, actor: Actor) {
      const record = await createRecord(input, actor.email);
      const upload = await uploadTarget(record);
      await recordAudit(deps.audit, deps.clock.now(), actor, 'document-upload', record.id, {
        title: record.meta.title,
        filename: record.filename,
      });
      return { documentId: record.id, upload };
    },

    /** A new version of a document: the old one answers for dates before the new one takes effect. */
    async supersede(id: string, input: NewDocument, actor: Actor) {
      const old = await load(id);
      if (old.status !== 'indexed')
        throw new DocumentStateError('Chỉ thay thế được văn bản đang được lập chỉ mục.');
      const record = await createRecord(input, actor.email, { supersedes: id });
      const upload = await uploadTarget(record);
      await recordAudit(deps.audit, deps.clock.now(), actor, 'document-replace', record.id, {
        supersedes: id,
        title: record.meta.title,
      });
      return { documentId: record.id, upload };
    },

    ingestObject,

    /**
     * Several objects, one publish at the end (`npm run ingest`, the sample seeding): a
     * rebuild per file would make a large batch quadratic.
     */
    ingestObjects(keys: readonly string[]): Promise<IngestOutcome[]> {
      return serially(async () => {
        const outcomes: IngestOutcome[] = [];
        const prepared: DocumentRecord[] = [];
        for (const key of keys) {
          const result = await prepare(key);
          if ('outcome' in result) outcomes.push(result);
          else prepared.push(result);
        }
        if (prepared.length === 0) return outcomes;
        const published = await publish();
        return [
          ...outcomes,
          ...prepared.map((record) => ({
            outcome: 'indexed' as const,
            id: record.id,
            version: published.to,
          })),
        ];
      });
    },

    /**
     * A document created from a file already at hand (CLI, seeding): the record, the object in
     * the blob store, then the same ingest as an upload's. Returns the object key.
     */
    async stage(
      input: Omit<NewDocument, 'meta'> & {
        readonly meta: StoredDocumentMeta;
        readonly bytes: Uint8Array;
        readonly id?: string;
      },
      actor: string,
    ) {
      const existing = input.id ? await deps.documents.get(input.id) : undefined;
      if (existing) {
        const key = `uploads/${existing.id}/${newId()}/${safeObjectName(input.filename)}`;
        const stored = await deps.blobs.get(existing.objectKey);
        if (stored && sha256Hex(stored.bytes) === sha256Hex(input.bytes)) return existing.objectKey;
        await deps.blobs.put(key, input.bytes, input.contentType);
        await save(
          { ...existing, objectKey: key, meta: storedMeta(input.meta), filename: input.filename },
          existing,
        );
        return key;
      }
      const record = await createRecord(input, actor, input.id ? { id: input.id } : {});
      await deps.blobs.put(record.objectKey, input.bytes, input.contentType);
      return record.objectKey;
    },

    async withdraw(id: string, actor: Actor) {
      const record = await load(id);
      if (record.status === 'withdrawn') throw new DocumentStateError('Văn bản đã được rút.');
      const result = await serially(async () => {
        const fresh = await load(id);
        const withdrawn = await save({ ...fresh, status: 'withdrawn' }, fresh);
        if (!servesAnswers(fresh)) return undefined;
        // Its predecessor, if this one replaced it, answers again for every date.
        return publish((records) =>
          records.map((other) =>
            other.id === fresh.supersedes && other.supersededBy === id ? reinstated(other) : other,
          ),
        ).then((published) => ({ withdrawn, published }));
      });
      await recordAudit(deps.audit, deps.clock.now(), actor, 'document-withdraw', id, {
        title: record.meta.title,
        ...(result ? { indexVersion: result.published.to } : {}),
      });
      return { ...(await load(id)), ...(result ? { index: result.published } : {}) };
    },

    /** A new index version from the documents as they are (after a code change, or to check). */
    async reindex(actor: Actor): Promise<PublishResult> {
      const result = await serially(() => publish());
      await recordAudit(deps.audit, deps.clock.now(), actor, 'document-reindex', undefined, {
        from: result.from,
        to: result.to,
        documents: result.documents,
        passages: result.passages,
      });
      return result;
    },

    async list(): Promise<DocumentRecord[]> {
      const records = await deps.documents.list();
      return records.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    },

    async get(id: string): Promise<DocumentDetail> {
      const record = await load(id);
      const chunks = record.chunksKey ? (await chunksOf(record.chunksKey)).chunks : [];
      const faqs = deps.faqs ? await deps.faqs() : [];
      return {
        ...record,
        passageList: chunks.map((chunk) => ({
          id: chunk.id,
          headings: chunk.headings,
          ...(chunk.pageStart !== undefined ? { pageStart: chunk.pageStart } : {}),
          ...(chunk.pageEnd !== undefined ? { pageEnd: chunk.pageEnd } : {}),
          text: chunk.text,
        })),
        citingFaqs: faqs
          .filter((item) => item.citations.some((citation) => cites(citation.document, record.meta)))
          .map((item) => ({ id: item.id, question: item.questions[0] ?? item.id, status: item.status })),
      };
    },

    /** `GET /api/index`: the index being served. */
    async index() {
      const pointer = await deps.documents.currentIndex();
      if (!pointer) return { version: 0, builtAt: null, documents: 0, passages: 0 };
      return {
        version: pointer.version,
        builtAt: pointer.builtAt,
        documents: pointer.documents,
        passages: pointer.passages,
      };
    },
  };
}

export type DocumentLibrary = ReturnType<typeof createDocumentLibrary>;

/**
 * The states publishing settles: a document becoming indexed replaces its predecessor, which
 * then answers only for dates before the successor takes effect.
 */
function settle(records: DocumentRecord[]): DocumentRecord[] {
  const byId = new Map(records.map((record) => [record.id, record]));
  for (const record of records) {
    if (!record.supersedes || !servesAnswers(record) || record.status === 'superseded') continue;
    const old = byId.get(record.supersedes);
    if (old?.status !== 'indexed') continue;
    byId.set(old.id, {
      ...old,
      status: 'superseded',
      supersededBy: record.id,
      answersUntil: record.meta.effectiveFrom ?? record.meta.issued ?? record.createdAt.slice(0, 10),
    });
  }
  return records.map((record) => byId.get(record.id) as DocumentRecord);
}

function reinstated(record: DocumentRecord): DocumentRecord {
  const { supersededBy: _by, answersUntil: _until, ...rest } = record;
  return { ...rest, status: 'indexed' };
}

function withoutFailure(record: DocumentRecord): DocumentRecord {
  const { reason: _reason, ...rest } = record;
  return rest;
}

function storedMeta(meta: DocumentMetaInput | StoredDocumentMeta): StoredDocumentMeta {
  return Object.fromEntries(
    Object.entries(meta).filter(([, value]) => value !== undefined && value !== ''),
  ) as unknown as StoredDocumentMeta;
}

/** Whether an FAQ citation names this document: by its number, else by its title. */
function cites(citation: string, meta: StoredDocumentMeta): boolean {
  const folded = foldVietnamese(citation);
  if (meta.number) return folded.includes(foldVietnamese(meta.number));
  return folded.includes(foldVietnamese(meta.title));
}

/** A time strictly after `previous`, so two saves in the same millisecond still differ. */
function laterThan(previous: string, candidate: string): string {
  if (candidate > previous) return candidate;
  return new Date(Date.parse(previous) + 1).toISOString();
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
