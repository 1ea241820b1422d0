/**
 * Roles are enforced by the server, not the UI: every route of the table, as anonymous,
 * analyst, editor and admin, each signed in through the real POST /api/auth/login. Anonymous
 * gets 401, a role not in the route's list 403, a listed role 2xx. The FAQ and audit use
 * cases are DOUBLES (tests/support/console-doubles.ts): this checks the gate, not the FAQ rules.
 *
 * Twice: with the local IdP (`npm start`) and with a FAKE Cognito pool behind the real SDK
 * client (AWS), signed in with TOTP. Locally the Cognito-only public routes (a challenge
 * step, a refresh) have nothing to continue: they answer every caller alike (UNAVAILABLE).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSOLE_ROUTES,
  type ConsoleRouteKey,
  routeKey,
} from '../../../functions/adapters/console/routes.js';
import type { Role } from '../../../functions/app/console/contracts.js';
import { GapClusterer } from '../../../functions/core/analytics/cluster.js';
import {
  type ConsoleHarness,
  type ConsoleRequest,
  cookiesFrom,
  PASSWORD,
  startConsoleHarness,
} from '../../support/console.js';
import { type FakeCognito, startFakeCognito } from '../../support/fake-cognito.js';

const DRAFT = {
  id: 'matrix-item',
  questions: ['Câu hỏi của ma trận quyền?'],
  answer: 'Câu trả lời đủ dài cho ma trận.',
  citations: [{ document: 'Luật Bảo hiểm xã hội 41/2024/QH15' }],
  effectiveFrom: '2025-07-01',
  status: 'draft',
};

let userCounter = 0;

const DOCUMENT = {
  filename: 'huong-dan.txt',
  contentType: 'text/plain',
  size: 120,
  meta: { title: 'Hướng dẫn thử của ma trận quyền', issued: '2026-11-01' },
};

/** A document published through the real library (memory records, files in the temp DATA_DIR). */
async function indexedDocument(): Promise<string> {
  const bytes = new TextEncoder().encode(
    'Mục 1. Nội dung thử\n\nĐoạn văn bản đủ dài để lập chỉ mục cho ma trận quyền.',
  );
  const key = await h.documents.stage({ ...DOCUMENT, size: bytes.byteLength, bytes }, 'test');
  const outcome = await h.documents.ingestObject(key);
  if (outcome.outcome !== 'indexed') throw new Error(`not indexed: ${JSON.stringify(outcome)}`);
  return outcome.id;
}

