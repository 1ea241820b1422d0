/**
 * Fixed-window abuse counters in the state table, item `RATE#<key>`:
 * `{ pk, hits, expiresAt }` where expiresAt (epoch seconds) is the end of the window and the
 * table's TTL attribute, so DynamoDB deletes old counters by itself.
 *
 * take() is one conditional UpdateItem (ADD hits 1, expiresAt set only if absent) guarded by
 * "window still open and below the limit": concurrent attempts never lose a count and never
 * get more than `limit` grants between them. TTL deletion is lazy (and absent in dynalite),
 * so an expired item that still exists is a fresh window: a conditional put restarts it at 1.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AttemptGrant, Clock, RateCounter } from '../../core/ports.js';
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
    return (await this.readWindow(key, this.nowSeconds())) ?? 0;
  }

  async take(key: string, limit: number, windowSeconds: number): Promise<AttemptGrant> {
    if (limit < 1) return { allowed: false, count: await this.peek(key) };
    // A round is lost only to a concurrent window restart or give-back; three are plenty.
    for (let round = 0; round < 3; round++) {
      const now = this.nowSeconds();
      try {
        const result = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: ratePk(key) },
            UpdateExpression: 'ADD hits :one SET #expires = if_not_exists(#expires, :expires)',
            ConditionExpression: 'attribute_not_exists(pk) OR (#expires > :now AND hits < :limit)',
            ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':one': 1,
              ':expires': now + windowSeconds,
              ':now': now,
              ':limit': limit,
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return { allowed: true, count: Number(result.Attributes?.hits ?? 1) };
      } catch (error) {
        if (!isConditionFailure(error))
          throw new RateCounterError('rate counter update failed', { cause: error });
      }
      // Refused: either the window is full, or it has ended and the item is still there.
      const current = await this.readWindow(key, now);
      if (current !== undefined) {
        if (current >= limit) return { allowed: false, count: current };
        continue; // Someone gave an attempt back in between: ask again.
      }
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: ratePk(key), hits: 1, [TTL_ATTRIBUTE]: now + windowSeconds },
            ConditionExpression: 'attribute_not_exists(pk) OR #expires <= :now',
            ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        return { allowed: true, count: 1 };
      } catch (error) {
        if (!isConditionFailure(error))
          throw new RateCounterError('rate counter reset failed', { cause: error });
      }
    }
    throw new RateCounterError('rate counter kept changing under concurrent updates');
  }

  async giveBack(key: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ratePk(key) },
          UpdateExpression: 'ADD hits :minusOne',
          ConditionExpression: '#expires > :now AND hits > :zero',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':minusOne': -1, ':now': this.nowSeconds(), ':zero': 0 },
        }),
      );
    } catch (error) {
      // Nothing to give back (the window ended meanwhile): fine.
      if (!isConditionFailure(error))
        throw new RateCounterError('rate counter give-back failed', { cause: error });
    }
  }

  /** Hits in the window that is still open at `now`, or undefined when there is none. */
  private async readWindow(key: string, now: number): Promise<number | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ratePk(key) }, ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item || Number(item[TTL_ATTRIBUTE]) <= now) return undefined;
    return Number(item.hits ?? 0);
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
