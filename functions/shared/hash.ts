import { createHmac } from 'node:crypto';
import type { Hasher } from '../core/ports.js';

/** HMAC-SHA-256, truncated: stable per key, useless without it. For ids in logs and keys. */
export function createHasher(key: string): Hasher {
  return (value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
}
