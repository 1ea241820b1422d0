/**
 * Sign-in in AWS, end to end through the console Lambda as deployed
 * (createConsoleLambdaHandler: consoleLambdaPlatform's real Cognito SDK client, adapters and
 * verifier), against a FAKE Cognito user pool on loopback (tests/support/fake-cognito.ts)
 * reached with COGNITO_ENDPOINT and speaking Cognito's wire format. The verifier pins the
 * fake's JWKS. Requests are API Gateway v2 events; a small cookie jar plays the browser
 * (cookie paths included: the refresh and challenge cookies go to /api/auth only).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CHALLENGE_COOKIE,
  NAME_COOKIE,
  REFRESH_COOKIE,
  SESSION_COOKIE,
} from '../../../functions/adapters/console/api.js';
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
import { base32Encode, type FakeCognito, startFakeCognito, totp } from '../../support/fake-cognito.js';

const CONSOLE = 'https://console.example.org';
const PASSWORD = 'Mật-khẩu-Đủ-dài-2026';
const NEW_PASSWORD = 'Mật khẩu MỚI của tôi 2026!';

let dynamo: TestDynamo;
let cognito: FakeCognito;
let handler: ConsoleHttpHandler;
const audit = new AuditLogDouble();
let ipCounter = 0;

/** The browser's cookies: name → value and path, as Set-Cookie left them. */
class Jar {
  readonly cookies = new Map<string, { value: string; path: string; attributes: string }>();
  readonly ip = `198.51.100.${++ipCounter}`;

  apply(setCookies: readonly string[] | undefined): void {
    for (const line of setCookies ?? []) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      if (attributes.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(name);
      else
        this.cookies.set(name, {
          value: pair.slice(name.length + 1),
          path,
          attributes: attributes.join('; '),
        });
    }
  }

  for(path: string): string[] {
    return [...this.cookies.entries()]
      .filter(([, cookie]) => path === cookie.path || path.startsWith(`${cookie.path}/`))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly setCookies: readonly string[];
  readonly headers: Record<string, unknown>;
}

async function call(jar: Jar, path: string, init: { method?: string; json?: unknown } = {}): Promise<Answer> {
  const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
  const event = v2Event({
    path,
    method,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    headers: {
      host: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
      'x-forwarded-proto': 'https',
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' ? { origin: CONSOLE } : {}),
    },
    cookies: jar.for(path),
    sourceIp: jar.ip,
  });
  const result = await handler(event);
  jar.apply(result.cookies);
  return {
    status: result.statusCode ?? 0,
    body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {},
    setCookies: result.cookies ?? [],
    headers: result.headers ?? {},
  };
}

/** A confirmed user with TOTP set up: its secret. */
function staff(email: string, groups: string[]): string {
  const secret = base32Encode(Buffer.from(email.padEnd(20, '#').slice(0, 20)));
  cognito.addUser(email, { groups, password: PASSWORD, mfaSecret: secret });
  return secret;
}

/** Password, then a TOTP code on a fresh time step. */
async function signIn(email: string, secret: string, jar = new Jar()): Promise<Jar> {
  const started = await call(jar, '/api/auth/login', { json: { email, password: PASSWORD } });
  expect(started.body).toEqual({ next: 'mfa-code' });
  cognito.advance(30);
  const done = await call(jar, '/api/auth/challenge', { json: { answer: cognito.code(secret) } });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return jar;
}

function cookieLine(answer: Answer, name: string): string {
  return answer.setCookies.find((line) => line.startsWith(`${name}=`)) ?? '';
}

beforeAll(async () => {
  dynamo = await startTestDynamo();
  cognito = await startFakeCognito({ pageSize: 2 });
  const assistant = assistantDoubles();
  handler = createConsoleLambdaHandler(
    () => ({
      faq: new FaqAdminDouble(),
      audit,
      ask: assistant.ask,
      testAll: assistant.testAll,
      chat: assistant.chat,
      feedback: assistant.feedback,
      analyst: emptyAnalystWorkspace(),
    }),
    {
      env: {
        RUNTIME: 'lambda',
        HASH_KEY: 'cognito-sign-in-test-key',
        CONSOLE_ORIGIN: CONSOLE,
        ...cognito.env,
        ...dynamo.env,
      },
      jwks: cognito.jwks,
    },
  );
});

afterAll(async () => {
  await dynamo?.close();
  await cognito?.close();
});

beforeEach(() => {
  cognito.calls.length = 0;
});

describe('TOTP as the test computes it', () => {
  it('matches RFC 6238 (SHA-1 test vectors, 6 digits)', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
    expect(totp(secret, 20_000_000_000_000)).toBe('353130');
  });
});

