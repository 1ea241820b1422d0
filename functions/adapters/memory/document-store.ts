import { DocumentConflictError, type DocumentStore } from '../../app/documents/ports.js';
import type { DocumentRecord, IndexPointer } from '../../core/knowledge/documents.js';

/**
 * In-memory document records and index pointer, same contract as the DynamoDB store
 * (tests/contract/document-store.test.ts): what it stores and returns is a copy.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly records = new Map<string, DocumentRecord>();
  private pointer: IndexPointer | undefined;

  async create(record: DocumentRecord): Promise<void> {
    if (this.records.has(record.id)) throw new DocumentConflictError(record.id);
    this.records.set(record.id, structuredClone(record));
  }

  async get(id: string): Promise<DocumentRecord | undefined> {
    const record = this.records.get(id);
    return record ? structuredClone(record) : undefined;
  }

  async list(): Promise<DocumentRecord[]> {
    return structuredClone([...this.records.values()]);
  }

  async replace(next: DocumentRecord, previousUpdatedAt: string): Promise<void> {
    const current = this.records.get(next.id);
    if (!current || current.updatedAt !== previousUpdatedAt) throw new DocumentConflictError(next.id);
    this.records.set(next.id, structuredClone(next));
  }

  async currentIndex(): Promise<IndexPointer | undefined> {
    return this.pointer ? structuredClone(this.pointer) : undefined;
  }

  async moveIndex(next: IndexPointer): Promise<boolean> {
    if ((this.pointer?.version ?? 0) !== next.version - 1) return false;
    this.pointer = structuredClone(next);
    return true;
  }
}
