/**
 * The staff console's HTTP API (Hono, under /api). It authenticates (a Cognito-shaped access
 * token in an HttpOnly cookie), enforces the route table's roles, validates and
 * NFC-normalises the request, calls the use cases and maps their errors to statuses. What the
 * use cases do is theirs (functions/app/console/contracts.ts).
 *
 * Middleware, in order: secure headers (strict CSP), no-store, body limit (1 MB → 413), the
 * Origin check on every non-GET (CSRF; the session is a cookie), then per route: session,
 * password-change gate, roles; then the handler.
 *
 * Audit: the API writes the sign-in and user entries (login, login-failed, logout,
 * password-change, user-add); FaqAdmin writes the FAQ ones.
 *
 * Sign-in goes through one port (functions/app/console/sign-in.ts): Cognito in AWS, the
 * local IdP under `npm start`. Cognito may answer the password with challenges (a new
 * password, setting up TOTP, a TOTP code): POST /auth/login says which comes `next`, and
 * POST /auth/challenge takes each answer. Between steps Cognito's `Session` waits in a
 * sealed HttpOnly cookie for /api/auth only, never in a body the page can read. Cookies:
 * - `console_session` (Path=/api): the access token, as locally; verified on every request.
 * - `console_refresh` (Path=/api/auth, Cognito only): the refresh token, for POST /auth/refresh.
 * - `console_signin` (Path=/api/auth, 3 min): the pending challenge, sealed (AES-GCM, HASH_KEY).
 * - `console_name` (Path=/api, Cognito only): the signed-in email sealed with the token's
 *   subject: Cognito's access tokens name a user by its UUID (email is the sign-in name),
 *   and audit entries and the header should say who it was.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import * as z from 'zod';
import type { AnalystWorkspace } from '../../app/console/analyst-workspace.js';
import type { AccessTokenVerifier, ConsoleSession } from '../../app/console/auth.js';
import {
  type Actor,
  type AuditEntry,
  type AuditLog,
  type FaqAdmin,
  FaqExistsError,
  FaqNotFoundError,
  FaqPublishBlockedError,
  FaqValidationError,
  ROLES,
  type TestAnswer,
} from '../../app/console/contracts.js';
import {
  createLocalSignIn,
  type LocalSignInDeps,
  otpauthUri,
  type PendingChallenge,
  type SignIn,
  type SignInStep,
  SignInThrottledError,
  type SignInTokens,
  type UserDirectory,
} from '../../app/console/sign-in.js';
import {
  checkNewPassword,
  MAX_PASSWORD_LENGTH,
  normaliseEmail,
  PasswordPolicyError,
  UserExistsError,
  WrongPasswordError,
} from '../../app/console/users.js';
import {
  type DocumentLibrary,
  DocumentNotFoundError,
  DocumentStateError,
} from '../../app/documents/library.js';
import { DocumentConflictError } from '../../app/documents/ports.js';
import { WebChatBusyError } from '../../app/web-chat.js';
import {
  DOCUMENT_ID,
  DocumentRejectedError,
  documentMetaInputSchema,
} from '../../core/knowledge/documents.js';
import { FaqVersionConflictError, faqDraftSchema } from '../../core/knowledge/faq.js';
import { type AttemptLimit, type AttemptsTaken, takeAttempts } from '../../core/limits.js';
import type { Clock, Hasher, RateCounter } from '../../core/ports.js';
import { errorFields, type Logger } from '../../shared/logger.js';
import { createSessionSealer } from '../../shared/seal.js';
import { analystError, analystHandlers } from './analyst-routes.js';
import {
  ApiError,
  badRequest,
  cookieSecure,
  firstIssue,
  nfcDeep,
  originAllowed,
  parseJsonBody,
  parseOr400,
  type RequestOrigin,
  safeFilename,
  vietnamMonth,
} from './http.js';
import { allows, CONSOLE_ROUTES, type ConsoleRoute, type ConsoleRouteKey, routeKey } from './routes.js';

export const SESSION_COOKIE = 'console_session';
/** Cognito's refresh token: sent to /api/auth only (the refresh and logout routes use it). */
export const REFRESH_COOKIE = 'console_refresh';
/** A sign-in between two steps (sealed Cognito Session): sent to /api/auth only. */
export const CHALLENGE_COOKIE = 'console_signin';
/** The signed-in email, sealed with the token's subject (Cognito tokens carry a UUID). */
export const NAME_COOKIE = 'console_name';
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * How long a pending challenge is kept between two steps: the user pool's own sign-in session
 * (authSessionValidity, 10 min in infra/constructs/console.ts), enough to install an
 * authenticator app at first sign-in.
 */
