/**
 * The conversation log in the conversations table: one item per turn, already redacted.
 *   pk `CHAT#<chat hash>`, sk `TURN#<turn id>` (turn ids start with the time, so a chat's
 *   turns sort chronologically), `day` (Vietnam date) for the byDay index analysts query,
 *   `expiresAt` from CONVERSATION_RETENTION_DAYS.
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { vietnamDate } from '../../core/dialogue/handle.js';
import type { Clock, ConversationLog, TurnRecord } from '../../core/ports.js';
import { isConditionFailure } from './dedupe-store.js';

export function chatPk(chatHash: string): string {
  return `CHAT#${chatHash}`;
}
export function turnSk(turnId: string): string {
  return `TURN#${turnId}`;
}

export class DynamoConversationLog implements ConversationLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  async append(turn: TurnRecord): Promise<void> {
    const at = Date.parse(turn.at);
    const base = Number.isFinite(at) ? at : this.clock.now().getTime();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: chatPk(turn.chatHash),
            sk: turnSk(turn.turnId),
            day: vietnamDate(new Date(base)),
            ...turn,
            expiresAt: Math.floor(base / 1000) + this.retentionDays * 86_400,
          },
          // A retried worker appends the same turn again; keep the first (and its feedback).
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordFeedback(chatHash: string, turnId: string, vote: 'up' | 'down'): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: chatPk(chatHash), sk: turnSk(turnId) },
          UpdateExpression: 'SET feedback = :vote, feedbackAt = :at',
          // Only on a turn of this very chat: a forged turn id cannot create items or rate others' turns.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':vote': vote, ':at': this.clock.now().toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async deleteChat(chatHash: string): Promise<number> {
    let deleted = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': chatPk(chatHash) },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: startKey,
        }),
      );
      const keys = (page.Items ?? []).map((item) => ({ pk: item.pk, sk: item.sk }));
      for (let index = 0; index < keys.length; index += 25) {
        let requests: Record<string, unknown>[] = keys
          .slice(index, index + 25)
          .map((Key) => ({ DeleteRequest: { Key } }));
        for (let attempt = 0; requests.length > 0 && attempt < 5; attempt++) {
          const result = await this.doc.send(
            new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
          );
          requests = (result.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
        }
        if (requests.length > 0) throw new Error(`deleteChat: ${requests.length} items left unprocessed`);
      }
      deleted += keys.length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return deleted;
  }
}
