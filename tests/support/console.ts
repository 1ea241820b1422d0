/**
 * The console API over real dynalite (users and attempt counters in the state table) and the
 * real local IdP (a key under a temp DATA_DIR), with DOUBLES for the FAQ/audit use cases
 * (tests/support/console-doubles.ts). Requests go through `app.request()` (URL host
 * `localhost`, so the console's own Origin is http://localhost) or the v2 handler.
 *
 * With `cognito` (a FAKE user pool, tests/support/fake-cognito.ts), sign-in, tokens and users
 * are Cognito's instead, through the real SDK client and adapters, as in AWS.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CognitoSignIn } from '../../functions/adapters/auth/cognito-sign-in.js';
import { CognitoUserDirectory } from '../../functions/adapters/auth/cognito-users.js';
import { type LocalIdp, localIssuer, openLocalIdp } from '../../functions/adapters/auth/local-idp.js';
import {
  generatePassword,
  generateSubject,
  ScryptPasswordHasher,
} from '../../functions/adapters/auth/password.js';
import { createCognitoVerifier, StaticJwksCache } from '../../functions/adapters/auth/verifier.js';
import {
  type ConsoleApi,
  type ConsoleApiDeps,
  createConsoleApi,
  type LocalSignIn,
  type LoginLimits,
  SESSION_COOKIE,
} from '../../functions/adapters/console/api.js';
import {
  type ConsoleHttpHandler,
  createConsoleHttpHandler,
} from '../../functions/adapters/console/lambda.js';
import { BlobKnowledgeArtifacts } from '../../functions/adapters/documents/artifacts.js';
import { FileBlobStore } from '../../functions/adapters/documents/file-blobs.js';
import { DynamoAnalystStore } from '../../functions/adapters/dynamodb/analyst-store.js';
import { DynamoConversationLog } from '../../functions/adapters/dynamodb/conversation-log.js';
import { DynamoRateCounter } from '../../functions/adapters/dynamodb/rate-counter.js';
import { DynamoUserStore } from '../../functions/adapters/dynamodb/user-store.js';
import { LocalUploads } from '../../functions/adapters/local/uploads.js';
import { MemoryDocumentStore } from '../../functions/adapters/memory/document-store.js';
import { createAnalystWorkspace } from '../../functions/app/console/analyst-workspace.js';
import type { Role } from '../../functions/app/console/contracts.js';
import { addUser, type PasswordHasher } from '../../functions/app/console/users.js';
import { createDocumentLibrary, type DocumentLibrary } from '../../functions/app/documents/library.js';
import type { Clock } from '../../functions/core/ports.js';
import { createHasher } from '../../functions/shared/hash.js';
import { createLogger } from '../../functions/shared/logger.js';
import { AuditLogDouble, assistantDoubles, FaqAdminDouble } from './console-doubles.js';
import { startTestDynamo, type TestDynamo } from './dynamo.js';
import { base32Encode, type FakeCognito } from './fake-cognito.js';

export const CONSOLE_ORIGIN = 'http://localhost';
export const PASSWORD = 'mật-khẩu-đủ-dài-2026';

export interface ConsoleHarnessOptions {
  readonly loginLimits?: LoginLimits;
  readonly origins?: readonly string[];
  readonly passwords?: PasswordHasher;
  /** Replace deps (e.g. no localSignIn, another verifier). */
  readonly override?: (deps: ConsoleApiDeps) => ConsoleApiDeps;
  /** Sign in through this FAKE Cognito pool (as in AWS) instead of the local IdP. */
  readonly cognito?: FakeCognito;
}

export interface ConsoleRequest {
  readonly method?: string;
  /** Sent as application/json. */
  readonly json?: unknown;
  readonly body?: string;
  readonly contentType?: string;
  readonly cookie?: string;
  /** Default: the console's own origin on non-GET requests; null sends none. */
  readonly origin?: string | null;
  readonly headers?: Record<string, string>;
}

