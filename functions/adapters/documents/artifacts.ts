/**
 * Chunks and index artifacts in the blob store: per-document chunks as JSON, whole indexes as
 * gzipped JSON under a key named by their content (`index/<sha256>.json.gz`), so an artifact,
 * once written, never changes and the pointer alone says which one is served.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { BlobStore, KnowledgeArtifacts } from '../../app/documents/ports.js';
import { type IndexArtifact, KnowledgeIndex } from '../../core/knowledge/index.js';
import type { IngestedDocument } from '../../core/knowledge/ingest.js';
import { defaultAnalyzer } from '../../core/text/analyze.js';

export class BlobKnowledgeArtifacts implements KnowledgeArtifacts {
  constructor(private readonly blobs: BlobStore) {}

  async writeChunks(key: string, document: IngestedDocument): Promise<void> {
    await this.blobs.put(key, Buffer.from(JSON.stringify(document)), 'application/json');
  }

  async readChunks(key: string): Promise<IngestedDocument> {
    const stored = await this.blobs.get(key);
    if (!stored) throw new Error(`chunks missing: ${key}`);
    const parsed = JSON.parse(Buffer.from(stored.bytes).toString('utf8')) as IngestedDocument;
    if (!parsed?.document?.id || !Array.isArray(parsed.chunks)) throw new Error(`chunks unreadable: ${key}`);
    return parsed;
  }

  async writeIndex(index: KnowledgeIndex): Promise<{ key: string; sha256: string }> {
    const json = Buffer.from(JSON.stringify(index.toArtifact()));
    const sha256 = createHash('sha256').update(json).digest('hex');
    const key = `index/${sha256}.json.gz`;
    await this.blobs.put(key, gzipSync(json), 'application/gzip');
    return { key, sha256 };
  }

  async readIndex(key: string): Promise<KnowledgeIndex> {
    const stored = await this.blobs.get(key);
    if (!stored) throw new Error(`index artifact missing: ${key}`);
    const artifact = JSON.parse(gunzipSync(stored.bytes).toString('utf8')) as IndexArtifact;
    return KnowledgeIndex.fromArtifact(artifact, defaultAnalyzer());
  }
}
