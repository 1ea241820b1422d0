import { describe, expect, it } from 'vitest';
import { MemoryConversationLog } from '../../../functions/adapters/memory/conversation-log.js';
import { MemoryProgressStore } from '../../../functions/adapters/memory/pipeline-stores.js';
import { MemorySessionStore } from '../../../functions/adapters/memory/session-store.js';
import {
  FEEDBACK_THANKS,
  MAX_LOGGED_TEXT_CHARS,
  processQueued,
  type WorkerDeps,
} from '../../../functions/app/pipeline-worker.js';
import type { QueuedMessage } from '../../../functions/app/ports.js';
import {
  ChannelError,
  type ChannelSender,
  type OutgoingMessage,
  type SendOutcome,
} from '../../../functions/app/ports.js';
import type { Assistant } from '../../../functions/app/turn.js';
import { defaultLogRedaction } from '../../../functions/composition/worker-runtime.js';
import { greetingReply } from '../../../functions/core/dialogue/replies.js';
import type { Skill } from '../../../functions/core/dialogue/skill.js';
import { feedbackData, type InboundMessage } from '../../../functions/core/messages.js';
import { redactIdentifiers } from '../../../functions/core/privacy/redact.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { silentLogger } from '../../../functions/shared/logger.js';

/** Splits on "|" so a reply has as many parts as we like; can fail chosen calls. */
class RecordingSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly delivered: { chatId: string; text: string; turnId: string }[] = [];
  readonly acknowledged: { id: string; text: string | undefined }[] = [];
  readonly failures: (ChannelError | undefined)[] = [];
  private call = 0;

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    const parts = message.reply.text.split('|');
    for (let index = message.partsAlreadySent ?? 0; index < parts.length; index++) {
      const failure = this.failures[this.call++];
      if (failure) throw failure;
      this.delivered.push({ chatId: message.chatId, text: parts[index] ?? '', turnId: message.turnId });
      await message.onPartSent?.(index + 1, parts.length);
    }
    return { status: 'sent', parts: parts.length };
  }

  async acknowledgeCallback(id: string, text?: string): Promise<void> {
    this.acknowledged.push({ id, text });
  }
}

/** Counts how often the core ran, to prove a retry never re-runs it. */
function countingSkill(): Skill & { runs: number } {
  const skill = {
    name: 'test',
    runs: 0,
    detect: () => 1,
    handle: async () => {
      skill.runs++;
      return {
        reply: {
          text: 'Phần một.|Phần hai.|Phần ba.',
          intent: 'test.answer',
          path: 'faq' as const,
          citations: [{ document: 'Luật BHXH 41/2024/QH15', section: 'Điều 36' }],
        },
      };
    },
  };
  return skill;
}

