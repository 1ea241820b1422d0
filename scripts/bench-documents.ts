/**
 * `npm run bench:documents`
 *
 * 1. Upload to first answer, on the embedded default (`startLocalServer`: console API with the
 *    local sign-in, dynalite, the local upload route, the in-process queue and worker): an
 *    editor asks for an upload URL, sends a .docx written here, and the web chat asks every
 *    2 s a question only that document answers until a reply cites it. With the worker's
 *    default INDEX_CHECK_SECONDS (30) next to a baseline in the same run: a second server with
 *    INDEX_CHECK_SECONDS=0, the ingest and pipeline alone. Target: 60 s.
 * 2. Full rebuild time for the seed corpus (`../shared/seeds`; skipped, saying so, when absent)
 *    and for a corpus ten times larger (the same files under ten names): every file published
 *    through the library (read, clean, redact, chunk, store, one rebuild, pointer move), then a
 *    reindex from the stored chunks, next to the index build `npm run ingest --out` did before
 *    (read, chunk, build in memory, nothing stored), measured in the same run.
 *
 * Exit 1 when an upload missed the target.
 */
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobKnowledgeArtifacts } from '../functions/adapters/documents/artifacts.js';
import { FileBlobStore } from '../functions/adapters/documents/file-blobs.js';
import { buildIndex } from '../functions/adapters/knowledge/files.js';
import { LocalUploads } from '../functions/adapters/local/uploads.js';
import { MemoryAuditLog } from '../functions/adapters/memory/audit-log.js';
import { MemoryDocumentStore } from '../functions/adapters/memory/document-store.js';
import { createDocumentLibrary } from '../functions/app/documents/library.js';
import { publishFiles } from '../functions/composition/documents.js';
import { type LocalServer, startLocalServer } from '../functions/composition/local/server.js';
import { addEditor, makeDocx, uploadForm } from '../tests/support/documents.js';

