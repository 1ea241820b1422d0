/**
 * Zalo OA webhook signature (header `X-ZEvent-Signature`):
 *   mac = hex(SHA-256(appId + rawBody + timestamp + oaSecretKey))
 * Plain SHA-256 of the concatenation, not HMAC (channels.md B3). `rawBody` is the request
 * body exactly as received — never re-serialised — and `timestamp` is the body's own
 * `timestamp` string. The key is the OA Secret Key of the Webhook page, not the App Secret.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const ZALO_SIGNATURE_HEADER = 'x-zevent-signature';

export interface ZaloSignatureInput {
  readonly appId: string;
  readonly rawBody: string;
  readonly timestamp: string;
  readonly oaSecretKey: string;
}

/** The header value Zalo sends for this body: `mac=<64 lowercase hex>`. */
export function zaloSignature(input: ZaloSignatureInput): string {
  const digest = createHash('sha256')
    .update(`${input.appId}${input.rawBody}${input.timestamp}${input.oaSecretKey}`, 'utf8')
    .digest('hex');
  return `mac=${digest}`;
}

/**
 * Whether `header` is the signature of this body. Accepts the value with or without the
 * `mac=` prefix and in any letter case; compares in constant time.
 */
export function verifyZaloSignature(header: string | undefined, input: ZaloSignatureInput): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^mac=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = zaloSignature(input).slice('mac='.length);
  return timingSafeEqual(Buffer.from(given, 'utf8'), Buffer.from(expected, 'utf8'));
}