export interface ConsoleHarness {
  readonly dynamo: TestDynamo;
  readonly faq: FaqAdminDouble;
  readonly audit: AuditLogDouble;
  readonly assistant: ReturnType<typeof assistantDoubles>;
  /** The conversation log the analyst workspace reads (real, on dynalite): tests append turns. */
  readonly conversations: DynamoConversationLog;
  readonly users: DynamoUserStore;
  /** Real documents over memory records and files under the temp DATA_DIR (not a double). */
  readonly documents: DocumentLibrary;
  readonly idp: LocalIdp;
  readonly dataDir: string;
  readonly logLines: string[];
  readonly deps: ConsoleApiDeps;
  readonly app: ConsoleApi;
  readonly handler: ConsoleHttpHandler;
  readonly hash: (value: string) => string;
  addUser(email: string, role: Role, password?: string): Promise<void>;
  request(path: string, init?: ConsoleRequest): Promise<Response>;
  /** Signs in through POST /api/auth/login; returns the Cookie header value. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

const realClock: Clock = { now: () => new Date() };

export async function startConsoleHarness(options: ConsoleHarnessOptions = {}): Promise<ConsoleHarness> {
  const dynamo = await startTestDynamo();
  const dataDir = await mkdtemp(join(tmpdir(), 'console-api-'));
  const idp = await openLocalIdp({ dataDir, issuer: localIssuer(3000), clock: realClock });
  const users = new DynamoUserStore(dynamo.clients.doc, dynamo.tables.state);
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const faq = new FaqAdminDouble();
  const audit = new AuditLogDouble();
  const assistant = assistantDoubles();
  const conversations = new DynamoConversationLog(
    dynamo.clients.doc,
    dynamo.tables.conversations,
    realClock,
    180,
  );
  const hash = createHasher('console-test-key');
  const blobs = FileBlobStore.underDataDir(dataDir);
  const documents = createDocumentLibrary({
    documents: new MemoryDocumentStore(),
    blobs,
    artifacts: new BlobKnowledgeArtifacts(blobs),
    signer: new LocalUploads(blobs, realClock, () => {}),
    audit,
    clock: realClock,
  });
  const localSignIn: LocalSignIn = {
    users,
    passwords: options.passwords ?? new ScryptPasswordHasher(),
    clock: realClock,
    newPassword: generatePassword,
    newSubject: generateSubject,
    issuer: idp,
  };
  const cognito = options.cognito;
  const client = cognito
    ? new CognitoIdentityProviderClient({
        region: cognito.region,
        endpoint: cognito.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
    : undefined;
  const signInDeps: Partial<ConsoleApiDeps> =
    cognito && client
      ? {
          verifier: createCognitoVerifier({
            userPoolId: cognito.userPoolId,
            clientId: cognito.clientId,
            jwksCache: new StaticJwksCache(),
            jwks: cognito.jwks,
          }),
          signIn: new CognitoSignIn({ client, clientId: cognito.clientId }),
          directory: new CognitoUserDirectory({ client, userPoolId: cognito.userPoolId }),
        }
      : { verifier: idp.verifier, localSignIn };
  const base: ConsoleApiDeps = {
    faq,
    audit,
    verifier: idp.verifier,
    limits: new DynamoRateCounter(dynamo.clients.doc, dynamo.tables.state, realClock),
    clock: realClock,
    logger,
    hash,
    ask: assistant.ask,
    testAll: assistant.testAll,
    chat: assistant.chat,
    feedback: assistant.feedback,
    documents,
    // The real analyst workspace over dynalite, with the FAQ double behind its drafts.
    analyst: createAnalystWorkspace({
      archive: conversations,
      store: new DynamoAnalystStore(dynamo.clients.doc, dynamo.tables.content),
      faq,
      audit,
      clock: realClock,
      ids: { next: () => `s${randomBytes(6).toString('hex')}` },
    }),
    ...signInDeps,
    ...(options.origins ? { origins: options.origins } : {}),
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
  };
  const deps = options.override ? options.override(base) : base;
  const app = createConsoleApi(deps);
  const handler = createConsoleHttpHandler(deps);

  const request = (path: string, init: ConsoleRequest = {}): Promise<Response> => {
    const method = init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET');
    const headers: Record<string, string> = { ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    if (init.contentType) headers['content-type'] = init.contentType;
    if (init.cookie) headers.cookie = init.cookie;
    const origin = init.origin === undefined ? (method === 'GET' ? undefined : CONSOLE_ORIGIN) : init.origin;
    if (origin) headers.origin = origin;
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
  };

  return {
    dynamo,
    faq,
    audit,
    assistant,
    conversations,
    users,
    documents,
    idp,
    dataDir,
    logLines,
    deps,
    app,
    handler,
    hash,
    addUser: async (email, role, password = PASSWORD) => {
      // In the fake pool: confirmed, TOTP already set up (the first sign-in has its own tests).
      if (cognito)
        cognito.addUser(email, { groups: [role], password, mfaSecret: base32Encode(randomBytes(20)) });
      else await addUser(localSignIn, { email, role, password, createdBy: 'test' });
    },
    request,
    login: async (email, password = PASSWORD) => {
      const response = await request('/api/auth/login', { json: { email, password } });
      if (response.status !== 200) throw new Error(`login ${response.status}: ${await response.text()}`);
      if (!cognito) return sessionCookieFrom(response.headers.get('set-cookie') ?? '');
      const step = (await response.json()) as { next?: string };
      const secret = cognito.user(email)?.mfaSecret;
      if (step.next !== 'mfa-code' || !secret)
        throw new Error(`login: unexpected step ${JSON.stringify(step)}`);
      // A fresh TOTP time step: the pool accepts each step once per user.
      cognito.advance(30);
      const answered = await request('/api/auth/challenge', {
        json: { answer: cognito.code(secret) },
        cookie: cookiesFrom(response.headers.getSetCookie()),
      });
      if (answered.status !== 200) throw new Error(`challenge ${answered.status}: ${await answered.text()}`);
      return sessionCookieFrom(answered.headers.get('set-cookie') ?? '');
    },
    close: async () => {
      await dynamo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Cookie header with every cookie these Set-Cookie lines set (and did not clear). */
export function cookiesFrom(setCookies: readonly string[]): string {
  return setCookies
    .filter((line) => !/;\s*Max-Age=0/i.test(line))
    .map((line) => line.split(';')[0])
    .join('; ');
}

/** `console_session=<token>` out of a Set-Cookie header. */
export function sessionCookieFrom(setCookie: string): string {
  const match = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie);
  if (!match?.[1]) throw new Error(`no session cookie in: ${setCookie}`);
  return `${SESSION_COOKIE}=${match[1]}`;
}

/** A payload-v2 event shaped like functions/local/http-adapter.ts makes them (cookie in the headers). */
export function v2Event(init: {
  method?: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  cookies?: string[];
  sourceIp?: string;
}): APIGatewayProxyEventV2 {
  const method = init.method ?? 'GET';
  const headers = { host: '127.0.0.1:3000', ...init.headers };
  return {
    version: '2.0',
    routeKey: `${method} ${init.path}`,
    rawPath: init.path,
    rawQueryString: init.query ?? '',
    headers,
    ...(init.cookies ? { cookies: init.cookies } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host,
      domainPrefix: 'localhost',
      http: {
        method,
        path: init.path,
        protocol: 'HTTP/1.1',
        sourceIp: init.sourceIp ?? '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: 'test',
      routeKey: `${method} ${init.path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
    isBase64Encoded: false,
  };
}
