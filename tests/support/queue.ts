/** A queued Telegram text message for queue tests: its text is its id, its chat the group. */
import type { QueuedMessage } from '../../functions/app/ports.js';

export function queuedText(id: string, chatId: string): QueuedMessage {
  return {
    receivedAt: '2026-11-23T00:00:00.000Z',
    message: {
      channel: 'telegram',
      messageId: id,
      chatId,
      sentAt: '2026-11-23T00:00:00.000Z',
      kind: 'text',
      text: id,
    },
  };
}
