/**
 * The console API Lambda (`ANY /api/{proxy+}`): sign-in, tokens and users through Cognito
 * (functions/adapters/auth/cognito-*.ts), attempt counters in the state table, and the use
 * cases the caller wires in. No local sign-in here: this module
 * and what it imports never reach the local IdP's signing code (functions/adapters/auth/
 * local-idp.ts), and tests/integration/console/bundle.test.ts checks the bundle for it.
 *
 * `handler` wires the use cases of functions/composition/console.ts: FAQ editing and the audit
 * log on DynamoDB, the test bench over the prebuilt index, and the web chat through the same
 * SQS FIFO queue as the channels' webhooks.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { CognitoSignIn } from '../../adapters/auth/cognito-sign-in.js';
import { CognitoUserDirectory } from '../../adapters/auth/cognito-users.js';
import { createCognitoVerifier, StaticJwksCache } from '../../adapters/auth/verifier.js';
import type { ConsoleApiDeps, ConsoleUseCases } from '../../adapters/console/api.js';
import { type ConsoleHttpHandler, createConsoleHttpHandler } from '../../adapters/console/lambda.js';
import { DynamoRateCounter } from '../../adapters/dynamodb/rate-counter.js';
import { SqsMessageQueue } from '../../adapters/queue/sqs-queue.js';
import { ConfigError } from '../../shared/config.js';
import type { TableId } from '../../shared/tables.js';
import { createConsoleUseCases } from '../console.js';
import { createIngressDeps, openLambdaPipeline, type PipelineContext } from '../context.js';
import { httpEntry } from './init.js';

export type { ConsoleHttpHandler, ConsoleUseCases };
export { createConsoleHttpHandler };

export interface ConsoleLambdaOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Tables the function is bound to (default: state for the counters, content for FAQs and audit). */
  readonly tables?: readonly TableId[];
  /** Pinned keys instead of fetching the user pool's JWKS (tests: a forged "Cognito" key pair). */
  readonly jwks?: Jwks;
}

/** Everything the API needs in AWS besides the use cases: Cognito (tokens, sign-in, users), counters, clock, hash, logger. */
export function consoleLambdaPlatform(
  context: PipelineContext,
  options: Pick<ConsoleLambdaOptions, 'jwks'> = {},
): Omit<ConsoleApiDeps, keyof ConsoleUseCases> {
  const { config, clients, clock, hash, logger } = context;
  const { cognitoUserPoolId: userPoolId, cognitoClientId: clientId } = config.console;
  if (!userPoolId) throw ConfigError.missing('COGNITO_USER_POOL_ID', 'required by the console API');
  if (!clientId) throw ConfigError.missing('COGNITO_CLIENT_ID', 'required by the console API');
  const verifier = createCognitoVerifier(
    options.jwks
      ? { userPoolId, clientId, jwksCache: new StaticJwksCache(), jwks: options.jwks }
      : { userPoolId, clientId },
  );
  const endpoint = config.console.cognitoEndpoint;
  const client = new CognitoIdentityProviderClient({
    // The pool's region is in its id (`ap-southeast-1_AbCd`), whatever the function's is.
    region: userPoolId.split('_')[0] || config.region,
    ...(endpoint
      ? {
          endpoint,
          // Tests only (a fake pool on loopback): fixed credentials keep the SDK from searching.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  return {
    verifier,
    signIn: new CognitoSignIn({ client, clientId }),
    directory: new CognitoUserDirectory({ client, userPoolId }),
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
  return httpEntry('console-api', async (): Promise<ConsoleHttpHandler> => {
    const { context } = await openLambdaPipeline('console-api', {
      ...(options.env ? { env: options.env } : {}),
      tables: options.tables ?? ['state', 'content'],
    });
    // Configuration first: a missing pool id fails before the use cases open anything.
    const platform = consoleLambdaPlatform(context, options);
    return createConsoleHttpHandler({ ...platform, ...(await wire(context)) });
  });
}

export const handler = createConsoleLambdaHandler((context) => {
  const { config } = context;
  if (!config.queue.url) throw ConfigError.missing('QUEUE_URL', 'the web chat enqueues to the pipeline');
  const queue = new SqsMessageQueue(new SQSClient({ region: config.region }), config.queue.url);
  return createConsoleUseCases(context, createIngressDeps(context, queue));
});
