/**
 * The whole path on the embedded default, in one process as `npm start` runs it: an editor
 * asks for an upload URL, sends a .docx and a .pdf (written here) as multipart to the local
 * server, the same ingest as in AWS indexes them, the pointer in dynalite moves, and the bot
 * (the web chat, through the real pipeline and worker) answers a question only that document
 * answers, citing it with its date. Withdrawn, it is no longer cited. Then: bad files are
 * refused with their reason and leave the served index alone; a replayed or out-of-order
 * event changes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocuments } from '../../../functions/composition/documents.js';
import { type LocalServer, startLocalServer } from '../../../functions/composition/local/server.js';
import { REASONS } from '../../../functions/core/knowledge/documents.js';
import { addEditor, makeDocx, makePdf, uploadForm } from '../../support/documents.js';

const PASSWORD = 'mật-khẩu-đủ-dài-2026';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let server: LocalServer;
let dataDir: string;
let cookie = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'documents-'));
  server = await startLocalServer({
    port: 0,
    inMemory: true,
    log: () => {},
    env: {
      DATA_DIR: dataDir,
      AS_OF_DATE: '2026-12-01',
      // The worker reads the pointer before every message here (30 s in production).
      INDEX_CHECK_SECONDS: '0',
      TELEGRAM_BOT_TOKEN: '',
      ZALO_APP_ID: '',
      LOG_LEVEL: 'error',
    },
  });
  const { config, clients } = server.data;
  await addEditor(clients, config.tables.state, 'bien-tap@example.org', PASSWORD);
  const login = await api('/api/auth/login', { email: 'bien-tap@example.org', password: PASSWORD });
  expect(login.status).toBe(200);
  cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function api(path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      origin: server.url,
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function json<T>(path: string, body?: unknown): Promise<T> {
  const response = await api(path, body);
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

interface Created {
  documentId: string;
  upload: { url: string; fields: Record<string, string> };
}

interface DocumentView {
  status: string;
  reason?: string;
  passages?: number;
  indexVersion?: number;
  passageList?: { headings: string[]; text: string; pageStart?: number }[];
}

/** POST /api/documents, then the multipart upload, then wait for the ingest it started. */
async function upload(
  filename: string,
  contentType: string,
  bytes: Uint8Array,
  meta: Record<string, string>,
): Promise<{ id: string; uploadStatus: number }> {
  const created = await json<Created>('/api/documents', {
    filename,
    contentType,
    size: bytes.byteLength,
    meta,
  });
  const response = await fetch(new URL(created.upload.url, server.url), {
    method: 'POST',
    body: uploadForm(created.upload.fields, bytes, filename, contentType),
  });
  await server.ingesting();
  return { id: created.documentId, uploadStatus: response.status };
}

let chats = 0;
/** A question to the bot through the web chat: the real pipeline, queue and worker. */
async function ask(
  text: string,
): Promise<{ text: string; citations: { document: string; date?: string }[] }> {
  const result = await json<{
    replies: { text: string; citations: { document: string; date?: string }[] }[];
  }>('/api/chat', { conversationId: `documents-${++chats}`, text });
  const reply = result.replies[0];
  if (!reply) throw new Error(`no reply: ${JSON.stringify(result)}`);
  return reply;
}

const DOCX_QUESTION = 'người dân Cồn Cỏ đi phà miễn phí ngày nào';
const PDF_QUESTION = 'dan dao Bach Long Vi nop ho so o Trung tam Y te dac khu phai khong';

