/**
 * Dense retrieval through the real `openai` SDK against the fake OpenAI-compatible server on
 * loopback: base64 and float embeddings; vectors computed at publish, stored in the index
 * artifact and reloaded; the served index's ranker fused with the words; any failure answers
 * by words alone; no identifier in anything sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlobKnowledgeArtifacts } from '../../../functions/adapters/documents/artifacts.js';
import { FileBlobStore } from '../../../functions/adapters/documents/file-blobs.js';
import { LocalUploads } from '../../../functions/adapters/local/uploads.js';
import { MemoryAuditLog } from '../../../functions/adapters/memory/audit-log.js';
import { MemoryDocumentStore } from '../../../functions/adapters/memory/document-store.js';
import {
  type OpenAiEmbeddingSettings,
  OpenAiEmbeddings,
} from '../../../functions/adapters/openai/embeddings.js';
import { createDocumentLibrary } from '../../../functions/app/documents/library.js';
import { denseRankers } from '../../../functions/composition/knowledge.js';
import { searchPassages } from '../../../functions/core/knowledge/hybrid.js';
import type { KnowledgeIndex } from '../../../functions/core/knowledge/index.js';
import type { EmbeddingPort } from '../../../functions/core/ports.js';
import { containsIdentifier } from '../../../functions/core/privacy/redact.js';
import { type FakeOpenAi, outcomes, startFakeOpenAi } from '../../support/fake-openai.js';

const clock = { now: () => new Date() };
const MODEL = 'text-embedding-3-small';

let fake: FakeOpenAi;
let dir: string;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  dir = await mkdtemp(join(tmpdir(), 'dense-'));
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.fallback = outcomes.status(500);
});

function embeddings(overrides: Partial<OpenAiEmbeddingSettings> = {}): OpenAiEmbeddings {
  return new OpenAiEmbeddings({
    model: MODEL,
    apiKey: 'test-key',
    baseURL: fake.baseURL,
    timeoutMs: 2_000,
    maxRetries: 0,
    ...overrides,
  });
}

/** A stand-in model that knows a ferry crosses a river: the words alone do not. */
const byTopic = outcomes.embedEach((input) =>
  /phà|sông/i.test(input) ? [0, 1, 0] : /hải đăng/i.test(input) ? [1, 0, 0] : [0, 0, 1],
);

describe('the embedding adapter', () => {
  it('decodes the base64 the SDK asks for by default', async () => {
    fake.script(outcomes.embeddings([[0.25, -0.5, 1.5]]));
    const result = await embeddings().embed(['một']);
    expect(result).toEqual({ ok: true, vectors: [[0.25, -0.5, 1.5]] });
    expect(fake.requests[0]?.path).toBe('/v1/embeddings');
    expect(fake.requests[0]?.body).toMatchObject({ model: MODEL, input: ['một'], encoding_format: 'base64' });
  });

  it('reads plain floats, and sends the dimensions asked for', async () => {
    fake.script(
      outcomes.embeddings([
        [0.1, 0.2],
        [0.3, 0.4],
      ]),
    );
    const result = await embeddings({ encodingFormat: 'float', dimensions: 256 }).embed(['a', 'b']);
    expect(result).toEqual({
      ok: true,
      vectors: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
    });
    expect(fake.requests[0]?.body).toMatchObject({ encoding_format: 'float', dimensions: 256 });
  });

  it('turns every failure into a reason, never a throw', async () => {
    fake.script(outcomes.status(500));
    expect(await embeddings().embed(['a'])).toEqual({ ok: false, reason: 'server_error' });
    fake.script(outcomes.status(401));
    expect(await embeddings().embed(['a'])).toEqual({ ok: false, reason: 'auth' });
    fake.script(outcomes.embeddings([[1, 0]]));
    expect(await embeddings().embed(['a', 'b'])).toEqual({ ok: false, reason: 'malformed' });
    fake.script(outcomes.raw('not json'));
    expect((await embeddings().embed(['a'])).ok).toBe(false);
  });
});

