/**
 * Worker progress per message in the state table: `PROGRESS#<channel>#<id>`. Kept 14 days,
 * the longest a message can sit in the queue or its dead-letter queue, so a redriven
 * message still resumes instead of answering twice. A record that does not decode is logged
 * (field paths only) and treated as none: the worker starts the message afresh rather than
 * failing it on every delivery until it lands in the dead-letter queue.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type MessageProgress, messageProgressSchema, type ProgressStore } from '../../app/ports.js';
import type { Channel } from '../../core/messages.js';
import type { Clock } from '../../core/ports.js';
import { schemaIssues } from '../../core/schema.js';
import { type Logger, silentLogger } from '../../shared/logger.js';

export const PROGRESS_TTL_SECONDS = 14 * 24 * 3600;

export function progressKey(channel: Channel, messageId: string): string {
  return `PROGRESS#${channel}#${messageId}`;
}

export class DynamoProgressStore implements ProgressStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ttlSeconds = PROGRESS_TTL_SECONDS,
    private readonly logger: Logger = silentLogger,
  ) {}

  async get(channel: Channel, messageId: string): Promise<MessageProgress | undefined> {
    const result = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: progressKey(channel, messageId) },
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    // DynamoDB deletes expired items up to days late (dynalite never): past its expiry a
    // record is gone.
    const expiresAt = result.Item.expiresAt;
    if (typeof expiresAt === 'number' && expiresAt * 1000 <= this.clock.now().getTime()) return undefined;
    const decoded = messageProgressSchema.safeParse(result.Item.progress);
    if (!decoded.success) {
      this.logger.warn('progress.corrupt', { channel, issues: schemaIssues(decoded.error) });
      return undefined;
    }
    return decoded.data;
  }

  async put(progress: MessageProgress): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: progressKey(progress.channel, progress.messageId),
          progress,
          expiresAt: Math.floor(this.clock.now().getTime() / 1000) + this.ttlSeconds,
        },
      }),
    );
  }
}
