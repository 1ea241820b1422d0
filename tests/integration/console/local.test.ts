/**
 * The console under `npm start`: createLocalConsole (the local IdP's key under DATA_DIR/auth,
 * the first admin, the loopback guard) and `npm run users:add` (runUsersAdd with a password
 * on standard input).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../../functions/adapters/auth/password.js';
import { SESSION_COOKIE } from '../../../functions/adapters/console/api.js';
import { DynamoUserStore } from '../../../functions/adapters/dynamodb/user-store.js';
import { runUsersAdd } from '../../../functions/composition/cli/users-add.js';
import {
  createLocalConsole,
  LocalAuthNotAllowedError,
  type LocalConsoleOptions,
} from '../../../functions/composition/local/console-api.js';
import { loadConfig } from '../../../functions/shared/config.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { silentLogger } from '../../../functions/shared/logger.js';
import { v2Event } from '../../support/console.js';
import {
  AuditLogDouble,
  assistantDoubles,
  emptyAnalystWorkspace,
  FaqAdminDouble,
} from '../../support/console-doubles.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

let dynamo: TestDynamo;
let dataDir: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  dataDir = await mkdtemp(join(tmpdir(), 'console-local-'));
});

afterAll(async () => {
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function options(env: Record<string, string> = {}, host = '127.0.0.1'): LocalConsoleOptions {
  const config = loadConfig({ RUNTIME: 'local', DATA_DIR: dataDir, ...dynamo.env, ...env });
  const assistant = assistantDoubles();
  return {
    config,
    clients: dynamo.clients,
    clock: { now: () => new Date() },
    logger: silentLogger,
    hash: createHasher('k'),
    host,
    port: 3000,
    useCases: {
      faq: new FaqAdminDouble(),
      audit: new AuditLogDouble(),
      ask: assistant.ask,
      testAll: assistant.testAll,
      chat: assistant.chat,
      feedback: assistant.feedback,
      analyst: emptyAnalystWorkspace(),
    },
  };
}

function output(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('createLocalConsole', () => {
  it('refuses a non-loopback host unless LOCAL_AUTH_ALLOW_REMOTE=1', async () => {
    await expect(createLocalConsole(options({}, '0.0.0.0'))).rejects.toBeInstanceOf(LocalAuthNotAllowedError);
    await expect(createLocalConsole(options({}, '192.168.1.20'))).rejects.toThrow(/LOCAL_AUTH_ALLOW_REMOTE/);
    const allowed = await createLocalConsole(options({ LOCAL_AUTH_ALLOW_REMOTE: '1' }, '0.0.0.0'));
    expect(allowed.handler).toBeTypeOf('function');
  });

  it('keeps its key 0600 under DATA_DIR/auth and the first admin once; a restart accepts earlier tokens', async () => {
    const first = await createLocalConsole(options());
    // The first test created the admin already (first start); no second password is printed.
    expect(first.firstAdmin).toBeUndefined();
    const key = await stat(join(dataDir, 'auth', 'ed25519-private-key.pem'));
    expect(key.mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'auth'))).mode & 0o077).toBe(0);

    const { token } = await first.idp.issue({
      subject: 's',
      email: 'admin@localhost',
      roles: ['admin'],
      mustChangePassword: false,
    });
    const restarted = await createLocalConsole(options());
    const me = await restarted.handler(
      v2Event({ path: '/api/auth/me', cookies: [`${SESSION_COOKIE}=${token}`] }),
    );
    expect(me.statusCode).toBe(200);
    expect(restarted.idp.jwks).toEqual(first.idp.jwks);
  });

  it('creates admin@localhost on the very first start, signs in with its printed password through the v2 handler', async () => {
    const fresh = await startTestDynamo();
    try {
      const base = options();
      const local = await createLocalConsole({
        ...base,
        config: loadConfig({ RUNTIME: 'local', DATA_DIR: dataDir, ...fresh.env }),
        clients: fresh.clients,
      });
      expect(local.firstAdmin?.email).toBe('admin@localhost');
      const login = await local.handler(
        v2Event({
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000' },
          body: JSON.stringify(local.firstAdmin),
        }),
      );
      expect(login.statusCode).toBe(200);
      expect(JSON.parse(login.body ?? '')).toMatchObject({ mustChangePassword: true });
      const cookie = (login.cookies?.[0] ?? '').split(';')[0] as string;
      const users = await local.handler(v2Event({ path: '/api/users', headers: { cookie } }));
      expect(users.statusCode).toBe(403);
      expect(JSON.parse(users.body ?? '')).toEqual({ error: 'password change required' });
    } finally {
      await fresh.close();
    }
  });
});

describe('npm run users:add', () => {
  const users = () => new DynamoUserStore(dynamo.clients.doc, dynamo.tables.state);

  it('adds a user with the password read from standard input', async () => {
    const stdout = output();
    const stderr = output();
    const code = await runUsersAdd(['--', '--email', 'Lan@Example.org', '--role', 'editor'], {
      stdin: Readable.from(['mật khẩu thật dài\n', 'ignored second line\n']),
      stdout: stdout.stream,
      stderr: stderr.stream,
      users: users(),
    });
    expect(code, stderr.text()).toBe(0);
    expect(stdout.text()).toContain('added lan@example.org as editor');
    const stored = await users().get('lan@example.org');
    expect(stored).toMatchObject({ role: 'editor', mustChangePassword: false, createdBy: 'cli:users-add' });
    expect(await new ScryptPasswordHasher().verify('mật khẩu thật dài', stored?.passwordHash ?? '')).toBe(
      true,
    );
    expect(stdout.text() + stderr.text()).not.toContain('mật khẩu thật dài');
  });

  it('refuses a password under 12 characters, an empty input, a bad role, an existing user', async () => {
    const run = async (argv: string[], input: string[]) => {
      const stderr = output();
      const code = await runUsersAdd(argv, {
        stdin: Readable.from(input),
        stdout: output().stream,
        stderr: stderr.stream,
        users: users(),
      });
      return { code, err: stderr.text() };
    };
    const short = await run(['--email', 'a@example.org', '--role', 'analyst'], ['short pass\n']);
    expect(short).toMatchObject({ code: 1, err: expect.stringContaining('at least 12') });
    expect(await users().get('a@example.org')).toBeUndefined();
    expect((await run(['--email', 'a@example.org', '--role', 'analyst'], [])).code).toBe(1);
    const role = await run(['--email', 'a@example.org', '--role', 'owner'], ['long enough password\n']);
    expect(role).toMatchObject({ code: 2, err: expect.stringContaining('usage') });
    expect((await run(['--role', 'admin'], ['long enough password\n'])).code).toBe(2);
    const exists = await run(['--email', 'lan@example.org', '--role', 'admin'], ['long enough password\n']);
    expect(exists).toMatchObject({ code: 1, err: expect.stringContaining('exists') });
    expect((await users().get('lan@example.org'))?.role).toBe('editor');
  });
});
