import { describe, expect, it } from 'vitest';
import { MemoryConversationLog } from '../../../../functions/adapters/memory/conversation-log.js';
import { MemorySessionStore } from '../../../../functions/adapters/memory/session-store.js';
import { MemoryZaloFollowerStore } from '../../../../functions/adapters/memory/zalo-followers.js';
import { createZaloLifecycle } from '../../../../functions/adapters/zalo/lifecycle.js';
import type { InboundMessage } from '../../../../functions/core/messages.js';
import { createHasher } from '../../../../functions/shared/hash.js';

const hash = createHasher('k');
const clock = { now: () => new Date('2026-11-23T00:00:00Z') };

function setup() {
  const followers = new MemoryZaloFollowerStore();
  const sessions = new MemorySessionStore();
  const conversations = new MemoryConversationLog();
  const lifecycle = createZaloLifecycle({ followers, sessions, conversations, hash, clock });
  return { followers, sessions, conversations, lifecycle };
}

const event = (kind: InboundMessage['kind'], chatId: string, sentAt: string): InboundMessage =>
  ({
    channel: 'zalo',
    messageId: `${kind}-${sentAt}`,
    chatId,
    sentAt,
    kind,
  }) as InboundMessage;

describe('Zalo follower lifecycle', () => {
  it('marks unfollow and follow by chat hash, newest event wins', async () => {
    const { followers, lifecycle } = setup();
    await lifecycle(event('unfollow', 'u1', '2026-11-22T10:00:00.000Z'));
    expect(await followers.get(hash('u1'))).toEqual({ status: 'unfollowed', at: '2026-11-22T10:00:00.000Z' });
    await lifecycle(event('follow', 'u1', '2026-11-22T09:00:00.000Z')); // older, redelivered late
    expect((await followers.get(hash('u1')))?.status).toBe('unfollowed');
    await lifecycle(event('follow', 'u1', '2026-11-22T11:00:00.000Z'));
    expect((await followers.get(hash('u1')))?.status).toBe('following');
  });

  it('deletes the session, turns and mark of a user who withdraws, and nobody else’s', async () => {
    const { followers, sessions, conversations, lifecycle } = setup();
    for (const user of ['u1', 'u2']) {
      await sessions.put({ key: `zalo:${hash(user)}`, updatedAt: '2026-11-22T00:00:00Z' });
      await conversations.append({
        turnId: `t-${user}`,
        channel: 'zalo',
        chatHash: hash(user),
        at: '2026-11-22T00:00:00Z',
        question: 'q',
        answer: 'a',
        intent: 'i',
        path: 'faq',
        citations: [],
        latencyMs: 1,
      });
      await followers.mark(hash(user), { status: 'following', at: '2026-11-22T00:00:00Z' });
    }
    await lifecycle(event('withdraw', 'u1', '2026-11-23T00:00:00.000Z'));
    await lifecycle(event('withdraw', 'u1', '2026-11-23T00:00:00.000Z')); // idempotent
    expect(await sessions.get(`zalo:${hash('u1')}`)).toBeUndefined();
    expect(await followers.get(hash('u1'))).toBeUndefined();
    expect(await conversations.deleteChat(hash('u1'))).toBe(0);
    expect(await sessions.get(`zalo:${hash('u2')}`)).toBeDefined();
    expect(await conversations.recordFeedback(hash('u2'), 't-u2', 'up')).toBe(true);
  });

  it('leaves other channels and kinds alone', async () => {
    const { followers, lifecycle } = setup();
    await lifecycle({ ...event('unfollow', 'u1', '2026-11-22T10:00:00.000Z'), channel: 'telegram' });
    await lifecycle(event('text', 'u1', '2026-11-22T10:00:00.000Z'));
    expect(await followers.get(hash('u1'))).toBeUndefined();
  });
});
