/**
 * The embedded default: dynalite with the project's tables, seeded data, and the Lambda
 * handlers behind a local HTTP server shaped like API Gateway. Used by `npm start`, the
 * CLIs (without HTTP) and the end-to-end tests.
 */
import { join, resolve } from 'node:path';
import { ensureTables, type TableStatus } from '../../adapters/dynamodb/bootstrap.js';
import { createDynamoClients, type DynamoClients } from '../../adapters/dynamodb/client.js';
import { type EmbeddedDynamo, startDynalite } from '../../adapters/local/dynalite.js';
import { type Config, loadConfig } from '../../shared/config.js';
import { seedAll } from './seed.js';

// Node 20 is the local baseline (Lambda runs 22+); the SDK's yearly support notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalData {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly tables: TableStatus;
  /** The database lives in memory (tests): nothing is kept under DATA_DIR, the queue neither. */
  readonly inMemory: boolean;
  close(): Promise<void>;
}

export interface LocalDataOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the database in memory instead of under DATA_DIR (tests). */
  readonly inMemory?: boolean;
  readonly seed?: boolean;
  readonly log?: (line: string) => void;
}

/** Start (or reuse, when DYNAMODB_ENDPOINT is set) a DynamoDB with the tables, seeded. */
export async function openLocalData(options: LocalDataOptions = {}): Promise<LocalData> {
  const base = loadConfig({ ...(options.env ?? process.env), RUNTIME: 'local' });
  const log = options.log ?? (() => undefined);
  let embedded: EmbeddedDynamo | undefined;
  let endpoint = base.dynamoEndpoint;
  if (!endpoint) {
    const path = options.inMemory ? undefined : join(resolve(base.dataDir), 'dynamodb');
    try {
      embedded = await startDynalite(path ? { path } : {});
    } catch (error) {
      throw new Error(
        `Could not open the embedded database under ${path ?? '(memory)'}: ${(error as Error).message}. ` +
          'Is another `npm start` or CLI using the same DATA_DIR?',
        { cause: error },
      );
    }
    endpoint = embedded.endpoint;
  }
  const config: Config = { ...base, dynamoEndpoint: endpoint };
  const clients = createDynamoClients({ region: config.region, endpoint });
  const tables = await ensureTables(clients.raw, config.tables);
  if (options.seed ?? true) await seedAll({ config, clients, log });
  return {
    config,
    clients,
    tables,
    inMemory: options.inMemory ?? false,
    close: async () => {
      clients.raw.destroy();
      await embedded?.close();
    },
  };
}
