/**
 * The bad-input corpus: calls no real channel or browser would make, for every HTTP
 * endpoint. Each case says which statuses are acceptable; none may be a 5xx, and none may
 * reach the queue unless it says so. Endpoints added later (the console API) add their own
 * builder here, so the one test runs them all.
 */

export interface BadInputCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Statuses that are a right answer to this call. */
  readonly expect: readonly number[];
  /** A forged call: refused before anything is read from the body. */
  readonly forged?: boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Bodies that are not what any sender produces: not JSON, not an object, absurd values. */
export const MALFORMED_BODIES: readonly [string, string][] = [
  ['empty body', ''],
  ['truncated JSON', '{"update_id": 1, "message": {'],
  ['JSON null', 'null'],
  ['JSON array', '[1,2,3]'],
  ['JSON string', '"hello"'],
  ['JSON number', '42'],
  ['number beyond float range', '{"update_id": 1e400}'],
  ['deeply nested arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
  ['deeply nested objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
  ['NUL bytes and control characters', '{"update_id":1,"message":"\u0000\u0001\u0002"}'],
  ['lone surrogate escape', '{"update_id":1,"message":{"text":"\\ud800"}}'],
  ['prototype pollution keys', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'],
  ['XML instead of JSON', '<?xml version="1.0"?><update/>'],
  ['form encoding', 'update_id=1&message=hi'],
];

export function telegramCases(
  secret: string,
  update: (overrides: Record<string, unknown>) => string,
): BadInputCase[] {
  const path = '/telegram/webhook';
  const signed = { ...JSON_HEADERS, 'x-telegram-bot-api-secret-token': secret };
  const valid = update({});
  const cases: BadInputCase[] = [
    {
      name: 'no secret',
      method: 'POST',
      path,
      headers: JSON_HEADERS,
      body: valid,
      expect: [401],
      forged: true,
    },
    {
      name: 'wrong secret',
      method: 'POST',
      path,
      headers: { ...JSON_HEADERS, 'x-telegram-bot-api-secret-token': `${secret}x` },
      body: valid,
      expect: [401],
      forged: true,
    },
    {
      name: 'secret with a different case',
      method: 'POST',
      path,
      headers: { ...JSON_HEADERS, 'x-telegram-bot-api-secret-token': secret.toUpperCase() },
      body: valid,
      expect: [401],
      forged: true,
    },
    {
      name: 'empty secret',
      method: 'POST',
      path,
      headers: { ...JSON_HEADERS, 'x-telegram-bot-api-secret-token': '' },
      body: valid,
      expect: [401],
      forged: true,
    },
    { name: 'GET on the webhook', method: 'GET', path, headers: signed, expect: [404, 405] },
    { name: 'PUT on the webhook', method: 'PUT', path, headers: signed, body: valid, expect: [404, 405] },
    ...MALFORMED_BODIES.map(
      ([name, body]): BadInputCase => ({ name, method: 'POST', path, headers: signed, body, expect: [400] }),
    ),
    {
      name: 'a body of 10 MiB',
      method: 'POST',
      path,
      headers: signed,
      body: `{"update_id":1,"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`,
      expect: [413],
    },
    { name: 'date 1e15', method: 'POST', path, headers: signed, body: update({ date: 1e15 }), expect: [400] },
    {
      name: 'negative date',
      method: 'POST',
      path,
      headers: signed,
      body: update({ date: -5 }),
      expect: [400],
    },
    {
      name: 'date as text',
      method: 'POST',
      path,
      headers: signed,
      body: update({ date: 'today' }),
      expect: [400],
    },
    {
      name: 'fractional date',
      method: 'POST',
      path,
      headers: signed,
      body: update({ date: 1.5 }),
      expect: [400],
    },
    {
      name: 'text as a number',
      method: 'POST',
      path,
      headers: signed,
      body: update({ text: 12345 }),
      expect: [400],
    },
    {
      name: 'chat without id',
      method: 'POST',
      path,
      headers: signed,
      body: update({ chat: { type: 'private' } }),
      expect: [400],
    },
    {
      name: 'negative update id',
      method: 'POST',
      path,
      headers: signed,
      body: JSON.stringify({ update_id: -1, message: JSON.parse(valid).message }),
      expect: [400],
    },
    {
      name: 'update id as text',
      method: 'POST',
      path,
      headers: signed,
      body: JSON.stringify({ update_id: 'abc', message: JSON.parse(valid).message }),
      expect: [400],
    },
    {
      name: 'callback query without sender',
      method: 'POST',
      path,
      headers: signed,
      body: JSON.stringify({ update_id: 77, callback_query: { id: 'q', data: 'fb:up:x' } }),
      expect: [400],
    },
  ];
  return cases;
}

export interface ZaloSigner {
  /** Headers and body of a call signed as Zalo signs it, for any event object. */
  sign(event: Record<string, unknown>): { body: string; headers: Record<string, string> };
  /** A valid text event with these fields replaced. */
  event(overrides: Record<string, unknown>): Record<string, unknown>;
}

export function zaloCases(zalo: ZaloSigner, now: number): BadInputCase[] {
  const path = '/zalo/webhook';
  const valid = zalo.sign(zalo.event({}));
  const signedCase = (name: string, overrides: Record<string, unknown>, expect: number[]): BadInputCase => {
    const call = zalo.sign(zalo.event(overrides));
    return { name, method: 'POST', path, headers: call.headers, body: call.body, expect };
  };
  return [
    {
      name: 'no signature',
      method: 'POST',
      path,
      headers: JSON_HEADERS,
      body: valid.body,
      expect: [401],
      forged: true,
    },
    {
      name: 'wrong signature',
      method: 'POST',
      path,
      headers: { ...valid.headers, 'x-zevent-signature': `mac=${'0'.repeat(64)}` },
      body: valid.body,
      expect: [401],
      forged: true,
    },
    {
      name: 'signature of another body',
      method: 'POST',
      path,
      headers: valid.headers,
      body: valid.body.replace('"user_send_text"', '"user_send_image"'),
      expect: [401],
      forged: true,
    },
    {
      name: 'timestamp changed after signing',
      method: 'POST',
      path,
      headers: valid.headers,
      body: valid.body.replace(/"timestamp":"\d+"/, `"timestamp":"${now + 1}"`),
      expect: [401],
      forged: true,
    },
    { name: 'GET on the webhook', method: 'GET', path, expect: [404, 405] },
    ...MALFORMED_BODIES.map(
      ([name, body]): BadInputCase => ({
        name,
        method: 'POST',
        path,
        headers: valid.headers,
        body,
        expect: [400, 401],
      }),
    ),
    {
      name: 'a body of 10 MiB',
      method: 'POST',
      path,
      headers: valid.headers,
      body: JSON.stringify({ ...zalo.event({}), pad: 'x'.repeat(10 * 1024 * 1024) }),
      expect: [413],
    },
    signedCase('timestamp 1e20', { timestamp: '1e20' }, [400]),
    signedCase('timestamp as a huge integer', { timestamp: '100000000000000000000' }, [400]),
    signedCase('timestamp not a number', { timestamp: 'abc' }, [400]),
    signedCase('negative timestamp', { timestamp: '-1000' }, [400]),
    signedCase('timestamp two days in the future', { timestamp: String(now + 2 * 86_400_000) }, [400]),
    signedCase('event without a name', { event_name: undefined }, [400]),
    signedCase('sender id as an object', { sender: { id: { nested: true } } }, [400]),
    signedCase('text as a number', { message: { msg_id: 'bad-text', text: 12 } }, [400]),
    signedCase('message as a string', { message: 'hi' }, [400]),
  ];
}

export function generalCases(): BadInputCase[] {
  return [
    { name: 'POST /health', method: 'POST', path: '/health', body: '{}', expect: [404, 405] },
    { name: 'path traversal', method: 'GET', path: '/../../etc/passwd', expect: [404] },
    { name: 'encoded path traversal', method: 'GET', path: '/%2e%2e/%2e%2e/etc/passwd', expect: [404] },
    // The console API refuses a mutating call without the console's Origin before routing it.
    { name: 'unknown API route', method: 'POST', path: '/api/unknown', body: '{}', expect: [403, 404] },
    { name: 'unknown API route, read', method: 'GET', path: '/api/unknown', expect: [401, 404] },
    { name: 'DELETE on the root', method: 'DELETE', path: '/', expect: [404, 405] },
  ];
}

/** Makes the call a case describes against a server and returns the status. */
export async function callCase(baseUrl: string, testCase: BadInputCase): Promise<number> {
  const response = await fetch(`${baseUrl}${testCase.path}`, {
    method: testCase.method,
    headers: testCase.headers ?? {},
    ...(testCase.body !== undefined && testCase.method !== 'GET' ? { body: testCase.body } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}
