/**
 * What every pipeline entry point resolves once (configuration, secrets, DynamoDB clients,
 * hasher, logger) and the ingress wiring a webhook needs: dedupe on DynamoDB + a queue.
 *
 * Kept apart from functions/composition/worker-runtime.ts (worker wiring: assistant, sessions,
 * progress, conversation log) so that a webhook bundle imports none of the dialogue,
 * policy or knowledge code: a webhook only verifies, parses, dedupes and enqueues.
 * `npm run bench:bundles` measures what each Lambda bundle holds.
 */
import { createDynamoClients, type DynamoClients } from '../adapters/dynamodb/client.js';
import { DynamoDedupeStore } from '../adapters/dynamodb/dedupe-store.js';
import { createSecretReader, resolveSecret, type SecretReader } from '../adapters/secrets.js';
import type { IngressDeps } from '../app/pipeline-ingress.js';
import type { MessageQueue } from '../app/ports.js';
import type { Clock, Hasher } from '../core/ports.js';
import { systemClock } from '../shared/clock.js';
import { type Config, loadConfig } from '../shared/config.js';
import { createHasher } from '../shared/hash.js';
import { createLogger, type Logger } from '../shared/logger.js';
import type { TableId } from '../shared/tables.js';

export interface PipelineContext {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly clock: Clock;
  readonly hash: Hasher;
  readonly logger: Logger;
}

export function createIngressDeps(context: PipelineContext, queue: MessageQueue): IngressDeps {
  return {
    dedupe: new DynamoDedupeStore(context.clients.doc, context.config.tables.state, context.clock),
    queue,
    clock: context.clock,
    hash: context.hash,
    logger: context.logger,
  };
}

/** What every pipeline Lambda resolves once per container: config, secrets, clients, hasher. */
export interface LambdaPipeline {
  readonly context: PipelineContext;
  readonly secrets: SecretReader;
}

export async function openLambdaPipeline(
  functionName: string,
  options: { readonly env?: NodeJS.ProcessEnv; readonly tables?: readonly TableId[] } = {},
): Promise<LambdaPipeline> {
  // Only the tables the function is bound to (AppFunction.bindTable) are required.
  const config = loadConfig(
    options.env ?? process.env,
    options.tables ? { requiredTables: options.tables } : {},
  );
  const secrets = createSecretReader({ region: config.region });
  const hashKey = await resolveSecret(secrets, config.hashKey, config.hashKeySecretArn);
  const clients = createDynamoClients({ region: config.region, endpoint: config.dynamoEndpoint });
  const logger = createLogger({ level: config.logLevel, base: { fn: functionName } });
  return {
    context: { config, clients, clock: systemClock, hash: createHasher(hashKey), logger },
    secrets,
  };
}