describe('first sign-in in AWS: invitation, temporary password, new password, TOTP setup', () => {
  it('goes from the emailed temporary password to a session with the right groups', async () => {
    const admin = await signIn('chi@example.org', staff('chi@example.org', ['admin']));

    // The admin invites: Cognito emails the temporary password, the API shows none.
    const invited = await call(admin, '/api/users', { json: { email: 'Nga@Example.org', role: 'editor' } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'nga@example.org',
      role: 'editor',
      mustChangePassword: true,
      status: 'FORCE_CHANGE_PASSWORD',
    });
    expect(invited.body).not.toHaveProperty('password');
    const create = cognito.calls.find((c) => c.operation === 'AdminCreateUser');
    expect(create?.input).toMatchObject({
      Username: 'nga@example.org',
      UserAttributes: [
        { Name: 'email', Value: 'nga@example.org' },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.calls.find((c) => c.operation === 'AdminAddUserToGroup')?.input).toMatchObject({
      Username: cognito.user('nga@example.org')?.username,
      GroupName: 'editor',
    });
    const mail = cognito.outbox.find((m) => m.email === 'nga@example.org');
    expect(mail).toBeDefined();
    expect(JSON.stringify(invited.body)).not.toContain(mail?.temporaryPassword);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'user-add', actor: 'chi@example.org' });

    // Step 1: the temporary password → a new password is required.
    const jar = new Jar();
    const started = await call(jar, '/api/auth/login', {
      json: { email: 'nga@example.org', password: mail?.temporaryPassword },
    });
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ next: 'new-password' });
    // The Cognito session stays in a sealed, HttpOnly cookie for /api/auth, never in the body.
    const pending = cookieLine(started, CHALLENGE_COOKIE);
    expect(pending).toMatch(/; Max-Age=600; Path=\/api\/auth; HttpOnly; Secure; SameSite=Strict$/);
    expect(jar.has(SESSION_COOKIE)).toBe(false);
    const sessionInCognito = cognito.calls.length;
    expect(sessionInCognito).toBeGreaterThan(0);

    // Too short (our rule, Cognito not asked), then short of a symbol (Cognito's policy): 400.
    const short = await call(jar, '/api/auth/challenge', { json: { answer: 'Ngắn1!' } });
    expect(short).toMatchObject({ status: 400, body: { field: 'answer' } });
    const noSymbol = await call(jar, '/api/auth/challenge', { json: { answer: 'MatKhauMoiDaiQua2026' } });
    expect(noSymbol.status).toBe(400);
    expect(noSymbol.body).toEqual({ error: 'Password must have symbol characters', field: 'answer' });

    // Step 2: a good new password → set up the authenticator app.
    const renewed = await call(jar, '/api/auth/challenge', { json: { answer: NEW_PASSWORD } });
    expect(renewed.status).toBe(200);
    expect(renewed.body.next).toBe('mfa-setup');
    const uri = String(renewed.body.otpauthUri);
    expect(uri).toMatch(
      /^otpauth:\/\/totp\/BHXH%20console:nga%40example\.org\?secret=[A-Z2-7]{32}&issuer=BHXH%20console&algorithm=SHA1&digits=6&period=30$/,
    );
    expect(Object.keys(renewed.body).sort()).toEqual(['next', 'otpauthUri']);
    expect(cognito.user('nga@example.org')?.password).toBe(NEW_PASSWORD);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'password-change', actor: 'nga@example.org' });
    const secret = new URL(uri).searchParams.get('secret') as string;

    // A wrong code: 401, audited; the same pending sign-in takes the right one.
    cognito.advance(30);
    const right = cognito.code(secret);
    const wrong = await call(jar, '/api/auth/challenge', {
      json: { answer: right === '000000' ? '000001' : '000000' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'wrong code' } });
    expect(audit.entries.at(-1)).toMatchObject({ action: 'login-failed', detail: { step: 'code' } });
    const letters = await call(jar, '/api/auth/challenge', { json: { answer: 'abcdef' } });
    expect(letters).toMatchObject({ status: 400, body: { field: 'answer' } });

    // Step 3: the code from the app → signed in.
    const done = await call(jar, '/api/auth/challenge', { json: { answer: right } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      email: 'nga@example.org',
      roles: ['editor'],
      mustChangePassword: false,
    });
    const operations = cognito.calls.map((c) => c.operation);
    expect(operations).toEqual(
      expect.arrayContaining(['AssociateSoftwareToken', 'VerifySoftwareToken', 'RespondToAuthChallenge']),
    );
    expect(cognito.calls.find((c) => c.operation === 'VerifySoftwareToken')?.input).toMatchObject({
      FriendlyDeviceName: 'BHXH console',
    });
    expect(cognito.user('nga@example.org')).toMatchObject({ status: 'CONFIRMED', mfaSecret: secret });

    expect(cookieLine(done, SESSION_COOKIE)).toMatch(/; Path=\/api; HttpOnly; Secure; SameSite=Strict$/);
    expect(cookieLine(done, REFRESH_COOKIE)).toMatch(
      /; Max-Age=43200; Path=\/api\/auth; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect(cookieLine(done, CHALLENGE_COOKIE)).toMatch(/Max-Age=0/);
    expect(jar.has(CHALLENGE_COOKIE)).toBe(false);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'login', actor: 'nga@example.org' });

    // The token names a UUID; the sealed name cookie says who it is.
    const me = await call(jar, '/api/auth/me');
    expect(me.body).toMatchObject({ email: 'nga@example.org', roles: ['editor'], mustChangePassword: false });
    expect((await call(jar, '/api/faq')).status).toBe(200);
    expect((await call(jar, '/api/audit')).status).toBe(403);
  });

  it('sends a sign-in that waited too long back to the start, and refuses a forged pending cookie', async () => {
    cognito.addUser('cham@example.org', { groups: ['analyst'], password: PASSWORD, temporary: true });
    const jar = new Jar();
    await call(jar, '/api/auth/login', { json: { email: 'cham@example.org', password: PASSWORD } });
    cognito.advance(200); // Cognito's session has expired meanwhile.
    const late = await call(jar, '/api/auth/challenge', { json: { answer: NEW_PASSWORD } });
    expect(late).toMatchObject({
      status: 401,
      body: { error: 'sign-in expired: start again', restart: true },
    });
    expect(jar.has(CHALLENGE_COOKIE)).toBe(false);

    const none = await call(new Jar(), '/api/auth/challenge', { json: { answer: NEW_PASSWORD } });
    expect(none).toMatchObject({ status: 401, body: { restart: true } });
    const forged = new Jar();
    forged.apply([`${CHALLENGE_COOKIE}=v1.AAAAAAAAAAAAAAAA.${'A'.repeat(40)}; Path=/api/auth`]);
    const refused = await call(forged, '/api/auth/challenge', { json: { answer: NEW_PASSWORD } });
    expect(refused).toMatchObject({ status: 401, body: { restart: true } });
    expect(cognito.calls.filter((c) => c.operation === 'RespondToAuthChallenge')).toHaveLength(1);
  });
});

