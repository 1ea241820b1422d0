/**
 * Where the Zalo OA token pair lives (the state table in AWS and locally; memory in unit
 * tests). The refresh token is single-use, so losing a freshly issued one loses the whole
 * chain (an OA admin must re-authorise): every write is conditional on the version read,
 * and refreshing requires a lease that only one worker can hold at a time.
 */

export interface ZaloTokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** ISO time the access token stops working (≈ 25 h after issue). */
  readonly accessTokenExpiresAt: string;
  /** ISO time the refresh token was issued; it lives ≈ 3 months. */
  readonly refreshTokenIssuedAt: string;
  /** +1 on every write; writes are conditional on it. */
  readonly version: number;
  /**
   * SHA-256 of every seed refresh token (ZALO_REFRESH_TOKEN) this pair was ever started from,
   * never the tokens. A seed not in the list is a re-authorisation; one in it is spent.
   */
  readonly seedFingerprints: readonly string[];
  readonly updatedAt: string;
}

export interface ZaloTokenStore {
  get(): Promise<ZaloTokenPair | undefined>;
  /** Write `pair` only when no pair exists (expectedVersion undefined) or its version matches. */
  put(pair: ZaloTokenPair, expectedVersion: number | undefined): Promise<boolean>;
  /** Take the refresh lease; false while someone else holds an unexpired one. */
  acquireLease(owner: string, now: Date, ttlSeconds: number): Promise<boolean>;
  /** Give the lease back (only if still ours). */
  releaseLease(owner: string): Promise<void>;
}
