/**
 * The console API under `npm start`: the same handler as in Lambda, with the local IdP
 * instead of Cognito (users in the state table, an Ed25519 key under DATA_DIR/auth/). The
 * local server routes every `/api/*` request to `handler`, and prints `firstAdmin` once.
 */
import { resolve } from 'node:path';
import { assertLocalAuthAllowed } from '../../adapters/auth/local-guard.js';
import { type LocalIdp, localIssuer, openLocalIdp } from '../../adapters/auth/local-idp.js';
import { generatePassword, generateSubject, ScryptPasswordHasher } from '../../adapters/auth/password.js';
import type { ConsoleUseCases, LocalSignIn } from '../../adapters/console/api.js';
import { type ConsoleHttpHandler, createConsoleHttpHandler } from '../../adapters/console/lambda.js';
import type { DynamoClients } from '../../adapters/dynamodb/client.js';
import { DynamoRateCounter } from '../../adapters/dynamodb/rate-counter.js';
import { DynamoUserStore } from '../../adapters/dynamodb/user-store.js';
import { ensureFirstAdmin, type PasswordHasher, type UserStore } from '../../app/console/users.js';
import type { Clock, Hasher } from '../../core/ports.js';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';

export { LocalAuthNotAllowedError } from '../../adapters/auth/local-guard.js';

export interface LocalConsoleOptions {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly hash: Hasher;
  /** The address the server binds to: anything but loopback needs LOCAL_AUTH_ALLOW_REMOTE=1. */
  readonly host: string;
  /** The port it listens on (named in the tokens' issuer). */
  readonly port: number;
  readonly useCases: ConsoleUseCases;
  /** Tests: a cheaper scrypt. */
  readonly passwords?: PasswordHasher;
}

export interface LocalConsole {
  /** For every `/api/*` request (API Gateway v2 events, as the local adapter makes them). */
  readonly handler: ConsoleHttpHandler;
  /** Set on the very first start only: print it once, it is not stored in clear anywhere. */
  readonly firstAdmin: { readonly email: string; readonly password: string } | undefined;
  readonly idp: LocalIdp;
  readonly users: UserStore;
}

export async function createLocalConsole(options: LocalConsoleOptions): Promise<LocalConsole> {
  const { config, clients, clock, logger, hash } = options;
  assertLocalAuthAllowed(options.host, {
    LOCAL_AUTH_ALLOW_REMOTE: config.console.localAuthAllowRemote ? '1' : undefined,
  });
  const idp = await openLocalIdp({
    dataDir: resolve(config.dataDir),
    issuer: localIssuer(options.port),
    clock,
  });
  const users = new DynamoUserStore(clients.doc, config.tables.state, logger);
  const localSignIn: LocalSignIn = {
    users,
    passwords: options.passwords ?? new ScryptPasswordHasher(),
    clock,
    newPassword: generatePassword,
    newSubject: generateSubject,
    issuer: idp,
  };
  const firstAdmin = await ensureFirstAdmin(localSignIn);
  const handler = createConsoleHttpHandler({
    ...options.useCases,
    verifier: idp.verifier,
    limits: new DynamoRateCounter(clients.doc, config.tables.state, clock),
    clock,
    logger,
    hash,
    localSignIn,
    origins: config.console.origins,
  });
  return { handler, firstAdmin, idp, users };
}
