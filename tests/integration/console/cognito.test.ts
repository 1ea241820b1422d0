/**
 * The Lambda path: createConsoleLambdaHandler with Cognito's verifier, fed API Gateway v2
 * events. "Cognito" is simulated with a locally generated RS256 key (the algorithm Cognito
 * signs with) pinned through `cacheJwks`, so nothing is fetched; a token signed by any other
 * key, or with the wrong client, token use, issuer or group shape, is refused.
 */
import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../functions/adapters/console/api.js';
import type { ConsoleHttpHandler } from '../../../functions/adapters/console/lambda.js';
import { createConsoleLambdaHandler } from '../../../functions/composition/lambda/console-api.js';
import { v2Event } from '../../support/console.js';
import {
  AuditLogDouble,
  assistantDoubles,
  emptyAnalystWorkspace,
  FaqAdminDouble,
} from '../../support/console-doubles.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';

const REGION = 'ap-southeast-1';
const POOL = `${REGION}_Test0001`;
const CLIENT = 'console-client-id';
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;
const KID = 'cognito-test-key';

function rsaKey(): { privateKey: KeyObject; jwk: Record<string, string> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  return { privateKey, jwk: { ...jwk, kid: KID, alg: 'RS256', use: 'sig' } };
}

function cognitoToken(key: KeyObject, overrides: Record<string, unknown> = {}, kid = KID): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: randomUUID(),
    'cognito:groups': ['editor'],
    iss: ISSUER,
    version: 2,
    client_id: CLIENT,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'openid email',
    auth_time: now,
    exp: now + 3600,
    iat: now,
    jti: randomUUID(),
    username: 'lan@example.org',
    ...overrides,
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ kid, alg: 'RS256' })}.${encode(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

let dynamo: TestDynamo;
let handler: ConsoleHttpHandler;
const cognito = rsaKey();
const faq = new FaqAdminDouble();

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const assistant = assistantDoubles();
  handler = createConsoleLambdaHandler(
    () => ({
      faq,
      audit: new AuditLogDouble(),
      ask: assistant.ask,
      testAll: assistant.testAll,
      chat: assistant.chat,
      feedback: assistant.feedback,
      analyst: emptyAnalystWorkspace(),
    }),
    {
      env: {
        RUNTIME: 'lambda',
        AWS_REGION: REGION,
        HASH_KEY: 'lambda-test-hash-key',
        COGNITO_USER_POOL_ID: POOL,
        COGNITO_CLIENT_ID: CLIENT,
        CONSOLE_ORIGIN: 'https://console.example.org',
        ...dynamo.env,
      },
      jwks: { keys: [cognito.jwk] } as unknown as Jwks,
    },
  );
});

afterAll(async () => {
  await dynamo?.close();
});

/** As API Gateway sends it: cookies in event.cookies, the API Gateway host, https. */
function awsEvent(path: string, token: string | undefined, init: { method?: string; body?: string } = {}) {
  return v2Event({
    path,
    ...(init.method ? { method: init.method } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
    headers: {
      host: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
      'x-forwarded-proto': 'https',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.method && init.method !== 'GET' ? { origin: 'https://console.example.org' } : {}),
    },
    ...(token ? { cookies: [`${SESSION_COOKIE}=${token}`] } : {}),
    sourceIp: '198.51.100.7',
  });
}

