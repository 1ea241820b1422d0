/**
 * ChannelSender for Zalo OA: formats the reply as plain text, splits it under 2,000
 * characters, sends each part as a customer-service message, and maps Zalo's error codes
 * onto what the worker should do: refresh the token once and retry (-216/-220), back off
 * (-32, 5xx, network), give up as undeliverable (window closed, not following, blocked),
 * or dead-letter (anything else the API refuses). Part progress is the worker's
 * (partsAlreadySent / onPartSent), so a retried turn never repeats a delivered part.
 */
import { ChannelError, type ChannelSender, type OutgoingMessage, type SendOutcome } from '../../app/ports.js';
import { type Logger, silentLogger } from '../../shared/logger.js';
import {
  classifyZaloError,
  ZaloApiError,
  type ZaloButton,
  type ZaloOaClient,
  type ZaloSendResult,
  ZaloTransportError,
} from './client.js';
import { capParts, formatZaloText, splitForZalo, zaloButtonsFor } from './format.js';
import type { MetricSink } from './metrics.js';
import { ZaloTokenError, type ZaloTokenManager } from './token-manager.js';

/** Codes that may mean "this message shape (the button template) is not accepted". */
const TEMPLATE_REJECTED = new Set([-201, -210, -233]);
/** Back off this long on -32 (the per-app rate limit is not documented). */
const RATE_LIMIT_BACKOFF_SECONDS = 30;

export interface ZaloSenderDeps {
  readonly client: Pick<ZaloOaClient, 'sendText'>;
  readonly tokens: Pick<ZaloTokenManager, 'accessToken' | 'replaceRejected'>;
  readonly metrics?: MetricSink;
  readonly logger?: Logger;
}

type PartOutcome = { readonly sent: ZaloSendResult } | { readonly undeliverable: string };

export class ZaloSender implements ChannelSender {
  readonly channel = 'zalo' as const;
  /** Set once Zalo refuses the button template, so later replies go out as plain text. */
  private buttonsRefused = false;
  private readonly logger: Logger;

  constructor(private readonly deps: ZaloSenderDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    const parts = capParts(splitForZalo(formatZaloText(message.reply)));
    const buttons = zaloButtonsFor(message.reply, message.turnId);
    // A retry of the same turn splits identically and resumes after the parts already sent.
    for (let index = message.partsAlreadySent ?? 0; index < parts.length; index += 1) {
      const isLast = index === parts.length - 1;
      const outcome = await this.sendPart(message.chatId, parts[index] ?? '', isLast ? buttons : []);
      if ('undeliverable' in outcome) {
        this.deps.metrics?.('Undeliverable');
        return { status: 'undeliverable', reason: outcome.undeliverable };
      }
      await message.onPartSent?.(index + 1, parts.length);
    }
    return { status: 'sent', parts: parts.length };
  }

  private async sendPart(userId: string, text: string, buttons: readonly ZaloButton[]): Promise<PartOutcome> {
    let token = await this.token(() => this.deps.tokens.accessToken());
    let refreshed = false;
    let withButtons = buttons.length > 0 && !this.buttonsRefused;
    let templateRefusedWith: number | undefined;
    for (;;) {
      try {
        const sent = await this.deps.client.sendText(token, userId, text, withButtons ? { buttons } : {});
        if (templateRefusedWith !== undefined) {
          // Plain text went through where the template did not: it was the buttons.
          this.buttonsRefused = true;
          this.logger.warn('zalo.buttons_refused', { code: templateRefusedWith });
        }
        // Which recipient field keeps a reply free is unconfirmed ([U]): make paid sends visible.
        if (sent.quotaType && sent.quotaType !== 'reply') {
          this.logger.warn('zalo.paid_quota', { quotaType: sent.quotaType });
        }
        return { sent };
      } catch (error) {
        if (error instanceof ZaloTransportError) {
          throw new ChannelError(error.message, 'retryable', undefined, { cause: error });
        }
        if (!(error instanceof ZaloApiError)) throw error;
        const kind = classifyZaloError(error.code);
        if (kind === 'token' && !refreshed) {
          refreshed = true;
          const rejected = token;
          token = await this.token(() => this.deps.tokens.replaceRejected(rejected));
          continue;
        }
        if (kind === 'token') {
          throw new ChannelError('Zalo rejected a freshly refreshed access token', 'retryable', undefined, {
            cause: error,
          });
        }
        if (kind === 'rate-limited') {
          this.deps.metrics?.('RateLimited');
          const jitter = Math.floor(Math.random() * 10);
          throw new ChannelError(error.message, 'retryable', RATE_LIMIT_BACKOFF_SECONDS + jitter, {
            cause: error,
          });
        }
        if (kind === 'undeliverable') return { undeliverable: `zalo:${error.code}` };
        if (withButtons && TEMPLATE_REJECTED.has(error.code)) {
          // The button template is the least certain part of the wire format (channels.md B5, [S]):
          // never let it cost the citizen the answer.
          templateRefusedWith = error.code;
          withButtons = false;
          continue;
        }
        throw new ChannelError(error.message, 'refused', undefined, { cause: error });
      }
    }
  }

  private async token(get: () => Promise<string>): Promise<string> {
    try {
      return await get();
    } catch (error) {
      if (error instanceof ZaloTokenError) {
        throw new ChannelError(
          error.message,
          error.reason === 'missing' ? 'refused' : 'retryable',
          undefined,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }
}
