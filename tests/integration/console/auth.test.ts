/**
 * Console sign-in through the real endpoints, over dynalite and the local IdP: login, me,
 * logout, password change, the cookie's flags, lockout, token tampering and expiry, the
 * first-admin flow and adding users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalIdp } from '../../../functions/adapters/auth/local-idp.js';
import {
  generatePassword,
  generateSubject,
  ScryptPasswordHasher,
} from '../../../functions/adapters/auth/password.js';
import { SESSION_COOKIE } from '../../../functions/adapters/console/api.js';
import { ensureFirstAdmin } from '../../../functions/app/console/users.js';
import {
  type ConsoleHarness,
  PASSWORD,
  sessionCookieFrom,
  startConsoleHarness,
  v2Event,
} from '../../support/console.js';

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsoleHarness({ loginLimits: { perEmail: 5, perIp: 20, windowSeconds: 900 } });
  await h.addUser('lan@example.org', 'editor');
  await h.addUser('minh@example.org', 'analyst');
  await h.addUser('locked@example.org', 'editor');
});

afterAll(async () => {
  await h?.close();
});

describe('sign-in', () => {
  it('signs in, sets an HttpOnly SameSite=Strict cookie on /api, and /me answers from it', async () => {
    const response = await h.request('/api/auth/login', {
      json: { email: ' Lan@Example.org ', password: PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      email: 'lan@example.org',
      roles: ['editor'],
      mustChangePassword: false,
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/api');
    expect(setCookie).toMatch(/Max-Age=(3600|3599)/);
    // Loopback over plain http (npm start): not Secure, or the browser would drop it.
    expect(setCookie).not.toContain('Secure');

    const me = await h.request('/api/auth/me', { cookie: sessionCookieFrom(setCookie) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: 'lan@example.org',
      roles: ['editor'],
      mustChangePassword: false,
    });
    expect(h.audit.entries.at(-1)).toMatchObject({ action: 'login', actor: 'lan@example.org' });
  });

  it('marks the cookie Secure on any host but loopback, and behind https', async () => {
    const cases: Record<string, string>[] = [
      { host: 'console.example.org' },
      { host: '127.0.0.1:3000', 'x-forwarded-proto': 'https' },
    ];
    for (const headers of cases) {
      const origin = `https://${headers.host}`;
      const response = await h.request('/api/auth/login', {
        json: { email: 'lan@example.org', password: PASSWORD },
        origin,
        headers,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toContain('Secure');
    }
  });

  it('answers 401 to a wrong password or an unknown email, alike, and audits the failure with the email hashed', async () => {
    const wrong = await h.request('/api/auth/login', {
      json: { email: 'minh@example.org', password: 'wrong password!' },
    });
    const unknown = await h.request('/api/auth/login', {
      json: { email: 'nobody@example.org', password: PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const failed = h.audit.entries.filter((entry) => entry.action === 'login-failed');
    expect(failed.map((entry) => entry.target)).toEqual(
      expect.arrayContaining([`user:${h.hash('minh@example.org')}`, `user:${h.hash('nobody@example.org')}`]),
    );
    const everything =
      JSON.stringify(h.audit.entries.filter((entry) => entry.action === 'login-failed')) +
      h.logLines.join('\n');
    expect(everything).not.toContain('minh@example.org');
    expect(everything).not.toContain('nobody@example.org');
    expect(everything).not.toContain('wrong password!');
    expect(h.logLines.join('\n')).not.toContain(PASSWORD);
  });

  it('locks an account out after 5 failures (429 with Retry-After), even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await h.request('/api/auth/login', {
        json: { email: 'locked@example.org', password: `wrong-${i}-password` },
      });
      expect(response.status).toBe(401);
    }
    const locked = await h.request('/api/auth/login', {
      json: { email: 'locked@example.org', password: PASSWORD },
    });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await locked.json()).toMatchObject({ retryAfterSeconds: 900 });
    // Other accounts are not affected.
    expect(
      (await h.request('/api/auth/login', { json: { email: 'minh@example.org', password: PASSWORD } }))
        .status,
    ).toBe(200);
  });

  it('does not count successful sign-ins', async () => {
    for (let i = 0; i < 7; i++) await h.login('minh@example.org');
  });

  it('limits failures per address too (20 / 15 min), whatever the emails, through the v2 handler', async () => {
    const attempt = (email: string, password: string) =>
      h.handler(
        v2Event({
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000' },
          body: JSON.stringify({ email, password }),
          sourceIp: '203.0.113.9',
        }),
      );
    for (let i = 0; i < 20; i++)
      expect((await attempt(`spray-${i}@example.org`, 'not the password')).statusCode).toBe(401);
    const refused = await attempt('lan@example.org', PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('900');
    // Another address signs in fine.
    const other = await h.handler(
      v2Event({
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000' },
        body: JSON.stringify({ email: 'lan@example.org', password: PASSWORD }),
        sourceIp: '203.0.113.10',
      }),
    );
    expect(other.statusCode).toBe(200);
    // v2: the cookie goes out in result.cookies, not in a header.
    expect(other.cookies?.[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(other.headers?.['set-cookie']).toBeUndefined();
  });

  it('logs out: clears the cookie and audits it', async () => {
    const cookie = await h.login('lan@example.org');
    const response = await h.request('/api/auth/logout', { method: 'POST', cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    expect(h.audit.entries.at(-1)).toMatchObject({ action: 'logout', actor: 'lan@example.org' });
    // Without the cookie the browser has no session.
    expect((await h.request('/api/auth/me')).status).toBe(401);
  });
});

describe('tokens', () => {
  it('refuses a tampered token (401) and clears the cookie', async () => {
    const cookie = await h.login('minh@example.org');
    const token = cookie.slice(SESSION_COOKIE.length + 1);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const promoted = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString(
      'base64url',
    );
    const forgeries = [
      `${header}.${promoted}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${promoted}.`,
      'not-a-token',
    ];
    for (const forged of forgeries) {
      const response = await h.request('/api/audit', { cookie: `${SESSION_COOKIE}=${forged}` });
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    }
  });

  it('refuses a token signed by another key with the same claims (401)', async () => {
    const other = await openLocalIdp({
      dataDir: `${h.dataDir}/other`,
      issuer: h.idp.issuer,
      clientId: h.idp.clientId,
      clock: { now: () => new Date() },
    });
    const { token } = await other.issue({
      subject: 's',
      email: 'x@example.org',
      roles: ['admin'],
      mustChangePassword: false,
    });
    expect((await h.request('/api/auth/me', { cookie: `${SESSION_COOKIE}=${token}` })).status).toBe(401);
  });

  it('refuses an expired token (401)', async () => {
    const past = await openLocalIdp({
      dataDir: h.dataDir, // the same key
      issuer: h.idp.issuer,
      clock: { now: () => new Date(Date.now() - 2 * 3600_000) },
    });
    const { token } = await past.issue({
      subject: 's',
      email: 'lan@example.org',
      roles: ['editor'],
      mustChangePassword: false,
    });
    expect((await h.request('/api/auth/me', { cookie: `${SESSION_COOKIE}=${token}` })).status).toBe(401);
    // The same key an hour later is fine: it was the expiry.
    const now = await openLocalIdp({
      dataDir: h.dataDir,
      issuer: h.idp.issuer,
      clock: { now: () => new Date() },
    });
    const fresh = await now.issue({
      subject: 's',
      email: 'lan@example.org',
      roles: ['editor'],
      mustChangePassword: false,
    });
    expect((await h.request('/api/auth/me', { cookie: `${SESSION_COOKIE}=${fresh.token}` })).status).toBe(
      200,
    );
  });

  it('refuses a token of another issuer or client (401)', async () => {
    for (const variant of [{ issuer: 'http://127.0.0.1:9999/local-idp' }, { clientId: 'another-client' }]) {
      const idp = await openLocalIdp({
        dataDir: h.dataDir,
        issuer: variant.issuer ?? h.idp.issuer,
        ...(variant.clientId ? { clientId: variant.clientId } : {}),
        clock: { now: () => new Date() },
      });
      const { token } = await idp.issue({
        subject: 's',
        email: 'lan@example.org',
        roles: ['editor'],
        mustChangePassword: false,
      });
      expect((await h.request('/api/auth/me', { cookie: `${SESSION_COOKIE}=${token}` })).status).toBe(401);
    }
  });
});

describe('password change', () => {
  it('changes the password with the current one, refuses a wrong or short one naming the field', async () => {
    await h.addUser('thu@example.org', 'analyst');
    const cookie = await h.login('thu@example.org');
    const wrong = await h.request('/api/auth/password', {
      cookie,
      json: { currentPassword: 'not-the-password', newPassword: 'a brand new password' },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ field: 'currentPassword' });
    const short = await h.request('/api/auth/password', {
      cookie,
      json: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ field: 'newPassword' });

    const changed = await h.request('/api/auth/password', {
      cookie,
      json: { currentPassword: PASSWORD, newPassword: 'một mật khẩu mới hơn' },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('set-cookie')).toContain(`${SESSION_COOKIE}=`);
    expect(h.audit.entries.at(-1)).toMatchObject({ action: 'password-change', actor: 'thu@example.org' });
    expect(
      (await h.request('/api/auth/login', { json: { email: 'thu@example.org', password: PASSWORD } })).status,
    ).toBe(401);
    await h.login('thu@example.org', 'một mật khẩu mới hơn');
    // NFC: the same password typed in decomposed form.
    await h.login('thu@example.org', 'một mật khẩu mới hơn'.normalize('NFD'));
  });
});

describe('first admin', () => {
  it('is created once with a one-time password; until it is changed only me, password and logout answer', async () => {
    const fresh = await startConsoleHarness();
    try {
      const deps = fresh.deps.localSignIn;
      if (!deps) throw new Error('local sign-in expected');
      const first = await ensureFirstAdmin(deps);
      expect(first?.email).toBe('admin@localhost');
      expect(first?.password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(await ensureFirstAdmin(deps)).toBeUndefined();
      const stored = await fresh.users.get('admin@localhost');
      expect(stored?.passwordHash).not.toContain(first?.password);

      const cookie = await fresh.login('admin@localhost', first?.password);
      const me = await fresh.request('/api/auth/me', { cookie });
      expect(await me.json()).toMatchObject({ roles: ['admin'], mustChangePassword: true });
      for (const path of ['/api/users', '/api/audit', '/api/faq']) {
        const refused = await fresh.request(path, { cookie });
        expect(refused.status).toBe(403);
        expect(await refused.json()).toEqual({ error: 'password change required' });
      }
      const changed = await fresh.request('/api/auth/password', {
        cookie,
        json: { currentPassword: first?.password, newPassword: 'quản trị viên mới 2026' },
      });
      expect(changed.status).toBe(200);
      const newCookie = sessionCookieFrom(changed.headers.get('set-cookie') ?? '');
      expect((await fresh.request('/api/users', { cookie: newCookie })).status).toBe(200);
      // The old token still says "must change" until it expires: still refused.
      expect((await fresh.request('/api/users', { cookie })).status).toBe(403);
      expect((await fresh.request('/api/auth/logout', { method: 'POST', cookie: newCookie })).status).toBe(
        200,
      );
    } finally {
      await fresh.close();
    }
  });
});

describe('users (admin)', () => {
  it('adds a user with a one-time password that must be changed, lists users without hashes, audits it', async () => {
    await h.addUser('boss@example.org', 'admin');
    const cookie = await h.login('boss@example.org');
    const added = await h.request('/api/users', {
      cookie,
      json: { email: 'New.Editor@Example.org', role: 'editor' },
    });
    expect(added.status).toBe(201);
    const body = (await added.json()) as {
      email: string;
      role: string;
      password: string;
      mustChangePassword: boolean;
    };
    expect(body).toMatchObject({ email: 'new.editor@example.org', role: 'editor', mustChangePassword: true });
    expect(body.password).toHaveLength(20);
    expect(h.audit.entries.at(-1)).toMatchObject({
      action: 'user-add',
      actor: 'boss@example.org',
      target: `user:${h.hash('new.editor@example.org')}`,
      detail: { role: 'editor' },
    });

    const again = await h.request('/api/users', {
      cookie,
      json: { email: 'new.editor@example.org', role: 'admin' },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ field: 'email' });
    const badRole = await h.request('/api/users', {
      cookie,
      json: { email: 'x@example.org', role: 'owner' },
    });
    expect(badRole.status).toBe(400);
    expect(await badRole.json()).toMatchObject({ field: 'role' });

    const list = await h.request('/api/users', { cookie });
    const text = await list.text();
    expect(text).toContain('new.editor@example.org');
    expect(text).not.toContain('scrypt');
    expect(text).not.toContain('passwordHash');

    const newCookie = await h.login('new.editor@example.org', body.password);
    expect((await h.request('/api/faq', { cookie: newCookie })).status).toBe(403);
  });

  it('answers 501 for sign-in and users when local sign-in is off (AWS: Cognito)', async () => {
    const aws = await startConsoleHarness({
      override: (deps) => {
        const { localSignIn: _, ...rest } = deps;
        return rest;
      },
    });
    try {
      expect(
        (await aws.request('/api/auth/login', { json: { email: 'a@b', password: PASSWORD } })).status,
      ).toBe(501);
    } finally {
      await aws.close();
    }
  });
});

it('keeps the generated helpers honest', () => {
  expect(generatePassword()).toMatch(/^[A-Za-z0-9]{20}$/);
  expect(generateSubject()).not.toBe(generateSubject());
  expect(new ScryptPasswordHasher()).toBeDefined();
});