describe('publishing a document on the embedded default', () => {
  let docxId = '';

  it('serves the sample documents as the first published index', async () => {
    const index = await json<{ version: number; documents: number; passages: number; builtAt: string }>(
      '/api/index',
    );
    expect(index.version).toBe(1);
    expect(index.documents).toBe(2);
    expect(index.passages).toBeGreaterThan(0);
    const listed = await json<{ id: string; status: string }[]>('/api/documents');
    expect(listed.map((document) => [document.id, document.status]).sort()).toEqual([
      ['sample-bhxh-tu-nguyen', 'indexed'],
      ['sample-bhyt-ho-gia-dinh', 'indexed'],
    ]);
  });

  it('indexes an uploaded .docx, and the bot cites it with its date', async () => {
    const before = await ask(DOCX_QUESTION);
    expect(before.citations.map((citation) => citation.document).join()).not.toContain('Cồn Cỏ');
    const bytes = await makeDocx([
      'QUYẾT ĐỊNH',
      'Về vé phà cho người dân đặc khu Cồn Cỏ đi làm thủ tục bảo hiểm',
      'Điều 1. Vé phà miễn phí',
      'Người dân đặc khu Cồn Cỏ vào đất liền làm thủ tục bảo hiểm xã hội, bảo hiểm y tế được đi phà miễn phí vé vào thứ Ba hằng tuần, các ngày khác trả vé 250.000 đồng mỗi lượt.',
      'Liên hệ: ông Nguyễn Văn Ba, mã số BHXH 7912345678, điện thoại 0912345678.',
      'Điều 2. Hiệu lực thi hành',
      'Quyết định này có hiệu lực từ ngày 01 tháng 11 năm 2026.',
    ]);
    const { id, uploadStatus } = await upload('hỗ trợ đi lại Cồn Cỏ.docx', DOCX_TYPE, bytes, {
      title: 'Quyết định về vé phà Cồn Cỏ',
      number: '27/2026/QĐ-UBND',
      issuer: 'Ủy ban nhân dân tỉnh Quảng Trị',
      place: 'Quảng Trị',
      issued: '2026-10-15',
      effectiveFrom: '2026-11-01',
    });
    docxId = id;
    expect(uploadStatus).toBe(204);
    const document = await json<DocumentView>(`/api/documents/${id}`);
    expect(document.status, document.reason).toBe('indexed');
    expect(document.indexVersion).toBe(2);
    expect(document.passages).toBeGreaterThan(0);
    const quoted = (document.passageList ?? []).map((passage) => passage.text).join('\n');
    expect(quoted).toContain('250.000 đồng mỗi lượt');
    // Identifiers are redacted before anything reaches the index.
    expect(quoted).not.toContain('7912345678');
    expect(quoted).not.toContain('0912345678');
    expect((await json<{ version: number; documents: number }>('/api/index')).documents).toBe(3);

    const reply = await ask(DOCX_QUESTION);
    expect(reply.text).toContain('phà miễn phí');
    expect(reply.citations).toContainEqual(
      expect.objectContaining({
        document: 'Quyết định về vé phà Cồn Cỏ (số 27/2026/QĐ-UBND)',
        date: '2026-10-15',
      }),
    );
    expect(reply.text).toContain('15/10/2026');
  });

  it('indexes an uploaded .pdf with its pages', async () => {
    const bytes = makePdf([
      'HUONG DAN',
      'Cap lai the BHYT cho nguoi dan o dao Bach Long Vi',
      'Nguoi dan dao Bach Long Vi nop ho so cap lai the BHYT tai Trung tam Y te dac khu Bach Long Vi,',
      'khong phai vao dat lien; the moi duoc tra trong 5 ngay lam viec.',
    ]);
    const { id } = await upload('bach-long-vi.pdf', 'application/pdf', bytes, {
      title: 'Hướng dẫn cấp lại thẻ BHYT ở Bạch Long Vĩ',
      issued: '2026-09-20',
    });
    const document = await json<DocumentView>(`/api/documents/${id}`);
    expect(document.status, document.reason).toBe('indexed');
    expect(document.passageList?.[0]?.pageStart).toBe(1);
    const reply = await ask(PDF_QUESTION);
    expect(reply.citations).toContainEqual(
      expect.objectContaining({ document: 'Hướng dẫn cấp lại thẻ BHYT ở Bạch Long Vĩ', date: '2026-09-20' }),
    );
  });

  it('withdrawn, the document is no longer cited', async () => {
    const withdrawn = await json<DocumentView & { index?: { to: number } }>(
      `/api/documents/${docxId}/withdraw`,
      {},
    );
    expect(withdrawn.status).toBe('withdrawn');
    const reply = await ask(DOCX_QUESTION);
    expect(reply.citations.map((citation) => citation.document).join()).not.toContain('Cồn Cỏ');
    expect(reply.text).not.toContain('phà miễn phí');
  });
});

