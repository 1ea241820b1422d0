import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, Session, SessionStore } from '../../core/ports.js';

/** Sessions live in the state table under `SESSION#<key>` and expire after inactivity. */
export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  async get(key: string): Promise<Session | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: sessionPk(key) } }),
    );
    const item = result.Item;
    // TTL deletion is lazy in DynamoDB (and absent in dynalite): treat expired as missing.
    if (!item || Number(item.expiresAt) * 1000 <= this.clock.now().getTime()) return undefined;
    return item.session as Session;
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

function sessionPk(key: string): string {
  return `SESSION#${key}`;
}
