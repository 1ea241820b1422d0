/**
 * The Zalo access-token lifecycle. The access token lives ≈ 25 h; the refresh token is
 * single-use and lives ≈ 3 months, so two workers refreshing at once would spend the same
 * refresh token twice and one of the returned pairs would be lost — and with it the chain.
 * Hence: every refresh happens under a lease (conditional put with TTL); whoever holds it
 * re-reads the pair, refreshes only if still needed, writes the new pair conditional on
 * the version it read, then releases. Everyone else waits and re-reads the new pair.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../core/ports.js';
import { errorFields, type Logger, silentLogger } from '../../shared/logger.js';
import type { ZaloTokenGrant } from './client.js';
import type { MetricSink } from './metrics.js';
import type { ZaloTokenPair, ZaloTokenStore } from './token-store.js';

export class ZaloTokenError extends Error {
  constructor(
    message: string,
    /** `missing`: no tokens at all; `refresh-failed`: OAuth said no or was unreachable; `busy`: lease wait timed out. */
    readonly reason: 'missing' | 'refresh-failed' | 'busy',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ZaloTokenError';
  }
}

export interface ZaloTokenManagerDeps {
  readonly store: ZaloTokenStore;
  readonly oauth: { refreshAccessToken(refreshToken: string): Promise<ZaloTokenGrant> };
  readonly clock: Clock;
  /** ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN: seed the chain on first start (or after re-authorisation). */
  readonly seed?: { readonly accessToken?: string | undefined; readonly refreshToken?: string | undefined };
  readonly metrics?: MetricSink;
  readonly logger?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Who holds the lease (default: a random id per manager, i.e. per container). */
  readonly leaseOwner?: string;
  /** Lease lifetime: longer than one OAuth call plus the write (default 30 s). */
  readonly leaseSeconds?: number;
  /** How long a worker waits for another's refresh before giving up (default 20 s). */
  readonly waitTimeoutMs?: number;
  /** A seeded access token of unknown age is trusted this long (default 1 h). */
  readonly seedAccessTokenSeconds?: number;
}

export type RefreshOutcome = 'refreshed' | 'fresh';

