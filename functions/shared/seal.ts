/**
 * AES-256-GCM sealing for the few values a session keeps between turns (see SessionSealer in
 * core/ports.ts) and the console's short-lived cookies. The key is derived from HASH_KEY by
 * HKDF (functions/shared/hash.ts, `derivedKey`), so there is no second secret to provision or
 * rotate: rotating HASH_KEY also retires every sealed value, and a session sealed under the
 * old key simply asks for the code again. It is never made of the hasher's own outputs, which
 * are visible and can be had for any text (v1 did that; a sign-in email could rebuild it).
 *
 * Sealed form: `v2.<12-byte IV>.<ciphertext + 16-byte tag>`, base64url; the context (session
 * key, cookie purpose) is the additional authenticated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Hasher, SessionSealer } from '../core/ports.js';
import { derivedKey } from './hash.js';

const VERSION = 'v2';

function sealingKey(hash: Hasher): Buffer {
  return derivedKey(hash, 'seal:v2');
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
