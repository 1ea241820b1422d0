/**
 * Wiring of policy documents: the records and pointer in the content table, files in the
 * documents bucket (AWS, `DOCUMENTS_BUCKET`) or under DATA_DIR/documents (embedded default),
 * and the library every entry point publishes through: the console API, the ingest Lambda,
 * the local upload route, `npm run ingest` and the seeding of the sample documents.
 */
import { readFile } from 'node:fs/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { BlobKnowledgeArtifacts } from '../adapters/documents/artifacts.js';
import { FileBlobStore } from '../adapters/documents/file-blobs.js';
import { S3BlobStore, S3UploadSigner } from '../adapters/documents/s3.js';
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log.js';
import type { DynamoClients } from '../adapters/dynamodb/client.js';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store.js';
import { DynamoFaqStore } from '../adapters/dynamodb/faq-store.js';
import { listDocuments, readSidecar } from '../adapters/knowledge/files.js';
import { createDocumentLibrary, type DocumentLibrary, type IngestOutcome } from '../app/documents/library.js';
import type { BlobStore, UploadSigner } from '../app/documents/ports.js';
import { DOCUMENT_TYPES, extensionOf } from '../core/knowledge/documents.js';
import { documentIdOf } from '../core/knowledge/ingest.js';
import type { Clock, EmbeddingPort } from '../core/ports.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { createEmbeddings } from './llm.js';

export interface DocumentsContext {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly clock: Clock;
  readonly logger?: Logger;
  /**
   * The embedding model for the published index's vectors; by default built from the
   * configuration when its API key is at hand (a Lambda with the key in Secrets Manager passes it).
   */
  readonly embeddings?: EmbeddingPort;
}

let s3: S3Client | undefined;
function s3Client(config: Config): S3Client {
  s3 ??= new S3Client({ region: config.region });
  return s3;
}

/** S3 when `DOCUMENTS_BUCKET` is set, else files under DATA_DIR/documents. */
export function documentBlobs(config: Config): BlobStore {
  return config.documentsBucket
    ? new S3BlobStore(s3Client(config), config.documentsBucket)
    : FileBlobStore.underDataDir(config.dataDir);
}

/** The presigned POST in AWS; locally the caller passes the local server's uploads. */
export function s3UploadSigner(config: Config): UploadSigner | undefined {
  return config.documentsBucket ? new S3UploadSigner(s3Client(config), config.documentsBucket) : undefined;
}

/** Refuses every upload: an entry point that only ingests or reads (the CLI, the Lambda). */
export const NO_UPLOADS: UploadSigner = {
  target: () => Promise.reject(new Error('uploads are not served here')),
};

export function createDocuments(
  context: DocumentsContext,
  signer: UploadSigner = NO_UPLOADS,
  blobs: BlobStore = documentBlobs(context.config),
): DocumentLibrary {
  const { config, clients, clock, logger } = context;
  const faqs = new DynamoFaqStore(clients.doc, config.tables.content, clock);
  const embeddings =
    context.embeddings ?? (config.llm?.apiKey ? createEmbeddings(config.llm, config.llm.apiKey) : undefined);
  return createDocumentLibrary({
    documents: new DynamoDocumentStore(clients.doc, config.tables.content),
    blobs,
    artifacts: new BlobKnowledgeArtifacts(blobs),
    signer,
    audit: new DynamoAuditLog(clients.doc, config.tables.content),
    clock,
    faqs: () => faqs.list(),
    ...(embeddings ? { embeddings } : {}),
    ...(logger
      ? {
          log: (event: string, fields: Readonly<Record<string, string | number | boolean | undefined>>) =>
            logger.info(event, fields),
        }
      : {}),
  });
}

/**
 * Publish files from disk through the same path as an upload, one rebuild at the end. Each
 * file keeps one record (`<prefix>-<file name>`): publishing it again with other bytes
 * replaces its text, with the same bytes changes nothing. A `<file>.meta.json` sidecar gives
 * title, issuer, place and date; otherwise they are detected.
 */
export async function publishFiles(
  library: DocumentLibrary,
  paths: readonly string[],
  options: { readonly prefix: 'doc' | 'sample'; readonly actor: string },
): Promise<IngestOutcome[]> {
  const keys: string[] = [];
  for (const file of await listDocuments(paths)) {
    const bytes = new Uint8Array(await readFile(file));
    const sidecar = await readSidecar(file);
    const filename = file.split(/[\\/]/).pop() ?? file;
    const slug = documentIdOf(filename)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
    keys.push(
      await library.stage(
        {
          id: `${options.prefix}-${slug || 'file'}`,
          filename,
          contentType: DOCUMENT_TYPES[extensionOf(filename)]?.[0] ?? 'application/octet-stream',
          size: bytes.byteLength,
          bytes,
          meta: {
            title: sidecar?.title ?? '',
            ...(sidecar?.issuer ? { issuer: sidecar.issuer } : {}),
            ...(sidecar?.place ? { place: sidecar.place } : {}),
            ...(sidecar?.date ? { issued: sidecar.date } : {}),
          },
        },
        options.actor,
      ),
    );
  }
  return library.ingestObjects(keys);
}
