/**
 * The embedded default as a person runs it: `npm start` in a real process, on a fresh
 * data directory, answering GET /health; Ctrl-C stops it cleanly; a second start reuses
 * the data; a taken port gives a clear error.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/fault-scenarios.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-e2e-'));

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function start(port: number): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/composition/local/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: '', ZALO_APP_ID: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port: number, started: Started, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      return await fetch(`http://127.0.0.1:${port}/health`);
    } catch {
      if (started.child.exitCode !== null) throw new Error(`server exited early:\n${started.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`no answer on /health within ${timeoutMs} ms:\n${started.output()}`);
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start (embedded default)', () => {
  it('answers /health, stops on SIGINT, and reuses its data on the next start', async () => {
    const port = await freePort();
    const first = start(port);
    const response = await waitForHealth(port, first);
    expect(response.status).toBe(200);
    const health = (await response.json()) as {
      status: string;
      version: string;
      tables: Record<string, string>;
    };
    expect(health.status).toBe('ok');
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(health.tables).toEqual({
      content: 'ACTIVE',
      cards: 'ACTIVE',
      conversations: 'ACTIVE',
      state: 'ACTIVE',
    });
    expect(first.output()).toContain('seeded a new data directory');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped cleanly');

    const second = start(port);
    expect((await waitForHealth(port, second)).status).toBe(200);
    expect(second.output()).toContain('reusing it');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('says clearly when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const started = start(port);
      const code = await started.exited;
      expect(code).not.toBe(0);
      expect(started.output()).toContain(`Port ${port} is already in use`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
