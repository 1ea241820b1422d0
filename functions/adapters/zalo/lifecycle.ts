/**
 * What Zalo tells us about a follower besides messages: `follow` / `unfollow` are kept as
 * a mark in the state table (keyed by the chat hash, never the raw id) so operators can
 * tell "unfollowed" from "window closed" when a send is undeliverable; `user_withdraw` is
 * a data-subject request (withdraw consent / delete data): the citizen's session, turns and
 * mark are deleted. Runs in the worker, after the turn, so the session the turn saved is
 * deleted too and the webhook stays fast.
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sessionKeyFor } from '../../app/turn.js';
import type { InboundMessage } from '../../core/messages.js';
import type { Clock, ConversationLog, Hasher, SessionStore } from '../../core/ports.js';
import { type Logger, silentLogger } from '../../shared/logger.js';

export type FollowStatus = 'following' | 'unfollowed';

export interface FollowerRecord {
  readonly status: FollowStatus;
  readonly at: string;
}

export interface ZaloFollowerStore {
  get(chatHash: string): Promise<FollowerRecord | undefined>;
  mark(chatHash: string, record: FollowerRecord): Promise<void>;
  delete(chatHash: string): Promise<void>;
}

const FOLLOWER_TTL_SECONDS = 400 * 24 * 3600;

export class DynamoZaloFollowerStore implements ZaloFollowerStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(chatHash: string): Promise<FollowerRecord | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: followerPk(chatHash) } }),
    );
    const item = result.Item;
    return item ? { status: item.status as FollowStatus, at: String(item.at) } : undefined;
  }

  async mark(chatHash: string, record: FollowerRecord): Promise<void> {
    const expiresAt = Math.floor(Date.parse(record.at) / 1000) + FOLLOWER_TTL_SECONDS;
    await this.doc
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: followerPk(chatHash), ...record, expiresAt },
          // Redelivered or reordered events must not overwrite a newer mark with an older one.
          ConditionExpression: 'attribute_not_exists(pk) OR #at <= :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': record.at },
        }),
      )
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async delete(chatHash: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: followerPk(chatHash) } }));
  }
}

function followerPk(chatHash: string): string {
  return `ZALO#FOLLOWER#${chatHash}`;
}

export interface ZaloLifecycleDeps {
  readonly followers: ZaloFollowerStore;
  readonly sessions: SessionStore;
  readonly conversations: ConversationLog;
  readonly hash: Hasher;
  readonly clock: Clock;
  readonly logger?: Logger;
}

/** Idempotent: the worker may run it again when a later step of the same message is retried. */
export function createZaloLifecycle(deps: ZaloLifecycleDeps): (message: InboundMessage) => Promise<void> {
  const logger = deps.logger ?? silentLogger;
  return async (message) => {
    if (message.channel !== 'zalo') return;
    const chatHash = deps.hash(message.chatId);
    if (message.kind === 'follow' || message.kind === 'unfollow') {
      await deps.followers.mark(chatHash, {
        status: message.kind === 'follow' ? 'following' : 'unfollowed',
        at: message.sentAt,
      });
      logger.info('zalo.follow_status', { chat: chatHash, status: message.kind });
      return;
    }
    if (message.kind === 'withdraw') {
      await deps.sessions.delete(sessionKeyFor(message, deps.hash));
      const turns = await deps.conversations.deleteChat(chatHash);
      await deps.followers.delete(chatHash);
      logger.info('zalo.user_withdrawn', { chat: chatHash, turnsDeleted: turns });
    }
  };
}