const TARGET_SECONDS = 60;
const POLL_MS = 2_000;
const GIVE_UP_MS = 90_000;
const PASSWORD = 'mat-khau-bien-tap-bench-2026';
const SEEDS = resolve(fileURLToPath(new URL('../../shared/seeds/', import.meta.url)));
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const QUESTION = 'người dân Cồn Cỏ đi phà miễn phí ngày nào';
const TITLE = 'Quyết định về vé phà Cồn Cỏ';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function uploadToAnswer(indexCheckSeconds: string): Promise<number | undefined> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-documents-'));
  let server: LocalServer | undefined;
  try {
    server = await startLocalServer({
      port: 0,
      inMemory: true,
      log: () => {},
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        INDEX_CHECK_SECONDS: indexCheckSeconds,
        TELEGRAM_BOT_TOKEN: '',
        ZALO_APP_ID: '',
        LOG_LEVEL: 'error',
      },
    });
    const { config, clients } = server.data;
    await addEditor(clients, config.tables.state, 'bench@example.org', PASSWORD);
    const base = server.url;
    const call = async (path: string, body: unknown, cookie = '') => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { origin: base, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response;
    };
    const login = await call('/api/auth/login', { email: 'bench@example.org', password: PASSWORD });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    let chats = 0;
    const cited = async () => {
      const reply = (await (
        await call('/api/chat', { conversationId: `bench-${++chats}`, text: QUESTION }, cookie)
      ).json()) as { replies: { citations: { document: string }[] }[] };
      return reply.replies.some((one) =>
        one.citations.some((citation) => citation.document.startsWith(TITLE)),
      );
    };
    // The worker has just checked the pointer: the worst case for the next check.
    if (await cited()) throw new Error('the question is answered before the upload');
    const bytes = await makeDocx([
      'QUYẾT ĐỊNH',
      'Về vé phà cho người dân đặc khu Cồn Cỏ đi làm thủ tục bảo hiểm',
      'Điều 1. Vé phà miễn phí',
      'Người dân đặc khu Cồn Cỏ vào đất liền làm thủ tục bảo hiểm xã hội, bảo hiểm y tế được đi phà miễn phí vé vào thứ Ba hằng tuần.',
    ]);
    const started = Date.now();
    const created = (await (
      await call(
        '/api/documents',
        {
          filename: 've-pha.docx',
          contentType: DOCX_TYPE,
          size: bytes.byteLength,
          meta: { title: TITLE, issued: '2026-10-15' },
        },
        cookie,
      )
    ).json()) as { upload: { url: string; fields: Record<string, string> } };
    const uploaded = await fetch(new URL(created.upload.url, base), {
      method: 'POST',
      body: uploadForm(created.upload.fields, bytes, 've-pha.docx', DOCX_TYPE),
    });
    if (uploaded.status !== 204) throw new Error(`upload: ${uploaded.status}`);
    while (Date.now() - started < GIVE_UP_MS) {
      if (await cited()) return Date.now() - started;
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
    return undefined;
  } finally {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function rebuild(corpus: string, label: string): Promise<void> {
  const store = await mkdtemp(join(tmpdir(), 'bench-rebuild-'));
  try {
    const blobs = new FileBlobStore(store);
    const clock = { now: () => new Date() };
    const library = createDocumentLibrary({
      documents: new MemoryDocumentStore(),
      blobs,
      artifacts: new BlobKnowledgeArtifacts(blobs),
      signer: new LocalUploads(blobs, clock, () => {}),
      audit: new MemoryAuditLog(),
      clock,
    });
    let started = performance.now();
    const baseline = await buildIndex([corpus]);
    const baselineMs = performance.now() - started;
    started = performance.now();
    const outcomes = await publishFiles(library, [corpus], { prefix: 'doc', actor: 'bench' });
    const publishMs = performance.now() - started;
    started = performance.now();
    const reindexed = await library.reindex({ email: 'bench', roles: ['editor'] });
    const reindexMs = performance.now() - started;
    const failed = outcomes.filter((outcome) => outcome.outcome === 'failed').length;
    console.log(
      `${label.padEnd(26)} ${String(reindexed.documents).padStart(4)} docs ${String(reindexed.passages).padStart(6)} passages` +
        `   publish all ${seconds(publishMs).padStart(6)} s   reindex ${seconds(reindexMs).padStart(6)} s` +
        `   | baseline build (no storage) ${seconds(baselineMs).padStart(6)} s (${baseline.chunks.length} passages)` +
        (failed > 0 ? `   ${failed} failed` : ''),
    );
  } finally {
    await rm(store, { recursive: true, force: true });
  }
}

async function tenTimes(source: string): Promise<string> {
  const target = await mkdtemp(join(tmpdir(), 'bench-corpus-x10-'));
  const files = await readdir(source);
  for (let copy = 0; copy < 10; copy++) {
    const folder = join(target, `copy${copy}`);
    await mkdir(folder);
    for (const file of files) await cp(join(source, file), join(folder, `c${copy}-${file}`));
  }
  return target;
}

async function main(): Promise<void> {
  console.log('Upload to first answer (embedded default, web chat every 2 s)');
  const withCheck = await uploadToAnswer('30');
  const baseline = await uploadToAnswer('0');
  const show = (ms: number | undefined) =>
    ms === undefined ? `missed (> ${GIVE_UP_MS / 1000} s)` : `${seconds(ms)} s`;
  console.log(`  INDEX_CHECK_SECONDS=30 (default): ${show(withCheck)}`);
  console.log(`  baseline INDEX_CHECK_SECONDS=0:   ${show(baseline)}`);
  console.log(`  target: ${TARGET_SECONDS} s`);

  console.log('\nFull rebuild');
  try {
    await readdir(SEEDS);
  } catch {
    console.log(`  skipped: no seed corpus at ${SEEDS}`);
    if (withCheck === undefined || withCheck > TARGET_SECONDS * 1000) process.exitCode = 1;
    return;
  }
  await rebuild(SEEDS, 'seed corpus');
  const larger = await tenTimes(SEEDS);
  try {
    await rebuild(larger, 'seed corpus × 10');
  } finally {
    await rm(larger, { recursive: true, force: true });
  }
  if (withCheck === undefined || withCheck > TARGET_SECONDS * 1000) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