describe('bad files', () => {
  it.each([
    [
      'a .docx that is not a zip',
      'hong.docx',
      DOCX_TYPE,
      new TextEncoder().encode('PK? no, just text'),
      REASONS.corrupt,
    ],
    [
      'a password-protected .docx',
      'mat-khau.docx',
      DOCX_TYPE,
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      REASONS.password,
    ],
    ['a PDF without a text layer', 'ban-scan.pdf', 'application/pdf', makePdf([]), REASONS.noTextLayer],
    [
      'a corrupt PDF',
      'hong.pdf',
      'application/pdf',
      new TextEncoder().encode('%PDF-1.4\nnot really'),
      REASONS.corrupt,
    ],
  ])(
    '%s fails with its reason and leaves the served index alone',
    async (_name, filename, type, bytes, reason) => {
      const before = await json<{ version: number }>('/api/index');
      const { id } = await upload(filename, type, bytes, { title: 'Tệp lỗi', issued: '2026-11-01' });
      const document = await json<DocumentView>(`/api/documents/${id}`);
      expect(document.status).toBe('failed');
      expect(document.reason).toBe(reason);
      expect((await json<{ version: number }>('/api/index')).version).toBe(before.version);
    },
  );

  it('refuses a file over 20 MB, of the wrong type, or empty before any upload', async () => {
    const meta = { title: 'Tệp lỗi', issued: '2026-11-01' };
    const refused = async (body: object) => {
      const response = await api('/api/documents', { meta, ...body });
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: string }).error;
    };
    expect(await refused({ filename: 'lon.pdf', contentType: 'application/pdf', size: 20_000_001 })).toBe(
      REASONS.tooLarge,
    );
    expect(await refused({ filename: 'anh.png', contentType: 'image/png', size: 10 })).toBe(
      REASONS.wrongType,
    );
    expect(await refused({ filename: 'trong.txt', contentType: 'text/plain', size: 0 })).toBe(REASONS.empty);
  });

  it('the local upload enforces the policy: the key, the content type, one use', async () => {
    const bytes = new TextEncoder().encode('Điều 1. Nội dung đủ dài của một văn bản thử nghiệm.');
    const created = await json<Created>('/api/documents', {
      filename: 'thu.txt',
      contentType: 'text/plain',
      size: bytes.byteLength,
      meta: { title: 'Thử', issued: '2026-11-01' },
    });
    const send = (fields: Record<string, string>) =>
      fetch(new URL(created.upload.url, server.url), {
        method: 'POST',
        body: uploadForm(fields, bytes, 'thu.txt', 'text/plain'),
      });
    expect((await send({ ...created.upload.fields, key: 'uploads/doc-other/x/thu.txt' })).status).toBe(403);
    expect((await send({ ...created.upload.fields, 'Content-Type': 'application/pdf' })).status).toBe(403);
    expect((await send(created.upload.fields)).status).toBe(204);
    expect((await send(created.upload.fields)).status).toBe(403);
    await server.ingesting();
  });
});

describe('S3 events come at least once and out of order', () => {
  it('the same object twice, or an earlier upload slot after a later one, changes nothing', async () => {
    const library = createDocuments({ ...server.data, clock: { now: () => new Date() } });
    const text = (n: number) =>
      new TextEncoder().encode(
        `Điều 1. Phạm vi\n\nQuy định về lần tải lên thứ ${n} của văn bản thử nghiệm phát lại sự kiện, đủ dài để thành một đoạn.\n`,
      );
    const meta = { title: 'Văn bản phát lại', issued: '2026-11-02' };
    const first = await library.stage(
      {
        id: 'doc-replay',
        filename: 'phat-lai.txt',
        contentType: 'text/plain',
        size: 90,
        bytes: text(1),
        meta,
      },
      'test',
    );
    expect(await library.ingestObject(first)).toEqual({
      outcome: 'indexed',
      id: 'doc-replay',
      version: expect.any(Number),
    });
    const version = (await library.index()).version;
    expect(await library.ingestObject(first)).toEqual({ outcome: 'unchanged', id: 'doc-replay' });
    // A new file for the same document: its own slot. The old slot's late event is ignored.
    const second = await library.stage(
      {
        id: 'doc-replay',
        filename: 'phat-lai.txt',
        contentType: 'text/plain',
        size: 90,
        bytes: text(2),
        meta,
      },
      'test',
    );
    expect(second).not.toBe(first);
    expect((await library.ingestObject(second)).outcome).toBe('indexed');
    expect(await library.ingestObject(first)).toEqual({ outcome: 'ignored', id: 'doc-replay' });
    expect(await library.ingestObject(second)).toEqual({ outcome: 'unchanged', id: 'doc-replay' });
    expect((await library.index()).version).toBe(version + 1);
    const passages = (await library.get('doc-replay')).passageList.map((passage) => passage.text).join();
    expect(passages).toContain('lần tải lên thứ 2');
    expect(await library.ingestObject('uploads/doc-unknown/x/y.txt')).toEqual({ outcome: 'ignored' });
  });
});
