import { createHmac } from 'node:crypto';
import type { Hasher } from '../core/ports.js';

/** HMAC-SHA-256, truncated: stable per key, useless without it. For ids in logs and keys. */
export function createHasher(key: string | undefined): Hasher {
  // Never fall back to a known key in production: hashes would be reversible by anyone.
  if (!key) throw new Error('HASH_KEY is not configured: cannot hash identifiers');
  return (value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
}
