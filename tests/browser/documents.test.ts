/**
 * The Văn bản screen in Debian's chromium against the real `npm start` server: an editor sees
 * which index version the bot serves, uploads a text file with its metadata (progress bar,
 * then the status polled until indexed), opens it and sees the passages as the bot will quote
 * them, identifiers redacted and a script shown as text; a corrupt PDF fails with its reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../functions/composition/local/server.js';
import { REASONS } from '../../functions/core/knowledge/documents.js';
import { buildWeb } from '../../scripts/build-web.js';
import { addEditor } from '../support/documents.js';
import { signInPage } from './console-server.js';
import { launchBrowser } from './launch.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-documents-browser-'));
const webDir = join(dataDir, 'web');
const PASSWORD = 'mat-khau-bien-tap-2026';
const XSS = '<img src=x onerror="window.__xss=1">';

let server: LocalServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await buildWeb({ outDir: webDir });
  server = await startLocalServer({
    port: 0,
    inMemory: true,
    webRoot: webDir,
    log: () => {},
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'error', TELEGRAM_BOT_TOKEN: '', ZALO_APP_ID: '' },
  });
  await addEditor(server.data.clients, server.data.config.tables.state, 'bien-tap@example.vn', PASSWORD);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const signInAs = (page: Page, email: string) => signInPage(page, server?.url ?? '', email, PASSWORD);

async function upload(page: Page, file: string, title: string): Promise<void> {
  await page.getByTestId('document-file').setInputFiles(file);
  await page.getByTestId('document-title').fill(title);
  await page.getByTestId('document-issued').fill('2026-10-15');
  await page.getByTestId('document-submit').click();
  await page.getByTestId('upload-result').waitFor({ timeout: 30_000 });
}

describe('Văn bản', () => {
  it('an editor uploads a document, sees it indexed and its passages as the bot quotes them', async () => {
    if (!browser) return;
    const page = await browser.newPage({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInAs(page, 'bien-tap@example.vn');
    await page.goto(`${server?.url}/#/documents`);
    await expect.poll(() => page.getByTestId('served-index').textContent()).toContain('chỉ mục v1');

    const text = join(dataDir, 'thong-bao.txt');
    writeFileSync(
      text,
      `Điều 1. Giờ tiếp dân\n\nBộ phận tiếp dân ở đặc khu Cồn Cỏ làm việc sáng thứ Bảy. ${XSS} Liên hệ số 0912345678.\n`,
    );
    await upload(page, text, 'Thông báo giờ tiếp dân Cồn Cỏ');
    expect(await page.getByTestId('upload-result').textContent()).toContain('Đã lập chỉ mục');
    await expect.poll(() => page.getByTestId('served-index').textContent()).toContain('chỉ mục v2');

    await page.getByRole('link', { name: 'Thông báo giờ tiếp dân Cồn Cỏ' }).click();
    const passages = page.getByTestId('document-passages');
    await passages.waitFor();
    const quoted = (await passages.textContent()) ?? '';
    expect(quoted).toContain('Điều 1. Giờ tiếp dân');
    expect(quoted).toContain('làm việc sáng thứ Bảy');
    expect(quoted).toContain('<img src=x');
    expect(quoted).not.toContain('0912345678');
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a PDF that is not one fails with its reason in the list', async () => {
    if (!browser) return;
    const page = await browser.newPage({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await signInAs(page, 'bien-tap@example.vn');
    await page.goto(`${server?.url}/#/documents`);
    const pdf = join(dataDir, 'hong.pdf');
    writeFileSync(pdf, 'not a pdf at all');
    await upload(page, pdf, 'Tệp hỏng');
    expect(await page.getByTestId('upload-result').textContent()).toContain(REASONS.corrupt);
    await expect.poll(() => page.getByTestId('document-table').textContent()).toContain(REASONS.corrupt);
  });
});
