/**
 * Web chat replies in the state table: `WEBREPLY#<chatId>#<messageId>`, kept an hour — long
 * enough for the console to fetch a reply it stopped waiting for, short enough that a staff
 * member's test conversation does not linger.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WebReplyStore } from '../../app/ports.js';
import type { WebAnswer } from '../../app/web-chat.js';
import { webAnswerSchema } from '../../app/web-chat.js';
import type { Clock } from '../../core/ports.js';

export const WEB_REPLY_TTL_SECONDS = 3600;

export class DynamoWebReplyStore implements WebReplyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ttlSeconds = WEB_REPLY_TTL_SECONDS,
  ) {}

  async put(chatId: string, messageId: string, answer: WebAnswer): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: webReplyPk(chatId, messageId),
          answer,
          expiresAt: Math.floor(this.clock.now().getTime() / 1000) + this.ttlSeconds,
        },
      }),
    );
  }

  async get(chatId: string, messageId: string): Promise<WebAnswer | undefined> {
    const result = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: webReplyPk(chatId, messageId) },
        ConsistentRead: true,
      }),
    );
    const item = result.Item;
    if (!item || Number(item.expiresAt) * 1000 <= this.clock.now().getTime()) return undefined;
    const decoded = webAnswerSchema.safeParse(item.answer);
    return decoded.success ? decoded.data : undefined;
  }
}

function webReplyPk(chatId: string, messageId: string): string {
  return `WEBREPLY#${chatId}#${messageId}`;
}
