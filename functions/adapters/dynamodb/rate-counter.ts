/**
 * Fixed-window abuse counters in the state table, item `RATE#<key>`:
 * `{ pk, hits, expiresAt }` where expiresAt (epoch seconds) is the end of the window and the
 * table's TTL attribute, so DynamoDB deletes old counters by itself.
 *
 * increment() is one atomic UpdateItem (ADD hits 1, expiresAt set only if absent) guarded by
 * "window still open"; concurrent increments never lose a count. TTL deletion is lazy (and
 * absent in dynalite), so an expired item that still exists is treated as a fresh window:
 * the guard fails and a conditional put restarts the window at 1.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, RateCounter } from '../../core/ports.js';
import { TTL_ATTRIBUTE } from '../../shared/tables.js';

export class RateCounterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RateCounterError';
  }
}

export class DynamoRateCounter implements RateCounter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async peek(key: string): Promise<number> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ratePk(key) }, ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item || Number(item[TTL_ATTRIBUTE]) <= this.nowSeconds()) return 0;
    return Number(item.hits ?? 0);
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    // Two rounds are enough: a lost race on the restart means someone else opened the window.
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.nowSeconds();
      try {
        const result = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: ratePk(key) },
            UpdateExpression: 'ADD hits :one SET #expires = if_not_exists(#expires, :expires)',
            ConditionExpression: 'attribute_not_exists(pk) OR #expires > :now',
            ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':one': 1, ':expires': now + windowSeconds, ':now': now },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(result.Attributes?.hits ?? 1);
      } catch (error) {
        if (!isConditionFailure(error))
          throw new RateCounterError('rate counter update failed', { cause: error });
      }
      // The stored window has ended: start a new one, unless another request just did.
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: ratePk(key), hits: 1, [TTL_ATTRIBUTE]: now + windowSeconds },
            ConditionExpression: '#expires <= :now',
            ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        return 1;
      } catch (error) {
        if (!isConditionFailure(error))
          throw new RateCounterError('rate counter reset failed', { cause: error });
      }
    }
    throw new RateCounterError('rate counter kept changing under concurrent updates');
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

function ratePk(key: string): string {
  return `RATE#${key}`;
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}
