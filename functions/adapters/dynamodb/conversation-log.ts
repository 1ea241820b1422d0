/**
 * The conversation log in the conversations table: one item per turn, already redacted.
 *   pk `CHAT#<chat hash>`, sk `TURN#<turn id>` (turn ids start with the time, so a chat's
 *   turns sort chronologically), `day` (Vietnam date) for the byDay index analysts query,
 *   `gapDay` (the same date) only on turns the bot could not answer, clarifications and 👎
 *   (the sparse byGap index), `notes` (analysts' tags and marks), `expiresAt` from
 *   CONVERSATION_RETENTION_DAYS.
 * Daily roll-ups live in the same table: pk `STATS#<day>`, sk `STATS` (no `day`, so they stay
 * out of the byDay index), stored once the day is closed.
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type {
  ConversationArchive,
  LoggedTurn,
  StoredRollup,
  TurnNotes,
  TurnPage,
} from '../../app/console/analyst-ports.js';
import { isGapPath } from '../../core/analytics/gaps.js';
import { vietnamDate } from '../../core/dialogue/handle.js';
import type { Clock, ConversationLog, TurnRecord } from '../../core/ports.js';
import { isConditionFailure } from './dedupe-store.js';
import { queryAll } from './query-all.js';

export function chatPk(chatHash: string): string {
  return `CHAT#${chatHash}`;
}
export function turnSk(turnId: string): string {
  return `TURN#${turnId}`;
}

/** The attributes a roll-up reads: a byDay query projecting only these reads a fraction of each item. */
const ROLLUP_PROJECTION =
  'pk, sk, turnId, channel, chatHash, #at, #day, #path, intent, feedback, latencyMs, llm, notes';
const ROLLUP_NAMES = { '#at': 'at', '#day': 'day', '#path': 'path' };

const cursorSchema = z.record(z.string(), z.string());

/** A query's LastEvaluatedKey as an opaque page token, and back (a token that does not decode is refused). */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
}

const storedTurnSchema = z.looseObject({
  turnId: z.string(),
  channel: z.string(),
  chatHash: z.string(),
  at: z.string(),
  day: z.string(),
  path: z.string(),
  intent: z.string(),
});

/** A stored item as a LoggedTurn (keys and bookkeeping attributes dropped); undefined if it is not a turn. */
function loggedTurn(item: Record<string, unknown> | undefined): LoggedTurn | undefined {
  if (!item || !storedTurnSchema.safeParse(item).success) return undefined;
  const { pk: _pk, sk: _sk, expiresAt: _expires, gapDay: _gap, feedbackAt: _feedbackAt, ...turn } = item;
  return {
    question: '',
    answer: '',
    citations: [],
    latencyMs: 0,
    ...turn,
  } as unknown as LoggedTurn;
}

const rollupSchema = z.object({
  version: z.number(),
  statsDay: z.string(),
  byChannel: z.record(z.string(), z.any()),
  computedAt: z.string(),
});

function isMissingIndex(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return (
    (name === 'ValidationException' || name === 'ResourceNotFoundException') &&
    /index/i.test(String((error as Error).message))
  );
}

export class DynamoConversationLog implements ConversationLog, ConversationArchive {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  async append(turn: TurnRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.itemOf(turn),
          // A retried worker appends the same turn again; keep the first (and its feedback).
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Many turns at once, 25 per BatchWriteItem, feedback already on them (a 👎 files the turn
   * in the gap index): the demo seed and the benchmarks. Unconditional, unlike append.
   */
  async appendMany(turns: readonly TurnRecord[]): Promise<void> {
    for (let index = 0; index < turns.length; index += 25) {
      let requests: Record<string, unknown>[] = turns
        .slice(index, index + 25)
        .map((turn) => ({ PutRequest: { Item: this.itemOf(turn) } }));
      for (let attempt = 0; requests.length > 0 && attempt < 5; attempt++) {
        const result = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
      }
      if (requests.length > 0) throw new Error(`appendMany: ${requests.length} items left unprocessed`);
    }
  }

  private itemOf(turn: TurnRecord): Record<string, unknown> {
    const at = Date.parse(turn.at);
    const base = Number.isFinite(at) ? at : this.clock.now().getTime();
    const day = vietnamDate(new Date(base));
    return {
      pk: chatPk(turn.chatHash),
      sk: turnSk(turn.turnId),
      day,
      ...(isGapPath(turn.path) || turn.feedback === 'down' ? { gapDay: day } : {}),
      ...turn,
      expiresAt: Math.floor(base / 1000) + this.retentionDays * 86_400,
    };
  }

  async recordFeedback(chatHash: string, turnId: string, vote: 'up' | 'down'): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: chatPk(chatHash), sk: turnSk(turnId) },
          // A 👎 puts the turn into the sparse gap index (on its own day); a later 👍 leaves it
          // there, and readers go by the feedback itself.
          UpdateExpression:
            vote === 'down'
              ? 'SET feedback = :vote, feedbackAt = :at, gapDay = #day'
              : 'SET feedback = :vote, feedbackAt = :at',
          // Only on a turn of this very chat: a forged turn id cannot create items or rate others' turns.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':vote': vote, ':at': this.clock.now().toISOString() },
          ...(vote === 'down' ? { ExpressionAttributeNames: { '#day': 'day' } } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async dayTurns(day: string, options: { cursor?: string; limit?: number } = {}): Promise<TurnPage> {
    return this.page(
      {
        IndexName: 'byDay',
        KeyConditionExpression: '#day = :day',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ':day': day },
      },
      options,
    );
  }

