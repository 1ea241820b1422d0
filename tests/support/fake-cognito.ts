/**
 * A FAKE Cognito user pool on loopback, speaking the real wire format so the real SDK client
 * (`@aws-sdk/client-cognito-identity-provider`, pointed here with COGNITO_ENDPOINT) talks to
 * it unchanged: AWS JSON 1.1, `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>` and `Content-Type: application/x-amz-json-1.1`,
 * errors as HTTP 400 `{"__type": "NotAuthorizedException", "message": "…"}`.
 *
 * It behaves like the console's pool (infra/constructs/console.ts): email is the sign-in
 * name (each user's Cognito user name is a UUID, which is also `sub`), no user-existence
 * errors, TOTP MFA required of everyone, a temporary password forces NEW_PASSWORD_REQUIRED,
 * a user without TOTP gets MFA_SETUP, groups analyst/editor/admin. Access tokens are RS256
 * JWTs with Cognito's claims, signed by a key whose JWKS the tests pin in the verifier.
 *
 * TOTP (RFC 6238: SHA-1, 30 s, 6 digits) runs on the fake's own clock (`advance`), so a test
 * can use a fresh time step for every code: like Cognito, a code's time step is never
 * accepted twice for one user.
 */
import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Jwks } from 'aws-jwt-verify/jwk';

export const FAKE_REGION = 'ap-southeast-1';
const GROUPS = [
  { name: 'admin', precedence: 1 },
  { name: 'editor', precedence: 2 },
  { name: 'analyst', precedence: 3 },
] as const;

/** Operations that need SigV4 (IAM); the others act with the user's password, session or token. */
const SIGNED_OPERATIONS = new Set([
  'ListUsers',
  'AdminListGroupsForUser',
  'AdminCreateUser',
  'AdminAddUserToGroup',
]);

export interface FakeUser {
  /** Cognito's user name: a UUID, equal to `sub`. */
  readonly username: string;
  readonly email: string;
  password: string;
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  enabled: boolean;
  readonly groups: Set<string>;
  /** Base32 TOTP secret once MFA is set up. */
  mfaSecret: string | undefined;
  /** The last TOTP time step accepted: never accepted again. */
  lastStep: number;
  readonly createdAt: number;
  modifiedAt: number;
}

export interface FakeCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** Whether it carried a SigV4 Authorization header. */
  readonly signed: boolean;
}

type SessionKind =
  | 'NEW_PASSWORD_REQUIRED'
  | 'SOFTWARE_TOKEN_MFA'
  | 'MFA_SETUP'
  | 'MFA_SETUP_ASSOCIATED'
  | 'MFA_SETUP_VERIFIED';

interface Session {
  readonly kind: SessionKind;
  readonly username: string;
  readonly expiresAt: number;
  /** MFA_SETUP_ASSOCIATED: the secret being set up. */
  readonly secret?: string;
  failures: number;
}

export interface FakeCognitoOptions {
  readonly userPoolId?: string;
  readonly clientId?: string;
  /** ListUsers returns at most this many per page (default 60, Cognito's maximum). */
  readonly pageSize?: number;
  /** Seconds a challenge session lives (Cognito's default is 3 minutes). */
  readonly sessionSeconds?: number;
  /** Wrong codes a session takes before it is dead. */
  readonly codeAttempts?: number;
}

