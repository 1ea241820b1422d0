import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyZaloSignature, zaloSignature } from '../../../../functions/adapters/zalo/signature.js';

const appId = '4300000000000000001';
const oaSecretKey = 'oa-secret';
const rawBody = '{"event_name":"user_send_text","timestamp":"1751272409784","message":{"text":"Xin chào"}}';
const timestamp = '1751272409784';
const input = { appId, rawBody, timestamp, oaSecretKey };

/** The formula spelled out independently: sha256 over the four parts in order, hex. */
function expectedHex(): string {
  const hash = createHash('sha256');
  for (const part of [appId, rawBody, timestamp, oaSecretKey]) hash.update(Buffer.from(part, 'utf8'));
  return hash.digest('hex');
}

describe('Zalo webhook signature', () => {
  it('is mac= plus the SHA-256 of app id, raw body, timestamp and OA secret key', () => {
    expect(zaloSignature(input)).toBe(`mac=${expectedHex()}`);
  });

  it('accepts the value with or without mac=, in any case', () => {
    expect(verifyZaloSignature(`mac=${expectedHex()}`, input)).toBe(true);
    expect(verifyZaloSignature(expectedHex(), input)).toBe(true);
    expect(verifyZaloSignature(`MAC=${expectedHex().toUpperCase()}`, input)).toBe(true);
  });

  it('rejects a missing, malformed or wrong signature', () => {
    expect(verifyZaloSignature(undefined, input)).toBe(false);
    expect(verifyZaloSignature('', input)).toBe(false);
    expect(verifyZaloSignature('mac=abc', input)).toBe(false);
    expect(
      verifyZaloSignature(`mac=${expectedHex()}`, { ...input, oaSecretKey: 'app-secret-by-mistake' }),
    ).toBe(false);
    expect(verifyZaloSignature(`mac=${expectedHex()}`, { ...input, timestamp: '1751272409785' })).toBe(false);
  });

  it('covers the body byte for byte: a re-serialised body does not verify', () => {
    const reserialised = JSON.stringify(JSON.parse(rawBody), null, 1);
    expect(verifyZaloSignature(`mac=${expectedHex()}`, { ...input, rawBody: reserialised })).toBe(false);
    expect(
      verifyZaloSignature(`mac=${expectedHex()}`, { ...input, rawBody: rawBody.replace('chào', 'chao') }),
    ).toBe(false);
  });
});
