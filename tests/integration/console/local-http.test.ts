/**
 * The console API behind a real Node HTTP server, wired the way the local server will wire
 * it: every `/api/*` request → toApiGatewayEvent → the console handler → writeResult. This is
 * what a browser talks to under `npm start`: Set-Cookie from `result.cookies`, the Cookie
 * header back in `headers.cookie`.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../../functions/adapters/auth/password.js';
import { readBody, toApiGatewayEvent, writeResult } from '../../../functions/adapters/local/http-adapter.js';
import { createLocalConsole, type LocalConsole } from '../../../functions/composition/local/console-api.js';
import { loadConfig } from '../../../functions/shared/config.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { silentLogger } from '../../../functions/shared/logger.js';
import {
  AuditLogDouble,
  assistantDoubles,
  emptyAnalystWorkspace,
  FaqAdminDouble,
} from '../../support/console-doubles.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
let server: Server;
let base: string;
let local: LocalConsole;
let dataDir: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  dataDir = await mkdtemp(join(tmpdir(), 'console-http-'));
  const assistant = assistantDoubles();
  local = await createLocalConsole({
    config: loadConfig({ RUNTIME: 'local', DATA_DIR: dataDir, ...dynamo.env }),
    clients: dynamo.clients,
    clock: { now: () => new Date() },
    logger: silentLogger,
    hash: createHasher('k'),
    host: '127.0.0.1',
    port: 0,
    passwords: new ScryptPasswordHasher({ log2N: 12, r: 8, p: 1 }),
    useCases: {
      faq: new FaqAdminDouble(),
      audit: new AuditLogDouble(),
      ask: assistant.ask,
      testAll: assistant.testAll,
      chat: assistant.chat,
      feedback: assistant.feedback,
      analyst: emptyAnalystWorkspace(),
    },
  });
  server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/api/')) {
      response.statusCode = 404;
      response.end();
      return;
    }
    const event = toApiGatewayEvent(request, await readBody(request), `${request.method} /api/{proxy+}`);
    writeResult(response, await local.handler(event));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server?.close(() => done()));
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('signs in over HTTP, changes the first admin password, uses the cookie, signs out', async () => {
  const admin = local.firstAdmin;
  if (!admin) throw new Error('first admin expected');
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: base,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    });

  const login = await post('/api/auth/login', admin);
  expect(login.status).toBe(200);
  const setCookie = login.headers.getSetCookie();
  expect(setCookie).toHaveLength(1);
  expect(setCookie[0]).toMatch(/^console_session=[^;]+; Max-Age=\d+; Path=\/api; HttpOnly; SameSite=Strict$/);
  const cookie = (setCookie[0] as string).split(';')[0] as string;

  expect((await fetch(`${base}/api/faq`, { headers: { cookie } })).status).toBe(403);
  const changed = await post(
    '/api/auth/password',
    { currentPassword: admin.password, newPassword: 'mật khẩu quản trị mới' },
    cookie,
  );
  expect(changed.status).toBe(200);
  const fresh = (changed.headers.getSetCookie()[0] as string).split(';')[0] as string;

  const faq = await fetch(`${base}/api/faq?q=h%E1%BB%97%20tr%E1%BB%A3`, { headers: { cookie: fresh } });
  expect(faq.status).toBe(200);
  expect(faq.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

  const foreign = await fetch(`${base}/api/auth/logout`, {
    method: 'POST',
    headers: { cookie: fresh, origin: 'http://evil.example' },
  });
  expect(foreign.status).toBe(403);
  const logout = await fetch(`${base}/api/auth/logout`, {
    method: 'POST',
    headers: { cookie: fresh, origin: base },
  });
  expect(logout.status).toBe(200);
  expect(logout.headers.getSetCookie()[0]).toMatch(/^console_session=; Max-Age=0/);

  const missing = await fetch(`${base}/api/nothing-here`, { headers: { cookie: fresh } });
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ error: 'not found' });
});
