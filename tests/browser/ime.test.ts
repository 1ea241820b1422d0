/**
 * Vietnamese input (CONSOLE.md §3 risk 12): the console's text field and FAQ search box,
 * mounted alone (web/test-harness/fields.tsx) under the same CSP, typed into the ways IMEs
 * do it: composition (the OS IMEs, and Telex in some setups) driven through the DevTools
 * protocol, and Unikey-style backspace-and-retype. Nothing is reported mid-composition and
 * nothing typed is ever rewritten, although the parent re-renders on every value.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, bundleScript } from '../../scripts/build-web.js';
import { launchBrowser } from './launch.js';
import { type StaticServer, serveStatic } from './static-server.js';

const outDir = mkdtempSync(join(tmpdir(), 'bhxh-web-ime-'));
let server: StaticServer;
let browser: Browser | undefined;

interface Reported {
  readonly values: string[];
  readonly searches: string[];
}

beforeAll(async () => {
  const build = await buildWeb({ outDir });
  const harness = await bundleScript(new URL('../../web/test-harness/fields.tsx', import.meta.url).pathname);
  await writeFile(join(outDir, 'harness.js'), harness);
  await writeFile(
    join(outDir, 'harness.html'),
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="/${build.css}">` +
      '<script type="module" src="/harness.js"></script></head><body><div id="app"></div></body></html>',
  );
  server = await serveStatic(outDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

async function openHarness(): Promise<{ page: Page; cdp: CDPSession; errors: string[] }> {
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage({ locale: 'vi-VN' });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/harness.html`);
  await page.getByTestId('field').waitFor();
  return { page, cdp: await page.context().newCDPSession(page), errors };
}

/** Compose `steps` (what the IME shows while typing), then commit `final`. */
async function compose(cdp: CDPSession, steps: readonly string[], final: string) {
  for (const text of steps)
    await cdp.send('Input.imeSetComposition', {
      text,
      selectionStart: text.length,
      selectionEnd: text.length,
    });
  await cdp.send('Input.insertText', { text: final });
}

const reported = (page: Page) => page.evaluate<Reported>('window.reported');

describe('Vietnamese IME input', () => {
  it('reports the committed text only, and keeps it, through a composition', async (context) => {
    if (!browser) return context.skip();
    const { page, cdp, errors } = await openHarness();
    const field = page.getByTestId('field');
    await field.click();
    await page.keyboard.type('Đóng ');
    await compose(cdp, ['t', 'tr', 'trư', 'trươ', 'trương'], 'trường');
    await page.keyboard.type(' hợp');
    expect(await field.inputValue()).toBe('Đóng trường hợp');
    const { values } = await reported(page);
    expect(values.at(-1)).toBe('Đóng trường hợp');
    // Mid-composition states were never reported to the component.
    expect(values.some((value) => /trư$|trươ$/.test(value))).toBe(false);
    expect(Number(await page.getByTestId('renders').textContent())).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps backspace-and-retype edits (Unikey, EVKey, OpenKey) while the parent re-renders', async (context) => {
    if (!browser) return context.skip();
    const { page, errors } = await openHarness();
    const field = page.getByTestId('field');
    await field.click();
    // "duong" + Telex "w" and "f": the IME erases what it rewrites and types it again.
    await page.keyboard.type('duong');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.insertText('ương');
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('đ');
    await page.keyboard.press('End');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.insertText('ường');
    expect(await field.inputValue()).toBe('đường');
    expect((await reported(page)).values.at(-1)).toBe('đường');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches once, after the composition ends and the typing pauses', async (context) => {
    if (!browser) return context.skip();
    const { page, cdp, errors } = await openHarness();
    const search = page.getByTestId('faq-search');
    await search.click();
    await page.keyboard.type('mức đóng b');
    await compose(cdp, ['h', 'hả', 'hảo'], 'hảo');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('ảo hiểm');
    await expect.poll(async () => (await reported(page)).searches.length, { timeout: 3000 }).toBe(1);
    await page.waitForTimeout(500);
    expect((await reported(page)).searches).toEqual(['mức đóng bảo hiểm']);
    expect(await search.inputValue()).toBe('mức đóng bảo hiểm');
    expect(errors).toEqual([]);
    await page.close();
  });
});