/** Refresh on use when the access token has less than this left. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export class ZaloTokenManager {
  private cached: ZaloTokenPair | undefined;
  private readonly owner: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger;

  constructor(private readonly deps: ZaloTokenManagerDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    this.logger = deps.logger ?? silentLogger;
    this.owner = deps.leaseOwner ?? randomUUID();
  }

  /** A usable access token: cached, stored, seeded, or freshly refreshed when about to expire. */
  async accessToken(): Promise<string> {
    const now = this.deps.clock.now().getTime();
    if (this.cached && Date.parse(this.cached.accessTokenExpiresAt) - now > EXPIRY_MARGIN_MS) {
      return this.cached.accessToken;
    }
    const pair = await this.refreshWhen(
      (current) =>
        Date.parse(current.accessTokenExpiresAt) - this.deps.clock.now().getTime() <= EXPIRY_MARGIN_MS,
    );
    return pair.accessToken;
  }

  /**
   * Zalo rejected `rejected` (-216/-220). If the stored token is still that one, refresh;
   * if another worker already replaced it, use theirs without spending anything.
   */
  async replaceRejected(rejected: string): Promise<string> {
    const pair = await this.refreshWhen((current) => current.accessToken === rejected);
    return pair.accessToken;
  }

  /** The scheduled refresh: refresh when less than `withinSeconds` of validity remain. */
  async refreshIfExpiringWithin(
    withinSeconds: number,
  ): Promise<{ outcome: RefreshOutcome; pair: ZaloTokenPair }> {
    const before = await this.currentPair();
    const pair = await this.refreshWhen(
      (current) =>
        Date.parse(current.accessTokenExpiresAt) - this.deps.clock.now().getTime() <= withinSeconds * 1000,
    );
    return { outcome: pair.version !== before.version ? 'refreshed' : 'fresh', pair };
  }

  /** The stored pair, seeding it from the environment when absent or re-authorised. */
  async currentPair(): Promise<ZaloTokenPair> {
    const stored = await this.deps.store.get();
    const seed = this.deps.seed;
    if (seed?.refreshToken) {
      const fingerprint = fingerprintOf(seed.refreshToken);
      // A seed never seen before means an admin re-authorised and deployed new tokens: start
      // over from them. A seen one is spent — including the old seed a container that read
      // its secrets before the update still holds, which must not turn the chain back.
      if (!stored?.seedFingerprints.includes(fingerprint)) {
        const now = this.deps.clock.now();
        // Without a seed access token the first use refreshes at once.
        const trustSeconds = seed.accessToken ? (this.deps.seedAccessTokenSeconds ?? 3600) : 0;
        const seeded: ZaloTokenPair = {
          accessToken: seed.accessToken ?? '',
          refreshToken: seed.refreshToken,
          accessTokenExpiresAt: new Date(now.getTime() + trustSeconds * 1000).toISOString(),
          refreshTokenIssuedAt: now.toISOString(),
          version: (stored?.version ?? 0) + 1,
          seedFingerprints: [...(stored?.seedFingerprints ?? []), fingerprint].slice(-20),
          updatedAt: now.toISOString(),
        };
        if (await this.deps.store.put(seeded, stored?.version)) {
          this.logger.info('zalo.token_seeded', { version: seeded.version });
          this.cached = seeded;
          return seeded;
        }
        // Someone else seeded or refreshed in between: theirs is the truth.
        return this.currentPair();
      }
    }
    if (!stored) {
      throw new ZaloTokenError('No Zalo token pair stored and ZALO_REFRESH_TOKEN not set', 'missing');
    }
    this.cached = stored;
    return stored;
  }

  private async refreshWhen(needsRefresh: (pair: ZaloTokenPair) => boolean): Promise<ZaloTokenPair> {
    const deadline = this.deps.clock.now().getTime() + (this.deps.waitTimeoutMs ?? 20_000);
    let pause = 100;
    for (;;) {
      const pair = await this.currentPair();
      if (!needsRefresh(pair)) return pair;
      if (
        await this.deps.store.acquireLease(this.owner, this.deps.clock.now(), this.deps.leaseSeconds ?? 30)
      ) {
        try {
          return await this.refreshUnderLease(needsRefresh);
        } finally {
          await this.deps.store.releaseLease(this.owner);
        }
      }
      if (this.deps.clock.now().getTime() >= deadline) {
        throw new ZaloTokenError('Timed out waiting for another worker to refresh the Zalo token', 'busy');
      }
      await this.sleep(pause + Math.floor(Math.random() * pause));
      pause = Math.min(pause * 2, 1000);
    }
  }

  private async refreshUnderLease(needsRefresh: (pair: ZaloTokenPair) => boolean): Promise<ZaloTokenPair> {
    // Re-read under the lease: the previous holder may have just refreshed.
    const pair = await this.currentPair();
    if (!needsRefresh(pair)) return pair;
    let grant: ZaloTokenGrant;
    try {
      grant = await this.deps.oauth.refreshAccessToken(pair.refreshToken);
    } catch (error) {
      this.deps.metrics?.('TokenRefreshFailures');
      this.logger.error('zalo.token_refresh_failed', { version: pair.version, ...errorFields(error) });
      throw new ZaloTokenError('Zalo token refresh failed', 'refresh-failed', { cause: error });
    }
    const now = this.deps.clock.now();
    const next: ZaloTokenPair = {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      accessTokenExpiresAt: new Date(now.getTime() + grant.expiresInSeconds * 1000).toISOString(),
      refreshTokenIssuedAt: now.toISOString(),
      version: pair.version + 1,
      seedFingerprints: pair.seedFingerprints,
      updatedAt: now.toISOString(),
    };
    // The old refresh token is spent: the new pair must be stored before anything else.
    // The write is idempotent, so transient failures are retried.
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (!(await this.deps.store.put(next, pair.version))) {
          this.deps.metrics?.('TokenRefreshFailures');
          this.logger.error('zalo.token_write_conflict', { version: pair.version });
          return this.currentPair();
        }
        break;
      } catch (error) {
        if (attempt >= 5) {
          this.deps.metrics?.('TokenRefreshFailures');
          throw new ZaloTokenError('Could not store the refreshed Zalo token pair', 'refresh-failed', {
            cause: error,
          });
        }
        await this.sleep(200 * attempt);
      }
    }
    this.cached = next;
    this.deps.metrics?.('TokenRefreshes');
    this.logger.info('zalo.token_refreshed', { version: next.version, expiresAt: next.accessTokenExpiresAt });
    return next;
  }
}

function fingerprintOf(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('hex');
}
