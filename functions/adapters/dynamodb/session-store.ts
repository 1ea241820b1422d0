import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Clock, type Session, type SessionStore, sessionSchema } from '../../core/ports.js';
import { schemaIssues } from '../../core/schema.js';
import { type Logger, silentLogger } from '../../shared/logger.js';

export const SESSION_TTL_SECONDS = 24 * 3600;

/**
 * Sessions live in the state table under `SESSION#<key>` and expire after inactivity. What is
 * read back is decoded, not cast: an item that does not decode (written by hand, or by a
 * version with another shape) is logged, without the key, and treated as no session, so the
 * turn starts afresh and overwrites it instead of failing on every message of that chat.
 */
export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ttlSeconds = SESSION_TTL_SECONDS,
    private readonly logger: Logger = silentLogger,
  ) {}

  async get(key: string): Promise<Session | undefined> {
    const result = await this.doc.send(
      // Strongly consistent: a quick second message must see the session the previous turn wrote.
      new GetCommand({ TableName: this.tableName, Key: { pk: sessionPk(key) }, ConsistentRead: true }),
    );
    const item = result.Item;
    // TTL deletion is lazy in DynamoDB (and absent in dynalite): treat expired as missing.
    if (!item || Number(item.expiresAt) * 1000 <= this.clock.now().getTime()) return undefined;
    const decoded = sessionSchema.safeParse(item.session);
    if (!decoded.success) {
      this.logger.warn('session.corrupt', { issues: schemaIssues(decoded.error) });
      return undefined;
    }
    return decoded.data;
  }

  async put(session: Session): Promise<void> {
    const expiresAt = Math.floor(this.clock.now().getTime() / 1000) + this.ttlSeconds;
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: sessionPk(session.key), session, expiresAt } }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: sessionPk(key) } }));
  }
}

export function sessionPk(key: string): string {
  return `SESSION#${key}`;
}
