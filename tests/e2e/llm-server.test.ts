/**
 * `npm start` in a real process with the optional model pointed at the fake OpenAI server
 * (deterministic "quote the first passage" mode) and Telegram at the fake Bot API: the same
 * document question with the model on and off, both answered from the same passage with
 * citations rendered by code.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_HEADER } from '../../functions/adapters/telegram/webhook.js';
import { type FakeOpenAi, outcomes, quoteFirstPassage, startFakeOpenAi } from '../support/fake-openai.js';
import { type FakeTelegram, startFakeTelegram, updates } from '../support/fake-telegram.js';
import { freePort } from '../support/fault-scenarios.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const SECRET = 'e2e_llm-secret_0123456789abcdef';
/** A question the sample knowledge base answers from a passage, not from an FAQ item. */
const QUESTION = 'mức giảm trừ bhyt hộ gia đình áp dụng khi nào';

let openai: FakeOpenAi;
let telegram: FakeTelegram;
const dataDirs: string[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAi(outcomes.compute(quoteFirstPassage));
  telegram = await startFakeTelegram();
});
afterAll(async () => {
  await openai?.close();
  await telegram?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function withServer<T>(env: Record<string, string>, run: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-e2e-llm-'));
  dataDirs.push(dataDir);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'functions/composition/local/server.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        ZALO_APP_ID: '',
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        LLM_MODEL: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`no /health:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return await run(port);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

async function askOverTelegram(port: number, chat: number, updateId: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET },
    body: JSON.stringify(updates.text(updateId, chat, QUESTION)),
  });
  expect(response.status).toBe(200);
  await telegram.waitFor(() => telegram.deliveredTo(chat).length > 0, 30_000);
  return telegram.deliveredTo(chat)[0]?.text ?? '';
}

describe('npm start with the model on and off', () => {
  it('answers the same question from the same passage, with citations rendered by code', async () => {
    const off = await withServer({}, (port) => askOverTelegram(port, 881001, 881001));
    expect(openai.requests).toHaveLength(0);
    expect(off).toContain('Theo tài liệu "BHYT hộ gia đình: mức đóng, quyền lợi và thẻ"');

    const on = await withServer(
      { LLM_MODEL: 'gpt-6-luna', OPENAI_API_KEY: 'e2e-key', OPENAI_BASE_URL: openai.baseURL },
      (port) => askOverTelegram(port, 881002, 881002),
    );
    expect(openai.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(1);
    expect(on).toMatch(/^Theo tài liệu được trích: .+ \[1\]/);
    expect(on).toContain('Nguồn:\n[1] Tài liệu "BHYT hộ gia đình: mức đóng, quyền lợi và thẻ"');
    expect(openai.requests[0]?.body).toMatchObject({ model: 'gpt-6-luna', store: false });
  });
});
