/**
 * Our own thin, typed client of the Zalo OA Open API v3 and OAuth v4, over Node's fetch.
 * Why not the npm `zalo-sdk`: it targets the retired OA API v1 and OAuth v3 and depends on
 * the deprecated `request` (docs/design/zalo.md, "Zalo channel"). Base URLs are injected so
 * tests reach a fake server on loopback through this very code.
 *
 * Wire format (channels.md B5/B6): the Open API answers HTTP 200 with `{error, message,
 * data}` — failure is `error` < 0, never the HTTP status; OAuth answers the token pair or
 * `{error, error_name, error_description}`.
 */
import { parseJsonKeepingLongIntegers } from './json.js';

export type ZaloButton =
  /** The tap sends `payload` as a visible text message from the user. */
  | { readonly title: string; readonly type: 'oa.query.show'; readonly payload: string }
  /** The same, but the message is not shown in the chat. */
  | { readonly title: string; readonly type: 'oa.query.hide'; readonly payload: string }
  | { readonly title: string; readonly type: 'oa.open.url'; readonly payload: { readonly url: string } }
  | {
      readonly title: string;
      readonly type: 'oa.open.phone';
      readonly payload: { readonly phone_code: string };
    };

export interface ZaloSendResult {
  readonly messageId: string;
  /** `reply` means a free reply inside the interaction window (when Zalo says so). */
  readonly quotaType?: string;
}

export interface ZaloTokenGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds the access token lives (Zalo sends a string, about 90000 = 25 h). */
  readonly expiresInSeconds: number;
}

/** The API answered and said no: `code` is Zalo's negative `error`. */
export class ZaloApiError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ZaloApiError';
  }
}

/** No usable answer: network failure, timeout, 5xx, or a body that is not the wire format. */
export class ZaloTransportError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ZaloTransportError';
  }
}

/** What a failed send means for the caller (channels.md B5 error table). */
export type ZaloErrorClass = 'token' | 'rate-limited' | 'undeliverable' | 'refused';

const TOKEN_ERRORS = new Set([-216, -220]);
const RATE_LIMIT_ERRORS = new Set([-32]);
/** The user cannot receive consultation messages now: not following, window closed, blocked… */
const UNDELIVERABLE_ERRORS = new Set([-211, -213, -227, -230, -232, -244]);

export function classifyZaloError(code: number): ZaloErrorClass {
  if (TOKEN_ERRORS.has(code)) return 'token';
  if (RATE_LIMIT_ERRORS.has(code)) return 'rate-limited';
  if (UNDELIVERABLE_ERRORS.has(code)) return 'undeliverable';
  return 'refused';
}

export interface ZaloClientOptions {
  /** e.g. https://openapi.zalo.me */
  readonly apiBase: string;
  /** e.g. https://oauth.zaloapp.com */
  readonly oauthBase: string;
  readonly appId: string;
  /** App Secret Key: OAuth only (the `secret_key` header). */
  readonly appSecret: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

export const ZALO_TEXT_LIMIT = 2000;

export class ZaloOaClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: ZaloClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Send a customer-service ("tin tư vấn") text, optionally with buttons under it. */
  async sendText(
    accessToken: string,
    userId: string,
    text: string,
    options: { readonly buttons?: readonly ZaloButton[] } = {},
  ): Promise<ZaloSendResult> {
    const message: Record<string, unknown> = { text };
    if (options.buttons && options.buttons.length > 0) {
      message.attachment = { type: 'template', payload: { buttons: options.buttons } };
    }
    const endpoint = '/v3.0/oa/message/cs';
    const body = await this.call(endpoint, `${trimSlash(this.options.apiBase)}${endpoint}`, {
      method: 'POST',
      headers: { access_token: accessToken, 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { user_id: userId }, message }),
    });
    const error = Number(body.error ?? 0);
    if (error !== 0) {
      throw new ZaloApiError(
        `Zalo ${endpoint} failed: ${error} ${String(body.message ?? '')}`,
        error,
        endpoint,
      );
    }
    const data = (body.data ?? {}) as Record<string, unknown>;
    const quota = data.quota as Record<string, unknown> | undefined;
    return {
      messageId: String(data.message_id ?? ''),
      ...(typeof quota?.quota_type === 'string' ? { quotaType: quota.quota_type } : {}),
    };
  }

  /** OAuth v4: spend the (single-use) refresh token for a new access + refresh token pair. */
  async refreshAccessToken(refreshToken: string): Promise<ZaloTokenGrant> {
    const endpoint = '/v4/oa/access_token';
    const form = new URLSearchParams({
      refresh_token: refreshToken,
      app_id: this.options.appId,
      grant_type: 'refresh_token',
    });
    const body = await this.call(endpoint, `${trimSlash(this.options.oauthBase)}${endpoint}`, {
      method: 'POST',
      headers: { secret_key: this.options.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const accessToken = body.access_token;
    const newRefreshToken = body.refresh_token;
    if (
      typeof accessToken === 'string' &&
      typeof newRefreshToken === 'string' &&
      accessToken &&
      newRefreshToken
    ) {
      const expiresIn = Number(body.expires_in);
      return {
        accessToken,
        refreshToken: newRefreshToken,
        expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 90_000,
      };
    }
    const code = Number(body.error ?? -1);
    const name = [body.error_name, body.error_description].filter(Boolean).map(String).join(': ');
    throw new ZaloApiError(`Zalo OAuth refresh failed: ${code}${name ? ` ${name}` : ''}`, code, endpoint);
  }

  private async call(endpoint: string, url: string, init: RequestInit): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new ZaloTransportError(
        `Zalo ${endpoint} unreachable: ${(error as Error).name}`,
        endpoint,
        undefined,
        {
          cause: error,
        },
      );
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 429) {
      throw new ZaloTransportError(
        `Zalo ${endpoint} answered HTTP ${response.status}`,
        endpoint,
        response.status,
      );
    }
    let parsed: unknown;
    try {
      parsed = parseJsonKeepingLongIntegers(text);
    } catch (error) {
      throw new ZaloTransportError(`Zalo ${endpoint} answered non-JSON`, endpoint, response.status, {
        cause: error,
      });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ZaloTransportError(`Zalo ${endpoint} answered an unexpected body`, endpoint, response.status);
    }
    return parsed as Record<string, unknown>;
  }
}

function trimSlash(base: string): string {
  return base.replace(/\/+$/, '');
}
