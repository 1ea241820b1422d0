import {
  type ConditionalCheckFailedException as ConditionalCheckFailed,
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ZaloTokenPair, ZaloTokenStore } from '../zalo/token-store.js';

/** Partition keys of the pair and its lease (the CDK grants the refresh function these two only). */
export const ZALO_TOKEN_PAIR_PK = 'ZALO#TOKEN';
export const ZALO_TOKEN_LEASE_PK = 'ZALO#TOKEN#LEASE';

/**
 * The Zalo token pair in the state table: one item, replaced only with
 * `version = :expected`; the refresh lease is a second item taken with a conditional put
 * (absent, or expired) and carrying the table's TTL attribute so a crashed holder's lease
 * also disappears on its own. The pair item has no TTL: it must never vanish.
 */
export class DynamoZaloTokenStore implements ZaloTokenStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(): Promise<ZaloTokenPair | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ZALO_TOKEN_PAIR_PK }, ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item) return undefined;
    return {
      accessToken: String(item.accessToken),
      refreshToken: String(item.refreshToken),
      accessTokenExpiresAt: String(item.accessTokenExpiresAt),
      refreshTokenIssuedAt: String(item.refreshTokenIssuedAt),
      version: Number(item.version),
      seedFingerprints: Array.isArray(item.seedFingerprints) ? item.seedFingerprints.map(String) : [],
      updatedAt: String(item.updatedAt),
    };
  }

  async put(pair: ZaloTokenPair, expectedVersion: number | undefined): Promise<boolean> {
    return ifConditionHolds(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: ZALO_TOKEN_PAIR_PK, ...pair },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      ),
    );
  }

  async acquireLease(owner: string, now: Date, ttlSeconds: number): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return ifConditionHolds(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: ZALO_TOKEN_LEASE_PK, owner, expiresAt: nowSeconds + ttlSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':owner': owner },
        }),
      ),
    );
  }

  async releaseLease(owner: string): Promise<void> {
    await ifConditionHolds(() =>
      this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: ZALO_TOKEN_LEASE_PK },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }
}

async function ifConditionHolds(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || isConditionalFailure(error)) return false;
    throw error;
  }
}

function isConditionalFailure(error: unknown): error is ConditionalCheckFailed {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}
