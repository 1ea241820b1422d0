import { describe, expect, it } from 'vitest';
import { parseTelegramUpdate } from '../../../../functions/adapters/telegram/update.js';
import { updates } from '../../../support/fake-telegram.js';

const receivedAt = new Date('2026-11-23T01:00:00.000Z');

describe('parseTelegramUpdate', () => {
  it('turns a private text message into a text InboundMessage keyed by update_id', () => {
    const result = parseTelegramUpdate(
      updates.text(815000001, 123456789, 'mức đóng bhxh tự nguyện'),
      receivedAt,
    );
    expect(result).toEqual({
      status: 'message',
      message: {
        channel: 'telegram',
        messageId: '815000001',
        chatId: '123456789',
        sentAt: new Date(1_763_856_000 * 1000).toISOString(),
        kind: 'text',
        text: 'mức đóng bhxh tự nguyện',
      },
    });
  });

  it('marks commands (also /start@bot) as commands', () => {
    const result = parseTelegramUpdate(updates.text(1, 5, '/start@bhxh_test_bot'), receivedAt);
    expect(result.status === 'message' && result.message.kind).toBe('command');
  });

  it('turns a button press into a callback with the query id and data', () => {
    const result = parseTelegramUpdate(updates.callback(2, 5, 'fb:up:T1', 'q-77'), receivedAt);
    expect(result).toMatchObject({
      status: 'message',
      message: { kind: 'callback', chatId: '5', callback: { id: 'q-77', data: 'fb:up:T1' } },
    });
    expect(result.status === 'message' && result.message.sentAt).toBe(receivedAt.toISOString());
  });

  it('turns a sticker into an unsupported message that names the kind', () => {
    const result = parseTelegramUpdate(updates.sticker(3, 5), receivedAt);
    expect(result).toMatchObject({
      status: 'message',
      message: { kind: 'unsupported', unsupportedKind: 'sticker' },
    });
  });

  it('ignores edited messages, group chats and unknown update kinds', () => {
    expect(parseTelegramUpdate(updates.edited(4, 5, 'sửa'), receivedAt)).toEqual({
      status: 'ignored',
      reason: 'update kind edited_message',
    });
    expect(parseTelegramUpdate(updates.group(5, -100123, 'chào bot'), receivedAt)).toEqual({
      status: 'ignored',
      reason: 'chat type group',
    });
    expect(parseTelegramUpdate({ update_id: 6, my_chat_member: {} }, receivedAt).status).toBe('ignored');
  });

  it('rejects bodies that are not Telegram updates', () => {
    for (const body of [
      null,
      [],
      'text',
      { update_id: 'x' },
      { update_id: -1 },
      { update_id: 7, message: { text: 1 } },
    ]) {
      expect(parseTelegramUpdate(body, receivedAt).status).toBe('invalid');
    }
  });
});