function setup() {
  let tick = 0;
  const clock = { now: () => new Date(Date.UTC(2026, 10, 23, 1, 0, 0, tick++)) };
  const skill = countingSkill();
  const assistant: Assistant = { dialogue: () => ({ clock, skills: [skill] }) };
  const sender = new RecordingSender();
  const conversations = new MemoryConversationLog();
  const progress = new MemoryProgressStore();
  const sleeps: number[] = [];
  let id = 0;
  const deps: WorkerDeps = {
    turn: { assistant, sessions: new MemorySessionStore(), clock, hash: createHasher('k') },
    senders: { telegram: sender },
    progress,
    conversations,
    turnIds: { next: () => `T${++id}` },
    redact: { question: redactIdentifiers, answer: (text) => redactIdentifiers(text) },
    logger: silentLogger,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { deps, sender, conversations, progress, skill, sleeps };
}

const item = (message: Record<string, unknown> = {}): QueuedMessage => ({
  receivedAt: '2026-11-23T00:59:59.000Z',
  message: {
    channel: 'telegram',
    messageId: '1001',
    chatId: '555',
    sentAt: '2026-11-23T00:59:58.000Z',
    kind: 'text',
    text: 'Mã số BHXH của tôi là 0123456789',
    ...message,
  } as InboundMessage,
});

describe('processQueued', () => {
  it('answers, sends every part once, and logs a redacted turn with feedback buttons asked', async () => {
    const { deps, sender, conversations } = setup();
    expect(await processQueued(item(), deps)).toEqual({ status: 'done' });
    expect(sender.delivered.map((part) => part.text)).toEqual(['Phần một.', 'Phần hai.', 'Phần ba.']);
    const [turn] = conversations.turns();
    expect(turn).toMatchObject({
      turnId: 'T1',
      channel: 'telegram',
      chatHash: createHasher('k')('555'),
      question: 'Mã số BHXH của tôi là [mã số BHXH]',
      intent: 'test.answer',
      path: 'faq',
      citations: [{ document: 'Luật BHXH 41/2024/QH15', section: 'Điều 36' }],
    });
    expect(JSON.stringify(turn)).not.toContain('0123456789');
    expect(JSON.stringify(turn)).not.toContain('"555"');
  });

  it('keeps no reply text in the progress record once the message is done', async () => {
    const { deps, progress } = setup();
    expect(await processQueued(item(), deps)).toEqual({ status: 'done' });
    const record = await progress.get('telegram', '1001');
    expect(record).toMatchObject({ done: true, logged: true, sent: true, turnId: 'T1' });
    expect(record?.reply).toBeUndefined();
    expect(JSON.stringify(record)).not.toContain('Phần');
    // A redelivery after that is still recognised as done and sends nothing.
    expect(await processQueued(item(), deps)).toEqual({ status: 'done' });
  });

  it('logs at most MAX_LOGGED_TEXT_CHARS of a question, so the log never refuses a turn', async () => {
    const { deps, conversations } = setup();
    await processQueued(item({ text: `hỏi ${'a'.repeat(MAX_LOGGED_TEXT_CHARS * 3)}` }), deps);
    const [turn] = conversations.turns();
    expect(turn?.question.length).toBeLessThanOrEqual(MAX_LOGGED_TEXT_CHARS + 4);
    expect(turn?.question.endsWith('[…]')).toBe(true);
  });

  it('resumes after a failure mid-way: no part twice, the core run once, the turn logged once', async () => {
    const { deps, sender, conversations, skill } = setup();
    sender.failures[1] = new ChannelError('network', 'retryable');
    const first = await processQueued(item(), deps);
    expect(first.status).toBe('retry');
    expect(sender.delivered.map((part) => part.text)).toEqual(['Phần một.']);

    expect(await processQueued(item(), deps)).toEqual({ status: 'done' });
    expect(sender.delivered.map((part) => part.text)).toEqual(['Phần một.', 'Phần hai.', 'Phần ba.']);
    expect(new Set(sender.delivered.map((part) => part.turnId))).toEqual(new Set(['T1']));
    expect(skill.runs).toBe(1);
    expect(conversations.turns()).toHaveLength(1);

    // A third delivery of the same message (queue redelivery) changes nothing.
    expect(await processQueued(item(), deps)).toEqual({ status: 'done' });
    expect(sender.delivered).toHaveLength(3);
  });

  it('a crash between sending and logging does not send again on retry', async () => {
    const { deps, sender, conversations } = setup();
    let failAppend = true;
    const flaky = {
      ...deps,
      conversations: {
        append: async (turn: Parameters<MemoryConversationLog['append']>[0]) => {
          if (failAppend) {
            failAppend = false;
            throw new Error('DynamoDB unavailable');
          }
          return conversations.append(turn);
        },
        recordFeedback: conversations.recordFeedback.bind(conversations),
        deleteChat: conversations.deleteChat.bind(conversations),
      },
    };
    expect((await processQueued(item(), flaky)).status).toBe('retry');
    expect(sender.delivered).toHaveLength(3);
    expect(await processQueued(item(), flaky)).toEqual({ status: 'done' });
    expect(sender.delivered).toHaveLength(3);
    expect(conversations.turns()).toHaveLength(1);
  });

  it('waits out a short retry_after in place and then delivers', async () => {
    const { deps, sender, sleeps } = setup();
    sender.failures[0] = new ChannelError('429', 'retryable', 3);
    expect(await processQueued(item(), deps)).toEqual({ status: 'done' });
    expect(sleeps).toEqual([3000]);
    expect(sender.delivered).toHaveLength(3);
  });

  it('hands a long retry_after back to the queue with the delay', async () => {
    const { deps, sender } = setup();
    sender.failures[0] = new ChannelError('429', 'retryable', 120);
    expect(await processQueued(item(), deps)).toMatchObject({ status: 'retry', retryAfterSeconds: 120 });
  });

  it('dead-letters what the channel refuses', async () => {
    const { deps, sender } = setup();
    sender.failures[0] = new ChannelError('403 blocked by the user', 'refused');
    expect(await processQueued(item(), deps)).toMatchObject({ status: 'dead-letter' });
  });

  it('records 👍/👎 on the turn and acknowledges the button once', async () => {
    const { deps, sender, conversations } = setup();
    await processQueued(item(), deps);
    const press = item({
      messageId: '1002',
      kind: 'callback',
      callback: { id: 'q1', data: feedbackData('down', 'T1') },
    });
    expect(await processQueued(press, deps)).toEqual({ status: 'done' });
    expect(await processQueued(press, deps)).toEqual({ status: 'done' });
    expect(conversations.turns()[0]?.feedback).toBe('down');
    expect(sender.acknowledged).toEqual([{ id: 'q1', text: FEEDBACK_THANKS }]);
    expect(sender.delivered).toHaveLength(3);
  });

  it('does not let one chat rate another chat’s turn', async () => {
    const { deps, conversations } = setup();
    await processQueued(item(), deps);
    const forged = item({
      messageId: '1003',
      chatId: '999',
      kind: 'callback',
      callback: { id: 'q2', data: feedbackData('up', 'T1') },
    });
    await processQueued(forged, deps);
    expect(conversations.turns()[0]?.feedback).toBeUndefined();
  });

  it('shows the greeting with topic buttons for /start, without asking for feedback', async () => {
    const { deps, sender } = setup();
    const sent: OutgoingMessage[] = [];
    const capture = {
      ...sender,
      channel: 'telegram' as const,
      send: async (message: OutgoingMessage) => {
        sent.push(message);
        return { status: 'sent' as const, parts: 1 };
      },
    };
    await processQueued(item({ kind: 'command', text: '/start' }), {
      ...deps,
      senders: { telegram: capture },
    });
    expect(sent[0]?.reply.text).toBe(greetingReply().text);
    expect(sent[0]?.reply.buttons?.map((button) => button.data)).toContain('topic:calc');
    expect(sent[0]?.reply.askFeedback).toBe(false);
  });

  it('dead-letters a message for a channel without a sender', async () => {
    const { deps } = setup();
    expect(await processQueued(item({ channel: 'zalo' }), deps)).toMatchObject({ status: 'dead-letter' });
  });
});

describe('defaultLogRedaction', () => {
  it('masks identifiers and dates of birth in every question, and dates in card answers only', () => {
    expect(defaultLogRedaction.question('mã 0123456789 sinh ngày 12/03/1985')).not.toMatch(
      /0123456789|12\/03\/1985/,
    );
    expect(defaultLogRedaction.answer('Thẻ của bạn hết hạn 31/12/2026.', 'card.status')).not.toContain(
      '31/12/2026',
    );
    expect(defaultLogRedaction.answer('Luật có hiệu lực từ 01/07/2025.', 'faq.law')).toContain('01/07/2025');
    expect(defaultLogRedaction.answer('Gọi 0912345678', 'faq.contact')).not.toContain('0912345678');
  });
});
