/**
 * The console API Lambda (`ANY /api/{proxy+}`): Cognito access tokens, attempt counters in
 * the state table, and the use cases the caller wires in. No local sign-in here: this module
 * and what it imports never reach the local IdP's signing code (functions/adapters/auth/
 * local-idp.ts), and tests/integration/console/bundle.test.ts checks the bundle for it.
 *
 * `handler` is exported once FaqAdmin and the DynamoDB AuditLog exist:
 *   export const handler = createConsoleLambdaHandler((context) => ({ faq, audit, ask, testAll, chat, feedback }));
 */
import type { Jwks } from 'aws-jwt-verify/jwk';
import { createCognitoVerifier, StaticJwksCache } from '../../adapters/auth/verifier.js';
import type { ConsoleApiDeps, ConsoleUseCases } from '../../adapters/console/api.js';
import { type ConsoleHttpHandler, createConsoleHttpHandler } from '../../adapters/console/lambda.js';
import { DynamoRateCounter } from '../../adapters/dynamodb/rate-counter.js';
import { openLambdaPipeline, type PipelineContext } from '../../app/pipeline-lambda.js';
import { errorFields } from '../../shared/logger.js';
import type { TableId } from '../../shared/tables.js';

export type { ConsoleHttpHandler, ConsoleUseCases };
export { createConsoleHttpHandler };

export interface ConsoleLambdaOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Tables the function is bound to (default: state for the counters, content for FAQs and audit). */
  readonly tables?: readonly TableId[];
  /** Pinned keys instead of fetching the user pool's JWKS (tests: a forged "Cognito" key pair). */
  readonly jwks?: Jwks;
}

/** Everything the API needs in AWS besides the use cases: Cognito, counters, clock, hash, logger. */
export function consoleLambdaPlatform(
  context: PipelineContext,
  options: Pick<ConsoleLambdaOptions, 'jwks'> = {},
): Omit<ConsoleApiDeps, keyof ConsoleUseCases> {
  const { config, clients, clock, hash, logger } = context;
  const { cognitoUserPoolId: userPoolId, cognitoClientId: clientId } = config.console;
  if (!userPoolId || !clientId)
    throw new Error('COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are required by the console API');
  const verifier = createCognitoVerifier(
    options.jwks
      ? { userPoolId, clientId, jwksCache: new StaticJwksCache(), jwks: options.jwks }
      : { userPoolId, clientId },
  );
  return {
    verifier,
    limits: new DynamoRateCounter(clients.doc, config.tables.state, clock),
    clock,
    hash,
    logger,
    origins: config.console.origins,
  };
}

/**
 * A Lambda handler that builds everything once per container (config, secrets, clients,
 * verifier) on the first request and retries the build after a failure (503 meanwhile).
 */
export function createConsoleLambdaHandler(
  wire: (context: PipelineContext) => ConsoleUseCases | Promise<ConsoleUseCases>,
  options: ConsoleLambdaOptions = {},
): ConsoleHttpHandler {
  let cached: Promise<ConsoleHttpHandler> | undefined;
  const build = async (): Promise<ConsoleHttpHandler> => {
    const { context } = await openLambdaPipeline('console-api', {
      ...(options.env ? { env: options.env } : {}),
      tables: options.tables ?? ['state', 'content'],
    });
    // Configuration first: a missing pool id fails before the use cases open anything.
    const platform = consoleLambdaPlatform(context, options);
    return createConsoleHttpHandler({ ...platform, ...(await wire(context)) });
  };
  return async (event, lambdaContext) => {
    cached ??= build();
    let handler: ConsoleHttpHandler;
    try {
      handler = await cached;
    } catch (error) {
      cached = undefined;
      console.error(JSON.stringify({ level: 'error', event: 'console.init_failed', ...errorFields(error) }));
      return {
        statusCode: 503,
        headers: { 'content-type': 'application/json' },
        body: '{"error":"unavailable"}',
      };
    }
    return handler(event, lambdaContext);
  };
}
