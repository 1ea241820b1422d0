/**
 * The console API's guards besides roles: the Origin check (CSRF), the body limit, request
 * validation naming the field, NFC normalisation, error mapping without stack traces, the
 * security headers, unknown routes, and the v2 event's cookie quirk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, SESSION_COOKIE } from '../../../functions/adapters/console/api.js';
import {
  FaqExistsError,
  FaqNotFoundError,
  FaqPublishBlockedError,
  FaqValidationError,
} from '../../../functions/app/console/contracts.js';
import { FaqVersionConflictError } from '../../../functions/core/knowledge/faq.js';
import { type ConsoleHarness, PASSWORD, startConsoleHarness, v2Event } from '../../support/console.js';

let h: ConsoleHarness;
let editor: string;
let admin: string;

const DRAFT = {
  id: 'bhxh-tn-ho-tro',
  questions: ['Hộ nghèo được hỗ trợ bao nhiêu?'],
  answer: 'Người thuộc hộ nghèo được hỗ trợ 50% mức đóng.',
  citations: [{ document: 'Nghị định 159/2025/NĐ-CP' }],
  effectiveFrom: '2025-07-01',
  status: 'draft',
};

beforeAll(async () => {
  h = await startConsoleHarness({ origins: ['https://console.example.org'] });
  await h.addUser('editor@example.org', 'editor');
  await h.addUser('admin@example.org', 'admin');
  editor = await h.login('editor@example.org');
  admin = await h.login('admin@example.org');
});

afterAll(async () => {
  await h?.close();
});

describe('CSRF: mutating calls carry the console Origin', () => {
  it('refuses a mutating call without an Origin, or from another origin (403)', async () => {
    for (const origin of [
      null,
      'https://evil.example',
      'http://localhost.evil.example',
      'null',
      'http://localhost:8080',
    ]) {
      const response = await h.request('/api/faq', { cookie: editor, json: DRAFT, origin });
      expect(response.status, String(origin)).toBe(403);
      expect(await response.json()).toMatchObject({ error: expect.stringContaining('Origin') });
    }
    const login = await h.request('/api/auth/login', {
      json: { email: 'editor@example.org', password: PASSWORD },
      origin: 'https://evil.example',
    });
    expect(login.status).toBe(403);
    expect(login.headers.get('set-cookie')).toBeNull();
    expect(h.faq.calls.filter((call) => call.method === 'create')).toHaveLength(0);
  });

  it('accepts the request’s own origin and a configured CONSOLE_ORIGIN; GET needs none', async () => {
    expect((await h.request('/api/faq', { cookie: editor, json: DRAFT })).status).toBe(201);
    expect(
      (await h.request('/api/faq', { cookie: editor, json: DRAFT, origin: 'https://console.example.org' }))
        .status,
    ).toBe(201);
    expect((await h.request('/api/faq', { cookie: editor })).status).toBe(200);
  });

  it('refuses an http Origin when the request came over https (scheme downgrade)', async () => {
    const response = await h.request('/api/faq', {
      cookie: editor,
      json: DRAFT,
      origin: 'http://console.internal',
      headers: { host: 'console.internal', 'x-forwarded-proto': 'https' },
    });
    expect(response.status).toBe(403);
  });
});

describe('bodies', () => {
  it('answers 413 JSON to a body over 1 MB', async () => {
    const response = await h.request('/api/faq/import?dryRun=true', {
      cookie: editor,
      body: `id,questions\r\n${'x'.repeat(MAX_BODY_BYTES + 10)}`,
      contentType: 'text/csv',
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: expect.stringContaining('larger') });
    expect(h.faq.calls.filter((call) => call.method === 'importItems')).toHaveLength(0);
  });

  it('answers 413 through the v2 handler too (the local server path)', async () => {
    const result = await h.handler(
      v2Event({
        method: 'POST',
        path: '/api/test',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000', cookie: editor },
        body: JSON.stringify({ question: 'x'.repeat(MAX_BODY_BYTES) }),
      }),
    );
    expect(result.statusCode).toBe(413);
  });

  it('answers 400 naming the field: malformed JSON, a missing or bad field, a nested one', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/faq', '{"id": ', 'body'],
      ['/api/faq', [], 'body'],
      ['/api/faq', { ...DRAFT, questions: [] }, 'questions'],
      ['/api/faq', { ...DRAFT, citations: [{ section: 'Điều 1' }] }, 'citations.0.document'],
      ['/api/faq', { ...DRAFT, effectiveFrom: '1/7/2025' }, 'effectiveFrom'],
      ['/api/faq', { ...DRAFT, id: 'Có Dấu' }, 'id'],
      ['/api/test', { date: '2026-01-01' }, 'question'],
      ['/api/chat', { conversationId: '../../etc', text: 'x' }, 'conversationId'],
      ['/api/faq/bhxh-tn-ho-tro/restore', { version: 'one' }, 'version'],
    ];
    for (const [path, body, field] of cases) {
      const response = await h.request(path, {
        cookie: editor,
        ...(typeof body === 'string' ? { body, contentType: 'application/json' } : { json: body }),
      });
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(await response.json()).toMatchObject({ field, error: expect.any(String) });
    }
    const query = await h.request('/api/faq?status=maybe', { cookie: editor });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ field: 'status' });
    const month = await h.request('/api/audit?month=2026-13', { cookie: admin });
    expect(await month.json()).toMatchObject({ field: 'month' });
  });

  it('answers 400 when the body names another item than the path', async () => {
    const response = await h.request('/api/faq/bhxh-tn-ho-tro', {
      method: 'PUT',
      cookie: editor,
      json: { ...DRAFT, id: 'other-item', baseVersion: 1 },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'id' });
  });

  it('answers 415 to a JSON route sent as a form (a form post cannot forge application/json)', async () => {
    const response = await h.request('/api/faq', {
      cookie: editor,
      body: 'id=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(415);
    const csv = await h.request('/api/faq/import', {
      cookie: editor,
      body: '<x/>',
      contentType: 'application/xml',
    });
    expect(csv.status).toBe(415);
  });

  it('hands FaqAdmin every string in NFC, from JSON bodies, queries and CSV', async () => {
    const nfd = (text: string) => text.normalize('NFD');
    await h.request('/api/faq', {
      cookie: editor,
      json: {
        ...DRAFT,
        questions: [nfd('Hộ nghèo được hỗ trợ bao nhiêu?')],
        tags: [nfd('hỗ trợ')],
        changeNote: nfd('sửa lỗi'),
      },
    });
    const create = h.faq.last('create');
    expect(create?.args[0]).toMatchObject({
      questions: ['Hộ nghèo được hỗ trợ bao nhiêu?'],
      tags: ['hỗ trợ'],
    });
    expect(create?.args[2]).toBe('sửa lỗi');
    expect(create?.args[1]).toEqual({ email: 'editor@example.org', roles: ['editor'] });

    await h.request(`/api/faq?q=${encodeURIComponent(nfd('hỗ trợ'))}&tag=&expiringWithinDays=30`, {
      cookie: editor,
    });
    expect(h.faq.last('list')?.args[0]).toEqual({ q: 'hỗ trợ', expiringWithinDays: 30 });

    await h.request('/api/faq/import?mode=replace&dryRun=false', {
      cookie: editor,
      body: nfd('id,questions\r\nx,Hỗ trợ?\r\n'),
      contentType: 'text/csv; charset=utf-8',
    });
    expect(h.faq.last('importItems')?.args.slice(0, 2)).toEqual(['id,questions\r\nx,Hỗ trợ?\r\n', 'csv']);
    expect(h.faq.last('importItems')?.args[2]).toMatchObject({ mode: 'replace', dryRun: false });

    await h.request('/api/faq/import', { cookie: editor, json: { items: [{ answer: nfd('Hỗ trợ') }] } });
    expect(h.faq.last('importItems')?.args.slice(0, 2)).toEqual(['{"items":[{"answer":"Hỗ trợ"}]}', 'json']);
    expect(h.faq.last('importItems')?.args[2]).toMatchObject({ mode: 'upsert', dryRun: true });
  });
});

describe('errors', () => {
  it('maps the use cases’ errors to statuses; a 409 conflict carries the current item', async () => {
    const put = () =>
      h.request('/api/faq/double-item', {
        method: 'PUT',
        cookie: editor,
        json: { ...DRAFT, id: 'double-item', baseVersion: 1 },
      });
    h.faq.failNext = new FaqVersionConflictError('double-item', 1);
    const conflict = await put();
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({
      id: 'double-item',
      current: { id: 'double-item', version: 1 },
    });

    h.faq.failNext = new FaqValidationError([{ field: 'answer', message: 'unknown figure placeholder' }]);
    const invalid = await put();
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ field: 'answer' });

    h.faq.failNext = new FaqPublishBlockedError(
      ['no citation'],
      [{ variant: 'x', form: 'typed', otherId: 'y', score: 0.9 }],
    );
    const blocked = await h.request('/api/faq/double-item/publish', { method: 'POST', cookie: editor });
    expect(blocked.status).toBe(422);
    expect(await blocked.json()).toMatchObject({ reasons: ['no citation'], collisions: [{ otherId: 'y' }] });

    h.faq.failNext = new FaqNotFoundError('gone');
    expect((await h.request('/api/faq/gone/versions', { cookie: editor })).status).toBe(404);
    expect((await h.request('/api/faq/missing-item', { cookie: editor })).status).toBe(404);

    h.faq.failNext = new FaqExistsError('bhxh-tn-ho-tro');
    const exists = await h.request('/api/faq', { cookie: editor, json: DRAFT });
    expect(exists.status).toBe(409);
    expect(await exists.json()).toMatchObject({ field: 'id' });
  });

  it('answers 500 without a stack trace or the message, and logs the error', async () => {
    h.faq.failNext = new Error('boom at /work/secret/path.ts:12 for lan@example.org');
    const response = await h.request('/api/faq', { cookie: editor });
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'internal error' });
    expect(text).not.toMatch(/boom|at |\.ts/);
    const logged = h.logLines.find((line) => line.includes('console.failed')) ?? '';
    expect(logged).toContain('boom');
    expect(logged).not.toContain('lan@example.org');
  });

  it('answers 404 JSON to an unknown route or method, with the security headers', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing'],
      ['DELETE', '/api/faq/double-item'],
      ['GET', '/api'],
    ] as const) {
      const response = await h.request(path, { method, cookie: editor });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toEqual({ error: 'not found' });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('shapes the console reads (web/src)', () => {
  it('answers lists as bare arrays and passes chat, feedback and the test bench through', async () => {
    expect(await (await h.request('/api/faq', { cookie: editor })).json()).toEqual([h.faq.item]);
    expect(await (await h.request('/api/faq/double-item/versions', { cookie: editor })).json()).toEqual([
      expect.objectContaining({ id: 'double-item', changeNote: 'double' }),
    ]);
    expect(
      await (
        await h.request('/api/faq/collisions', { cookie: editor, json: { questions: ['Câu hỏi?'] } })
      ).json(),
    ).toEqual([]);
    await h.audit.append({
      at: '2026-11-05T00:00:00.000Z',
      actor: 'x@example.org',
      action: 'faq-create',
      target: 'a',
    });
    expect(await (await h.request('/api/audit?month=2026-11&limit=5', { cookie: admin })).json()).toEqual([
      expect.objectContaining({ action: 'faq-create', target: 'a' }),
    ]);
    const users = await (await h.request('/api/users', { cookie: admin })).json();
    expect(users).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: 'admin@example.org', role: 'admin' })]),
    );

    const chat = await h.request('/api/chat', {
      cookie: editor,
      json: { conversationId: 'c-1', text: ' Xin chào ' },
    });
    expect(await chat.json()).toEqual({ replies: [{ text: 'xin chào' }] });
    expect(h.assistant.calls.at(-1)).toEqual({
      method: 'chat',
      args: ['c-1', 'Xin chào', { email: 'editor@example.org', roles: ['editor'] }],
    });
    const feedback = await h.request('/api/chat/feedback', {
      cookie: editor,
      json: { conversationId: 'c-1', value: 'down', turnId: 't-1' },
    });
    expect(feedback.status).toBe(200);
    expect(h.assistant.calls.at(-1)?.args[0]).toEqual({
      conversationId: 'c-1',
      value: 'down',
      turnId: 't-1',
    });
    const noTurn = await h.request('/api/chat/feedback', {
      cookie: editor,
      json: { conversationId: 'c-1', value: 'down' },
    });
    expect(noTurn.status).toBe(400);
    const bench = await h.request('/api/test', {
      cookie: editor,
      json: { question: 'Mức đóng?', date: '2026-01-01' },
    });
    expect(await bench.json()).toMatchObject({ question: 'Mức đóng?', text: 'trả lời thử' });
    expect(h.assistant.calls.at(-1)).toEqual({ method: 'ask', args: ['Mức đóng?', '2026-01-01'] });
  });

  it('gives 400 messages that do not repeat the field (the console prefixes it)', async () => {
    const response = await h.request('/api/faq', {
      cookie: editor,
      json: { ...DRAFT, effectiveFrom: '1/7/2025' },
    });
    expect(await response.json()).toEqual({ error: 'must be YYYY-MM-DD', field: 'effectiveFrom' });
  });
});

describe('headers', () => {
  it('sends a strict CSP, no caching, no framing', async () => {
    const response = await h.request('/api/auth/me', { cookie: editor });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('sends an export as an attachment with a safe file name', async () => {
    const response = await h.request('/api/faq/export', { cookie: editor });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="faq-export.csv"');
    // The byte-order mark Excel needs (Response.text() would hide it).
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe('\uFEFFid\r\ndouble-item\r\n');
  });

  it('keeps the CSV byte-order mark through the v2 handler (base64 body)', async () => {
    const result = await h.handler(
      v2Event({ path: '/api/faq/export', query: 'format=csv', headers: { cookie: editor } }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body ?? '', 'base64').toString('utf8')).toBe('\uFEFFid\r\ndouble-item\r\n');
    expect(result.headers?.['content-disposition']).toBe('attachment; filename="faq-export.csv"');
  });
});

describe('the v2 handler (Lambda, and the local server for /api/*)', () => {
  const me = (init: { cookies?: string[]; headers?: Record<string, string> }) =>
    h.handler(v2Event({ path: '/api/auth/me', ...init }));

  it('reads the session from event.cookies (API Gateway) and from headers.cookie (local adapter)', async () => {
    expect((await me({ cookies: ['theme=dark', editor] })).statusCode).toBe(200);
    expect((await me({ headers: { cookie: `theme=dark; ${editor}` } })).statusCode).toBe(200);
    expect((await me({})).statusCode).toBe(401);
  });

  it('takes event.cookies as the truth when both are present (a header cannot override it)', async () => {
    const result = await me({ cookies: ['theme=dark'], headers: { cookie: editor } });
    expect(result.statusCode).toBe(401);
  });

  it('passes the query string and answers JSON', async () => {
    const result = await h.handler(
      v2Event({ path: '/api/faq', query: 'status=published', headers: { cookie: editor } }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toMatchObject([{ id: 'double-item' }]);
    expect(h.faq.last('list')?.args[0]).toEqual({ status: 'published' });
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
  });

  it('sets and clears the session in result.cookies', async () => {
    const result = await h.handler(
      v2Event({
        method: 'POST',
        path: '/api/auth/logout',
        headers: { origin: 'http://127.0.0.1:3000' },
        cookies: [editor],
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.cookies).toEqual([expect.stringMatching(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`))]);
  });
});