export const CHALLENGE_SECONDS = 10 * 60;
/** The app client's refresh token validity (infra/constructs/console.ts). */
export const REFRESH_SECONDS = 12 * 60 * 60;
/** The issuer an authenticator app shows next to the account. */
export const TOTP_ISSUER = 'BHXH console';

/** What the page shows after a step that is not the last. */
const NEXT_STEP = {
  NEW_PASSWORD_REQUIRED: 'new-password',
  SOFTWARE_TOKEN_MFA: 'mfa-code',
  MFA_SETUP: 'mfa-setup',
} as const;

/** 👍/👎 on a staff chat reply: the turn it names. */
export interface ChatFeedback {
  readonly conversationId: string;
  readonly value: 'up' | 'down';
  readonly turnId: string;
}

/** A chat message: typed text, or the data of a reply button pressed. */
export type ChatMessage =
  | { readonly conversationId: string; readonly text: string }
  | { readonly conversationId: string; readonly button: string };

/** Sign-in limits: failures per account and per address; a success gives its attempt back. */
export interface LoginLimits {
  readonly perEmail: number;
  readonly perIp: number;
  readonly windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perEmail: 5, perIp: 20, windowSeconds: 15 * 60 };

/** The embedded default's sign-in (`npm start`): local users, scrypt, the local IdP's key. */
export type LocalSignIn = LocalSignInDeps;

export interface ConsoleApiDeps {
  readonly faq: FaqAdmin;
  readonly audit: AuditLog;
  readonly verifier: AccessTokenVerifier;
  /** Attempt counters (DynamoRateCounter): the sign-in lockout. */
  readonly limits: RateCounter;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Keyed hash for emails and addresses in audit entries, counters and logs. */
  readonly hash: Hasher;
  /** Test bench: one question, optionally as of a date (YYYY-MM-DD); a TestAnswer, perhaps with more. */
  readonly ask: (question: string, date?: string) => Promise<TestAnswer | object>;
  /** Test bench: every FAQ variant against the live matcher. */
  readonly testAll: () => Promise<unknown>;
  /** Staff chat with the bot. */
  readonly chat: (message: ChatMessage, actor: Actor) => Promise<{ replies: unknown[] }>;
  readonly feedback: (input: ChatFeedback, actor: Actor) => Promise<unknown>;
  /** Policy documents (upload, status, withdraw, the served index); without it those routes answer 501. */
  readonly documents?: DocumentsApi;
  /** The analyst workspace: overview, turns, gaps, suggestions, 👎. */
  readonly analyst: AnalystWorkspace;
  /** Local users, passwords and token signing (`npm start`): wrapped in the sign-in port. */
  readonly localSignIn?: LocalSignIn;
  /** AWS: Cognito's sign-in (challenges, refresh, revocation). Without it or localSignIn, sign-in answers 501. */
  readonly signIn?: SignIn;
  /** AWS: Cognito's users for the admin's Users screen. */
  readonly directory?: UserDirectory;
  /** Seconds a pending challenge is kept (default CHALLENGE_SECONDS). */
  readonly challengeSeconds?: number;
  /** `CONSOLE_ORIGIN`: origins besides the request's own that may call mutating routes. */
  readonly origins?: readonly string[];
  readonly loginLimits?: LoginLimits;
}

/** What the Văn bản screen calls (functions/app/documents/library.ts). */
export type DocumentsApi = Pick<
  DocumentLibrary,
  'create' | 'supersede' | 'list' | 'get' | 'withdraw' | 'reindex' | 'index'
>;

/** What the console calls behind the API; implemented elsewhere (FAQ admin, audit log, assistant). */
export type ConsoleUseCases = Pick<
  ConsoleApiDeps,
  'faq' | 'audit' | 'ask' | 'testAll' | 'chat' | 'feedback' | 'analyst'
> &
  Pick<ConsoleApiDeps, 'documents'>;

interface ConsoleEnv {
  Bindings: { event?: APIGatewayProxyEventV2 };
  Variables: { session: ConsoleSession };
}