export interface FakeCognito {
  readonly endpoint: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly issuer: string;
  /** The public key of the access tokens: pin it in the verifier. */
  readonly jwks: Jwks;
  /** COGNITO_* and AWS_REGION for the console Lambda's configuration. */
  readonly env: Record<string, string>;
  readonly calls: FakeCall[];
  /** Invitations Cognito would have emailed (AdminCreateUser). */
  readonly outbox: Array<{ readonly email: string; readonly temporaryPassword: string }>;
  readonly users: Map<string, FakeUser>;
  /** A user as an admin (or a test) creates it; `mfaSecret` makes MFA already set up. */
  addUser(
    email: string,
    options?: {
      readonly groups?: readonly string[];
      readonly password?: string;
      readonly temporary?: boolean;
      readonly mfaSecret?: string;
    },
  ): FakeUser;
  user(email: string): FakeUser | undefined;
  /** The fake's clock (TOTP, session expiry), epoch ms. */
  now(): number;
  /** Moves the fake's clock on (a fresh TOTP time step: `advance(30)`). */
  advance(seconds: number): void;
  /** The current TOTP code for a secret on the fake's clock. */
  code(secret: string): string;
  /** The next `times` calls of `operation` fail with this error type. */
  failNext(operation: string, type: string, times?: number): void;
  /** Refresh tokens issued and not revoked. */
  liveRefreshTokens(username: string): number;
  close(): Promise<void>;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeCognito(options: FakeCognitoOptions = {}): Promise<FakeCognito> {
  const userPoolId = options.userPoolId ?? `${FAKE_REGION}_FakePool1`;
  const clientId = options.clientId ?? 'fake-console-client';
  const issuer = `https://cognito-idp.${FAKE_REGION}.amazonaws.com/${userPoolId}`;
  const pageSize = options.pageSize ?? 60;
  const sessionSeconds = options.sessionSeconds ?? 180;
  const codeAttempts = options.codeAttempts ?? 5;
  const kid = `fake-${randomUUID()}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const jwks = { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } as unknown as Jwks;

  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const users = new Map<string, FakeUser>();
  const sessions = new Map<string, Session>();
  const refreshTokens = new Map<string, { username: string; revoked: boolean }>();
  const accessTokens = new Map<string, { username: string; refreshToken: string }>();
  const calls: FakeCall[] = [];
  const outbox: Array<{ email: string; temporaryPassword: string }> = [];
  const failures = new Map<string, { type: string; times: number }>();

  const byEmail = (email: string) =>
    [...users.values()].find((user) => user.email === email.trim().toLowerCase());
  const byName = (name: string) => users.get(name) ?? byEmail(name);

  function addUser(
    email: string,
    init: {
      readonly groups?: readonly string[];
      readonly password?: string;
      readonly temporary?: boolean;
      readonly mfaSecret?: string;
    } = {},
  ): FakeUser {
    const at = now();
    const user: FakeUser = {
      username: randomUUID(),
      email: email.trim().toLowerCase(),
      password: init.password ?? temporaryPassword(),
      status: init.temporary ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED',
      enabled: true,
      groups: new Set(init.groups ?? []),
      mfaSecret: init.mfaSecret,
      lastStep: -1,
      createdAt: at,
      modifiedAt: at,
    };
    users.set(user.username, user);
    return user;
  }

  function newSession(kind: SessionKind, username: string, secret?: string): string {
    // Cognito's sessions are long opaque strings (several hundred characters): so is this one.
    const id = randomBytes(540).toString('base64url');
    sessions.set(id, {
      kind,
      username,
      expiresAt: now() + sessionSeconds * 1000,
      failures: 0,
      ...(secret ? { secret } : {}),
    });
    return id;
  }

  function takeSession(id: unknown, kinds: readonly SessionKind[]): Session & { id: string } {
    const session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!session || session.expiresAt <= now()) {
      if (typeof id === 'string') sessions.delete(id);
      throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    if (!kinds.includes(session.kind))
      throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
    return { ...session, id: id as string };
  }

  /** A wrong code: the session survives a few, then dies (the sign-in starts over). */
  function wrongCode(sessionId: string, type: string, message: string): never {
    const session = sessions.get(sessionId);
    if (session && ++session.failures >= codeAttempts) sessions.delete(sessionId);
    throw new CognitoError(type, message);
  }

  function checkCode(user: FakeUser, secret: string, code: unknown): boolean {
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return false;
    const step = Math.floor(now() / 30_000);
    for (const candidate of [step - 1, step, step + 1]) {
      if (candidate <= user.lastStep) continue;
      if (hotp(base32Decode(secret), candidate) === code) {
        user.lastStep = candidate;
        return true;
      }
    }
    return false;
  }

  function tokens(user: FakeUser, withRefresh: string | undefined) {
    const refreshToken =
      withRefresh ?? `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.${randomBytes(1200).toString('base64url')}`;
    if (!withRefresh) refreshTokens.set(refreshToken, { username: user.username, revoked: false });
    const issuedAt = Math.floor(Date.now() / 1000);
    const jti = randomUUID();
    const claims = {
      sub: user.username,
      ...(user.groups.size > 0 ? { 'cognito:groups': [...user.groups] } : {}),
      iss: issuer,
      version: 2,
      client_id: clientId,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: issuedAt,
      exp: issuedAt + 3600,
      iat: issuedAt,
      jti,
      // Email is the sign-in name, so the user name in the token is the UUID, not the email.
      username: user.username,
    };
    accessTokens.set(jti, { username: user.username, refreshToken });
    return {
      AccessToken: jwt(privateKey, kid, claims),
      ExpiresIn: 3600,
      TokenType: 'Bearer',
      IdToken: jwt(privateKey, kid, { ...claims, token_use: 'id', aud: clientId, email: user.email }),
      ...(withRefresh ? {} : { RefreshToken: refreshToken }),
    };
  }

  /** The user an access token names, if the fake issued it and it is not revoked. */
  function bearer(token: unknown): FakeUser {
    const payload = typeof token === 'string' ? decodePayload(token) : undefined;
    const issued = typeof payload?.jti === 'string' ? accessTokens.get(payload.jti) : undefined;
    const refresh = issued ? refreshTokens.get(issued.refreshToken) : undefined;
    const user = issued ? users.get(issued.username) : undefined;
    if (!issued || !user || refresh?.revoked || (payload?.exp as number) * 1000 <= Date.now())
      throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    return user;
  }

  function challengeFor(user: FakeUser) {
    if (user.status === 'FORCE_CHANGE_PASSWORD')
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: newSession('NEW_PASSWORD_REQUIRED', user.username),
        ChallengeParameters: {
          USER_ID_FOR_SRP: user.username,
          requiredAttributes: '[]',
          userAttributes: JSON.stringify({ email_verified: 'true', email: user.email }),
        },
      };
    if (!user.mfaSecret)
      return {
        ChallengeName: 'MFA_SETUP',
        Session: newSession('MFA_SETUP', user.username),
        ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: user.username },
      };
    return {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: newSession('SOFTWARE_TOKEN_MFA', user.username),
      ChallengeParameters: { USER_ID_FOR_SRP: user.username },
    };
  }

  function requireClient(input: Record<string, unknown>): void {
    if (input.ClientId !== clientId)
      throw new CognitoError(
        'ResourceNotFoundException',
        `User pool client ${String(input.ClientId)} does not exist.`,
      );
  }

  function requirePool(input: Record<string, unknown>): void {
    if (input.UserPoolId !== userPoolId)
      throw new CognitoError(
        'ResourceNotFoundException',
        `User pool ${String(input.UserPoolId)} does not exist.`,
      );
  }

  function userOf(input: Record<string, unknown>): FakeUser {
    const user = typeof input.Username === 'string' ? byName(input.Username) : undefined;
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  function challengeUser(session: Session, responses: Record<string, string>): FakeUser {
    const user = users.get(session.username);
    // USERNAME must be Cognito's user name (USER_ID_FOR_SRP), as the session's.
    if (!user || responses.USERNAME !== user.username)
      throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
    return user;
  }

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    InitiateAuth(input) {
      requireClient(input);
      const parameters = (input.AuthParameters ?? {}) as Record<string, string>;
      if (input.AuthFlow === 'USER_PASSWORD_AUTH') {
        const user = byEmail(parameters.USERNAME ?? '');
        // preventUserExistenceErrors: an unknown user is a wrong password.
        if (!user || user.password !== parameters.PASSWORD)
          throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
        if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
        return challengeFor(user);
      }
      if (input.AuthFlow === 'REFRESH_TOKEN_AUTH') {
        const token = parameters.REFRESH_TOKEN ?? '';
        const known = refreshTokens.get(token);
        const user = known ? users.get(known.username) : undefined;
        if (!known || known.revoked || !user || !user.enabled)
          throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
        return { AuthenticationResult: tokens(user, token), ChallengeParameters: {} };
      }
      throw new CognitoError('InvalidParameterException', `Unsupported auth flow ${String(input.AuthFlow)}`);
    },

    RespondToAuthChallenge(input) {
      requireClient(input);
      const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
      const name = input.ChallengeName;
      if (name === 'NEW_PASSWORD_REQUIRED') {
        const session = takeSession(input.Session, ['NEW_PASSWORD_REQUIRED']);
        const user = challengeUser(session, responses);
        checkPolicy(responses.NEW_PASSWORD);
        sessions.delete(session.id);
        user.password = responses.NEW_PASSWORD as string;
        user.status = 'CONFIRMED';
        user.modifiedAt = now();
        return challengeFor(user);
      }
      if (name === 'SOFTWARE_TOKEN_MFA') {
        const session = takeSession(input.Session, ['SOFTWARE_TOKEN_MFA']);
        const user = challengeUser(session, responses);
        if (!user.mfaSecret || !checkCode(user, user.mfaSecret, responses.SOFTWARE_TOKEN_MFA_CODE))
          wrongCode(session.id, 'CodeMismatchException', 'Invalid code received for user');
        sessions.delete(session.id);
        return { AuthenticationResult: tokens(user, undefined), ChallengeParameters: {} };
      }
      if (name === 'MFA_SETUP') {
        const session = takeSession(input.Session, ['MFA_SETUP_VERIFIED']);
        const user = challengeUser(session, responses);
        sessions.delete(session.id);
        return { AuthenticationResult: tokens(user, undefined), ChallengeParameters: {} };
      }
      throw new CognitoError('InvalidParameterException', `Unsupported challenge ${String(name)}`);
    },

    AssociateSoftwareToken(input) {
      const session = takeSession(input.Session, ['MFA_SETUP']);
      sessions.delete(session.id);
      const secret = base32Encode(randomBytes(20));
      return {
        SecretCode: secret,
        Session: newSession('MFA_SETUP_ASSOCIATED', session.username, secret),
      };
    },

    VerifySoftwareToken(input) {
      if (typeof input.UserCode !== 'string' || !/^\d{6}$/.test(input.UserCode))
        throw new CognitoError(
          'InvalidParameterException',
          "1 validation error detected: Value at 'userCode'",
        );
      const session = takeSession(input.Session, ['MFA_SETUP_ASSOCIATED']);
      const user = users.get(session.username) as FakeUser;
      if (!checkCode(user, session.secret as string, input.UserCode))
        wrongCode(
          session.id,
          'EnableSoftwareTokenMFAException',
          'Code mismatch and fail enable Software Token MFA',
        );
      sessions.delete(session.id);
      user.mfaSecret = session.secret;
      user.modifiedAt = now();
      return { Status: 'SUCCESS', Session: newSession('MFA_SETUP_VERIFIED', user.username) };
    },

    RevokeToken(input) {
      requireClient(input);
      const known = typeof input.Token === 'string' ? refreshTokens.get(input.Token) : undefined;
      if (known) known.revoked = true;
      return {};
    },

    GlobalSignOut(input) {
      const user = bearer(input.AccessToken);
      for (const known of refreshTokens.values()) if (known.username === user.username) known.revoked = true;
      return {};
    },

    ChangePassword(input) {
      const user = bearer(input.AccessToken);
      if (input.PreviousPassword !== user.password)
        throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
      checkPolicy(input.ProposedPassword);
      user.password = input.ProposedPassword as string;
      user.modifiedAt = now();
      return {};
    },

    ListUsers(input) {
      requirePool(input);
      const all = [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
      const start = typeof input.PaginationToken === 'string' ? Number(atob(input.PaginationToken)) : 0;
      const limit = Math.min(typeof input.Limit === 'number' ? input.Limit : 60, pageSize);
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? btoa(String(start + limit)) : undefined;
      return { Users: page.map(userType), ...(next ? { PaginationToken: next } : {}) };
    },

    AdminListGroupsForUser(input) {
      requirePool(input);
      const user = userOf(input);
      return {
        Groups: GROUPS.filter((group) => user.groups.has(group.name)).map((group) => ({
          GroupName: group.name,
          UserPoolId: userPoolId,
          Precedence: group.precedence,
          CreationDate: user.createdAt / 1000,
          LastModifiedDate: user.createdAt / 1000,
        })),
      };
    },

    AdminCreateUser(input) {
      requirePool(input);
      const attributes = (input.UserAttributes ?? []) as Array<{ Name: string; Value: string }>;
      const email =
        attributes.find((attribute) => attribute.Name === 'email')?.Value ?? String(input.Username);
      if (!/^[^\s@]+@[^\s@]+$/.test(email))
        throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
      if (byEmail(email))
        throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      const user = addUser(email, { temporary: true });
      const media = (input.DesiredDeliveryMediums ?? []) as string[];
      if (input.MessageAction !== 'SUPPRESS' && media.includes('EMAIL'))
        outbox.push({ email: user.email, temporaryPassword: user.password });
      return { User: userType(user) };
    },

    AdminAddUserToGroup(input) {
      requirePool(input);
      const user = userOf(input);
      if (!GROUPS.some((group) => group.name === input.GroupName))
        throw new CognitoError('ResourceNotFoundException', 'Group not found.');
      user.groups.add(input.GroupName as string);
      return {};
    },
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AWSCognitoIdentityProviderService.')
      ? target.slice('AWSCognitoIdentityProviderService.'.length)
      : '';
    const send = (status: number, body: unknown) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
      });
      response.end(JSON.stringify(body));
    };
    const fail = (type: string, message: string) => send(400, { __type: type, message });
    if (request.method !== 'POST' || request.url !== '/')
      return fail('UnknownOperationException', 'POST / only');
    if (request.headers['content-type'] !== 'application/x-amz-json-1.1')
      return fail('SerializationException', 'Content-Type must be application/x-amz-json-1.1');
    const handler = operations[operation];
    if (!handler) return fail('UnknownOperationException', `unknown operation ${target}`);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return fail('SerializationException', 'malformed JSON');
    }
    const signed = /^AWS4-HMAC-SHA256 /.test(String(request.headers.authorization ?? ''));
    calls.push({ operation, input, signed });
    if (SIGNED_OPERATIONS.has(operation) && !signed)
      return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const injected = failures.get(operation);
    if (injected) {
      if (--injected.times <= 0) failures.delete(operation);
      return fail(injected.type, `${injected.type} (injected)`);
    }
    try {
      send(200, handler(input));
    } catch (error) {
      if (error instanceof CognitoError) return fail(error.type, error.message);
      send(500, { __type: 'InternalErrorException', message: (error as Error).message });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    region: FAKE_REGION,
    userPoolId,
    clientId,
    issuer,
    jwks,
    env: {
      AWS_REGION: FAKE_REGION,
      COGNITO_USER_POOL_ID: userPoolId,
      COGNITO_CLIENT_ID: clientId,
      COGNITO_ENDPOINT: endpoint,
    },
    calls,
    outbox,
    users,
    addUser,
    user: byEmail,
    now,
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
    code: (secret) => totp(secret, now()),
    failNext: (operation, type, times = 1) => {
      failures.set(operation, { type, times });
    },
    liveRefreshTokens: (username) =>
      [...refreshTokens.values()].filter((known) => known.username === username && !known.revoked).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function userType(user: FakeUser) {
  return {
    Username: user.username,
    Attributes: [
      { Name: 'sub', Value: user.username },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'email', Value: user.email },
    ],
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.modifiedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** The console pool's policy: 12 characters, upper, lower, digit, symbol. */
function checkPolicy(password: unknown): void {
  const text = typeof password === 'string' ? password : '';
  const problem =
    text.length < 12
      ? 'Password not long enough'
      : !/[A-Z]/.test(text)
        ? 'Password must have uppercase characters'
        : !/[a-z]/.test(text)
          ? 'Password must have lowercase characters'
          : !/[0-9]/.test(text)
            ? 'Password must have numeric characters'
            : !/[^A-Za-z0-9]/.test(text)
              ? 'Password must have symbol characters'
              : undefined;
  if (problem)
    throw new CognitoError('InvalidPasswordException', `Password does not conform to policy: ${problem}`);
}

function temporaryPassword(): string {
  return `Tmp-${randomBytes(9).toString('base64url')}9a!`;
}

function jwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ kid, alg: 'RS256' })}.${encode(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function decodePayload(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(char);
    if (index === -1) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP, 6 digits, HMAC-SHA-1. */
function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = (digest[digest.length - 1] as number) & 0xf;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret at `atMs`. */
export function totp(secret: string, atMs: number): string {
  return hotp(base32Decode(secret), Math.floor(atMs / 30_000));
}
