import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_IDS, TABLES, type TableDefinition, type TableNames } from '../../shared/tables.js';

/** CreateTable input derived from the shared definition (the CDK stack reads the same one). */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>();
  const add = (key: { name: string; type: 'S' | 'N' } | undefined) => {
    if (key) attributes.set(key.name, key.type);
  };
  add(definition.partitionKey);
  add(definition.sortKey);
  for (const index of definition.globalSecondaryIndexes) {
    add(index.partitionKey);
    add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(definition.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
  };
}

export type TableStatus = Record<string, string>;

/** Create any missing table (idempotent) and return each table's status. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<TableStatus> {
  const status: TableStatus = {};
  for (const id of TABLE_IDS) {
    const definition = TABLES[id];
    const tableName = names[id];
    const existing = await describe(client, tableName);
    if (!existing) {
      await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
      if (definition.timeToLiveAttribute) {
        await client
          .send(
            new UpdateTimeToLiveCommand({
              TableName: tableName,
              TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
            }),
          )
          // dynalite does not implement TTL; expiry is also checked on read by the repositories.
          .catch(() => undefined);
      }
    }
    status[id] = await waitActive(client, tableName);
  }
  return status;
}

export async function tableStatus(client: DynamoDBClient, names: TableNames): Promise<TableStatus> {
  const status: TableStatus = {};
  for (const id of TABLE_IDS) status[id] = (await describe(client, names[id])) ?? 'MISSING';
  return status;
}

async function describe(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const result = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return result.Table?.TableStatus ?? 'UNKNOWN';
  } catch (error) {
    if (
      error instanceof ResourceNotFoundException ||
      (error as { name?: string }).name === 'ResourceNotFoundException'
    )
      return undefined;
    throw error;
  }
}

async function waitActive(client: DynamoDBClient, tableName: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const status = await describe(client, tableName);
    if (status === 'ACTIVE') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await describe(client, tableName)) ?? 'MISSING';
}
