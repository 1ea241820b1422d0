/** `npm run ingest` on the synthetic fixtures: every quirk file in, one artifact out. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIndexArtifact } from '../../../functions/adapters/knowledge/files.js';
import type { IndexArtifact } from '../../../functions/core/knowledge/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/knowledge/', import.meta.url));

let dir: string;
let summary: { out: string; chunks: number; documents: Array<{ id: string; chunks: number }> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'knowledge-ingest-'));
  const { stdout } = await promisify(execFile)(
    'npx',
    ['tsx', 'functions/composition/cli/ingest.ts', '--json', '--out', join(dir, 'index.json'), FIXTURES],
    { cwd: ROOT, timeout: 60_000 },
  );
  summary = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{')) ?? '{}');
}, 90_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run ingest', () => {
  it('ingests every supported file of a directory into one artifact', async () => {
    expect(summary.documents.map((document) => document.id).sort()).toEqual([
      'bold-headings',
      'double-spaced',
      'footnotes',
      'identifiers',
      'newspaper-columns',
      'table',
    ]);
    const artifact = JSON.parse(await readFile(summary.out, 'utf8')) as IndexArtifact;
    expect(artifact.chunks).toHaveLength(summary.chunks);
    expect(artifact.sourceFingerprint).toMatch(/^ingest:/);
  });

  it('indexes no identifier in clear and loads back for search', async () => {
    const raw = await readFile(summary.out, 'utf8');
    for (const secret of ['7912345678', 'GD4797932112345', '001085012345', '4803004239']) {
      expect(raw).not.toContain(secret);
    }
    const index = await readIndexArtifact(summary.out);
    expect(index.search('so nguoi tham gia bhyt ho gia dinh nam 2024')[0]?.document.id).toBe('table');
  });
});
