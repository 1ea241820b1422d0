/**
 * A fake Zalo OA Open API v3 + OAuth v4 server on loopback, speaking the real wire format
 * (channels.md B5/B6): `POST /v3.0/oa/message/cs` with an `access_token` header answers
 * HTTP 200 `{error: 0, message: "Success", data: {message_id, user_id}}` or a negative
 * `error`; `POST /v4/oa/access_token` takes a form body and the `secret_key` header and
 * spends the single-use refresh token. Tests steer it: expire tokens, rate-limit, refuse
 * users or the button template, slow the OAuth endpoint down.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeZaloOptions {
  readonly appId?: string;
  readonly appSecret?: string;
  readonly oaSecretKey?: string;
  readonly accessToken?: string;
  readonly refreshToken?: string;
}

export interface SentCsMessage {
  readonly userId: string;
  readonly text: string;
  readonly accessToken: string;
  readonly buttons: readonly { title: string; type: string; payload: unknown }[];
  readonly messageId: string;
}

export interface RefreshCall {
  readonly refreshToken: string;
  readonly ok: boolean;
}

export class FakeZalo {
  readonly appId: string;
  readonly appSecret: string;
  readonly oaSecretKey: string;
  url = '';
  /** Every accepted customer-service message, in order. */
  readonly sent: SentCsMessage[] = [];
  /** Every call of message/cs, accepted or not, with the error code answered. */
  readonly csCalls: { userId: string; error: number }[] = [];
  readonly refreshCalls: RefreshCall[] = [];
  /** Tokens the Open API accepts now. */
  readonly validAccessTokens = new Set<string>();
  /** Refresh tokens not yet spent. */
  readonly unspentRefreshTokens = new Set<string>();
  /** Answer the next N message/cs calls with -32 (rate limited). */
  rateLimitNext = 0;
  /** Users who cannot receive messages now, with the code to answer (e.g. -230). */
  readonly refusedUsers = new Map<string, number>();
  /** Refuse any message carrying a button template with this code. */
  rejectTemplateWith: number | undefined;
  /** Delay the OAuth answer (ms) to widen race windows. */
  oauthDelayMs = 0;
  /** The latest pair the OAuth endpoint issued. */
  latestPair: { accessToken: string; refreshToken: string } | undefined;
  private server = createServer((request, response) => void this.route(request, response));

  constructor(options: FakeZaloOptions = {}) {
    this.appId = options.appId ?? '4300000000000000001';
    this.appSecret = options.appSecret ?? 'fake-app-secret';
    this.oaSecretKey = options.oaSecretKey ?? 'fake-oa-secret-key';
    this.validAccessTokens.add(options.accessToken ?? 'access-0');
    this.unspentRefreshTokens.add(options.refreshToken ?? 'refresh-0');
  }

  static async start(options: FakeZaloOptions = {}): Promise<FakeZalo> {
    const fake = new FakeZalo(options);
    await new Promise<void>((done) => fake.server.listen(0, '127.0.0.1', done));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  /** Zalo invalidates the access token (expiry or revocation): the next call gets -216. */
  expireAccessTokens(): void {
    this.validAccessTokens.clear();
  }

  /** Headers and body of a webhook call as Zalo signs it (channels.md B3). */
  signedWebhook(event: Record<string, unknown>): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(event);
    const timestamp = String(event.timestamp ?? '');
    const mac = createHash('sha256')
      .update(`${this.appId}${body}${timestamp}${this.oaSecretKey}`)
      .digest('hex');
    return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` } };
  }

  /** A `user_send_text` event as Zalo sends it. */
  textEvent(userId: string, text: string, msgId: string, timestampMs: number): Record<string, unknown> {
    return {
      app_id: this.appId,
      user_id_by_app: `app-${userId}`,
      event_name: 'user_send_text',
      timestamp: String(timestampMs),
      sender: { id: userId },
      recipient: { id: '579745863508352884' },
      message: { msg_id: msgId, text },
    };
  }

  /** A `follow` event as Zalo sends it when a user follows the OA. */
  followEvent(userId: string, timestampMs: number): Record<string, unknown> {
    return {
      app_id: this.appId,
      event_name: 'follow',
      timestamp: String(timestampMs),
      follower: { id: userId },
    };
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (request.method === 'POST' && path === '/v3.0/oa/message/cs')
      return this.messageCs(request, body, response);
    if (request.method === 'POST' && path === '/v4/oa/access_token')
      return this.accessToken(request, body, response);
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: -404, message: 'not found' }));
  }

  private messageCs(request: IncomingMessage, body: string, response: ServerResponse): void {
    const token = String(request.headers.access_token ?? '');
    const parsed = JSON.parse(body) as {
      recipient?: { user_id?: string };
      message?: {
        text?: string;
        attachment?: { type?: string; payload?: { buttons?: SentCsMessage['buttons'] } };
      };
    };
    const userId = parsed.recipient?.user_id ?? '';
    const text = parsed.message?.text ?? '';
    const attachment = parsed.message?.attachment;
    const refusal = this.refusalFor(token, userId, text, attachment !== undefined);
    if (refusal) {
      this.csCalls.push({ userId, error: refusal.error });
      reply(response, refusal);
      return;
    }
    const messageId = randomUUID().replace(/-/g, '');
    this.csCalls.push({ userId, error: 0 });
    this.sent.push({
      userId,
      text,
      accessToken: token,
      buttons: attachment?.payload?.buttons ?? [],
      messageId,
    });
    reply(response, {
      error: 0,
      message: 'Success',
      data: { message_id: messageId, user_id: userId, quota: { quota_type: 'reply', remain: 7, total: 8 } },
    });
  }

  /** The error Zalo would answer for this call, in the order it checks; undefined when accepted. */
  private refusalFor(
    token: string,
    userId: string,
    text: string,
    hasTemplate: boolean,
  ): { error: number; message: string } | undefined {
    if (!this.validAccessTokens.has(token)) return { error: -216, message: 'Access token is invalid' };
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      return { error: -32, message: 'Your application reached limit call api' };
    }
    if (!userId || text === '') return { error: -201, message: 'Parameters are invalid' };
    if ([...text].length > 2000) return { error: -210, message: 'Parameter exceeds the limit' };
    const refused = this.refusedUsers.get(userId);
    if (refused !== undefined) return { error: refused, message: 'User cannot receive this message' };
    if (hasTemplate && this.rejectTemplateWith !== undefined) {
      return { error: this.rejectTemplateWith, message: 'Invalid template' };
    }
    return undefined;
  }

  private async accessToken(request: IncomingMessage, body: string, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(body);
    const refreshToken = form.get('refresh_token') ?? '';
    if (this.oauthDelayMs > 0) await new Promise((done) => setTimeout(done, this.oauthDelayMs));
    const valid =
      request.headers.secret_key === this.appSecret &&
      request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') === true &&
      form.get('app_id') === this.appId &&
      form.get('grant_type') === 'refresh_token' &&
      this.unspentRefreshTokens.has(refreshToken);
    this.refreshCalls.push({ refreshToken, ok: valid });
    if (!valid) {
      reply(response, {
        error: -14014,
        error_name: 'Invalid refresh token',
        error_description: 'Refresh token is invalid',
      });
      return;
    }
    // Single use: the old refresh token is spent; the old access token stops working too.
    this.unspentRefreshTokens.delete(refreshToken);
    this.validAccessTokens.clear();
    const serial = this.refreshCalls.filter((call) => call.ok).length;
    const pair = { accessToken: `access-${serial}`, refreshToken: `refresh-${serial}` };
    this.validAccessTokens.add(pair.accessToken);
    this.unspentRefreshTokens.add(pair.refreshToken);
    this.latestPair = pair;
    reply(response, {
      access_token: pair.accessToken,
      refresh_token: pair.refreshToken,
      expires_in: '90000',
    });
  }
}

function reply(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
