/**
 * Cards repository over the cards table (partition key `bhxhCode`, one item per card).
 * Bulk reads use BatchGetItem (100 keys) and writes BatchWriteItem (25 items); both retry
 * what DynamoDB returns as unprocessed (throttling) with exponential backoff.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CardRecord } from '../../core/cards/card.js';
import type { CardStore } from '../../core/ports.js';

export const BATCH_WRITE_LIMIT = 25;
export const BATCH_GET_LIMIT = 100;

export interface DynamoCardStoreOptions {
  /** Attempts per batch, the first included, before giving up. */
  readonly maxAttempts?: number;
  /** Backoff before retry n (1-based): base × 2^(n−1) ms. */
  readonly backoffBaseMs?: number;
  /** Write batches in flight at once. */
  readonly writeConcurrency?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class CardStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CardStoreError';
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DynamoCardStore implements CardStore {
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly writeConcurrency: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoCardStoreOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffBaseMs = options.backoffBaseMs ?? 50;
    this.writeConcurrency = options.writeConcurrency ?? 4;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async get(bhxhCode: string): Promise<CardRecord | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { bhxhCode }, ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : undefined;
  }

  async getMany(bhxhCodes: readonly string[]): Promise<Map<string, CardRecord>> {
    const found = new Map<string, CardRecord>();
    const unique = [...new Set(bhxhCodes)];
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = unique
        .slice(start, start + BATCH_GET_LIMIT)
        .map((bhxhCode) => ({ bhxhCode }));
      for (let attempt = 1; keys.length > 0; attempt++) {
        if (attempt > this.maxAttempts) {
          throw new CardStoreError(
            `${keys.length} card reads still unprocessed after ${this.maxAttempts} attempts`,
          );
        }
        if (attempt > 1) await this.sleep(this.backoff(attempt - 1));
        let result: BatchGetCommandOutput;
        try {
          result = await this.doc.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
          );
        } catch (error) {
          throw new CardStoreError('reading cards failed', { cause: error });
        }
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const record = toRecord(item);
          found.set(record.bhxhCode, record);
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  async putMany(records: readonly CardRecord[]): Promise<void> {
    const batches: CardRecord[][] = [];
    for (let start = 0; start < records.length; start += BATCH_WRITE_LIMIT) {
      batches.push(records.slice(start, start + BATCH_WRITE_LIMIT));
    }
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++] as CardRecord[];
        await this.writeBatch(batch);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.writeConcurrency, batches.length) }, worker));
  }

  private async writeBatch(records: readonly CardRecord[]): Promise<void> {
    type WriteRequest = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string][number];
    let requests: WriteRequest[] = records.map((record) => ({ PutRequest: { Item: { ...record } } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > this.maxAttempts) {
        throw new CardStoreError(
          `${requests.length} card writes still unprocessed after ${this.maxAttempts} attempts`,
        );
      }
      if (attempt > 1) await this.sleep(this.backoff(attempt - 1));
      let result: BatchWriteCommandOutput;
      try {
        result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
      } catch (error) {
        throw new CardStoreError('writing cards failed', { cause: error });
      }
      requests = result.UnprocessedItems?.[this.tableName] ?? [];
    }
  }

  private backoff(retry: number): number {
    return this.backoffBaseMs * 2 ** (retry - 1);
  }
}

function toRecord(item: Record<string, unknown>): CardRecord {
  return {
    bhxhCode: String(item.bhxhCode),
    fullName: String(item.fullName),
    dateOfBirth: String(item.dateOfBirth),
    cardNumber: String(item.cardNumber),
    validFrom: String(item.validFrom),
    validTo: String(item.validTo),
    benefitLevel: Number(item.benefitLevel),
    facilityCode: String(item.facilityCode),
    facilityName: String(item.facilityName),
    paidThrough: String(item.paidThrough),
    updatedAt: String(item.updatedAt),
  };
}