describe('later sign-ins in AWS', () => {
  it('asks for the TOTP code after the password; a wrong code is a 401, counted by the sign-in limits', async () => {
    const secret = staff('duc@example.org', ['analyst']);
    await signIn('duc@example.org', secret);

    const jar = new Jar();
    const started = await call(jar, '/api/auth/login', {
      json: { email: 'duc@example.org', password: PASSWORD },
    });
    expect(started.body).toEqual({ next: 'mfa-code' });
    cognito.advance(30);
    const right = cognito.code(secret);
    const wrongCode = right === '123456' ? '654321' : '123456';
    const failures = audit.entries.length;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await call(jar, '/api/auth/challenge', { json: { answer: wrongCode } });
      expect(wrong, `attempt ${attempt}`).toMatchObject({ status: 401, body: { error: 'wrong code' } });
    }
    expect(audit.entries.slice(failures).filter((e) => e.action === 'login-failed')).toHaveLength(5);
    // Five failures per account: the sixth is refused before Cognito is asked, right code or not.
    const asked = cognito.calls.length;
    const locked = await call(jar, '/api/auth/challenge', { json: { answer: right } });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    const again = await call(new Jar(), '/api/auth/login', {
      json: { email: 'duc@example.org', password: PASSWORD },
    });
    expect(again.status).toBe(429);
    expect(cognito.calls.length).toBe(asked);
  });

  it('answers a wrong password and an unknown user alike: same 401, same body, audited, no cookie', async () => {
    staff('em@example.org', ['editor']);
    const wrong = await call(new Jar(), '/api/auth/login', {
      json: { email: 'em@example.org', password: 'Sai-mật-khẩu-2026' },
    });
    const unknown = await call(new Jar(), '/api/auth/login', {
      json: { email: 'khong-co@example.org', password: 'Sai-mật-khẩu-2026' },
    });
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'wrong email or password' });
      expect(answer.setCookies).toEqual([]);
    }
    expect(audit.entries.slice(-2).map((e) => e.action)).toEqual(['login-failed', 'login-failed']);
    const logins = cognito.calls.filter((c) => c.operation === 'InitiateAuth');
    expect(logins.map((c) => c.signed)).toEqual([false, false]);
  });

  it('refreshes the access token from the refresh cookie, which only /api/auth receives', async () => {
    const secret = staff('giang@example.org', ['editor', 'analyst']);
    const jar = await signIn('giang@example.org', secret);
    expect(jar.for('/api/faq').some((c) => c.startsWith(`${REFRESH_COOKIE}=`))).toBe(false);
    const before = jar.cookies.get(SESSION_COOKIE)?.value;
    // The access token's cookie is gone (expired in the browser): refresh.
    jar.cookies.delete(SESSION_COOKIE);
    expect((await call(jar, '/api/auth/me')).status).toBe(401);
    const refreshed = await call(jar, '/api/auth/refresh', { method: 'POST' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ email: 'giang@example.org', roles: ['analyst', 'editor'] });
    const after = jar.cookies.get(SESSION_COOKIE)?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(cognito.calls.at(-1)).toMatchObject({
      operation: 'InitiateAuth',
      input: { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: cognito.clientId },
    });
    expect((await call(jar, '/api/faq')).status).toBe(200);
    // No refresh cookie: nothing to refresh.
    expect((await call(new Jar(), '/api/auth/refresh', { method: 'POST' })).status).toBe(401);
  });

  it('signs out: cookies cleared, the refresh token revoked at Cognito, no refresh afterwards', async () => {
    const secret = staff('hai@example.org', ['analyst']);
    const jar = await signIn('hai@example.org', secret);
    const username = cognito.user('hai@example.org')?.username as string;
    expect(cognito.liveRefreshTokens(username)).toBe(1);
    const refresh = jar.cookies.get(REFRESH_COOKIE)?.value as string;
    const out = await call(jar, '/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(200);
    for (const name of [SESSION_COOKIE, REFRESH_COOKIE, NAME_COOKIE])
      expect(cookieLine(out, name), name).toMatch(/Max-Age=0/);
    expect(jar.cookies.size).toBe(0);
    expect(cognito.calls.find((c) => c.operation === 'RevokeToken')?.input).toEqual({
      ClientId: cognito.clientId,
      Token: refresh,
    });
    expect(cognito.liveRefreshTokens(username)).toBe(0);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'logout', actor: 'hai@example.org' });

    const stale = new Jar();
    stale.apply([`${REFRESH_COOKIE}=${refresh}; Path=/api/auth`]);
    const refused = await call(stale, '/api/auth/refresh', { method: 'POST' });
    expect(refused.status).toBe(401);
    expect(cookieLine(refused, REFRESH_COOKIE)).toMatch(/Max-Age=0/);
  });

  it("does not lend one user's name cookie to another user's token", async () => {
    const first = await signIn('khanh@example.org', staff('khanh@example.org', ['analyst']));
    const second = await signIn('linh@example.org', staff('linh@example.org', ['analyst']));
    const mixed = new Jar();
    mixed.cookies.set(SESSION_COOKIE, second.cookies.get(SESSION_COOKIE) as never);
    mixed.cookies.set(NAME_COOKIE, first.cookies.get(NAME_COOKIE) as never);
    const me = await call(mixed, '/api/auth/me');
    expect(me.body.email).toBe(cognito.user('linh@example.org')?.username);
  });

  it('changes the own password through Cognito: a wrong current one is a 400, counted', async () => {
    const jar = await signIn('minh@example.org', staff('minh@example.org', ['editor']));
    const wrong = await call(jar, '/api/auth/password', {
      json: { currentPassword: 'Không-phải-mật-khẩu-1', newPassword: NEW_PASSWORD },
    });
    expect(wrong).toMatchObject({ status: 400, body: { field: 'currentPassword' } });
    const changed = await call(jar, '/api/auth/password', {
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { email: 'minh@example.org', roles: ['editor'], mustChangePassword: false },
    });
    expect(cognito.user('minh@example.org')?.password).toBe(NEW_PASSWORD);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'password-change', actor: 'minh@example.org' });
  });

  it('answers 429 while Cognito throttles sign-in (after the SDK retried)', async () => {
    staff('nam@example.org', ['analyst']);
    cognito.failNext('InitiateAuth', 'TooManyRequestsException', 3);
    const throttled = await call(new Jar(), '/api/auth/login', {
      json: { email: 'nam@example.org', password: PASSWORD },
    });
    expect(throttled).toMatchObject({ status: 429, body: { error: expect.stringContaining('throttling') } });
    expect(cognito.calls.filter((c) => c.operation === 'InitiateAuth')).toHaveLength(3);
    // Not a wrong password: the attempt is given back, nothing is audited as a failure.
    expect(audit.entries.at(-1)?.action).not.toBe('login-failed');
  });

  it('refuses a challenge answer from another origin (CSRF), like every mutating route', async () => {
    const jar = new Jar();
    const event = v2Event({
      path: '/api/auth/challenge',
      method: 'POST',
      body: JSON.stringify({ answer: '123456' }),
      headers: {
        host: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
        'x-forwarded-proto': 'https',
        'content-type': 'application/json',
        origin: 'https://evil.example',
      },
      cookies: jar.for('/api/auth/challenge'),
    });
    expect((await handler(event)).statusCode).toBe(403);
  });
});

