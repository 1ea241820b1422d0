/**
 * The real `npm start` server for browser tests (embedded DynamoDB in memory, the console
 * built into a temporary folder), with its first admin signed in and a known password, and
 * the calls a test makes to its API from outside the browser.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type LocalServer, startLocalServer } from '../../functions/composition/local/server.js';
import { buildWeb } from '../../scripts/build-web.js';

export interface ConsoleServer {
  readonly server: LocalServer;
  /** The admin's session cookie (`console_session=…`). */
  readonly admin: string;
  call(path: string, init?: { method?: string; cookie?: string; json?: unknown }): Promise<Response>;
  /** Signs in through the API: the session cookie. */
  signIn(email: string, password: string): Promise<string>;
  /** A user the admin adds, with the one-time password changed to a known one (as at first sign-in). */
  addUser(email: string, role: 'editor' | 'analyst', password: string): Promise<void>;
}

/** Signs in through the console's own form, and waits until the role is shown. */
export async function signInPage(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('role-badge').waitFor();
}

export async function startConsoleServer(options: {
  readonly dataDir: string;
  readonly webDir: string;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ConsoleServer> {
  await buildWeb({ outDir: options.webDir });
  let firstAdmin: { email: string; password: string } | undefined;
  const server = await startLocalServer({
    port: 0,
    inMemory: true,
    webRoot: options.webDir,
    env: {
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'error',
      TELEGRAM_BOT_TOKEN: '',
      ZALO_APP_ID: '',
      ...options.env,
    },
    log: (line) => {
      const match = /first sign-in as (\S+) with the one-time password (\S+)/.exec(line);
      if (match?.[1] && match[2]) firstAdmin = { email: match[1], password: match[2] };
    },
  });
  if (!firstAdmin) throw new Error('npm start did not print the first admin password');
  const call: ConsoleServer['call'] = (path, init = {}) =>
    fetch(`${server.url}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        origin: server.url,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
  const signIn = async (email: string, password: string) => {
    const response = await call('/api/auth/login', { json: { email, password } });
    expect(response.status).toBe(200);
    return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const changePassword = async (cookie: string, currentPassword: string, newPassword: string) => {
    const changed = await call('/api/auth/password', { cookie, json: { currentPassword, newPassword } });
    expect(changed.status).toBe(200);
  };
  await changePassword(
    await signIn(firstAdmin.email, firstAdmin.password),
    firstAdmin.password,
    'mat-khau-quan-tri-2026',
  );
  // Until the one-time password is changed the session may do nothing else; sign in afresh.
  const admin = await signIn(firstAdmin.email, 'mat-khau-quan-tri-2026');
  return {
    server,
    admin,
    call,
    signIn,
    addUser: async (email, role, password) => {
      const added = await call('/api/users', { cookie: admin, json: { email, role } });
      expect(added.status).toBe(201);
      const { password: oneTime } = (await added.json()) as { password: string };
      await changePassword(await signIn(email, oneTime), oneTime, password);
    },
  };
}
