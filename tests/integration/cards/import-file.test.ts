import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCardStore } from '../../../functions/adapters/dynamodb/card-store.js';
import { defaultReportPath, importCardFile } from '../../../functions/app/cards-import.js';
import { syntheticCardsCsv } from '../../fixtures/cards/synthetic.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/cards/', import.meta.url));

let dynamo: TestDynamo;
let dir: string;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  dir = await mkdtemp(join(tmpdir(), 'cards-import-'));
});
afterAll(async () => {
  await dynamo?.close();
  await rm(dir, { recursive: true, force: true });
});

const clockAt = (iso: string) => ({ now: () => new Date(iso) });

describe('importCardFile through DynamoDB (dynalite)', () => {
  it('writes the valid rows, the exact rejection report, and nothing on a second import', async () => {
    const file = join(dir, 'mixed.csv');
    await writeFile(file, await readFile(join(FIXTURES, 'mixed.csv')));
    const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);

    const first = await importCardFile(file, { store, clock: clockAt('2026-11-23T03:00:00Z') });
    expect(first.reportPath).toBe(defaultReportPath(file));
    expect(first.summary).toMatchObject({ read: 16, written: 3, unchanged: 0, rejected: 13 });
    expect(await readFile(first.reportPath ?? '', 'utf8')).toBe(
      await readFile(join(FIXTURES, 'mixed.expected-report.csv'), 'utf8'),
    );
    const stored = await store.getMany(['9900000101', '9900000102', '9900000115']);
    expect(stored.size).toBe(3);

    const reportPath = join(dir, 'second-report.csv');
    const second = await importCardFile(file, { store, clock: clockAt('2026-11-24T03:00:00Z'), reportPath });
    expect(second.summary).toMatchObject({ read: 16, written: 0, unchanged: 3, rejected: 13 });
    expect(await store.getMany(['9900000101', '9900000102', '9900000115'])).toEqual(stored);
    expect(await readFile(reportPath, 'utf8')).toBe(await readFile(first.reportPath ?? '', 'utf8'));
  });

  it('imports a 10,000-row file, then re-imports it without writing', async () => {
    const synthetic = syntheticCardsCsv(10_000, { badEvery: 1000 });
    const file = join(dir, 'large.csv');
    await writeFile(file, synthetic.text);
    const store = new DynamoCardStore(dynamo.clients.doc, dynamo.tables.cards);

    let started = performance.now();
    const first = await importCardFile(file, { store, clock: clockAt('2026-11-23T03:00:00Z') });
    const firstMs = performance.now() - started;
    expect(first.summary).toMatchObject({
      read: 10_000,
      written: 10_000 - synthetic.bad,
      unchanged: 0,
      rejected: synthetic.bad,
    });
    expect(first.summary.rejections.map((r) => r.line)).toEqual(
      Array.from({ length: synthetic.bad }, (_, i) => (i + 1) * 1000 + 1),
    );
    expect((await store.get(synthetic.codeAt(0)))?.updatedAt).toBe('2026-11-23T03:00:00.000Z');
    expect(await store.get(synthetic.codeAt(9998))).toBeDefined();

    started = performance.now();
    const second = await importCardFile(file, {
      store,
      clock: clockAt('2026-11-24T03:00:00Z'),
      reportPath: false,
    });
    const secondMs = performance.now() - started;
    expect(second.summary).toMatchObject({
      written: 0,
      unchanged: 10_000 - synthetic.bad,
      rejected: synthetic.bad,
    });
    expect((await store.get(synthetic.codeAt(0)))?.updatedAt).toBe('2026-11-23T03:00:00.000Z');

    // Reported, not asserted: wall-clock time depends on the machine.
    console.log(
      `10,000-row import through dynalite: first ${(firstMs / 1000).toFixed(1)} s, re-import ${(secondMs / 1000).toFixed(1)} s`,
    );
  });
});
