/** The console API's request rules that need no server: origins, cookie flags, NFC, v2 cookies, the route table. */
import { describe, expect, it } from 'vitest';
import { assertLocalAuthAllowed, isLoopbackHost } from '../../../functions/adapters/auth/local-guard.js';
import { sessionFromClaims } from '../../../functions/adapters/auth/verifier.js';
import {
  cookieSecure,
  nfcDeep,
  originAllowed,
  parseJsonBody,
  safeFilename,
  vietnamMonth,
} from '../../../functions/adapters/console/http.js';
import { withV2Cookies } from '../../../functions/adapters/console/lambda.js';
import { allows, CONSOLE_ROUTES, routeKey } from '../../../functions/adapters/console/routes.js';
import { v2Event } from '../../support/console.js';

describe('loopback and the local sign-in guard', () => {
  it('knows loopback hosts, with or without a port', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.1:3000',
      '127.9.8.7',
      'localhost',
      'localhost:3000',
      '::1',
      '[::1]:3000',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.2:3000',
      'console.example.org',
      '128.0.0.1',
      'localhost.evil.example',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses a non-loopback bind unless LOCAL_AUTH_ALLOW_REMOTE=1', () => {
    expect(() => assertLocalAuthAllowed('127.0.0.1', {})).not.toThrow();
    expect(() => assertLocalAuthAllowed('0.0.0.0', {})).toThrow(/LOCAL_AUTH_ALLOW_REMOTE/);
    expect(() => assertLocalAuthAllowed('0.0.0.0', { LOCAL_AUTH_ALLOW_REMOTE: '0' })).toThrow();
    expect(() => assertLocalAuthAllowed('0.0.0.0', { LOCAL_AUTH_ALLOW_REMOTE: '1' })).not.toThrow();
  });
});

describe('origin check and cookie flags', () => {
  const local = { host: '127.0.0.1:3000', forwardedProto: undefined };
  const aws = { host: 'abc.execute-api.ap-southeast-1.amazonaws.com', forwardedProto: 'https' };

  it('accepts the request’s own origin, over http only when the request came over http', () => {
    expect(originAllowed('http://127.0.0.1:3000', local, [])).toBe(true);
    expect(originAllowed('https://127.0.0.1:3000', local, [])).toBe(true);
    expect(originAllowed('http://127.0.0.1:3001', local, [])).toBe(false);
    expect(originAllowed('http://localhost:3000', local, [])).toBe(false);
    expect(originAllowed(`https://${aws.host}`, aws, [])).toBe(true);
    expect(originAllowed(`http://${aws.host}`, aws, [])).toBe(false);
  });

  it('accepts configured console origins exactly, and nothing without an Origin', () => {
    const configured = ['https://console.example.org'];
    expect(originAllowed('https://console.example.org', aws, configured)).toBe(true);
    expect(originAllowed('https://console.example.org.evil.example', aws, configured)).toBe(false);
    expect(originAllowed('http://console.example.org', aws, configured)).toBe(false);
    for (const missing of [undefined, '', 'null', 'not a url'])
      expect(originAllowed(missing, aws, configured)).toBe(false);
  });

  it('makes cookies Secure except on loopback over plain http', () => {
    expect(cookieSecure(local)).toBe(false);
    expect(cookieSecure({ host: 'localhost:3000', forwardedProto: undefined })).toBe(false);
    expect(cookieSecure({ ...local, forwardedProto: 'https' })).toBe(true);
    expect(cookieSecure(aws)).toBe(true);
    expect(cookieSecure({ host: '192.168.1.5:3000', forwardedProto: undefined })).toBe(true);
  });
});

describe('bodies', () => {
  it('normalises every string and key to NFC, leaving other values alone', () => {
    const nfd = (text: string) => text.normalize('NFD');
    expect(nfcDeep({ [nfd('câu')]: [nfd('hỏi'), 1, true, null, { a: nfd('đáp') }] })).toEqual({
      câu: ['hỏi', 1, true, null, { a: 'đáp' }],
    });
  });

  it('names the body when the JSON is empty or malformed', () => {
    expect(() => parseJsonBody('')).toThrow(/required/);
    expect(() => parseJsonBody('{"a":')).toThrow(/malformed/);
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
  });

  it('makes safe download names and Vietnam months', () => {
    expect(safeFilename('câu hỏi "FAQ".csv')).toBe('c-u-h-i-FAQ-.csv');
    expect(safeFilename('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFilename('')).toBe('export');
    expect(vietnamMonth(new Date('2026-11-30T17:30:00.000Z'))).toBe('2026-12');
    expect(vietnamMonth(new Date('2026-11-30T16:59:59.000Z'))).toBe('2026-11');
  });
});

describe('v2 cookies', () => {
  it('moves a Cookie header into event.cookies (the local adapter’s events become API Gateway’s)', () => {
    const event = withV2Cookies(v2Event({ path: '/api/auth/me', headers: { Cookie: 'a=1; b=2' } }));
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(Object.keys(event.headers).map((name) => name.toLowerCase())).not.toContain('cookie');
  });

  it('keeps event.cookies as they are and drops a competing header', () => {
    const event = withV2Cookies(v2Event({ path: '/', cookies: ['a=1'], headers: { cookie: 'a=2' } }));
    expect(event.cookies).toEqual(['a=1']);
    expect(event.headers.cookie).toBeUndefined();
  });
});

describe('route table', () => {
  it('has one entry per method and path, every path under a known prefix', () => {
    const keys = CONSOLE_ROUTES.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of CONSOLE_ROUTES)
      expect(route.path).toMatch(
        /^\/(auth|faq|test|chat|audit|users|documents|index|analytics|turns|chats|gaps|suggestions)(\/|$)/,
      );
  });

  it('admits by listed role; only sign-in (its steps and refresh) and sign-out are public', () => {
    const publish = CONSOLE_ROUTES.find((route) => routeKey(route) === 'POST /faq/:id/publish');
    if (!publish) throw new Error('publish route missing');
    expect(allows(publish, ['analyst'])).toBe(false);
    expect(allows(publish, ['analyst', 'editor'])).toBe(true);
    expect(allows(publish, [])).toBe(false);
    expect(CONSOLE_ROUTES.filter((route) => route.roles === 'public').map(routeKey)).toEqual([
      'POST /auth/login',
      'POST /auth/challenge',
      'POST /auth/refresh',
      'POST /auth/logout',
    ]);
  });
});

describe('claims → session', () => {
  it('reads roles from the cognito:groups array only, ignoring other groups; name from email or username', () => {
    const base = { sub: 's', exp: 2_000_000_000, iss: 'i' };
    expect(
      sessionFromClaims({ ...base, 'cognito:groups': ['editor', 'superuser'], username: 'u-1' }),
    ).toMatchObject({
      actor: { email: 'u-1', roles: ['editor'] },
      mustChangePassword: false,
    });
    expect(
      sessionFromClaims({ ...base, 'cognito:groups': '[admin]', email: 'a@b', username: 'u' }).actor,
    ).toEqual({
      email: 'a@b',
      roles: [],
    });
    expect(sessionFromClaims({ ...base, must_change_password: true, username: 'u' }).mustChangePassword).toBe(
      true,
    );
    expect(() => sessionFromClaims({ ...base })).toThrow(/user name/);
  });
});
