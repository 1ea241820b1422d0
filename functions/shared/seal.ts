/**
 * AES-256-GCM sealing for the few values a session keeps between turns (see SessionSealer in
 * core/ports.ts). The key is derived from the keyed hash the app already has (HMAC-SHA-256
 * with HASH_KEY, functions/shared/hash.ts) over two fixed labels, so there is no second secret
 * to provision or rotate: rotating HASH_KEY also retires every sealed value, and a session
 * sealed under the old key simply asks for the code again. A chat id or a code can never be
 * one of the labels (they contain letters and colons), so the key is not a hash anyone sees.
 *
 * Sealed form: `v1.<12-byte IV>.<ciphertext + 16-byte tag>`, base64url; the session key is
 * the additional authenticated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Hasher, SessionSealer } from '../core/ports.js';

const VERSION = 'v1';

export function sealingKey(hash: Hasher): Buffer {
  // Each hash is 128 bits of HMAC output; two labels give the 256 bits AES-256 needs.
  const key = Buffer.from(`${hash('session-seal:v1:a')}${hash('session-seal:v1:b')}`, 'hex');
  if (key.length !== 32) throw new Error('session sealing key: the hasher must return 32 hex characters');
  return key;
}

export function createSessionSealer(
  hash: Hasher,
  random: (size: number) => Buffer = randomBytes,
): SessionSealer {
  const key = sealingKey(hash);
  return {
    seal(value, context) {
      const iv = random(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== VERSION || !ivText || !bodyText) return undefined;
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (iv.length !== 12 || body.length < 17) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - 16));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - 16)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // Wrong key, wrong session or altered: as if nothing had been kept.
        return undefined;
      }
    },
  };
}
