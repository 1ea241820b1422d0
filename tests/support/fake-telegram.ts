/**
 * A fake Telegram Bot API on loopback, speaking the real wire format: POST
 * `/bot<token>/<method>` with a JSON body, answers `{ok:true,result}` or
 * `{ok:false,error_code,description,parameters}`. It records every call, can be told to
 * fail the next calls of a method (429 with retry_after, 5xx, any 4xx), checks what the real
 * API checks that matters to us (token, text length, HTML entities, callback_data size),
 * and serves getUpdates from a list of queued updates for the polling mode.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** Order of arrival, across all methods. */
  readonly sequence: number;
  readonly at: number;
}

export type Failure =
  | { readonly kind: 'rate-limit'; readonly retryAfter: number }
  | { readonly kind: 'server-error'; readonly status?: number }
  | { readonly kind: 'api-error'; readonly code: number; readonly description: string };

/** A message Telegram accepted: what the person sees in the chat. */
export interface DeliveredMessage {
  readonly messageId: number;
  readonly chatId: number | string;
  readonly text: string;
  readonly parseMode: string | undefined;
  readonly replyMarkup: { inline_keyboard: { text: string; callback_data?: string }[][] } | undefined;
}

export interface FakeTelegram {
  readonly apiRoot: string;
  readonly token: string;
  /** Every call, including the ones answered with an error. */
  readonly calls: RecordedCall[];
  /** Only the messages that were delivered (sendMessage answered ok), in order. */
  readonly delivered: DeliveredMessage[];
  deliveredTo(chatId: number | string): DeliveredMessage[];
  callsOf(method: string): RecordedCall[];
  /** The next `times` calls of `method` fail this way, after letting `after` calls through. */
  failNext(method: string, failure: Failure, times?: number, after?: number): void;
  /** Updates handed out by getUpdates. */
  pushUpdate(update: Record<string, unknown>): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const BOT_INFO = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'Trợ lý BHXH',
  username: 'bhxh_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

export async function startFakeTelegram(token = '123456:TEST-token_abc'): Promise<FakeTelegram> {
  const calls: RecordedCall[] = [];
  const delivered: DeliveredMessage[] = [];
  const failures = new Map<string, (Failure | undefined)[]>();
  const updates: Record<string, unknown>[] = [];
  const pollers: (() => void)[] = [];
  let sequence = 0;
  let nextMessageId = 1;

  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
    if (!match || request.method !== 'POST')
      return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, givenToken, method = ''] = match;
    if (givenToken !== token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let payload: Record<string, unknown>;
    try {
      const raw = await readAll(request);
      payload = raw.length ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    calls.push({ method, payload, sequence: sequence++, at: Date.now() });

    const failure = failures.get(method)?.shift();
    if (failure?.kind === 'rate-limit')
      return send(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${failure.retryAfter}`,
        parameters: { retry_after: failure.retryAfter },
      });
    if (failure?.kind === 'server-error') {
      response.writeHead(failure.status ?? 502, { 'content-type': 'text/html' });
      return response.end('<html>Bad Gateway</html>');
    }
    if (failure?.kind === 'api-error')
      return send(failure.code, { ok: false, error_code: failure.code, description: failure.description });

    switch (method) {
      case 'getMe':
        return send(200, { ok: true, result: BOT_INFO });
      case 'sendMessage': {
        const problem = checkMessage(payload);
        if (problem) return send(400, { ok: false, error_code: 400, description: `Bad Request: ${problem}` });
        const messageId = nextMessageId++;
        delivered.push({
          messageId,
          chatId: payload.chat_id as number | string,
          text: payload.text as string,
          parseMode: payload.parse_mode as string | undefined,
          replyMarkup: payload.reply_markup as DeliveredMessage['replyMarkup'],
        });
        return send(200, {
          ok: true,
          result: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: payload.chat_id, type: 'private' },
            text: payload.text,
          },
        });
      }
      case 'sendChatAction':
      case 'answerCallbackQuery':
      case 'setWebhook':
      case 'deleteWebhook':
        return send(200, { ok: true, result: true });
      case 'getWebhookInfo':
        return send(200, {
          ok: true,
          result: { url: '', has_custom_certificate: false, pending_update_count: 0 },
        });
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        const pending = () => updates.filter((update) => Number(update.update_id) >= offset);
        if (pending().length === 0 && Number(payload.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(Number(payload.timeout) * 1000, 2_000));
            pollers.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return send(200, { ok: true, result: pending().slice(0, Number(payload.limit ?? 100)) });
      }
      default:
        return send(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    delivered,
    deliveredTo: (chatId) => delivered.filter((message) => String(message.chatId) === String(chatId)),
    callsOf: (method) => calls.filter((call) => call.method === method),
    failNext(method, failure, times = 1, after = 0) {
      const list = failures.get(method) ?? [];
      for (let index = 0; index < after; index++) list.push(undefined);
      for (let index = 0; index < times; index++) list.push(failure);
      failures.set(method, list);
    },
    pushUpdate(update) {
      updates.push(update);
      for (const wake of pollers.splice(0)) wake();
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('fake Telegram: condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of pollers.splice(0)) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the real API rejects and we must never send. */
function checkMessage(payload: Record<string, unknown>): string | undefined {
  const text = payload.text;
  if (typeof text !== 'string' || text.length === 0) return 'message text is empty';
  if (payload.chat_id === undefined) return 'chat_id is empty';
  const visible = payload.parse_mode === 'HTML' ? htmlToText(text) : text;
  if (visible === undefined) return "can't parse entities: unsupported start tag or unescaped character";
  if (visible.length > 4096) return 'message is too long';
  const markup = payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64)
        return 'BUTTON_DATA_INVALID';
    }
  }
  return undefined;
}

/** The text a user sees for an HTML message, or undefined when Telegram could not parse it. */
function htmlToText(html: string): string | undefined {
  // We send no tags; any `<` or bare `&` would be a parse error at Telegram.
  if (/[<>]/.test(html)) return undefined;
  if (/&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)/i.test(html)) return undefined;
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Real-shaped updates, as Telegram sends them. */
export const updates = {
  text(updateId: number, chatId: number, text: string, date = 1_763_856_000): Record<string, unknown> {
    const from = { id: chatId, is_bot: false, first_name: 'Lan', language_code: 'vi' };
    const entities = text.startsWith('/')
      ? [{ offset: 0, length: text.split(/\s/)[0]?.length ?? 1, type: 'bot_command' }]
      : undefined;
    return {
      update_id: updateId,
      message: {
        message_id: updateId + 100,
        from,
        chat: { id: chatId, first_name: 'Lan', type: 'private' },
        date,
        text,
        ...(entities ? { entities } : {}),
      },
    };
  },
  edited(updateId: number, chatId: number, text: string): Record<string, unknown> {
    return {
      update_id: updateId,
      edited_message: {
        message_id: 5,
        from: { id: chatId, is_bot: false, first_name: 'Lan' },
        chat: { id: chatId, first_name: 'Lan', type: 'private' },
        date: 1_763_856_000,
        edit_date: 1_763_856_060,
        text,
      },
    };
  },
  sticker(updateId: number, chatId: number): Record<string, unknown> {
    return {
      update_id: updateId,
      message: {
        message_id: 6,
        from: { id: chatId, is_bot: false, first_name: 'Lan' },
        chat: { id: chatId, first_name: 'Lan', type: 'private' },
        date: 1_763_856_000,
        sticker: {
          width: 512,
          height: 512,
          emoji: '👍',
          set_name: 'HotCherry',
          is_animated: true,
          is_video: false,
          type: 'regular',
          file_id: 'CAACAgIAAxkBAAEB',
          file_unique_id: 'AgADAgAD',
          file_size: 12345,
        },
      },
    };
  },
  group(updateId: number, chatId: number, text: string): Record<string, unknown> {
    return {
      update_id: updateId,
      message: {
        message_id: 7,
        from: { id: 42, is_bot: false, first_name: 'Minh' },
        chat: { id: chatId, title: 'Hội phụ huynh', type: 'group', all_members_are_administrators: true },
        date: 1_763_856_000,
        text,
      },
    };
  },
  callback(
    updateId: number,
    chatId: number,
    data: string,
    queryId = `cbq-${updateId}`,
  ): Record<string, unknown> {
    return {
      update_id: updateId,
      callback_query: {
        id: queryId,
        from: { id: chatId, is_bot: false, first_name: 'Lan', language_code: 'vi' },
        message: {
          message_id: 99,
          from: {
            id: BOT_INFO.id,
            is_bot: true,
            first_name: BOT_INFO.first_name,
            username: BOT_INFO.username,
          },
          chat: { id: chatId, first_name: 'Lan', type: 'private' },
          date: 1_763_856_000,
          text: 'Xin chào!',
        },
        chat_instance: '-3428472938472',
        data,
      },
    };
  },
};