  async dayTurnsForRollup(day: string): Promise<LoggedTurn[]> {
    return this.all({
      IndexName: 'byDay',
      KeyConditionExpression: '#day = :day',
      ProjectionExpression: ROLLUP_PROJECTION,
      ExpressionAttributeNames: ROLLUP_NAMES,
      ExpressionAttributeValues: { ':day': day },
    });
  }

  async gapTurns(day: string): Promise<LoggedTurn[]> {
    try {
      return await this.all({
        IndexName: 'byGap',
        KeyConditionExpression: 'gapDay = :day',
        ExpressionAttributeValues: { ':day': day },
      });
    } catch (error) {
      if (!isMissingIndex(error)) throw error;
      // A local data directory created before the byGap index (dynalite cannot add an index
      // to an existing table): the same turns, read through byDay.
      return this.all({
        IndexName: 'byDay',
        KeyConditionExpression: '#day = :day',
        FilterExpression: 'gapDay = :day',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ':day': day },
      });
    }
  }

  async chatTurns(chatHash: string, options: { cursor?: string; limit?: number } = {}): Promise<TurnPage> {
    return this.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :turn)',
        ExpressionAttributeValues: { ':pk': chatPk(chatHash), ':turn': 'TURN#' },
      },
      options,
    );
  }

  async nextTurn(chatHash: string, turnId: string): Promise<LoggedTurn | undefined> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk > :sk',
        ExpressionAttributeValues: { ':pk': chatPk(chatHash), ':sk': turnSk(turnId) },
        Limit: 1,
      }),
    );
    return loggedTurn(result.Items?.[0]);
  }

  async getTurn(chatHash: string, turnId: string): Promise<LoggedTurn | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: chatPk(chatHash), sk: turnSk(turnId) } }),
    );
    return loggedTurn(result.Item);
  }

  async saveNotes(chatHash: string, turnId: string, notes: TurnNotes): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: chatPk(chatHash), sk: turnSk(turnId) },
          UpdateExpression: 'SET notes = :notes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':notes': notes },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getRollup(day: string): Promise<StoredRollup | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `STATS#${day}`, sk: 'STATS' } }),
    );
    const parsed = rollupSchema.safeParse(result.Item);
    if (!parsed.success) return undefined;
    const { statsDay, ...rest } = parsed.data;
    return { ...rest, day: statsDay };
  }

  async putRollup(rollup: StoredRollup): Promise<void> {
    const { day, ...rest } = rollup;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `STATS#${day}`,
          sk: 'STATS',
          statsDay: day,
          ...rest,
          // Kept as long as the turns it counts.
          expiresAt: Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + this.retentionDays * 86_400,
        },
      }),
    );
  }

  private async page(
    input: Omit<QueryCommandInput, 'TableName'>,
    options: { cursor?: string; limit?: number },
  ): Promise<TurnPage> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        ...input,
        ScanIndexForward: false,
        Limit: options.limit ?? 50,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    const turns = (result.Items ?? []).flatMap((item) => loggedTurn(item) ?? []);
    const cursor = encodeCursor(result.LastEvaluatedKey);
    return cursor ? { turns, cursor } : { turns };
  }

  private async all(input: Omit<QueryCommandInput, 'TableName'>): Promise<LoggedTurn[]> {
    const items = await queryAll(this.doc, { TableName: this.tableName, ...input, ScanIndexForward: false });
    return items.flatMap((item) => loggedTurn(item) ?? []);
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
