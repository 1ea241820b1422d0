/**
 * The one definition of every DynamoDB table. The CDK stateful stack and the local
 * bootstrap both read this list, so the tables created by `npm start` always have the
 * same keys, indexes and TTL attribute as the deployed ones.
 */
export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
}

export interface TableDefinition {
  /** Stable id used for construct ids, env vars and local table names. */
  readonly id: TableId;
  readonly description: string;
  /** Environment variable that carries the physical table name into a function. */
  readonly envVar: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  readonly timeToLiveAttribute?: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
}

export type TableId = 'content' | 'cards' | 'conversations' | 'state';

/** Attribute that holds an epoch-seconds expiry on tables with TTL. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const TABLES: Readonly<Record<TableId, TableDefinition>> = {
  content: {
    id: 'content',
    description: 'FAQ items (versioned, with status and audit), document metadata, schedule overrides',
    envVar: 'TABLE_CONTENT',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    globalSecondaryIndexes: [
      {
        indexName: 'byKind',
        partitionKey: { name: 'kind', type: 'S' },
        sortKey: { name: 'pk', type: 'S' },
      },
    ],
  },
  cards: {
    id: 'cards',
    description: 'One item per 10-digit BHXH code: holder, validity, benefit level, facility',
    envVar: 'TABLE_CARDS',
    partitionKey: { name: 'bhxhCode', type: 'S' },
    globalSecondaryIndexes: [],
  },
  conversations: {
    id: 'conversations',
    description: 'One redacted item per conversation turn; GSI by day for analysts',
    envVar: 'TABLE_CONVERSATIONS',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    globalSecondaryIndexes: [
      {
        indexName: 'byDay',
        partitionKey: { name: 'day', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
      },
      // Sparse: only turns the bot could not answer, clarifications and 👎 carry `gapDay`.
      {
        indexName: 'byGap',
        partitionKey: { name: 'gapDay', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
      },
    ],
  },
  state: {
    id: 'state',
    description: 'Short-lived state: sessions, idempotency keys, rate-limit counters, Zalo token pair',
    envVar: 'TABLE_STATE',
    partitionKey: { name: 'pk', type: 'S' },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    globalSecondaryIndexes: [],
  },
};

export const TABLE_IDS = Object.keys(TABLES) as TableId[];

/** Physical table names used by the embedded default and tests. */
export function localTableName(id: TableId, prefix = 'bhxh'): string {
  return `${prefix}-${id}`;
}

export type TableNames = Readonly<Record<TableId, string>>;