describe('users in AWS (Cognito is the directory)', () => {
  it('lists every page of users with their highest group; invites once; admins only', async () => {
    const admin = await signIn('oanh@example.org', staff('oanh@example.org', ['admin', 'editor']));
    cognito.addUser('no-group@example.org', { password: PASSWORD, mfaSecret: 'JBSWY3DPEHPK3PXP' });
    const listed = await call(admin, '/api/users');
    expect(listed.status).toBe(200);
    const users = listed.body as unknown as Array<Record<string, unknown>>;
    // The fake pages two at a time: every user still comes back, in email order.
    expect(users.length).toBe(cognito.users.size);
    expect(cognito.calls.filter((c) => c.operation === 'ListUsers').length).toBeGreaterThan(1);
    expect(users.map((u) => u.email)).toEqual([...users.map((u) => u.email)].sort());
    expect(users.find((u) => u.email === 'oanh@example.org')).toMatchObject({
      role: 'admin',
      mustChangePassword: false,
      status: 'CONFIRMED',
      enabled: true,
    });
    expect(users.find((u) => u.email === 'no-group@example.org')).toMatchObject({ role: null });
    expect(JSON.stringify(users)).not.toMatch(/password"|Tmp-/);
    // IAM-signed calls (the Lambda's role), unlike the sign-in calls.
    const admins = cognito.calls.filter(
      (c) => c.operation.startsWith('Admin') || c.operation === 'ListUsers',
    );
    expect(admins.every((c) => c.signed)).toBe(true);

    const added = await call(admin, '/api/users', { json: { email: 'phuong@example.org', role: 'analyst' } });
    expect(added.status).toBe(201);
    const twice = await call(admin, '/api/users', { json: { email: 'PHUONG@example.org', role: 'admin' } });
    expect(twice).toMatchObject({ status: 409, body: { field: 'email' } });
    const notEmail = await call(admin, '/api/users', { json: { email: 'không phải email', role: 'admin' } });
    expect(notEmail).toMatchObject({ status: 400, body: { field: 'email' } });

    const editor = await signIn('quang@example.org', staff('quang@example.org', ['editor']));
    expect((await call(editor, '/api/users')).status).toBe(403);
    expect(
      (await call(editor, '/api/users', { json: { email: 'x@example.org', role: 'admin' } })).status,
    ).toBe(403);
  });
});
