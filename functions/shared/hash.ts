import { createHmac } from 'node:crypto';
import type { Hasher } from '../core/ports.js';
import { ConfigError } from './config.js';

/** HMAC-SHA-256, truncated: stable per key, useless without it. For ids in logs and keys. */
export function createHasher(key: string | undefined): Hasher {
  // Never fall back to a known key in production: hashes would be reversible by anyone.
  if (!key)
    throw ConfigError.missing('HASH_KEY', 'needed to hash identifiers (HASH_KEY_SECRET_ARN in Lambda)');
  return (value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
}
