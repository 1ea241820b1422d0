/**
 * The knowledge engine's I/O: reading a corpus from disk, building and storing the index
 * artifact, loading it once per process (Lambda container), seeding the sample FAQ, and a
 * short-lived cache of published FAQ items in front of the store.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSupportedFile } from '../../core/knowledge/extract.js';
import {
  type FaqDraft,
  type FaqItem,
  faqFileEnvelopeSchema,
  parseFaqDraft,
  sameContent,
} from '../../core/knowledge/faq.js';
import { type IndexArtifact, IndexFormatError, KnowledgeIndex } from '../../core/knowledge/index.js';
import { type IngestedDocument, ingestFiles, type SourceFile } from '../../core/knowledge/ingest.js';
import { type SidecarMeta, sidecarMetaSchema } from '../../core/knowledge/types.js';
import type { Clock, FaqSource, FaqStore } from '../../core/ports.js';
import { ANALYZER_VERSION, defaultAnalyzer } from '../../core/text/analyze.js';

/** The sample knowledge base shipped with the code. */
export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../../data/knowledge/', import.meta.url));
export const SAMPLE_FAQ_FILE = join(KNOWLEDGE_DIR, 'faq.json');
export const INDEX_FILE_NAME = 'knowledge.json';
const SIDECAR_SUFFIX = '.meta.json';
/** Fingerprint label of an index built from the sample knowledge base. */
const SAMPLE_LABEL = 'sample';

export function indexPathFor(dataDir: string): string {
  return join(resolve(dataDir), 'index', INDEX_FILE_NAME);
}

/** Every supported document under the given files/directories, sorted by path. */
export async function listDocuments(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true });
      for (const entry of entries) {
        const full = join(path, entry);
        if (isSupportedFile(entry) && (await stat(full)).isFile()) found.push(full);
      }
    } else if (isSupportedFile(path)) found.push(path);
  }
  return [...new Set(found)].sort();
}

