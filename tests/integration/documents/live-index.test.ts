/**
 * The worker's side of publishing: the live index swaps to a new version while questions are
 * being answered, without dropping one; and a superseded document keeps answering for dates
 * before its successor takes effect. Real library and files (a temp directory), records in
 * memory (the DynamoDB store is held to the same contract in tests/contract/).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobKnowledgeArtifacts } from '../../../functions/adapters/documents/artifacts.js';
import { FileBlobStore } from '../../../functions/adapters/documents/file-blobs.js';
import { LocalUploads } from '../../../functions/adapters/local/uploads.js';
import { MemoryAuditLog } from '../../../functions/adapters/memory/audit-log.js';
import { MemoryDocumentStore } from '../../../functions/adapters/memory/document-store.js';
import { createDocumentLibrary, type DocumentLibrary } from '../../../functions/app/documents/library.js';
import { LiveIndex } from '../../../functions/app/documents/live-index.js';
import { answerQuestion, type KnowledgeDeps } from '../../../functions/core/knowledge/answer.js';

const EDITOR = { email: 'bien-tap@example.org', roles: ['editor' as const] };
const clock = { now: () => new Date() };

let dir: string;
let library: DocumentLibrary;
let store: MemoryDocumentStore;
let artifacts: BlobKnowledgeArtifacts;
let audit: MemoryAuditLog;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'live-index-'));
  const blobs = new FileBlobStore(dir);
  store = new MemoryDocumentStore();
  artifacts = new BlobKnowledgeArtifacts(blobs);
  audit = new MemoryAuditLog();
  library = createDocumentLibrary({
    documents: store,
    blobs,
    artifacts,
    signer: new LocalUploads(blobs, clock, () => {}),
    audit,
    clock,
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function text(heading: string, body: string): Uint8Array {
  return new TextEncoder().encode(`${heading}\n\n${body}\n`);
}

async function publish(
  id: string,
  heading: string,
  body: string,
  meta: { title: string; issued: string; effectiveFrom?: string },
) {
  const bytes = text(heading, body);
  const key = await library.stage(
    { id, filename: `${id}.txt`, contentType: 'text/plain', size: bytes.byteLength, bytes, meta },
    'test',
  );
  const outcome = await library.ingestObject(key);
  expect(outcome.outcome).toBe('indexed');
}

async function liveDeps(): Promise<{ live: LiveIndex; deps: KnowledgeDeps }> {
  const live = await LiveIndex.open({
    pointer: store,
    artifacts,
    clock,
    checkMs: 0,
    fallback: () => Promise.reject(new Error('a version is published')),
  });
  const deps: KnowledgeDeps = {
    get index() {
      return live.index;
    },
    refreshIndex: () => live.refresh(),
    faqs: { items: async () => [] },
  };
  return { live, deps };
}

describe('the worker swaps indexes under load', () => {
  it('answers every question while new versions are published, and serves the newest after', async () => {
    await publish(
      'doc-lighthouse',
      'Điều 1. Hải đăng',
      'Trạm hải đăng Ba Kè mở cửa đón khách vào chủ nhật hằng tuần.',
      {
        title: 'Thông báo hải đăng Ba Kè',
        issued: '2026-10-01',
      },
    );
    const { live, deps } = await liveDeps();
    const startVersion = live.servedVersion;
    const questions = Array.from({ length: 300 }, (_, n) =>
      n % 2 === 0 ? 'hải đăng Ba Kè mở cửa ngày nào' : 'trạm cân Cà Mau làm việc giờ nào',
    );
    // Three publications land while the 300 questions are being answered, 20 at a time.
    const publishing = (async () => {
      await publish(
        'doc-scale',
        'Điều 1. Trạm cân',
        'Trạm cân Cà Mau làm việc từ 7 giờ đến 17 giờ các ngày trong tuần.',
        {
          title: 'Thông báo trạm cân Cà Mau',
          issued: '2026-10-02',
        },
      );
      await publish('doc-ferry', 'Điều 1. Bến phà', 'Bến phà Rạch Sỏi chạy chuyến đầu lúc 5 giờ sáng.', {
        title: 'Thông báo bến phà Rạch Sỏi',
        issued: '2026-10-03',
      });
      await library.reindex(EDITOR);
    })();
    const replies: string[] = [];
    for (let wave = 0; wave < questions.length; wave += 20) {
      const batch = questions
        .slice(wave, wave + 20)
        .map((question) => answerQuestion(question, '2026-12-01', deps));
      for (const reply of await Promise.all(batch)) replies.push(reply.text);
    }
    await publishing;
    expect(replies).toHaveLength(300);
    expect(replies.every((reply) => reply.length > 0)).toBe(true);
    await deps.refreshIndex?.();
    expect(live.servedVersion).toBe(startVersion + 3);
    const after = await answerQuestion('trạm cân Cà Mau làm việc giờ nào', '2026-12-01', deps);
    expect(after.citations.map((citation) => citation.document)).toContain('Thông báo trạm cân Cà Mau');
  });

  it('a failed check keeps the index it has, and the next check recovers', async () => {
    let failing = false;
    const live = await LiveIndex.open({
      pointer: {
        currentIndex: () => (failing ? Promise.reject(new Error('table unavailable')) : store.currentIndex()),
      },
      artifacts,
      clock,
      checkMs: 0,
      fallback: () => Promise.reject(new Error('a version is published')),
    });
    const before = live.index;
    const version = live.servedVersion;
    failing = true;
    await publish('doc-bridge', 'Điều 1. Cầu phao', 'Cầu phao Tân An đóng lúc 22 giờ mỗi đêm.', {
      title: 'Thông báo cầu phao Tân An',
      issued: '2026-10-04',
    });
    await live.refresh();
    expect(live.index).toBe(before);
    failing = false;
    await live.refresh();
    expect(live.servedVersion).toBe(version + 1);
  });
});

describe('supersede', () => {
  it('the old version answers for dates before the new one takes effect, the new one after', async () => {
    await publish(
      'doc-fee-2026',
      'Điều 1. Lệ phí',
      'Lệ phí cấp bản sao sổ hộ nghèo Đất Mũi là 5.000 đồng mỗi bản.',
      {
        title: 'Quy định lệ phí sao sổ Đất Mũi 2026',
        issued: '2026-01-05',
      },
    );
    const bytes = text('Điều 1. Lệ phí', 'Lệ phí cấp bản sao sổ hộ nghèo Đất Mũi là 8.000 đồng mỗi bản.');
    const { documentId } = await library.supersede(
      'doc-fee-2026',
      {
        filename: 'le-phi-2027.txt',
        contentType: 'text/plain',
        size: bytes.byteLength,
        meta: {
          title: 'Quy định lệ phí sao sổ Đất Mũi 2027',
          issued: '2026-11-20',
          effectiveFrom: '2027-01-01',
        },
      },
      EDITOR,
    );
    const record = await library.get(documentId);
    await new FileBlobStore(dir).put(record.objectKey, bytes);
    expect((await library.ingestObject(record.objectKey)).outcome).toBe('indexed');
    const old = await library.get('doc-fee-2026');
    expect(old.status).toBe('superseded');
    expect(old.answersUntil).toBe('2027-01-01');

    const { deps } = await liveDeps();
    const cited = async (asOf: string) =>
      (await answerQuestion('lệ phí bản sao sổ hộ nghèo Đất Mũi bao nhiêu', asOf, deps)).citations.map(
        (citation) => citation.document,
      );
    expect(await cited('2026-12-01')).toEqual(['Quy định lệ phí sao sổ Đất Mũi 2026']);
    expect(await cited('2027-02-01')).toEqual(['Quy định lệ phí sao sổ Đất Mũi 2027']);

    // Withdrawing the new version gives the old one back for every date.
    await library.withdraw(documentId, EDITOR);
    expect((await library.get('doc-fee-2026')).status).toBe('indexed');
    expect(await cited('2027-02-01')).toEqual(['Quy định lệ phí sao sổ Đất Mũi 2026']);
    expect(audit.all().map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['document-replace', 'document-withdraw', 'document-reindex']),
    );
  });
});
