/**
 * Sessions and progress records are decoded when read back from the state table: an item that
 * does not decode (written by hand, by another version) is logged without identifiers and
 * treated as absent, and the worker answers the message as if it were new.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoProgressStore, progressKey } from '../../functions/adapters/dynamodb/progress-store.js';
import { DynamoSessionStore, sessionPk } from '../../functions/adapters/dynamodb/session-store.js';
import { MemoryConversationLog } from '../../functions/adapters/memory/conversation-log.js';
import { processQueued } from '../../functions/app/pipeline-worker.js';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../functions/app/ports.js';
import type { Assistant } from '../../functions/app/turn.js';
import { sessionKeyFor } from '../../functions/app/turn.js';
import type { Skill } from '../../functions/core/dialogue/skill.js';
import type { InboundMessage } from '../../functions/core/messages.js';
import { sessionSchema } from '../../functions/core/ports.js';
import { createHasher } from '../../functions/shared/hash.js';
import { createLogger } from '../../functions/shared/logger.js';
import { startTestDynamo, type TestDynamo } from '../support/dynamo.js';

let dynamo: TestDynamo;
const now = new Date('2026-11-23T01:00:00.000Z');
const clock = { now: () => now };
const hash = createHasher('corrupt-state-key');
const inAnHour = Math.floor(now.getTime() / 1000) + 3600;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

function recordingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ write: (line) => lines.push(line) }) };
}

async function putRaw(item: Record<string, unknown>): Promise<void> {
  await dynamo.clients.doc.send(new PutCommand({ TableName: dynamo.tables.state, Item: item }));
}

class RecordingSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly delivered: string[] = [];
  async send(message: OutgoingMessage): Promise<SendOutcome> {
    this.delivered.push(message.reply.text);
    await message.onPartSent?.(1, 1);
    return { status: 'sent', parts: 1 };
  }
}

/** Answers every message, and says whether the session it was given had a pending slot. */
const echoSkill: Skill = {
  name: 'echo',
  detect: () => 1,
  handle: async (ctx) => ({
    reply: {
      text: ctx.session.pending ? 'Tiếp tục câu hỏi trước.' : 'Câu trả lời mới.',
      intent: 'echo',
      path: 'faq',
      citations: [],
    },
    pending: { skill: 'echo', awaiting: 'more', slots: { step: 1 }, askedAt: now.toISOString() },
  }),
};

describe('DynamoSessionStore reading a corrupt item', () => {
  it('logs it without the key and returns no session', async () => {
    const key = 'telegram:0123456789-corrupt';
    await putRaw({
      pk: sessionPk(key),
      session: { key, updatedAt: now.toISOString(), pending: { skill: 'card-lookup', slots: 'sealed' } },
      expiresAt: inAnHour,
    });
    const { lines, logger } = recordingLogger();
    const store = new DynamoSessionStore(dynamo.clients.doc, dynamo.tables.state, clock, 3600, logger);
    expect(await store.get(key)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'warn', event: 'session.corrupt' });
    expect(lines[0]).toContain('pending.slots');
    expect(lines[0]).not.toContain('0123456789');
    expect(lines[0]).not.toContain('sealed');
  });

  it('still reads a session that decodes, its sealed card code included', async () => {
    const store = new DynamoSessionStore(dynamo.clients.doc, dynamo.tables.state, clock);
    const session = {
      key: 'telegram:good',
      updatedAt: now.toISOString(),
      pending: {
        skill: 'card-lookup',
        awaiting: 'dob',
        slots: { sealedCode: 'v1.abc.def', reprompts: 1 },
        askedAt: now.toISOString(),
      },
      lastAnswer: { skill: 'policy.hi-household', slots: { members: 2, months: 12 }, answeredAt: '' },
    };
    await store.put(session);
    expect(await store.get('telegram:good')).toEqual(session);
  });
});

describe('DynamoProgressStore reading a corrupt item', () => {
  it('logs it without the message id and returns no record', async () => {
    await putRaw({
      pk: progressKey('telegram', '77001'),
      progress: { channel: 'telegram', messageId: '77001', partsSent: 'two', sent: true },
      expiresAt: inAnHour,
    });
    const { lines, logger } = recordingLogger();
    const store = new DynamoProgressStore(dynamo.clients.doc, dynamo.tables.state, clock, 3600, logger);
    expect(await store.get('telegram', '77001')).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'warn', event: 'progress.corrupt' });
    expect(lines[0]).not.toContain('77001');
  });
});

describe('the worker over corrupt state', () => {
  it('answers the message as new and overwrites both items with ones that decode', async () => {
    const message: InboundMessage = {
      channel: 'telegram',
      messageId: '88001',
      chatId: '4242',
      sentAt: now.toISOString(),
      kind: 'text',
      text: 'mức đóng thế nào',
    };
    const key = sessionKeyFor(message, hash);
    await putRaw({ pk: sessionPk(key), session: { key, pending: 42 }, expiresAt: inAnHour });
    await putRaw({
      pk: progressKey('telegram', '88001'),
      progress: { channel: 'telegram', messageId: '88001', done: 'yes' },
      expiresAt: inAnHour,
    });
    const { lines, logger } = recordingLogger();
    const sessions = new DynamoSessionStore(dynamo.clients.doc, dynamo.tables.state, clock, 3600, logger);
    const progress = new DynamoProgressStore(dynamo.clients.doc, dynamo.tables.state, clock, 3600, logger);
    const assistant: Assistant = { dialogue: () => ({ clock, skills: [echoSkill] }) };
    const sender = new RecordingSender();
    const result = await processQueued(
      { message, receivedAt: now.toISOString() },
      {
        turn: { assistant, sessions, clock, hash },
        senders: { telegram: sender },
        progress,
        conversations: new MemoryConversationLog(),
        turnIds: { next: () => 'T1' },
        redact: { question: (text) => text, answer: (text) => text },
        logger,
        clock,
      },
    );

    expect(result).toEqual({ status: 'done' });
    expect(sender.delivered).toEqual(['Câu trả lời mới.']);
    const events = lines.map((line) => JSON.parse(line).event);
    expect(events).toContain('session.corrupt');
    expect(events).toContain('progress.corrupt');
    expect((await progress.get('telegram', '88001'))?.done).toBe(true);
    const stored = await dynamo.clients.doc.send(
      new GetCommand({ TableName: dynamo.tables.state, Key: { pk: sessionPk(key) } }),
    );
    expect(sessionSchema.parse(stored.Item?.session).pending?.awaiting).toBe('more');
  });
});
