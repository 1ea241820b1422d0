/**
 * Local console users in the state table, one item per user: `USER#<email>` with the fields of
 * ConsoleUser (a salted scrypt hash, never a password) and no expiry. Only the embedded
 * default uses it; in AWS, Cognito keeps the users.
 *
 * What is read back is decoded, not cast: an item that does not decode is logged (without the
 * email) and treated as no user, so it can never sign in with a half-read record.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ConsoleUser,
  consoleUserSchema,
  UserExistsError,
  UserNotFoundError,
  type UserStore,
} from '../../app/console/users.js';
import { schemaIssues } from '../../core/schema.js';
import { type Logger, silentLogger } from '../../shared/logger.js';

const PREFIX = 'USER#';

export function userPk(email: string): string {
  return `${PREFIX}${email}`;
}

export class DynamoUserStore implements UserStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly logger: Logger = silentLogger,
  ) {}

  async get(email: string): Promise<ConsoleUser | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: userPk(email) }, ConsistentRead: true }),
    );
    return result.Item ? this.decode(result.Item) : undefined;
  }

  async create(user: ConsoleUser): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: userPk(user.email), kind: 'user', ...user },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new UserExistsError();
      throw error;
    }
  }

  async setPassword(
    email: string,
    passwordHash: string,
    mustChangePassword: boolean,
    at: string,
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: userPk(email) },
          UpdateExpression: 'SET passwordHash = :hash, mustChangePassword = :must, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':hash': passwordHash, ':must': mustChangePassword, ':at': at },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new UserNotFoundError();
      throw error;
    }
  }

  /** A scan of the state table filtered to users: a handful of staff, read by admins only. */
  async list(): Promise<ConsoleUser[]> {
    const users: ConsoleUser[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': PREFIX },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const user = this.decode(item);
        if (user) users.push(user);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return users.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  private decode(item: Record<string, unknown>): ConsoleUser | undefined {
    const decoded = consoleUserSchema.safeParse(item);
    if (!decoded.success) {
      this.logger.warn('user.corrupt', { issues: schemaIssues(decoded.error) });
      return undefined;
    }
    return decoded.data;
  }
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}
