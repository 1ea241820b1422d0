/**
 * ChannelSender for Telegram: HTML-escaped text split under the message limit, topic
 * buttons and 👍/👎 as an inline keyboard on the last part, "typing…", and button
 * acknowledgements. Failures become ChannelError (retryable or refused).
 */
import type { Telegram } from 'telegraf';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/ports.js';
import { FEEDBACK_DOWN_LABEL, FEEDBACK_UP_LABEL, feedbackData, type Reply } from '../../core/messages.js';
import { isParseEntitiesError, toChannelError } from './errors.js';
import { DEFAULT_PART_LENGTH, escapeHtml, splitMessage } from './format.js';

/** callback_data is limited to 64 bytes (not characters). */
const MAX_CALLBACK_BYTES = 64;

export interface TelegramSenderOptions {
  readonly partLength?: number;
  /** Per-call deadline; telegraf's own is 500 s, far beyond a Lambda's life. */
  readonly timeoutMs?: number;
}

interface InlineButton {
  readonly text: string;
  readonly callback_data: string;
}

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;

  constructor(
    private readonly telegram: Telegram,
    private readonly options: TelegramSenderOptions = {},
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    const parts = splitMessage(message.reply.text, this.options.partLength ?? DEFAULT_PART_LENGTH);
    const keyboard = inlineKeyboard(message.reply, message.turnId);
    for (let index = message.partsAlreadySent ?? 0; index < parts.length; index++) {
      const last = index === parts.length - 1;
      await this.sendPart(message.chatId, parts[index] ?? '', last ? keyboard : undefined);
      await message.onPartSent?.(index + 1, parts.length);
    }
    return { status: 'sent', parts: parts.length };
  }

  async showTyping(chatId: string): Promise<void> {
    await this.call('sendChatAction', { chat_id: chatIdValue(chatId), action: 'typing' });
  }

  async acknowledgeCallback(callbackId: string, text?: string): Promise<void> {
    await this.call('answerCallbackQuery', {
      callback_query_id: callbackId,
      ...(text ? { text: text.slice(0, 200) } : {}),
    });
  }

  private async sendPart(
    chatId: string,
    text: string,
    keyboard: InlineButton[][] | undefined,
  ): Promise<void> {
    const payload = {
      chat_id: chatIdValue(chatId),
      link_preview_options: { is_disabled: true },
      ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
    };
    try {
      await this.call('sendMessage', { ...payload, text: escapeHtml(text), parse_mode: 'HTML' }, true);
    } catch (error) {
      // Should never happen with escaped text; if Telegram still refuses the markup, send it plain.
      if (!isParseEntitiesError(error)) throw toChannelError(error, 'sendMessage');
      await this.call('sendMessage', { ...payload, text });
    }
  }

  private async call(method: string, payload: Record<string, unknown>, raw = false): Promise<unknown> {
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    try {
      // callApi is typed per method; our payloads are built above for exactly these methods.
      return await (
        this.telegram.callApi as (m: string, p: unknown, o: { signal: AbortSignal }) => Promise<unknown>
      ).call(this.telegram, method, payload, { signal });
    } catch (error) {
      if (raw) throw error;
      throw toChannelError(error, method);
    }
  }
}

/** Numeric chat ids go out as numbers, as Telegram's own clients send them. */
function chatIdValue(chatId: string): number | string {
  return /^-?\d{1,15}$/.test(chatId) ? Number(chatId) : chatId;
}

export function inlineKeyboard(reply: Reply, turnId: string): InlineButton[][] | undefined {
  const rows: InlineButton[][] = [];
  for (const button of reply.buttons ?? []) {
    if (Buffer.byteLength(button.data, 'utf8') <= MAX_CALLBACK_BYTES)
      rows.push([{ text: button.label, callback_data: button.data }]);
  }
  if (reply.askFeedback) {
    const up = feedbackData('up', turnId);
    const down = feedbackData('down', turnId);
    if (Buffer.byteLength(down, 'utf8') <= MAX_CALLBACK_BYTES)
      rows.push([
        { text: FEEDBACK_UP_LABEL, callback_data: up },
        { text: FEEDBACK_DOWN_LABEL, callback_data: down },
      ]);
  }
  return rows.length > 0 ? rows : undefined;
}
