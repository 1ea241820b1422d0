/**
 * Idempotency keys for inbound deliveries in the state table: `DEDUPE#<channel>#<id>`.
 * A conditional put lets exactly one delivery of a message id through; the item lives
 * 72 h (Telegram keeps undelivered updates for 24 h, Zalo retries for minutes), well past
 * any redelivery.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, DedupeStore } from '../../app/ports.js';
import type { Channel } from '../../core/messages.js';
import type { Clock } from '../../core/ports.js';

export const DEDUPE_TTL_SECONDS = 72 * 3600;
/** A claim still `pending` after this was left by a webhook that died before enqueueing. */
export const DEDUPE_STALE_MS = 30_000;

export function dedupeKey(channel: Channel, messageId: string): string {
  return `DEDUPE#${channel}#${messageId}`;
}

export class DynamoDedupeStore implements DedupeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly options: { ttlSeconds?: number; staleMs?: number } = {},
  ) {}

  async claim(channel: Channel, messageId: string): Promise<ClaimResult> {
    const now = this.clock.now().getTime();
    const pk = dedupeKey(channel, messageId);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk,
            state: 'pending',
            claimedAt: now,
            expiresAt: Math.floor(now / 1000) + (this.options.ttlSeconds ?? DEDUPE_TTL_SECONDS),
          },
          // New, expired (TTL deletion is lazy), or a stale pending claim → take it.
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (#state = :pending AND claimedAt < :staleBefore)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':nowSeconds': Math.floor(now / 1000),
            ':pending': 'pending',
            ':staleBefore': now - (this.options.staleMs ?? DEDUPE_STALE_MS),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: true }),
    );
    return existing.Item?.state === 'accepted' ? 'duplicate' : 'in-flight';
  }

  async confirm(channel: Channel, messageId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: dedupeKey(channel, messageId) },
        // A confirm that finds no claim (it expired or was released meanwhile) still leaves an
        // item that expires: never a key kept forever.
        UpdateExpression: 'SET #state = :accepted, expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':accepted': 'accepted',
          ':expiresAt':
            Math.floor(this.clock.now().getTime() / 1000) + (this.options.ttlSeconds ?? DEDUPE_TTL_SECONDS),
        },
      }),
    );
  }

  async release(channel: Channel, messageId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: dedupeKey(channel, messageId) } }),
    );
  }
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}
