/**
 * Document records and the index pointer in the content table:
 *   - `pk=DOC#<id>, sk=DOC`, `kind=document` (listed through the `byKind` index); a change is
 *     conditional on the `updatedAt` it was read with;
 *   - `pk=INDEX, sk=CURRENT`: the index the bot serves, moved only from `version - 1`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DocumentConflictError, type DocumentStore } from '../../app/documents/ports.js';
import {
  type DocumentRecord,
  documentRecordSchema,
  type IndexPointer,
  indexPointerSchema,
} from '../../core/knowledge/documents.js';
import { queryKind } from './query-all.js';

const DOCUMENT_KIND = 'document';
const POINTER_KEY = { pk: 'INDEX', sk: 'CURRENT' } as const;

export class DynamoDocumentStore implements DocumentStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: DocumentRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: docPk(record.id), sk: 'DOC', kind: DOCUMENT_KIND, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new DocumentConflictError(record.id);
      throw error;
    }
  }

  async get(id: string): Promise<DocumentRecord | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: docPk(id), sk: 'DOC' }, ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : undefined;
  }

  async list(): Promise<DocumentRecord[]> {
    const records: DocumentRecord[] = [];
    // The index is eventually consistent: read each record itself for its latest state.
    for (const item of await queryKind(this.doc, this.tableName, DOCUMENT_KIND)) {
      const fresh = await this.get(String(item.id));
      if (fresh) records.push(fresh);
    }
    return records;
  }

  async replace(next: DocumentRecord, previousUpdatedAt: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: docPk(next.id), sk: 'DOC', kind: DOCUMENT_KIND, ...next },
          ConditionExpression: 'updatedAt = :previous',
          ExpressionAttributeValues: { ':previous': previousUpdatedAt },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new DocumentConflictError(next.id);
      throw error;
    }
  }

  async currentIndex(): Promise<IndexPointer | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: POINTER_KEY, ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, ...pointer } = result.Item;
    return indexPointerSchema.parse(pointer);
  }

  async moveIndex(next: IndexPointer): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...POINTER_KEY, ...next },
          ...(next.version === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :previous',
                ExpressionAttributeValues: { ':previous': next.version - 1 },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function docPk(id: string): string {
  return `DOC#${id}`;
}

function toRecord(item: Record<string, unknown>): DocumentRecord {
  const { pk: _pk, sk: _sk, kind: _kind, ...record } = item;
  return documentRecordSchema.parse(record);
}