type Ctx = Context<ConsoleEnv>;
type RouteHandler = (c: Ctx) => Promise<Response>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const faqId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and dashes');
const changeNote = z.string().trim().max(500).optional();
const booleanParam = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const schemas = {
  login: z.object({
    email: z.string().trim().min(1, 'required').max(254),
    password: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH),
  }),
  challenge: z.object({
    /** A new password, or a 6-digit code (checked against the pending step). */
    answer: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH),
  }),
  password: z.object({
    currentPassword: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH),
    newPassword: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH),
  }),
  faqList: z.object({
    q: z.string().max(200).optional(),
    status: z.enum(['draft', 'published', 'unpublished']).optional(),
    tag: z.string().max(100).optional(),
    inEffectOn: isoDate.optional(),
    expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
    noCitation: booleanParam.optional(),
  }),
  faqCreate: faqDraftSchema.extend({ changeNote }),
  faqUpdate: faqDraftSchema.extend({ baseVersion: z.number().int().min(1), changeNote }),
  collisions: z.looseObject({
    id: z.string().max(100).optional(),
    questions: z.array(z.string().max(1000)).min(1).max(200),
  }),
  restore: z.object({ version: z.number().int().min(1) }),
  importQuery: z.object({
    mode: z.enum(['upsert', 'replace']).default('upsert'),
    dryRun: booleanParam.default(true),
  }),
  exportQuery: z.object({ format: z.enum(['csv', 'json']).default('csv') }),
  test: z.object({ question: z.string().trim().min(1, 'required').max(1000), date: isoDate.optional() }),
  chat: z.union([
    z.object({
      conversationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
      text: z.string().trim().min(1, 'required').max(2000),
    }),
    z.object({
      conversationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
      /** A reply button pressed: its data, as a channel's button press. */
      button: z.string().min(1, 'required').max(200),
    }),
  ]),
  feedback: z.object({
    conversationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
    value: z.enum(['up', 'down']),
    turnId: z.string().min(1, 'required').max(200),
  }),
  auditQuery: z.object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  }),
  document: z.object({
    filename: z.string().trim().min(1, 'required').max(200),
    contentType: z.string().trim().min(1, 'required').max(200),
    size: z.number().int().min(0),
    meta: documentMetaInputSchema,
  }),
  addUser: z.object({ email: z.string().trim().min(1, 'required').max(254), role: z.enum(ROLES) }),
};

