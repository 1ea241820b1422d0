/**
 * The console as staff use it, in Debian's chromium against the real `npm start` server
 * (embedded DynamoDB, the local queue and worker, the local sign-in): an editor creates an
 * item, publishes it and asks it in the web chat, which answers with its citation through the
 * same pipeline as Telegram and Zalo; an analyst reads the item without edit controls and gets
 * 403 from the API; a script in a question variant is shown as text. Screenshots of each step
 * are written to $CONSOLE_SCREENSHOTS (default: a temporary folder, printed).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, signInPage, startConsoleServer } from './console-server.js';
import { launchBrowser } from './launch.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-console-flow-'));
const webDir = join(dataDir, 'web');
const shots = process.env.CONSOLE_SCREENSHOTS ?? join(dataDir, 'screenshots');
const XSS = '<img src=x onerror="window.__xss=1">Ba Đình có mở cửa thứ bảy không';
const ITEM = 'lich-lam-viec-ba-dinh';
const PASSWORDS = { editor: 'mat-khau-bien-tap-2026', analyst: 'mat-khau-phan-tich-2026' };

let console_: ConsoleServer | undefined;
let browser: Browser | undefined;

const call: ConsoleServer['call'] = (path, init) => (console_ as ConsoleServer).call(path, init);
const signIn = (email: string, password: string) => (console_ as ConsoleServer).signIn(email, password);

const signInAs = (page: Page, email: string, password: string) =>
  signInPage(page, console_?.server.url ?? '', email, password);

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  mkdirSync(shots, { recursive: true });
  console_ = await startConsoleServer({
    dataDir,
    webDir,
    // The worker re-reads published items on every message here; the default is 60 s.
    env: { AS_OF_DATE: '2026-11-23', FAQ_CACHE_SECONDS: '0' },
  });
  await console_.addUser('bien-tap@example.vn', 'editor', PASSWORDS.editor);
  await console_.addUser('phan-tich@example.vn', 'analyst', PASSWORDS.analyst);
  console.log(`[browser] screenshots: ${shots}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await console_?.server.close();
  if (!process.env.CONSOLE_SCREENSHOTS) rmSync(dataDir, { recursive: true, force: true });
});

describe('the console with the real API', () => {
  it('an editor creates an item, publishes it, and the web chat answers it with its citation', async () => {
    if (!browser) return;
    const page = await browser.newPage({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInAs(page, 'bien-tap@example.vn', PASSWORDS.editor);
    await page.getByTestId('faq-table').waitFor();
    await page.screenshot({ path: join(shots, '1-danh-sach.png') });

    await page.getByTestId('faq-new').click();
    await page.getByTestId('faq-id').fill(ITEM);
    await page
      .getByTestId('faq-question')
      .first()
      .fill('Bộ phận một cửa BHXH quận Ba Đình có làm việc thứ bảy không?');
    await page.getByTestId('faq-add-question').click();
    await page.getByTestId('faq-question').nth(1).fill(XSS);
    await page
      .getByTestId('faq-answer')
      .fill('Bộ phận một cửa BHXH quận Ba Đình làm việc sáng thứ bảy, từ 7 giờ 30 đến 11 giờ 30.');
    await page.getByTestId('faq-citation-document').first().fill('Thông báo lịch làm việc BHXH quận Ba Đình');
    await page.getByTestId('faq-citation-date').first().fill('01/11/2026');
    await page.getByTestId('faq-effective-from').fill('01/11/2026');
    await page.getByTestId('faq-save').click();
    await page.getByTestId('editor-notice').waitFor();
    await page.getByTestId('faq-publish').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-ok').click();
    await expect
      .poll(
        async () =>
          (await (
            await call(`/api/faq/${ITEM}`, { cookie: await signIn('bien-tap@example.vn', PASSWORDS.editor) })
          ).json()) as { status?: string },
      )
      .toMatchObject({ status: 'published' });
    await page.screenshot({ path: join(shots, '2-xuat-ban.png') });

    await page.getByRole('link', { name: 'Thử hỏi' }).click();
    await page.getByTestId('chat-input').fill('ba dinh co lam viec thu bay khong');
    await page.getByTestId('chat-send').click();
    const reply = page.getByTestId('chat-reply').last();
    await reply.waitFor({ timeout: 30_000 });
    expect(await reply.innerText()).toContain('sáng thứ bảy');
    await reply.locator('summary').click();
    expect(await reply.innerText()).toContain('Thông báo lịch làm việc BHXH quận Ba Đình');
    await page.screenshot({ path: join(shots, '3-thu-hoi.png') });

    // The variant with markup is text in the editor; nothing ran.
    await page.goto(`${console_?.server.url}/#/faq/edit/${ITEM}`);
    await page.getByTestId('faq-question').nth(1).waitFor();
    expect(await page.getByTestId('faq-question').nth(1).inputValue()).toBe(XSS);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('keeps the editor text when the session expires, and saves it after signing in again', async () => {
    if (!browser) return;
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, 'bien-tap@example.vn', PASSWORDS.editor);
    await page.goto(`${console_?.server.url}/#/faq/edit/${ITEM}`);
    const answer = page.getByTestId('faq-answer');
    await answer.waitFor();
    const edited = 'Bộ phận một cửa BHXH quận Ba Đình làm việc sáng thứ bảy, từ 7 giờ 30 đến 11 giờ.';
    await answer.fill(edited);
    // The session ends (cookie gone, as when the token expires); the save is refused with 401.
    await context.clearCookies();
    await page.getByTestId('faq-save').click();
    const dialog = page.getByTestId('session-expired');
    await dialog.waitFor();
    await page.screenshot({ path: join(shots, '5-het-phien.png') });
    await dialog.getByTestId('login-email').fill('bien-tap@example.vn');
    await dialog.getByTestId('login-password').fill(PASSWORDS.editor);
    await dialog.getByTestId('login-submit').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('faq-answer').inputValue()).toBe(edited);
    await page.getByTestId('faq-save').click();
    await page.getByTestId('editor-notice').waitFor();
    const editor = await signIn('bien-tap@example.vn', PASSWORDS.editor);
    const saved = (await (await call(`/api/faq/${ITEM}`, { cookie: editor })).json()) as { answer: string };
    expect(saved.answer).toBe(edited);
    await context.close();
  }, 60_000);

  it('shows a script typed into a variant as text in the list, never as markup', async () => {
    if (!browser) return;
    const page = await browser.newPage();
    await signInAs(page, 'phan-tich@example.vn', PASSWORDS.analyst);
    await page.goto(`${console_?.server.url}/#/faq/edit/${ITEM}`);
    await page.getByTestId('faq-view').waitFor();
    expect(await page.getByTestId('faq-view').innerText()).toContain('<img src=x onerror=');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  }, 60_000);

  it('an analyst reads the item with no edit controls, and the API refuses an edit with 403', async () => {
    if (!browser) return;
    const page = await browser.newPage();
    await signInAs(page, 'phan-tich@example.vn', PASSWORDS.analyst);
    expect(await page.getByTestId('role-badge').getAttribute('data-role')).toBe('analyst');
    await page.goto(`${console_?.server.url}/#/faq/edit/${ITEM}`);
    await page.getByTestId('read-only-notice').waitFor();
    for (const control of ['faq-save', 'faq-publish', 'faq-unpublish', 'faq-new'])
      expect(await page.getByTestId(control).count()).toBe(0);
    expect(await page.locator('input, textarea').count()).toBe(0);
    await page.screenshot({ path: join(shots, '4-phan-tich.png') });
    // The same request the editor's page makes, from the analyst's signed-in page.
    const status = await page.evaluate(async (id) => {
      const response = await fetch(`/api/faq/${id}/unpublish`, { method: 'POST' });
      return response.status;
    }, ITEM);
    expect(status).toBe(403);
    await page.close();
  }, 60_000);
});