describe('console API Lambda with Cognito tokens', () => {
  it('accepts a Cognito access token and reads roles from cognito:groups', async () => {
    const result = await handler(awsEvent('/api/auth/me', cognitoToken(cognito.privateKey)));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toMatchObject({
      email: 'lan@example.org',
      roles: ['editor'],
      mustChangePassword: false,
    });
    const edit = await handler(
      awsEvent('/api/faq/double-item/publish', cognitoToken(cognito.privateKey), { method: 'POST' }),
    );
    expect(edit.statusCode).toBe(200);
    expect(faq.last('publish')?.args[1]).toEqual({ email: 'lan@example.org', roles: ['editor'] });
  });

  it('refuses a forged token: another key with the same kid, a kid it does not know (401)', async () => {
    const forger = rsaKey();
    for (const token of [
      cognitoToken(forger.privateKey, { 'cognito:groups': ['admin'] }),
      cognitoToken(forger.privateKey, {}, 'some-other-kid'),
    ]) {
      const result = await handler(awsEvent('/api/auth/me', token));
      expect(result.statusCode).toBe(401);
      expect(JSON.parse(result.body ?? '')).toEqual({ error: 'sign-in required' });
    }
  });

  it('refuses a genuine signature on the wrong claims: client, token use, issuer, expiry (401)', async () => {
    for (const overrides of [
      { client_id: 'another-client' },
      { token_use: 'id', aud: CLIENT },
      { iss: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_Other` },
      { exp: Math.floor(Date.now() / 1000) - 60 },
    ]) {
      const result = await handler(awsEvent('/api/auth/me', cognitoToken(cognito.privateKey, overrides)));
      expect(result.statusCode, JSON.stringify(overrides)).toBe(401);
    }
  });

  it('does not read flattened group strings ("[admin editor]", as API Gateway authorizers pass them) as roles', async () => {
    const token = cognitoToken(cognito.privateKey, { 'cognito:groups': '[admin editor]' });
    const result = await handler(awsEvent('/api/audit', token));
    expect(result.statusCode).toBe(403);
  });

  it('enforces roles: an analyst cannot publish, only an admin reads the audit log', async () => {
    const analyst = cognitoToken(cognito.privateKey, { 'cognito:groups': ['analyst'] });
    expect(
      (await handler(awsEvent('/api/faq/double-item/publish', analyst, { method: 'POST' }))).statusCode,
    ).toBe(403);
    expect((await handler(awsEvent('/api/audit', analyst))).statusCode).toBe(403);
    const admin = cognitoToken(cognito.privateKey, { 'cognito:groups': ['admin'] });
    expect((await handler(awsEvent('/api/audit', admin))).statusCode).toBe(200);
  });

  it('signs in through Cognito, not locally: a step without a sign-in in progress goes back to the start', async () => {
    // The sign-in itself, against a fake user pool: cognito-sign-in.test.ts. Nothing here
    // reaches Cognito: there is no pending challenge to answer.
    const challenge = await handler(
      awsEvent('/api/auth/challenge', undefined, {
        method: 'POST',
        body: JSON.stringify({ answer: '123456' }),
      }),
    );
    expect(challenge.statusCode).toBe(401);
    expect(JSON.parse(challenge.body ?? '')).toMatchObject({ restart: true });
  });

  it('sets Secure cookies behind API Gateway and checks the configured console origin', async () => {
    const token = cognitoToken(cognito.privateKey);
    const logout = await handler(awsEvent('/api/auth/logout', token, { method: 'POST' }));
    expect(logout.statusCode).toBe(200);
    expect(logout.cookies?.[0]).toMatch(/; Secure/);
    const foreign = await handler({
      ...awsEvent('/api/auth/logout', token, { method: 'POST' }),
      headers: {
        host: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
        'x-forwarded-proto': 'https',
        origin: 'https://evil.example',
      },
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('answers 503 while it cannot start (no Cognito configuration), and retries later', async () => {
    let wired = 0;
    const broken = createConsoleLambdaHandler(
      () => {
        wired++;
        throw new Error('the use cases are not reached');
      },
      { env: { RUNTIME: 'lambda', HASH_KEY: 'k', ...dynamo.env } },
    );
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect((await broken(awsEvent('/api/auth/me', undefined))).statusCode).toBe(503);
      expect((await broken(awsEvent('/api/auth/me', undefined))).statusCode).toBe(503);
    } finally {
      console.error = original;
    }
    expect(wired).toBe(0);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('COGNITO_USER_POOL_ID');
  });
});
