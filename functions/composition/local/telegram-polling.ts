/**
 * Telegram under `npm start`, on the same pipeline as in AWS (webhook → dedupe → in-process
 * FIFO queue → worker → telegraf → conversation log):
 *  - `POST /telegram/webhook` is served when TELEGRAM_BOT_TOKEN is set. Without
 *    TELEGRAM_WEBHOOK_SECRET a random secret is generated for this run and printed, so a
 *    tunnel or curl can use it; set the variable to keep it stable.
 *  - With TELEGRAM_MODE=polling the server long-polls getUpdates instead, so a developer can
 *    chat from a phone with no public URL. Each update goes through the same parsing and
 *    ingress as a webhook delivery.
 */
import { randomBytes } from 'node:crypto';
import type { Telegram } from 'telegraf';
import type { HttpHandler } from '../../adapters/local/http-adapter.js';
import { createTelegramClient } from '../../adapters/telegram/client.js';
import { parseTelegramUpdate } from '../../adapters/telegram/update.js';
import { createTelegramWebhookHandler } from '../../adapters/telegram/webhook.js';
import { acceptInbound } from '../../app/pipeline-ingress.js';
import type { Config } from '../../shared/config.js';
import { errorFields } from '../../shared/logger.js';
import type { LocalPipeline } from '../worker-runtime.js';

export const TELEGRAM_WEBHOOK_ROUTE = 'POST /telegram/webhook';
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface LocalTelegram {
  readonly routes: Readonly<Record<string, HttpHandler>>;
  close(): Promise<void>;
}

export function startLocalTelegram(
  config: Config,
  pipeline: LocalPipeline,
  print: (line: string) => void,
): LocalTelegram {
  const token = config.telegram.botToken;
  if (!token) {
    print('telegram: disabled (set TELEGRAM_BOT_TOKEN to enable the webhook route or polling)');
    return { routes: {}, close: async () => undefined };
  }
  if (config.telegram.mode === 'polling') {
    const poller = startPolling(createTelegramClient(token, config.telegram.apiRoot), pipeline, print);
    print('telegram: long-polling getUpdates (TELEGRAM_MODE=polling); the webhook route is off');
    return { routes: {}, close: () => poller.stop() };
  }
  let secret = config.telegram.webhookSecret;
  if (!secret) {
    secret = randomBytes(24).toString('base64url');
    print(`telegram: TELEGRAM_WEBHOOK_SECRET not set; generated for this run: ${secret}`);
  }
  const webhook = createTelegramWebhookHandler({ ...pipeline.ingress, secret });
  print(`telegram: webhook at ${TELEGRAM_WEBHOOK_ROUTE} (header X-Telegram-Bot-Api-Secret-Token)`);
  return { routes: { [TELEGRAM_WEBHOOK_ROUTE]: webhook }, close: async () => undefined };
}

interface Poller {
  stop(): Promise<void>;
}

function startPolling(telegram: Telegram, pipeline: LocalPipeline, print: (line: string) => void): Poller {
  const { logger, clock } = pipeline.ingress;
  const controller = new AbortController();
  let offset = 0;
  const loop = async () => {
    while (!controller.signal.aborted) {
      try {
        // telegraf types the signal with the abort-controller shim; Node's own works at run time.
        const callApi = telegram.callApi as (
          m: string,
          p: unknown,
          o: { signal: AbortSignal },
        ) => Promise<unknown>;
        const batch = (await callApi.call(
          telegram,
          'getUpdates',
          { offset, timeout: 25, allowed_updates: [...ALLOWED_UPDATES] },
          { signal: controller.signal },
        )) as { update_id: number }[];
        let retryLater = false;
        for (const update of batch) {
          const parsed = parseTelegramUpdate(update, clock.now());
          if (parsed.status === 'message') {
            // Same ingress as a webhook: a failed enqueue leaves offset unchanged, so it is fetched again.
            const outcome = await acceptInbound(parsed.message, pipeline.ingress);
            if (outcome === 'retry-later') {
              retryLater = true;
              break;
            }
          } else logger.info('telegram.poll.skipped', { reason: parsed.reason });
          offset = update.update_id + 1;
        }
        if (retryLater) await new Promise((resolve) => setTimeout(resolve, 1_000));
      } catch (error) {
        if (controller.signal.aborted) return;
        const code = (error as { code?: number }).code;
        if (code === 409) {
          print(
            'telegram: getUpdates refused (409): a webhook is set for this bot. Use another bot for ' +
              'development, or remove it with `npm run telegram:webhook -- --delete`.',
          );
          return;
        }
        logger.warn('telegram.poll.failed', errorFields(error));
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  };
  const running = loop();
  return {
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}
