/** DocumentStore: document records and the index pointer the worker reads. */
import { expect, it } from 'vitest';
import { DynamoDocumentStore } from '../../functions/adapters/dynamodb/document-store.js';
import { MemoryDocumentStore } from '../../functions/adapters/memory/document-store.js';
import { DocumentConflictError, type DocumentStore } from '../../functions/app/documents/ports.js';
import type { DocumentRecord, IndexPointer } from '../../functions/core/knowledge/documents.js';
import { describeContract } from './contract.js';

const record = (overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id: 'doc-abc123',
  filename: 'nghị định.pdf',
  contentType: 'application/pdf',
  size: 1234,
  meta: { title: 'Nghị định 159/2025/NĐ-CP', number: '159/2025/NĐ-CP', issued: '2025-06-30' },
  status: 'awaiting-upload',
  objectKey: 'uploads/doc-abc123/n1/nghi-dinh.pdf',
  createdAt: '2026-11-23T00:00:00.000Z',
  createdBy: 'bien-tap@example.org',
  updatedAt: '2026-11-23T00:00:00.000Z',
  ...overrides,
});

const pointer = (version: number): IndexPointer => ({
  version,
  key: `index/${version}.json.gz`,
  sha256: 'f'.repeat(64),
  builtAt: '2026-11-23T00:00:01.000Z',
  documents: 3,
  passages: 42,
});

describeContract<DocumentStore>(
  'DocumentStore',
  {
    memory: () => new MemoryDocumentStore(),
    dynamodb: async ({ doc, table }) => new DynamoDocumentStore(doc, await table('content')),
  },
  (subject) => {
    it('creates a record once and reads it back as written', async () => {
      const { store, again } = subject();
      await store.create(record());
      await expect(store.create(record())).rejects.toBeInstanceOf(DocumentConflictError);
      expect(await (await again()).get('doc-abc123')).toEqual(record());
      expect(await store.get('doc-missing')).toBeUndefined();
      expect(await (await again()).list()).toEqual([record()]);
    });

    it('replaces a record only from the state it was read in', async () => {
      const { store, again } = subject();
      await store.create(record());
      const processing = record({ status: 'processing', etag: 'e1', updatedAt: '2026-11-23T00:00:05.000Z' });
      await store.replace(processing, '2026-11-23T00:00:00.000Z');
      await expect(
        store.replace(
          record({ status: 'withdrawn', updatedAt: '2026-11-23T00:00:06.000Z' }),
          '2026-11-23T00:00:00.000Z',
        ),
      ).rejects.toBeInstanceOf(DocumentConflictError);
      expect(await (await again()).get('doc-abc123')).toEqual(processing);
    });

    it('moves the index pointer one version at a time', async () => {
      const { store, again } = subject();
      expect(await store.currentIndex()).toBeUndefined();
      expect(await store.moveIndex(pointer(2))).toBe(false);
      expect(await store.moveIndex(pointer(1))).toBe(true);
      expect(await store.moveIndex(pointer(1))).toBe(false);
      expect(await (await again()).moveIndex(pointer(2))).toBe(true);
      expect(await store.moveIndex(pointer(2))).toBe(false);
      expect(await (await again()).currentIndex()).toEqual(pointer(2));
    });
  },
);