export function createConsoleApi(deps: ConsoleApiDeps) {
  const app = new Hono<ConsoleEnv>().basePath('/api');
  const logger = deps.logger.child({ fn: 'console-api' });
  const loginLimits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const origins = deps.origins ?? [];
  const local = deps.localSignIn ? createLocalSignIn(deps.localSignIn) : undefined;
  const signInPort = deps.signIn ?? local?.signIn;
  const directoryPort = deps.directory ?? local?.directory;
  const challengeSeconds = deps.challengeSeconds ?? CHALLENGE_SECONDS;
  const sealer = createSessionSealer(deps.hash);

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
      crossOriginResourcePolicy: 'same-origin',
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      xFrameOptions: 'DENY',
    }),
  );
  app.use('*', async (c, next) => {
    const started = Date.now();
    await next();
    c.header('Cache-Control', 'no-store');
    // The route pattern (`/api/faq/:id`), never the path: no ids or emails in logs.
    logger.info('console.request', {
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Date.now() - started,
    });
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: `request body larger than ${MAX_BODY_BYTES} bytes` }, 413),
    }),
  );
  app.use('*', async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (!originAllowed(c.req.header('origin'), requestOrigin(c), origins))
      return c.json({ error: 'cross-origin request refused: the Origin must be the console' }, 403);
    return next();
  });

  const guard =
    (route: ConsoleRoute): MiddlewareHandler<ConsoleEnv> =>
    async (c, next) => {
      if (route.roles === 'public') return next();
      const session = await readSession(c);
      if (!session) return c.json({ error: 'sign-in required' }, 401);
      if (session.mustChangePassword && !route.duringPasswordChange)
        return c.json({ error: 'password change required' }, 403);
      if (!allows(route, session.actor.roles)) return c.json({ error: 'forbidden for your role' }, 403);
      c.set('session', session);
      return next();
    };

  async function readSession(c: Ctx): Promise<ConsoleSession | undefined> {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) return undefined;
    try {
      return withName(c, await deps.verifier.verify(token));
    } catch (error) {
      logger.info('console.token_refused', { reason: (error as Error).message.slice(0, 120) });
      clearSessionCookie(c);
      return undefined;
    }
  }

  function requestOrigin(c: Ctx): RequestOrigin {
    return {
      host: c.req.header('host') ?? new URL(c.req.url).host,
      forwardedProto: c.req.header('x-forwarded-proto'),
    };
  }

  function setSessionCookie(c: Ctx, token: string, expiresAt: Date): void {
    const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - deps.clock.now().getTime()) / 1000));
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      secure: cookieSecure(requestOrigin(c)),
      sameSite: 'Strict',
      path: '/api',
      maxAge,
    });
  }

  function clearSessionCookie(c: Ctx): void {
    deleteCookie(c, SESSION_COOKIE, {
      httpOnly: true,
      secure: cookieSecure(requestOrigin(c)),
      sameSite: 'Strict',
      path: '/api',
    });
  }

  /** An HttpOnly, SameSite=Strict cookie; `maxAge` 0 clears it. */
  function cookie(c: Ctx, name: string, value: string, path: string, maxAge: number): void {
    const options = {
      httpOnly: true,
      secure: cookieSecure(requestOrigin(c)),
      sameSite: 'Strict',
      path,
    } as const;
    if (maxAge > 0) setCookie(c, name, value, { ...options, maxAge });
    else deleteCookie(c, name, options);
  }

  /** Clears the cookie only when the request carried it (no Set-Cookie noise on local sign-out). */
  function clearIfSent(c: Ctx, name: string, path: string): void {
    if (getCookie(c, name) !== undefined) cookie(c, name, '', path, 0);
  }

  const sealedContext = { challenge: 'console-signin:v1', name: 'console-name:v1' } as const;
  const pendingSchema = z.object({
    c: z.enum(['NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA', 'MFA_SETUP']),
    s: z.string().min(1),
    u: z.string().min(1),
    e: z.string().min(1),
    /** Expiry (epoch ms): the cookie's Max-Age is the browser's promise, this is ours. */
    x: z.number(),
  });
  const nameSchema = z.object({ s: z.string().min(1), e: z.string().min(1) });

  function setChallengeCookie(c: Ctx, pending: PendingChallenge): void {
    const sealed = sealer.seal(
      JSON.stringify({
        c: pending.challenge,
        s: pending.session,
        u: pending.username,
        e: pending.email,
        x: deps.clock.now().getTime() + challengeSeconds * 1000,
      }),
      sealedContext.challenge,
    );
    cookie(c, CHALLENGE_COOKIE, sealed, '/api/auth', challengeSeconds);
  }

  function readChallenge(c: Ctx): PendingChallenge | undefined {
    const sealed = getCookie(c, CHALLENGE_COOKIE);
    const opened = sealed ? sealer.open(sealed, sealedContext.challenge) : undefined;
    if (!opened) return undefined;
    let parsed: z.infer<typeof pendingSchema>;
    try {
      parsed = pendingSchema.parse(JSON.parse(opened));
    } catch {
      return undefined;
    }
    if (parsed.x <= deps.clock.now().getTime()) return undefined;
    return { challenge: parsed.c, session: parsed.s, username: parsed.u, email: parsed.e };
  }

  /** The email the user signed in with, when the token names them otherwise (Cognito's UUID). */
  function withName(c: Ctx, current: ConsoleSession): ConsoleSession {
    const sealed = getCookie(c, NAME_COOKIE);
    const opened = sealed ? sealer.open(sealed, sealedContext.name) : undefined;
    if (!opened) return current;
    const parsed = nameSchema.safeParse(safeJson(opened));
    // Bound to the token's subject: another user's name cookie names nobody here.
    if (!parsed.success || parsed.data.s !== current.subject) return current;
    return { ...current, actor: { ...current.actor, email: parsed.data.e } };
  }

  async function jsonBody<S extends z.ZodType>(c: Ctx, schema: S): Promise<z.output<S>> {
    requireContentType(c, 'application/json');
    return parseOr400(schema, parseJsonBody(await c.req.text()));
  }

  function query<S extends z.ZodType>(c: Ctx, schema: S): z.output<S> {
    // `?q=` is no filter; every value in NFC like the bodies.
    const present = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
    return parseOr400(schema, nfcDeep(present));
  }

  function session(c: Ctx): ConsoleSession {
    return c.get('session');
  }

  function signIn(): SignIn {
    if (!signInPort) throw new ApiError(501, 'sign-in is not configured');
    return signInPort;
  }

  function directory(): UserDirectory {
    if (!directoryPort) throw new ApiError(501, 'user management is not configured');
    return directoryPort;
  }

  function idParam(c: Ctx): string {
    const id = c.req.param('id') ?? '';
    if (!faqId.safeParse(id).success) throw new ApiError(404, 'not found', { id });
    return id;
  }

  async function audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await deps.audit.append({ at: deps.clock.now().toISOString(), ...entry });
  }

  function documents(): DocumentsApi {
    if (!deps.documents) throw new ApiError(501, 'documents are not configured');
    return deps.documents;
  }

  function documentIdParam(c: Ctx): string {
    const id = c.req.param('id') ?? '';
    if (!DOCUMENT_ID.test(id)) throw new ApiError(404, 'not found', { id });
    return id;
  }

  function userTarget(email: string): string {
    return `user:${deps.hash(email)}`;
  }

  /**
   * The caller's address for the per-address sign-in limit. Behind CloudFront the API sees an
   * edge server's address; CloudFront names the viewer in `CloudFront-Viewer-Address`
   * ("ip:port", forwarded by the AllViewerExceptHostHeader policy). A caller that skips
   * CloudFront can forge that header, which only moves it to another address bucket: the
   * per-account limit holds regardless.
   */
  function sourceIp(c: Ctx): string {
    const viewer = c.req.header('cloudfront-viewer-address');
    if (viewer) return viewer.replace(/:\d+$/, '');
    return c.env?.event?.requestContext?.http?.sourceIp ?? 'unknown';
  }

  function me(current: ConsoleSession) {
    return {
      email: current.actor.email,
      roles: current.actor.roles,
      mustChangePassword: current.mustChangePassword,
      expiresAt: current.expiresAt.toISOString(),
    };
  }

  /**
   * One sign-in attempt against the per-account and per-address limits: a wrong password and
   * a wrong code count alike; any step that gets through gives its attempt back. A Response
   * (429) when a limit is used up.
   */
  async function takeSignInAttempts(
    c: Ctx,
    email: string,
  ): Promise<Extract<AttemptsTaken, { allowed: true }> | Response> {
    const emailHash = deps.hash(email);
    const ipHash = deps.hash(sourceIp(c));
    const limits: AttemptLimit[] = [
      {
        key: `console-login:email:${emailHash}`,
        limit: loginLimits.perEmail,
        windowSeconds: loginLimits.windowSeconds,
      },
      {
        key: `console-login:ip:${ipHash}`,
        limit: loginLimits.perIp,
        windowSeconds: loginLimits.windowSeconds,
      },
    ];
    const taken = await takeAttempts(deps.limits, limits);
    if (taken.allowed) return taken;
    logger.warn('console.login_locked', { emailHash, ipHash });
    c.header('Retry-After', String(loginLimits.windowSeconds));
    return c.json(
      {
        error: 'too many failed sign-ins: try again later',
        retryAfterSeconds: loginLimits.windowSeconds,
      },
      429,
    );
  }

  /** A step's outcome; when the IdP fails instead (throttled, down), the attempt does not count. */
  async function answered(
    taken: Extract<AttemptsTaken, { allowed: true }>,
    step: () => Promise<SignInStep>,
  ): Promise<SignInStep> {
    try {
      return await step();
    } catch (error) {
      await taken.giveBack();
      throw error;
    }
  }

  /** The answer to a sign-in step: refused (401), the next step, or signed in with cookies set. */
  async function finishStep(
    c: Ctx,
    step: SignInStep,
    email: string,
    taken: Extract<AttemptsTaken, { allowed: true }>,
  ): Promise<Response> {
    if (step.status === 'failed') {
      if (step.reason === 'expired') {
        await taken.giveBack();
        cookie(c, CHALLENGE_COOKIE, '', '/api/auth', 0);
        return c.json({ error: 'sign-in expired: start again', restart: true }, 401);
      }
      const emailHash = deps.hash(email);
      const ipHash = deps.hash(sourceIp(c));
      const code = step.reason === 'wrong-code';
      logger.info('console.login_failed', {
        emailHash,
        ipHash,
        lockedNext: taken.reachedLimit,
        ...(code ? { step: 'code' } : {}),
      });
      await audit({
        actor: 'anonymous',
        action: 'login-failed',
        target: userTarget(email),
        detail: { ip: ipHash, lockedNext: taken.reachedLimit, ...(code ? { step: 'code' } : {}) },
      });
      return c.json({ error: code ? 'wrong code' : 'wrong email or password' }, 401);
    }
    await taken.giveBack();
    if (step.status === 'challenge') {
      setChallengeCookie(c, step.pending);
      const next = NEXT_STEP[step.pending.challenge];
      return c.json(
        step.secretCode === undefined
          ? { next }
          : { next, otpauthUri: otpauthUri(TOTP_ISSUER, email, step.secretCode) },
      );
    }
    const { accessToken, refreshToken } = step.tokens;
    const signed = await deps.verifier.verify(accessToken);
    setSessionCookie(c, accessToken, signed.expiresAt);
    if (refreshToken) cookie(c, REFRESH_COOKIE, refreshToken, '/api/auth', REFRESH_SECONDS);
    clearIfSent(c, CHALLENGE_COOKIE, '/api/auth');
    if (signed.actor.email !== email)
      cookie(
        c,
        NAME_COOKIE,
        sealer.seal(JSON.stringify({ s: signed.subject, e: email }), sealedContext.name),
        '/api',
        REFRESH_SECONDS,
      );
    await audit({ actor: email, action: 'login', target: userTarget(email) });
    return c.json(me({ ...signed, actor: { ...signed.actor, email } }));
  }

  const handlers: Record<ConsoleRouteKey, RouteHandler> = {
    'POST /auth/login': async (c) => {
      const provider = signIn();
      const body = await jsonBody(c, schemas.login);
      const email = normaliseEmail(body.email);
      const taken = await takeSignInAttempts(c, email);
      if (taken instanceof Response) return taken;
      return finishStep(c, await answered(taken, () => provider.start(email, body.password)), email, taken);
    },

    'POST /auth/challenge': async (c) => {
      const provider = signIn();
      const pending = readChallenge(c);
      if (!pending) {
        clearIfSent(c, CHALLENGE_COOKIE, '/api/auth');
        return c.json({ error: 'no sign-in in progress: start again', restart: true }, 401);
      }
      const { answer } = await jsonBody(c, schemas.challenge);
      if (pending.challenge === 'NEW_PASSWORD_REQUIRED') checkNewPassword(answer, pending.email, 'answer');
      else if (!/^\d{6}$/.test(answer)) throw badRequest('answer', 'must be the 6-digit code');
      const taken = await takeSignInAttempts(c, pending.email);
      if (taken instanceof Response) return taken;
      const step = await answered(taken, () => provider.respond(pending, answer));
      if (pending.challenge === 'NEW_PASSWORD_REQUIRED' && step.status !== 'failed')
        await audit({ actor: pending.email, action: 'password-change', target: userTarget(pending.email) });
      return finishStep(c, step, pending.email, taken);
    },

    'POST /auth/refresh': async (c) => {
      const provider = signIn();
      const refreshToken = getCookie(c, REFRESH_COOKIE);
      if (!refreshToken) return c.json({ error: 'sign-in required' }, 401);
      const tokens = await provider.refresh(refreshToken);
      if (!tokens) {
        // Expired or revoked: the page shows the sign-in form.
        cookie(c, REFRESH_COOKIE, '', '/api/auth', 0);
        clearSessionCookie(c);
        return c.json({ error: 'sign-in required' }, 401);
      }
      const refreshed = withName(c, await deps.verifier.verify(tokens.accessToken));
      setSessionCookie(c, tokens.accessToken, refreshed.expiresAt);
      if (tokens.refreshToken) cookie(c, REFRESH_COOKIE, tokens.refreshToken, '/api/auth', REFRESH_SECONDS);
      return c.json(me(refreshed));
    },

    'POST /auth/logout': async (c) => {
      const current = await readSession(c);
      const accessToken = getCookie(c, SESSION_COOKIE);
      const refreshToken = getCookie(c, REFRESH_COOKIE);
      clearSessionCookie(c);
      clearIfSent(c, REFRESH_COOKIE, '/api/auth');
      clearIfSent(c, CHALLENGE_COOKIE, '/api/auth');
      clearIfSent(c, NAME_COOKIE, '/api');
      if (signInPort && refreshToken) {
        try {
          await signInPort.signOut({ refreshToken, ...(accessToken ? { accessToken } : {}) });
        } catch (error) {
          // The cookies are gone either way; the refresh token then dies at its expiry.
          logger.warn('console.sign_out_failed', errorFields(error));
        }
      }
      if (current)
        await audit({
          actor: current.actor.email,
          action: 'logout',
          target: userTarget(current.actor.email),
        });
      return c.json({ signedOut: true });
    },

    'GET /auth/me': async (c) => c.json(me(session(c))),

    'POST /auth/password': async (c) => {
      const provider = signIn();
      const current = session(c);
      const body = await jsonBody(c, schemas.password);
      checkNewPassword(body.newPassword, current.actor.email, 'newPassword');
      const email = normaliseEmail(current.actor.email);
      const taken = await takeAttempts(deps.limits, [
        {
          key: `console-login:email:${deps.hash(email)}`,
          limit: loginLimits.perEmail,
          windowSeconds: loginLimits.windowSeconds,
        },
      ]);
      if (!taken.allowed) {
        c.header('Retry-After', String(loginLimits.windowSeconds));
        return c.json({ error: 'too many failed attempts: try again later' }, 429);
      }
      let tokens: SignInTokens | undefined;
      try {
        tokens = await provider.changePassword({
          email,
          accessToken: getCookie(c, SESSION_COOKIE) ?? '',
          currentPassword: body.currentPassword,
          newPassword: body.newPassword,
        });
      } catch (error) {
        if (error instanceof WrongPasswordError) throw badRequest('currentPassword', error.message);
        await taken.giveBack();
        throw error;
      }
      await taken.giveBack();
      let after = current;
      if (tokens) {
        // The local IdP's new token has no must-change flag; Cognito's tokens stay as they are.
        after = withName(c, await deps.verifier.verify(tokens.accessToken));
        setSessionCookie(c, tokens.accessToken, after.expiresAt);
      }
      await audit({ actor: email, action: 'password-change', target: userTarget(email) });
      return c.json({ email, roles: after.actor.roles, mustChangePassword: false });
    },

    'GET /faq': async (c) => {
      const filters = query(c, schemas.faqList);
      return c.json(await deps.faq.list(filters));
    },

    'POST /faq': async (c) => {
      const { changeNote: note, ...draft } = await jsonBody(c, schemas.faqCreate);
      return c.json(await deps.faq.create(draft, session(c).actor, note), 201);
    },

    'POST /faq/collisions': async (c) => {
      const draft = await jsonBody(c, schemas.collisions);
      return c.json(await deps.faq.collisions(draft));
    },

    'POST /faq/import': async (c) => {
      const options = query(c, schemas.importQuery);
      const type = mediaType(c);
      if (type !== 'text/csv' && type !== 'application/json')
        throw new ApiError(415, 'send text/csv or application/json', { field: 'content-type' });
      const text = await c.req.text();
      const body = type === 'application/json' ? JSON.stringify(parseJsonBody(text)) : text.normalize('NFC');
      const report = await deps.faq.importItems(body, type === 'text/csv' ? 'csv' : 'json', {
        mode: options.mode,
        dryRun: options.dryRun,
        actor: session(c).actor,
      });
      return c.json(report);
    },

    'GET /faq/export': async (c) => {
      const { format } = query(c, schemas.exportQuery);
      // With the actor: FaqAdmin audits the export (`faq-export`).
      const file = await deps.faq.exportItems(format, session(c).actor);
      return c.body(file.body, 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${safeFilename(file.filename)}"`,
      });
    },

    'GET /faq/:id': async (c) => {
      const id = idParam(c);
      const item = await deps.faq.get(id);
      if (!item) throw new ApiError(404, 'not found', { id });
      return c.json(item);
    },

    'PUT /faq/:id': async (c) => {
      const id = idParam(c);
      requireContentType(c, 'application/json');
      const raw = parseJsonBody(await c.req.text());
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        const bodyId = (raw as { id?: unknown }).id;
        if (bodyId !== undefined && bodyId !== id)
          throw badRequest('id', 'differs from the item in the path');
      }
      const parsed = parseOr400(schemas.faqUpdate, { ...(raw as object), id });
      const { baseVersion, changeNote: note, ...draft } = parsed;
      return c.json(await deps.faq.update(id, draft, baseVersion, session(c).actor, note));
    },

    'POST /faq/:id/publish': async (c) => c.json(await deps.faq.publish(idParam(c), session(c).actor)),

    'POST /faq/:id/unpublish': async (c) => c.json(await deps.faq.unpublish(idParam(c), session(c).actor)),

    'GET /faq/:id/versions': async (c) => {
      const id = idParam(c);
      return c.json(await deps.faq.versions(id));
    },

    'POST /faq/:id/restore': async (c) => {
      const id = idParam(c);
      const { version } = await jsonBody(c, schemas.restore);
      return c.json(await deps.faq.restore(id, version, session(c).actor));
    },

    'POST /test': async (c) => {
      const { question, date } = await jsonBody(c, schemas.test);
      return c.json(await deps.ask(question, date));
    },

    'POST /test/all': async (c) => c.json((await deps.testAll()) ?? {}),

    'POST /chat': async (c) => {
      return c.json(await deps.chat(await jsonBody(c, schemas.chat), session(c).actor));
    },

    'POST /chat/feedback': async (c) => {
      const input = await jsonBody(c, schemas.feedback);
      return c.json({ result: (await deps.feedback(input, session(c).actor)) ?? null });
    },

    'POST /documents': async (c) => {
      const body = await jsonBody(c, schemas.document);
      return c.json(await documents().create(body, session(c).actor), 201);
    },

    'GET /documents': async (c) => c.json(await documents().list()),

    'POST /documents/reindex': async (c) => c.json(await documents().reindex(session(c).actor)),

    'GET /documents/:id': async (c) => c.json(await documents().get(documentIdParam(c))),

    'POST /documents/:id/withdraw': async (c) =>
      c.json(await documents().withdraw(documentIdParam(c), session(c).actor)),

    'POST /documents/:id/supersede': async (c) => {
      const id = documentIdParam(c);
      const body = await jsonBody(c, schemas.document);
      return c.json(await documents().supersede(id, body, session(c).actor), 201);
    },

    'GET /index': async (c) => c.json(await documents().index()),

    'GET /audit': async (c) => {
      const { month, limit } = query(c, schemas.auditQuery);
      const page = month ?? vietnamMonth(deps.clock.now());
      return c.json(await deps.audit.list(limit === undefined ? { month: page } : { month: page, limit }));
    },

    'GET /users': async (c) => c.json(await directory().list()),

    'POST /users': async (c) => {
      const users = directory();
      const body = await jsonBody(c, schemas.addUser);
      const { actor } = session(c);
      const added = await users.add({ email: body.email, role: body.role, createdBy: actor.email });
      await audit({
        actor: actor.email,
        action: 'user-add',
        target: userTarget(added.user.email),
        detail: { role: added.user.role },
      });
      return c.json(
        {
          ...added.user,
          // Local only: shown once to the admin who hands it over; the user must change it at
          // first sign-in. Cognito emails its temporary password to the user instead.
          ...(added.oneTimePassword === undefined ? {} : { password: added.oneTimePassword }),
        },
        201,
      );
    },

    ...analystHandlers(deps.analyst, deps.clock, { query, jsonBody, actor: (c) => session(c).actor }),
  };

  // Fixed paths before parameters (`/faq/export` before `/faq/:id`): Hono tries routes in order.
  const ordered = [...CONSOLE_ROUTES].sort(
    (a, b) => Number(a.path.includes(':')) - Number(b.path.includes(':')),
  );
  for (const route of ordered) {
    const handler = handlers[routeKey(route) as ConsoleRouteKey];
    app.on(route.method, route.path, guard(route), (c) => handler(c));
  }

  app.notFound((c) => c.json({ error: 'not found' }, 404));

  app.onError(async (error, c) => {
    const mapped = await mapError(error, deps.faq);
    if (mapped) return c.json(mapped.body, mapped.status);
    logger.error('console.failed', { route: c.req.routePath, ...errorFields(error) });
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function mediaType(c: Ctx): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function requireContentType(c: Ctx, expected: string): void {
  if (mediaType(c) !== expected) throw new ApiError(415, `send ${expected}`, { field: 'content-type' });
}

type Status = ApiError['status'];

/** Use-case errors → status and body; undefined for anything unexpected (a 500, logged). */
async function mapError(
  error: unknown,
  faq: FaqAdmin,
): Promise<{ status: Status; body: Record<string, unknown> } | undefined> {
  if (error instanceof ApiError) return { status: error.status, body: error.body() };
  const analyst = analystError(error);
  if (analyst) return analyst;
  if (error instanceof z.ZodError) {
    const { field, message } = firstIssue(error);
    return { status: 400, body: { error: message, field } };
  }
  if (error instanceof FaqValidationError)
    return {
      status: 400,
      body: { error: error.message, field: error.issues[0]?.field ?? 'body', issues: error.issues },
    };
  if (error instanceof PasswordPolicyError)
    return { status: 400, body: { error: error.message, field: error.field } };
  if (error instanceof FaqNotFoundError) return { status: 404, body: { error: 'not found', id: error.id } };
  if (error instanceof FaqExistsError)
    return { status: 409, body: { error: 'an item with this id exists already', field: 'id', id: error.id } };
  if (error instanceof UserExistsError)
    return { status: 409, body: { error: error.message, field: 'email' } };
  if (error instanceof SignInThrottledError) return { status: 429, body: { error: error.message } };
  if (error instanceof DocumentRejectedError)
    return { status: 400, body: { error: error.reason, field: error.field } };
  if (error instanceof DocumentNotFoundError)
    return { status: 404, body: { error: 'not found', id: error.id } };
  if (error instanceof DocumentStateError || error instanceof DocumentConflictError)
    return { status: 409, body: { error: error.message } };
  // The previous message of this conversation is still being accepted (a double send).
  if (error instanceof WebChatBusyError) return { status: 409, body: { error: 'busy, try again' } };
  if (error instanceof FaqVersionConflictError) {
    // The editor's copy is stale: send the current item so the UI can show both.
    const current = (await faq.get(error.id).catch(() => undefined)) ?? null;
    return {
      status: 409,
      body: {
        error: 'the item changed since you opened it',
        id: error.id,
        baseVersion: error.expectedVersion,
        current,
      },
    };
  }
  if (error instanceof FaqPublishBlockedError)
    return {
      status: 422,
      body: { error: 'publishing blocked', reasons: error.reasons, collisions: error.collisions },
    };
  return undefined;
}
