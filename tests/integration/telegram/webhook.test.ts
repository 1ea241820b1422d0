import { afterEach, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../functions/adapters/telegram/format.js';
import { FEEDBACK_THANKS } from '../../../functions/app/pipeline-worker.js';
import { greetingReply, helpReply, unsupportedMediaReply } from '../../../functions/core/dialogue/replies.js';
import { parseFeedbackData } from '../../../functions/core/messages.js';
import { updates } from '../../support/fake-telegram.js';
import { FAQ_ANSWER, type Harness, LONG_ANSWER, startHarness } from './harness.js';

const CHAT = 123456789;
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Telegram webhook → queue → worker → Bot API', () => {
  it('answers a text message with exactly one sendMessage, HTML-escaped, with 👍/👎, and logs the turn', async () => {
    harness = await startHarness();
    const response = await harness.post(updates.text(900001, CHAT, 'Hỏi mức đóng, mã số BHXH 0123456789'));
    expect(response.statusCode).toBe(200);
    await harness.settle();

    const messages = harness.fake.deliveredTo(CHAT);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe(escapeHtml(FAQ_ANSWER));
    expect(messages[0]?.parseMode).toBe('HTML');
    const buttons = messages[0]?.replyMarkup?.inline_keyboard.flat() ?? [];
    const votes = buttons.map((button) => parseFeedbackData(button.callback_data ?? ''));
    expect(votes.map((vote) => vote?.vote)).toEqual(['up', 'down']);
    expect(harness.fake.callsOf('sendChatAction')[0]?.payload).toMatchObject({
      chat_id: CHAT,
      action: 'typing',
    });

    const turns = await harness.turnsOf(CHAT);
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({
      turnId: votes[0]?.turnId,
      channel: 'telegram',
      question: 'Hỏi mức đóng, mã số BHXH [mã số BHXH]',
      answer: FAQ_ANSWER,
      intent: 'faq.contribution',
      path: 'faq',
      citations: [{ document: 'Luật BHXH 41/2024/QH15', section: 'Điều 36', date: '2024-06-29' }],
    });
    expect(turns[0]?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number(turns[0]?.expiresAt)).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
    expect(JSON.stringify(turns)).not.toContain(String(CHAT));
    expect(JSON.stringify(turns)).not.toContain('0123456789');
  });

  it('answers an update delivered twice only once', async () => {
    harness = await startHarness();
    const update = updates.text(900002, CHAT, 'hoi muc dong');
    expect((await harness.post(update)).statusCode).toBe(200);
    expect((await harness.post(update)).statusCode).toBe(200);
    await harness.settle();
    expect((await harness.post(update)).statusCode).toBe(200);
    await harness.settle();
    expect(harness.fake.deliveredTo(CHAT)).toHaveLength(1);
    expect(await harness.turnsOf(CHAT)).toHaveLength(1);
  });

  it('refuses a wrong or missing secret with 401 and enqueues nothing', async () => {
    harness = await startHarness();
    const wrong = await harness.post(updates.text(900003, CHAT, 'hỏi'), { secret: 'not-the-secret' });
    const missing = await harness.post(updates.text(900004, CHAT, 'hỏi'), { secret: null });
    expect([wrong.statusCode, missing.statusCode]).toEqual([401, 401]);
    expect(harness.pipeline.queue.depth).toBe(0);
    await harness.settle();
    expect(harness.fake.calls).toHaveLength(0);
    // Nothing was claimed either: the same update with the right secret is answered.
    expect((await harness.post(updates.text(900003, CHAT, 'hỏi'))).statusCode).toBe(200);
    await harness.settle();
    expect(harness.fake.deliveredTo(CHAT)).toHaveLength(1);
  });

  it('rejects malformed JSON with 400, a non-update with 400 and an oversized body with 413', async () => {
    harness = await startHarness();
    expect((await harness.post(undefined, { raw: '{"update_id": 1, "message": ' })).statusCode).toBe(400);
    expect((await harness.post({ hello: 'world' })).statusCode).toBe(400);
    const huge = updates.text(900005, CHAT, 'x'.repeat(1024 * 1024 + 1));
    expect((await harness.post(huge)).statusCode).toBe(413);
    await harness.settle();
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('acknowledges edited messages and group messages without answering; answers a sticker politely', async () => {
    harness = await startHarness();
    expect((await harness.post(updates.edited(900006, CHAT, 'hỏi sửa'))).statusCode).toBe(200);
    expect((await harness.post(updates.group(900007, -1001234567890, 'hỏi bot'))).statusCode).toBe(200);
    expect((await harness.post(updates.sticker(900008, CHAT))).statusCode).toBe(200);
    await harness.settle();
    expect(harness.fake.delivered.map((message) => message.text)).toEqual([
      escapeHtml(unsupportedMediaReply().text),
    ]);
    const [turn] = await harness.turnsOf(CHAT);
    expect(turn).toMatchObject({ question: '[sticker]', path: 'prompt' });
  });

  it('greets /start with topic buttons, and answers a topic button after acknowledging it', async () => {
    harness = await startHarness();
    await harness.post(updates.text(900009, CHAT, '/start'));
    await harness.settle();
    const greeting = harness.fake.deliveredTo(CHAT)[0];
    expect(greeting?.text).toBe(escapeHtml(greetingReply().text));
    const topics = greeting?.replyMarkup?.inline_keyboard.flat().map((button) => button.callback_data);
    expect(topics).toEqual(['topic:calc', 'topic:benefits', 'topic:card', 'topic:help']);

    await harness.post(updates.callback(900010, CHAT, 'topic:help', 'cbq-topic'));
    await harness.settle();
    expect(harness.fake.callsOf('answerCallbackQuery').map((call) => call.payload)).toEqual([
      { callback_query_id: 'cbq-topic' },
    ]);
    expect(harness.fake.deliveredTo(CHAT)[1]?.text).toBe(escapeHtml(helpReply().text));
    const ack = harness.fake.callsOf('answerCallbackQuery')[0]?.sequence ?? Infinity;
    const help = harness.fake.callsOf('sendMessage')[1]?.sequence ?? -1;
    expect(ack).toBeLessThan(help);
  });

  it('records a 👍 press on the logged turn and acknowledges it', async () => {
    harness = await startHarness();
    await harness.post(updates.text(900011, CHAT, 'hỏi mức đóng'));
    await harness.settle();
    const up = harness.fake.deliveredTo(CHAT)[0]?.replyMarkup?.inline_keyboard.flat()[0]?.callback_data ?? '';
    expect(parseFeedbackData(up)?.vote).toBe('up');

    expect((await harness.post(updates.callback(900012, CHAT, up, 'cbq-vote'))).statusCode).toBe(200);
    await harness.settle();
    const [turn] = await harness.turnsOf(CHAT);
    expect(turn?.feedback).toBe('up');
    expect(harness.fake.callsOf('answerCallbackQuery').map((call) => call.payload)).toEqual([
      { callback_query_id: 'cbq-vote', text: FEEDBACK_THANKS },
    ]);
    expect(harness.fake.deliveredTo(CHAT)).toHaveLength(1);
  });

  it('honours a 429: the reply arrives after waiting retry_after', async () => {
    harness = await startHarness();
    harness.fake.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 1 });
    await harness.post(updates.text(900013, CHAT, 'hỏi mức đóng'));
    await harness.settle();
    expect(harness.sleeps).toEqual([1000]);
    expect(harness.fake.callsOf('sendMessage')).toHaveLength(2);
    expect(harness.fake.deliveredTo(CHAT).map((message) => message.text)).toEqual([escapeHtml(FAQ_ANSWER)]);
  });

  it('retries a 5xx from Telegram through the queue and delivers once', async () => {
    harness = await startHarness();
    harness.fake.failNext('sendMessage', { kind: 'server-error', status: 502 }, 2);
    await harness.post(updates.text(900014, CHAT, 'hỏi mức đóng'));
    await harness.settle();
    expect(harness.fake.callsOf('sendMessage')).toHaveLength(3);
    expect(harness.fake.deliveredTo(CHAT)).toHaveLength(1);
    expect(await harness.turnsOf(CHAT)).toHaveLength(1);
  });

  it('dead-letters a reply Telegram refuses (blocked by the user) without retrying it', async () => {
    harness = await startHarness();
    harness.fake.failNext('sendMessage', {
      kind: 'api-error',
      code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await harness.post(updates.text(900015, CHAT, 'hỏi mức đóng'));
    await harness.settle();
    expect(harness.fake.callsOf('sendMessage')).toHaveLength(1);
    expect(harness.pipeline.queue.deadLetters).toHaveLength(1);
  });

  it('a crash between sending and logging does not send a second message on retry', async () => {
    let failures = 1;
    harness = await startHarness({
      conversations: (real) => ({
        append: async (turn) => {
          if (failures-- > 0) throw new Error('simulated crash after send, before log');
          return real.append(turn);
        },
        recordFeedback: (chatHash, turnId, vote) => real.recordFeedback(chatHash, turnId, vote),
        deleteChat: (chatHash) => real.deleteChat(chatHash),
      }),
    });
    await harness.post(updates.text(900016, CHAT, 'hỏi mức đóng'));
    await harness.settle();
    expect(harness.fake.deliveredTo(CHAT)).toHaveLength(1);
    expect(await harness.turnsOf(CHAT)).toHaveLength(1);
  });

  it('splits a long answer under 4,096 characters at sentence ends, buttons on the last part only, resuming after a failure', async () => {
    harness = await startHarness();
    // The second part fails once: the retry must send the parts from the second on, only.
    harness.fake.failNext('sendMessage', { kind: 'server-error', status: 502 }, 1, 1);
    await harness.post(updates.text(900017, CHAT, 'dài: quyền lợi'));
    await harness.settle();
    const parts = harness.fake.deliveredTo(CHAT);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(4096);
      expect(part.text).toMatch(/nhóm\.$/);
    }
    expect(parts.map((part) => part.text).join(' ')).toBe(LONG_ANSWER);
    expect(parts.slice(0, -1).every((part) => part.replyMarkup === undefined)).toBe(true);
    expect(parts.at(-1)?.replyMarkup?.inline_keyboard).toHaveLength(1);
    expect(harness.fake.callsOf('sendMessage')).toHaveLength(parts.length + 1);
    expect(await harness.turnsOf(CHAT)).toHaveLength(1);
  });

  it('releases the dedupe claim when the enqueue fails, answers 503, and the redelivery is answered', async () => {
    let failEnqueue = true;
    harness = await startHarness({
      queue: (real) => ({
        enqueue: async (request) => {
          if (failEnqueue) {
            failEnqueue = false;
            throw new Error('queue unavailable');
          }
          return real.enqueue(request);
        },
      }),
    });
    const update = updates.text(900018, CHAT, 'hỏi mức đóng');
    expect((await harness.post(update)).statusCode).toBe(503);
    expect((await harness.post(update)).statusCode).toBe(200);
    await harness.settle();
    expect(harness.fake.deliveredTo(CHAT)).toHaveLength(1);
  });
});