async function publishThree(port: EmbeddingPort | undefined, sub: string) {
  const blobs = new FileBlobStore(join(dir, sub));
  const store = new MemoryDocumentStore();
  const artifacts = new BlobKnowledgeArtifacts(blobs);
  const library = createDocumentLibrary({
    documents: store,
    blobs,
    artifacts,
    signer: new LocalUploads(blobs, clock, () => {}),
    audit: new MemoryAuditLog(),
    clock,
    ...(port ? { embeddings: port } : {}),
  });
  const documents = [
    ['doc-lighthouse', 'Trạm hải đăng Ba Kè mở cửa đón khách vào chủ nhật hằng tuần.'],
    ['doc-ferry', 'Bến phà Rạch Sỏi chạy chuyến đầu lúc 5 giờ sáng.'],
    ['doc-scale', 'Trạm cân Cà Mau làm việc từ 7 giờ đến 17 giờ các ngày trong tuần.'],
  ] as const;
  for (const [id, body] of documents) {
    const bytes = new TextEncoder().encode(`Điều 1. Thông báo\n\n${body}\n`);
    const key = await library.stage(
      {
        id,
        filename: `${id}.txt`,
        contentType: 'text/plain',
        size: bytes.byteLength,
        bytes,
        meta: { title: `Thông báo ${id}`, issued: '2026-10-01' },
      },
      'test',
    );
    expect((await library.ingestObject(key)).outcome).toBe('indexed');
  }
  const pointer = await store.currentIndex();
  if (!pointer) throw new Error('nothing published');
  const stored = await blobs.get(pointer.key);
  const artifact = JSON.parse(gunzipSync(stored?.bytes ?? new Uint8Array()).toString('utf8')) as Record<
    string,
    unknown
  >;
  return { index: await artifacts.readIndex(pointer.key), artifact };
}

describe('vectors at publish time', () => {
  let index: KnowledgeIndex;

  beforeAll(async () => {
    fake.fallback = byTopic;
    ({ index } = await publishThree(embeddings(), 'with'));
  });

  it('are stored in the artifact with the model and dimensions, and reloaded', () => {
    expect(index.dense?.model).toBe(MODEL);
    expect(index.dense?.dimensions).toBe(3);
    expect(index.dense?.vectors).toHaveLength(index.chunks.length);
    expect(denseRankers(embeddings(), () => AbortSignal.timeout(2_000))(index)).toBeDefined();
  });

  it('are not used by another model, nor absent from an index published without one', async () => {
    const other = embeddings({ model: 'another-embedder' });
    expect(denseRankers(other, () => AbortSignal.timeout(2_000))(index)).toBeUndefined();
    const plain = await publishThree(undefined, 'without');
    expect(plain.index.dense).toBeUndefined();
    expect(Object.keys(plain.artifact)).not.toContain('dense');
    expect(denseRankers(embeddings(), () => AbortSignal.timeout(2_000))(plain.index)).toBeUndefined();
  });

  it('fuse with the words: the dense ranker finds what the words miss', async () => {
    fake.fallback = byTopic;
    // The words point at the weighing station's hours; the model knows a river means the ferry.
    const question = 'qua sông thì làm việc từ mấy giờ trong tuần';
    const ranker = denseRankers(embeddings(), () => AbortSignal.timeout(2_000))(index);
    const ids = (passages: readonly { document: { id: string } }[]) => passages.map((p) => p.document.id);
    const lexical = ids(await searchPassages(index, question, 5));
    const fused = ids(await searchPassages(index, question, 5, ranker));
    expect(lexical[0]).toBe('doc-scale');
    expect(fused[0]).toBe('doc-ferry');
  });

  it('a failed embedding at answer time means words alone for that turn', async () => {
    fake.fallback = outcomes.status(503);
    const question = 'trạm cân Cà Mau làm việc giờ nào';
    const ranker = denseRankers(embeddings(), () => AbortSignal.timeout(2_000))(index);
    expect(await searchPassages(index, question, 5, ranker)).toEqual(
      await searchPassages(index, question, 5),
    );
    fake.fallback = outcomes.hang();
    const impatient = denseRankers(embeddings({ timeoutMs: 200 }), () => AbortSignal.timeout(300))(index);
    expect(await searchPassages(index, question, 5, impatient)).toEqual(
      await searchPassages(index, question, 5),
    );
  });

  it('sends no identifier in any embeddings request', async () => {
    fake.fallback = byTopic;
    const ranker = denseRankers(embeddings(), () => AbortSignal.timeout(2_000))(index);
    await ranker?.rank('Mã số 0123456789, CCCD 001203004005, sinh ngày 17/5/1962, phà chạy mấy giờ?', 5);
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const request of fake.requests) {
      expect(request.path).toBe('/v1/embeddings');
      expect(containsIdentifier(request.raw)).toBe(false);
      expect(request.raw).not.toContain('0123456789');
      expect(request.raw).not.toContain('17/5/1962');
    }
  });
});
