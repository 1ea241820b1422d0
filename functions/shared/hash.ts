import { createHmac, hkdfSync } from 'node:crypto';
import type { Hasher } from '../core/ports.js';
import { ConfigError } from './config.js';

/** HMAC-SHA-256, truncated: stable per key, useless without it. For ids in logs and keys. */
export function createHasher(key: string | undefined): Hasher {
  // Never fall back to a known key in production: hashes would be reversible by anyone.
  if (!key)
    throw ConfigError.missing('HASH_KEY', 'needed to hash identifiers (HASH_KEY_SECRET_ARN in Lambda)');
  const hasher: Hasher = (value: string) =>
    createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
  // Keys derived for other purposes (sealing) come from HASH_KEY through HKDF, never from the
  // hasher itself: the hasher's output for any text is visible (logs, audit entries, table
  // keys), and callers hash text others chose (a sign-in email), so a key made of hashes of
  // fixed labels could be rebuilt by anyone who sends those labels.
  DERIVED_KEYS.set(hasher, (purpose) =>
    Buffer.from(hkdfSync('sha256', key, 'bhxh-chatbot', `purpose:${purpose}`, 32)),
  );
  return hasher;
}

const DERIVED_KEYS = new WeakMap<Hasher, (purpose: string) => Buffer>();

/** A 256-bit key for `purpose`, derived from the secret behind a hasher made by createHasher. */
export function derivedKey(hash: Hasher, purpose: string): Buffer {
  const derive = DERIVED_KEYS.get(hash);
  if (!derive) throw new Error('derivedKey needs a hasher made by createHasher (it holds the secret)');
  return derive(purpose);
}
