/**
 * The sign-in page's steps after the password, as the AWS console shows them, in Debian's
 * chromium under the console's CSP. The API is mocked at the browser (page.route) with the
 * bodies the console API sends (tests/integration/console/cognito-sign-in.test.ts checks
 * the server side of the same steps against a fake Cognito): `{next: 'new-password'}`,
 * `{next: 'mfa-setup', otpauthUri}`, `{next: 'mfa-code'}`, 401 `{error: 'wrong code'}`,
 * 401 `{restart: true}`. Also: a 401 from an expired access token is refreshed once
 * (POST /api/auth/refresh) and the call repeated, without the "session expired" dialog.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { launchBrowser } from './launch.js';
import { type StaticServer, serveStatic } from './static-server.js';

const outDir = mkdtempSync(join(tmpdir(), 'bhxh-login-steps-'));
let server: StaticServer;
let browser: Browser | undefined;

const URI =
  'otpauth://totp/BHXH%20console:nga%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=BHXH%20console&algorithm=SHA1&digits=6&period=30';
const ME = {
  email: 'nga@example.org',
  roles: ['editor'],
  mustChangePassword: false,
  expiresAt: '2026-12-01T12:00:00.000Z',
};

beforeAll(async () => {
  await buildWeb({ outDir });
  server = await serveStatic(outDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

type Reply = { status?: number; body: unknown };

/** Mocks /api/*: `answers` by "METHOD /path" (a list is used in order, the last one repeats). */
async function mockApi(page: Page, answers: Record<string, Reply | Reply[]>) {
  const calls: Array<{ key: string; body: unknown }> = [];
  await page.route('**/api/**', async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const key = `${request.method()} ${url.pathname}`;
    const posted = request.postData();
    calls.push({ key, body: posted ? JSON.parse(posted) : undefined });
    const entry = answers[key];
    const reply = Array.isArray(entry) ? (entry.length > 1 ? entry.shift() : entry[0]) : entry;
    // Every other call of the signed-in shell: an empty list.
    const { status = 200, body } = reply ?? { body: [] };
    await route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  });
  return calls;
}

async function open(answers: Record<string, Reply | Reply[]>) {
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage({ locale: 'vi-VN' });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const calls = await mockApi(page, answers);
  await page.goto(server.url);
  return { page, calls, problems };
}

async function password(page: Page) {
  await page.getByTestId('login-email').fill('nga@example.org');
  await page.getByTestId('login-password').fill('Tạm-thời-123!');
  await page.getByTestId('login-submit').click();
}

describe('sign-in steps after the password (Cognito)', () => {
  it('first sign-in: new password twice, then the authenticator set-up as text, then signed in', async (context) => {
    if (!browser) return context.skip();
    const { page, calls, problems } = await open({
      'GET /api/auth/me': [{ status: 401, body: { error: 'sign-in required' } }, { body: ME }],
      'POST /api/auth/refresh': { status: 401, body: { error: 'sign-in required' } },
      'POST /api/auth/login': { body: { next: 'new-password' } },
      'POST /api/auth/challenge': [
        { body: { next: 'mfa-setup', otpauthUri: URI } },
        { status: 401, body: { error: 'wrong code' } },
        { body: ME },
      ],
    });
    await password(page);
    await page.getByTestId('login-new-password').waitFor();
    expect(await page.getByRole('heading', { name: 'Đặt mật khẩu mới' }).count()).toBe(1);

    // Checked in the page first: too short, then not the same twice.
    await page.getByTestId('login-new-password').fill('Ngắn-1!');
    await page.getByTestId('login-new-password-repeat').fill('Ngắn-1!');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('ít nhất 12 ký tự');
    await page.getByTestId('login-new-password').fill('Mật khẩu MỚI 2026!');
    await page.getByTestId('login-new-password-repeat').fill('Mật khẩu MỚI 2026?');
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('Hai mật khẩu mới không giống nhau.');
    await page.getByTestId('login-new-password-repeat').fill('Mật khẩu MỚI 2026!');
    await page.getByTestId('login-submit').click();

    // The set-up: the key in groups of four and the whole URI, as text to copy.
    await page.getByTestId('login-setup-uri').waitFor();
    expect(await page.getByTestId('login-setup-uri').textContent()).toBe(URI);
    expect(await page.getByTestId('login-setup-key').textContent()).toBe(
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
    );
    await page.getByTestId('login-code').fill('12345');
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('Mã xác thực gồm đúng 6 chữ số.');
    await page.getByTestId('login-code').fill('123456');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('không đúng');
    // The set-up stays on screen for another try.
    expect(await page.getByTestId('login-setup-uri').count()).toBe(1);
    await page.getByTestId('login-code').fill('654321');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('role-badge').waitFor();

    const challenges = calls.filter((c) => c.key === 'POST /api/auth/challenge').map((c) => c.body);
    expect(challenges).toEqual([
      { answer: 'Mật khẩu MỚI 2026!' },
      { answer: '123456' },
      { answer: '654321' },
    ]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('later sign-in: the 6-digit code; a sign-in that timed out goes back to email and password', async (context) => {
    if (!browser) return context.skip();
    const { page, problems } = await open({
      'GET /api/auth/me': [{ status: 401, body: { error: 'sign-in required' } }, { body: ME }],
      'POST /api/auth/refresh': { status: 401, body: { error: 'sign-in required' } },
      'POST /api/auth/login': { body: { next: 'mfa-code' } },
      'POST /api/auth/challenge': [
        { status: 401, body: { error: 'sign-in expired: start again', restart: true } },
        { body: ME },
      ],
    });
    await password(page);
    await page.getByTestId('login-code').waitFor();
    expect(await page.getByRole('heading', { name: 'Xác thực hai bước' }).count()).toBe(1);
    await page.getByTestId('login-code').fill('111111');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-info').textContent()).toContain('hết hạn');
    // Back at the start, the email still typed.
    expect(await page.getByTestId('login-email').inputValue()).toBe('nga@example.org');
    await page.getByTestId('login-password').fill('Mật-khẩu-Đủ-dài-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-code').fill('222222');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('role-badge').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renews an expired access token through /api/auth/refresh and repeats the call, no dialog', async (context) => {
    if (!browser) return context.skip();
    const { page, calls, problems } = await open({
      // The page loads after the access token's cookie expired: refresh, then "who am I" again.
      'GET /api/auth/me': [{ status: 401, body: { error: 'sign-in required' } }, { body: ME }],
      'POST /api/auth/refresh': { body: ME },
    });
    await page.getByTestId('role-badge').waitFor();
    expect(calls.slice(0, 3).map((c) => c.key)).toEqual([
      'GET /api/auth/me',
      'POST /api/auth/refresh',
      'GET /api/auth/me',
    ]);
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