export async function readSidecar(file: string): Promise<SidecarMeta | undefined> {
  try {
    return sidecarMetaSchema.parse(JSON.parse(await readFile(file + SIDECAR_SUFFIX, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Bad metadata file ${file}${SIDECAR_SUFFIX}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export interface ReadCorpusResult {
  readonly documents: IngestedDocument[];
  readonly fingerprint: string;
}

/** Read, extract, clean and chunk every document under `paths`. */
export async function readCorpus(paths: readonly string[], label = 'corpus'): Promise<ReadCorpusResult> {
  const files = await listDocuments(paths);
  const hash = createHash('sha256').update(`analyzer:${ANALYZER_VERSION}`);
  const sources: SourceFile[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    const meta = await readSidecar(file);
    hash
      .update(file.split(/[\\/]/).pop() ?? file)
      .update(bytes)
      .update(JSON.stringify(meta ?? null));
    sources.push({ file, bytes, ...(meta ? { meta } : {}) });
  }
  const documents = await ingestFiles(sources);
  return { documents, fingerprint: `${label}:${hash.digest('hex').slice(0, 16)}` };
}

/** An index of the documents under `paths`, as `npm run ingest` builds it. */
export async function buildIndex(
  paths: readonly string[],
  builtAt = new Date().toISOString(),
): Promise<KnowledgeIndex> {
  const { documents, fingerprint } = await readCorpus(paths, 'ingest');
  return KnowledgeIndex.build(documents, defaultAnalyzer(), { builtAt, sourceFingerprint: fingerprint });
}

export async function writeIndexArtifact(index: KnowledgeIndex, path: string): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const json = JSON.stringify(index.toArtifact());
  // Write then rename, so a reader never sees half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, json);
  await rename(temporary, path);
  return Buffer.byteLength(json);
}

export async function readIndexArtifact(path: string): Promise<KnowledgeIndex> {
  const artifact = JSON.parse(await readFile(path, 'utf8')) as IndexArtifact;
  return KnowledgeIndex.fromArtifact(artifact, defaultAnalyzer());
}

export interface EnsureIndexOptions {
  readonly dataDir: string;
  /** Sources to build from when no usable artifact exists (default: the sample knowledge base). */
  readonly sources?: readonly string[];
  readonly log?: (line: string) => void;
}

/**
 * The index artifact under `<dataDir>/index/`, built from the sample knowledge base when it
 * is missing, unreadable, from another format/analyser version, or built from an older
 * sample. An index built by `npm run ingest` is left alone.
 */
export async function ensureIndex(options: EnsureIndexOptions): Promise<KnowledgeIndex> {
  const path = indexPathFor(options.dataDir);
  const sources = options.sources ?? [KNOWLEDGE_DIR];
  const corpus = await readCorpus(sources, SAMPLE_LABEL);
  try {
    const existing = await readIndexArtifact(path);
    const fingerprint = existing.sourceFingerprint ?? '';
    if (fingerprint === corpus.fingerprint || !fingerprint.startsWith(`${SAMPLE_LABEL}:`)) return existing;
    options.log?.('knowledge index is out of date; rebuilding');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && !(error instanceof IndexFormatError) && !(error instanceof SyntaxError))
      throw error;
  }
  const index = KnowledgeIndex.build(corpus.documents, defaultAnalyzer(), {
    builtAt: new Date().toISOString(),
    sourceFingerprint: corpus.fingerprint,
  });
  try {
    const bytes = await writeIndexArtifact(index, path);
    options.log?.(
      `built knowledge index: ${index.documents.length} documents, ${index.chunks.length} passages, ` +
        `${Math.round(bytes / 1024)} KB at ${relative(process.cwd(), path) || path}`,
    );
  } catch (error) {
    // A read-only file system (a Lambda package) still gets the index, just not on disk.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') throw error;
    options.log?.(`knowledge index kept in memory only: cannot write ${path} (${code})`);
  }
  return index;
}

const loaded = new Map<string, Promise<KnowledgeIndex>>();

function loadOnce(path: string, load: () => Promise<KnowledgeIndex>): Promise<KnowledgeIndex> {
  let index = loaded.get(path);
  if (!index) {
    index = load();
    index.catch(() => loaded.delete(path));
    loaded.set(path, index);
  }
  return index;
}

/**
 * The index for this process, loaded once (per Lambda container): the artifact if present,
 * otherwise built from the sample knowledge base.
 */
export function loadKnowledgeIndex(dataDir: string, sources?: readonly string[]): Promise<KnowledgeIndex> {
  const path = indexPathFor(dataDir);
  return loadOnce(path, () =>
    readIndexArtifact(path).catch(async (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && !(error instanceof IndexFormatError)) throw error;
      return ensureIndex({ dataDir, ...(sources ? { sources } : {}) });
    }),
  );
}

/**
 * A prebuilt artifact (KNOWLEDGE_INDEX_FILE: the worker's, written by `npm run ingest` at
 * synth), loaded once per process and never rebuilt: a missing or unreadable file fails the
 * cold start, visibly, instead of parsing documents there. This is why the worker bundle
 * can leave the document parsers (unpdf, mammoth) out.
 */
export function loadPrebuiltIndex(path: string): Promise<KnowledgeIndex> {
  return loadOnce(resolve(path), () => readIndexArtifact(path));
}

export async function readFaqDrafts(file = SAMPLE_FAQ_FILE): Promise<FaqDraft[]> {
  const parsed = faqFileEnvelopeSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  // Item by item, so an error names the item's fields (the whole file: faqFileSchema).
  return parsed.items.map((item) => parseFaqDraft(item));
}

/** Write each draft that is missing or different; returns how many versions were written. */
export async function seedFaqs(
  store: FaqStore,
  drafts: readonly FaqDraft[],
  actor = 'seed',
): Promise<number> {
  let written = 0;
  for (const draft of drafts) {
    const existing = await store.get(draft.id);
    if (existing && sameContent(existing, draft)) continue;
    await store.save(draft, actor, existing?.version ?? 0);
    written++;
  }
  return written;
}

/** Published items from the store, refreshed at most every `ttlMs` (staff edits show up soon). */
export class CachedFaqSource implements FaqSource {
  private cached: { at: number; items: readonly FaqItem[] } | undefined;
  constructor(
    private readonly store: FaqStore,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  async items(): Promise<readonly FaqItem[]> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const items = await this.store.listLive();
      // The same array while nothing changed: the FAQ matcher and the router are cached per
      // item list, and rebuilding them every minute for the same items would be wasted work.
      const unchanged = this.cached && sameVersions(this.cached.items, items);
      this.cached = { at: now, items: unchanged && this.cached ? this.cached.items : items };
    }
    return this.cached.items;
  }
}

function sameVersions(a: readonly FaqItem[], b: readonly FaqItem[]): boolean {
  const key = (items: readonly FaqItem[]) => items.map((item) => `${item.id}@${item.version}`).join(',');
  return a.length === b.length && key(a) === key(b);
}
