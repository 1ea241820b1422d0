/**
 * Integration-test support: a real dynalite server on loopback (in memory) with the
 * project's tables, created through the same bootstrap code as `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { ensureTables } from '../../functions/adapters/dynamodb/bootstrap.js';
import { createDynamoClients, type DynamoClients } from '../../functions/adapters/dynamodb/client.js';
import { startDynalite } from '../../functions/adapters/local/dynalite.js';
import { localTableName, TABLE_IDS, type TableNames } from '../../functions/shared/tables.js';

export interface TestDynamo {
  readonly endpoint: string;
  readonly clients: DynamoClients;
  readonly tables: TableNames;
  /** The configuration variables that point the application at this server and its tables. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export async function startTestDynamo(): Promise<TestDynamo> {
  const server = await startDynalite();
  const clients = createDynamoClients({ region: 'ap-southeast-1', endpoint: server.endpoint });
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const tables = Object.fromEntries(
    TABLE_IDS.map((id) => [id, localTableName(id, prefix)]),
  ) as unknown as TableNames;
  await ensureTables(clients.raw, tables);
  return {
    endpoint: server.endpoint,
    clients,
    tables,
    env: {
      DYNAMODB_ENDPOINT: server.endpoint,
      TABLE_CONTENT: tables.content,
      TABLE_CARDS: tables.cards,
      TABLE_CONVERSATIONS: tables.conversations,
      TABLE_STATE: tables.state,
    },
    close: async () => {
      clients.raw.destroy();
      await server.close();
    },
  };
}