const ONSETS = ['b', 'd', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x'];
const RHYMES = ['ap', 'at', 'em', 'ep', 'et', 'im', 'ip', 'it', 'op', 'ot', 'um', 'up', 'ut', 'ep'];
const usedSyllables = new Set<string>();
const clusterer = new GapClusterer();

/** A syllable the analyser keeps as a word of its own and no other sample used: clusters never meet. */
function freshSyllable(): string {
  for (const onset of ONSETS)
    for (const rhyme of RHYMES) {
      const syllable = onset + rhyme;
      if (usedSyllables.has(syllable)) continue;
      usedSyllables.add(syllable);
      if (clusterer.analyse(`hỏi ${syllable}`).words.includes(syllable)) return syllable;
    }
  throw new Error('out of syllables');
}

function freshWords(): string {
  return `${freshSyllable()} ${freshSyllable()}`;
}

/** "Don't know" turns with these questions, logged now; their cluster keys (one per question). */
async function gapTurns(...questions: string[]): Promise<{ keys: string[]; turnIds: string[] }> {
  const turnIds: string[] = [];
  for (const question of questions) {
    const turnId = `${new Date().toISOString().replace(/[-:.]/g, '')}-m${++userCounter}`;
    turnIds.push(turnId);
    await h.conversations.append({
      turnId,
      channel: 'telegram',
      chatHash: `matrix-chat-${userCounter}`,
      at: new Date().toISOString(),
      question,
      answer: 'Xin lỗi, tôi chưa có câu trả lời.',
      intent: 'fallback',
      path: 'fallback',
      citations: [],
      latencyMs: 100,
    });
  }
  // Each turn's cluster, as the API names it.
  const listed = await h.request('/api/gaps', { cookie: cookies.get('admin') as string });
  const clusters = (await listed.json()) as { key: string; members: { id: string }[] }[];
  const keys = turnIds.map(
    (turnId) => clusters.find((cluster) => cluster.members.some((member) => member.id === turnId))?.key ?? '',
  );
  return { keys, turnIds };
}

type Mode = 'local' | 'cognito';
type Sample = { path: string; extraCookie?: string } & ConsoleRequest;

/** Public routes that have nothing to do without Cognito: the same answer for every caller. */
const UNAVAILABLE: Partial<Record<Mode, Partial<Record<ConsoleRouteKey, number>>>> = {
  local: { 'POST /auth/challenge': 401, 'POST /auth/refresh': 401 },
};

/** A request that the route accepts when the caller may call it. */
const SAMPLES: Record<ConsoleRouteKey, (mode: Mode) => Sample | Promise<Sample>> = {
  'POST /auth/login': () => ({
    path: '/api/auth/login',
    json: { email: 'matrix-login@example.org', password: PASSWORD },
  }),
  // Cognito: a fresh invited user's sign-in, waiting for its new password.
  'POST /auth/challenge': async (mode) => ({
    path: '/api/auth/challenge',
    json: { answer: 'Mật khẩu mới Đủ dài 2026!' },
    ...(mode === 'cognito' ? { extraCookie: await pendingNewPassword() } : {}),
  }),
  'POST /auth/refresh': (mode) => ({
    path: '/api/auth/refresh',
    method: 'POST',
    ...(mode === 'cognito' ? { extraCookie: refreshCookie } : {}),
  }),
  'POST /auth/logout': () => ({ path: '/api/auth/logout', method: 'POST' }),
  'GET /auth/me': () => ({ path: '/api/auth/me' }),
  'POST /auth/password': () => ({
    path: '/api/auth/password',
    // Upper case, digits, a symbol: Cognito's pool policy too.
    json: { currentPassword: PASSWORD, newPassword: `${PASSWORD} Mới` },
  }),
  'GET /faq': () => ({ path: '/api/faq?q=hỗ%20trợ&status=published&noCitation=false' }),
  'POST /faq': () => ({ path: '/api/faq', json: { ...DRAFT, changeNote: 'tạo mới' } }),
  'POST /faq/collisions': () => ({
    path: '/api/faq/collisions',
    json: { id: 'x', questions: ['Câu hỏi thử?'] },
  }),
  'POST /faq/import': () => ({
    path: '/api/faq/import?mode=upsert&dryRun=true',
    body: 'id,questions\r\nmatrix-item,Câu hỏi?\r\n',
    contentType: 'text/csv',
  }),
  'GET /faq/export': () => ({ path: '/api/faq/export?format=csv' }),
  'GET /faq/:id': () => ({ path: '/api/faq/double-item' }),
  'PUT /faq/:id': () => ({
    path: '/api/faq/double-item',
    method: 'PUT',
    json: { ...DRAFT, id: 'double-item', baseVersion: 1 },
  }),
  'POST /faq/:id/publish': () => ({ path: '/api/faq/double-item/publish', method: 'POST' }),
  'POST /faq/:id/unpublish': () => ({ path: '/api/faq/double-item/unpublish', method: 'POST' }),
  'GET /faq/:id/versions': () => ({ path: '/api/faq/double-item/versions' }),
  'POST /faq/:id/restore': () => ({ path: '/api/faq/double-item/restore', json: { version: 1 } }),
  'POST /test': () => ({
    path: '/api/test',
    json: { question: 'Mức đóng BHXH tự nguyện?', date: '2026-01-01' },
  }),
  'POST /test/all': () => ({ path: '/api/test/all', method: 'POST' }),
  'POST /chat': () => ({ path: '/api/chat', json: { conversationId: 'staff-1', text: 'Xin chào' } }),
  'POST /chat/feedback': () => ({
    path: '/api/chat/feedback',
    json: { conversationId: 'staff-1', value: 'down', turnId: 't-1' },
  }),
  'POST /documents': () => ({ path: '/api/documents', json: DOCUMENT }),
  'GET /documents': () => ({ path: '/api/documents' }),
  'POST /documents/reindex': () => ({ path: '/api/documents/reindex', method: 'POST' }),
  'GET /documents/:id': async () => ({ path: `/api/documents/${await indexedDocument()}` }),
  'POST /documents/:id/withdraw': async () => ({
    path: `/api/documents/${await indexedDocument()}/withdraw`,
    method: 'POST',
  }),
  'POST /documents/:id/supersede': async () => ({
    path: `/api/documents/${await indexedDocument()}/supersede`,
    json: DOCUMENT,
  }),
  'GET /index': () => ({ path: '/api/index' }),
  'GET /analytics/summary': () => ({ path: '/api/analytics/summary?channel=telegram' }),
  'GET /analytics/feedback': () => ({ path: '/api/analytics/feedback' }),
  'GET /turns': () => ({ path: '/api/turns?q=muc%20dong&feedback=none&limit=10' }),
  'GET /turns/export.csv': () => ({ path: '/api/turns/export.csv?path=fallback' }),
  'GET /chats/:chat/turns': () => ({ path: '/api/chats/matrix-chat-1/turns' }),
  'POST /chats/:chat/turns/:turn/notes': async () => {
    const { turnIds } = await gapTurns(freshWords());
    const chat = `matrix-chat-${userCounter}`;
    return {
      path: `/api/chats/${chat}/turns/${turnIds[0]}/notes`,
      json: { addTags: ['ma-trận'], reviewed: true },
    };
  },
  'GET /gaps': () => ({ path: '/api/gaps' }),
  'POST /gaps/:key/draft': async () => {
    const { keys } = await gapTurns(freshWords());
    return { path: `/api/gaps/${keys[0]}/draft`, json: {} };
  },
  'POST /gaps/:key/variants': async () => {
    const { keys } = await gapTurns(freshWords());
    return { path: `/api/gaps/${keys[0]}/variants`, json: { faqId: 'double-item' } };
  },
  'POST /gaps/:key/ignore': async () => {
    const { keys } = await gapTurns(freshWords());
    return { path: `/api/gaps/${keys[0]}/ignore`, json: { reason: 'lời chào' } };
  },
  'POST /gaps/:key/unignore': async () => {
    const { keys } = await gapTurns(freshWords());
    return { path: `/api/gaps/${keys[0]}/unignore`, method: 'POST' };
  },
  'POST /gaps/:key/merge': async () => {
    const { keys } = await gapTurns(freshWords(), freshWords());
    return { path: `/api/gaps/${keys[0]}/merge`, json: { into: keys[1] } };
  },
  'POST /gaps/:key/split': async () => {
    const words = freshWords();
    const { turnIds, keys } = await gapTurns(words, `${words} ${freshSyllable()}`);
    expect(keys[0]).toBe(keys[1]);
    return { path: `/api/gaps/${keys[0]}/split`, json: { members: [turnIds[1]] } };
  },
  'GET /suggestions': () => ({ path: '/api/suggestions' }),
  'POST /suggestions': () => ({
    path: '/api/suggestions',
    json: { source: 'matrix-chat-1/t1', title: 'Câu trả lời chưa rõ', evidence: ['câu hỏi'] },
  }),
  'POST /suggestions/:id/status': async () => {
    const admin = cookies.get('admin') as string;
    const created = await h.request('/api/suggestions', {
      json: { source: 'x', title: 'Đề xuất của ma trận' },
      cookie: admin,
    });
    const { id } = (await created.json()) as { id: string };
    return { path: `/api/suggestions/${id}/status`, json: { status: 'in-progress' } };
  },
  'GET /audit': () => ({ path: '/api/audit?month=2026-11' }),
  'GET /users': () => ({ path: '/api/users' }),
  'POST /users': () => ({
    path: '/api/users',
    json: { email: `matrix-${++userCounter}@example.org`, role: 'analyst' },
  }),
};

const CALLERS = ['anonymous', 'analyst', 'editor', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

let h: ConsoleHarness;
let cognito: FakeCognito | undefined;
let refreshCookie = '';
const cookies = new Map<Caller, string>();

/** A Cognito sign-in of a new invited user, stopped at NEW_PASSWORD_REQUIRED: its cookie. */
async function pendingNewPassword(): Promise<string> {
  const email = `matrix-invited-${++userCounter}@example.org`;
  (cognito as FakeCognito).addUser(email, { groups: ['analyst'], password: PASSWORD, temporary: true });
  const started = await h.request('/api/auth/login', { json: { email, password: PASSWORD } });
  expect(await started.json()).toEqual({ next: 'new-password' });
  return cookiesFrom(started.headers.getSetCookie());
}

function expected(route: (typeof CONSOLE_ROUTES)[number], caller: Caller): 'ok' | 401 | 403 {
  if (route.roles === 'public') return 'ok';
  if (caller === 'anonymous') return 401;
  return (route.roles as readonly Role[]).includes(caller) ? 'ok' : 403;
}

describe.each(['local', 'cognito'] as const)('route × role matrix (%s sign-in)', (mode) => {
  beforeAll(async () => {
    cookies.clear();
    cognito = mode === 'cognito' ? await startFakeCognito() : undefined;
    h = await startConsoleHarness(cognito ? { cognito } : {});
    await h.addUser('matrix-login@example.org', 'analyst');
    for (const role of ['analyst', 'editor', 'admin'] as const) {
      await h.addUser(`${role}@example.org`, role);
      cookies.set(role, await h.login(`${role}@example.org`));
    }
    if (cognito) {
      // A refresh token of its own, for the refresh route's sample.
      await h.addUser('matrix-refresh@example.org', 'analyst');
      const started = await h.request('/api/auth/login', {
        json: { email: 'matrix-refresh@example.org', password: PASSWORD },
      });
      cognito.advance(30);
      const secret = cognito.user('matrix-refresh@example.org')?.mfaSecret as string;
      const signedIn = await h.request('/api/auth/challenge', {
        json: { answer: cognito.code(secret) },
        cookie: cookiesFrom(started.headers.getSetCookie()),
      });
      refreshCookie = cookiesFrom(signedIn.headers.getSetCookie())
        .split('; ')
        .filter((pair) => pair.startsWith('console_refresh='))
        .join('; ');
      expect(refreshCookie).toMatch(/^console_refresh=./);
    }
  });

  afterAll(async () => {
    await h?.close();
    await cognito?.close();
  });

  const cells = CONSOLE_ROUTES.flatMap((route) =>
    CALLERS.map((caller) => ({ route, caller, name: `${routeKey(route)} as ${caller}` })),
  );

  it.each(cells)('$name', async ({ route, caller }) => {
    const key = routeKey(route) as ConsoleRouteKey;
    const { path, extraCookie, ...init } = await SAMPLES[key](mode);
    const cookie = [cookies.get(caller), extraCookie].filter(Boolean).join('; ');
    const response = await h.request(path, { method: route.method, ...init, ...(cookie ? { cookie } : {}) });
    const unavailable = UNAVAILABLE[mode]?.[key];
    const want = unavailable ?? expected(route, caller);
    const body = await response.text();
    if (want === 'ok') expect(response.status, body).toBeGreaterThanOrEqual(200);
    if (want === 'ok') expect(response.status, body).toBeLessThan(300);
    else expect(response.status, body).toBe(want);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('every route the app serves is in the table (nothing escapes the role check)', () => {
    const served = h.app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`);
    const declared = CONSOLE_ROUTES.map((route) => `${route.method} /api${route.path}`);
    // Two entries per route (its guard, then its handler), and no other.
    expect(new Set(served)).toEqual(new Set(declared));
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('fixed paths win over parameters: /faq/export is the export, not the item "export"', async () => {
    const response = await h.request('/api/faq/export?format=json', {
      cookie: cookies.get('editor') as string,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="faq.json"');
    // Cognito's access token names the user by its UUID (the harness sends no name cookie).
    const name = cognito ? cognito.user('editor@example.org')?.username : 'editor@example.org';
    expect(h.faq.last('exportItems')?.args).toEqual(['json', { email: name, roles: ['editor'] }]);
  });
});

it('every route admits admin, and admin-only routes admit nobody else', () => {
  for (const route of CONSOLE_ROUTES) {
    if (route.roles === 'public') continue;
    expect(route.roles).toContain('admin');
  }
  const adminOnly = CONSOLE_ROUTES.filter((route) => route.roles !== 'public' && route.roles.length === 1);
  expect(adminOnly.map(routeKey).sort()).toEqual(['GET /audit', 'GET /users', 'POST /users']);
});
