/**
 * How the knowledge engine finds its data outside the repository (the Lambda package):
 * KNOWLEDGE_DIR points at the bundled sample knowledge base and DATA_DIR at a writable
 * place for the built index; `faq:seed` writes the sample FAQ once and then changes nothing.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeDeps } from '../../../functions/composition/knowledge.js';
import { loadConfig } from '../../../functions/shared/config.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;
let dynamo: TestDynamo;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bhxh-knowledge-paths-'));
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
  await rm(dir, { recursive: true, force: true });
});

describe('knowledge data outside the repository', () => {
  it('builds the index from KNOWLEDGE_DIR into DATA_DIR', async () => {
    const bundled = join(dir, 'package', 'data', 'knowledge');
    await cp(join(ROOT, 'data', 'knowledge'), bundled, { recursive: true });
    const config = loadConfig({ DATA_DIR: join(dir, 'tmp'), KNOWLEDGE_DIR: bundled });
    const deps = await createKnowledgeDeps({
      config: { ...config, tables: dynamo.tables },
      clients: dynamo.clients,
      clock: { now: () => new Date('2026-11-22T03:00:00Z') },
    });
    expect(deps.index.chunks.length).toBeGreaterThan(0);
    expect(deps.index.documents.every((document) => document.file.length > 0)).toBe(true);
    expect(await readdir(join(dir, 'tmp', 'index'))).toContain('knowledge.json');
  });
});

describe('npm run faq:seed', () => {
  it('writes the sample FAQ once, then nothing', async () => {
    const run = async () => {
      const { DYNAMODB_ENDPOINT: _endpoint, TABLE_CONTENT: _content, ...env } = process.env;
      const { stdout } = await promisify(execFile)('npx', ['tsx', 'functions/composition/cli/faq-seed.ts'], {
        cwd: ROOT,
        env: { ...env, DATA_DIR: join(dir, 'seed') },
      });
      return stdout;
    };
    const first = await run();
    const read = Number(/(\d+) FAQ items read/.exec(first)?.[1]);
    expect(read).toBeGreaterThan(0);
    expect(first).toContain(`${read} written`);
    expect(await run()).toContain(`${read} FAQ items read, 0 written`);
  });
});
