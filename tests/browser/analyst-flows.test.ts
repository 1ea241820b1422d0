/**
 * The analyst workspace in Debian's chromium against the real `npm start` server on a fresh
 * data directory (so with its three weeks of synthetic demo conversations): an analyst opens
 * the overview, clicks a bar of the daily chart and sees that day's turns, then creates a
 * draft FAQ from a cluster of unanswered questions; the analyst cannot edit it (no controls,
 * 403 from the API); an editor completes and publishes it; the cluster then shows its FAQ.
 * Screenshots go to $CONSOLE_SCREENSHOTS (default: a temporary folder, printed).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, signInPage, startConsoleServer } from './console-server.js';
import { launchBrowser } from './launch.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-analyst-flow-'));
const webDir = join(dataDir, 'web');
const shots = process.env.CONSOLE_SCREENSHOTS ?? join(dataDir, 'screenshots');
const USERS = {
  analyst: { email: 'phan-tich@example.vn', password: 'mat-khau-phan-tich-2026' },
  editor: { email: 'bien-tap@example.vn', password: 'mat-khau-bien-tap-2026' },
};

let console_: ConsoleServer | undefined;
let browser: Browser | undefined;

const call: ConsoleServer['call'] = (path, init) => (console_ as ConsoleServer).call(path, init);
const cookieOf = (email: string, password: string) => (console_ as ConsoleServer).signIn(email, password);

async function pageAs(user: { email: string; password: string }): Promise<Page> {
  const page = await (browser as Browser).newPage({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await signInPage(page, console_?.server.url ?? '', user.email, user.password);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  mkdirSync(shots, { recursive: true });
  console_ = await startConsoleServer({ dataDir, webDir, env: { FAQ_CACHE_SECONDS: '0' } });
  for (const [role, user] of Object.entries(USERS))
    await console_.addUser(user.email, role as 'analyst' | 'editor', user.password);
  console.log(`[browser] screenshots: ${shots}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await console_?.server.close();
  if (!process.env.CONSOLE_SCREENSHOTS) rmSync(dataDir, { recursive: true, force: true });
});

describe('the analyst workspace with the real API and the demo conversations', () => {
  it('overview → a bar → its turns; a cluster → a draft FAQ; the editor publishes it; the analyst cannot edit', async () => {
    if (!browser) return;
    const analyst = await pageAs(USERS.analyst);
    const errors: string[] = [];
    analyst.on('pageerror', (error) => errors.push(error.message));

    await analyst.getByRole('link', { name: 'Tổng quan' }).click();
    await analyst.getByTestId('tile-turns').waitFor();
    expect(await analyst.getByTestId('tile-turns').locator('.tile-value').innerText()).toMatch(/[1-9]/);
    await analyst.getByTestId('chart-bars').waitFor();
    await analyst.screenshot({ path: join(shots, 'a1-tong-quan.png'), fullPage: true });

    // The last bar (today is partial; take the one before), at its foot: the lowest band.
    const box = await analyst.getByTestId('chart-bars').boundingBox();
    if (!box) throw new Error('no chart');
    await analyst
      .getByTestId('chart-bars')
      .click({ position: { x: box.width * (5 / 7), y: box.height - 4 } });
    await analyst.getByTestId('turns').waitFor({ timeout: 10_000 });
    expect(analyst.url()).toMatch(/#\/turns\?/);
    const params = new URLSearchParams(new URL(analyst.url()).hash.split('?')[1]);
    const day = params.get('from');
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(params.get('to')).toBe(day);
    await analyst.getByTestId('turn-row').first().waitFor();
    const days = await analyst
      .getByTestId('turn-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-day')));
    expect(new Set(days)).toEqual(new Set([day]));
    const path = params.get('path');
    if (path) {
      const paths = await analyst
        .getByTestId('turn-row')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-path')));
      expect(new Set(paths)).toEqual(new Set([path]));
    }
    await analyst.screenshot({ path: join(shots, 'a2-hoi-thoai.png') });

    await analyst.getByRole('link', { name: 'Câu hỏi chưa trả lời' }).click();
    const card = analyst.getByTestId('gap-card').filter({ hasText: 'vssid' }).first();
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('new');
    await card.getByTestId('gap-draft').click();
    const message = await analyst.getByTestId('gap-message').innerText();
    const faqId = /de-xuat-g[0-9a-f]{12}/.exec(message)?.[0];
    expect(faqId).toBeDefined();
    await analyst.screenshot({ path: join(shots, 'a3-cau-hoi-chua-tra-loi.png') });

    // The analyst reads the draft but has no edit controls, and the API refuses an edit.
    await analyst.goto(`${console_?.server.url}/#/faq/edit/${faqId}`);
    await analyst.getByTestId('read-only-notice').waitFor();
    await analyst.getByTestId('faq-view').waitFor();
    expect(await analyst.getByTestId('faq-save').count()).toBe(0);
    expect(await analyst.locator('input, textarea').count()).toBe(0);
    expect(await analyst.getByTestId('faq-publish').count()).toBe(0);
    const analystCookie = await cookieOf(USERS.analyst.email, USERS.analyst.password);
    expect((await call(`/api/faq/${faqId}/publish`, { method: 'POST', cookie: analystCookie })).status).toBe(
      403,
    );

    // The editor writes the answer and its basis, then publishes.
    const editor = await pageAs(USERS.editor);
    await editor.goto(`${console_?.server.url}/#/faq/edit/${faqId}`);
    await editor.getByTestId('faq-answer').waitFor();
    await editor
      .getByTestId('faq-answer')
      .fill(
        'Bạn đổi họ tên trên VssID bằng cách nộp tờ khai điều chỉnh thông tin tại cơ quan BHXH nơi cư trú.',
      );
    if ((await editor.getByTestId('faq-citation-document').count()) === 0)
      await editor.getByTestId('faq-add-citation').click();
    await editor.getByTestId('faq-citation-document').first().fill('Quyết định 595/QĐ-BHXH');
    await editor.getByTestId('faq-save').click();
    await editor.getByTestId('editor-notice').waitFor();
    await editor.getByTestId('faq-publish').click();
    await editor.getByTestId('confirm-dialog').waitFor();
    await editor.getByTestId('confirm-ok').click();
    const editorCookie = await cookieOf(USERS.editor.email, USERS.editor.password);
    await expect
      .poll(
        async () =>
          ((await (await call(`/api/faq/${faqId}`, { cookie: editorCookie })).json()) as { status?: string })
            .status,
        {
          timeout: 15_000,
        },
      )
      .toBe('published');
    await editor.close();

    // The cluster now says it has its FAQ.
    await analyst.goto(`${console_?.server.url}/#/gaps`);
    await analyst.getByTestId('gap-card').first().waitFor();
    const done = analyst.locator(`[data-testid="gap-card"][data-status="has-faq"]`);
    await done.first().waitFor();
    expect(await done.first().getByTestId('gap-faq').innerText()).toContain(faqId as string);
    await analyst.screenshot({ path: join(shots, 'a4-da-co-faq.png') });
    expect(errors).toEqual([]);
    await analyst.close();
  }, 180_000);
});
