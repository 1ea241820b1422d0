/**
 * A data directory made before the byGap index: dynalite cannot add an index to a table, so
 * the gap reads go through byDay with a filter on gapDay and find the same turns.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTableInput } from '../../../functions/adapters/dynamodb/bootstrap.js';
import { createDynamoClients, type DynamoClients } from '../../../functions/adapters/dynamodb/client.js';
import { DynamoConversationLog } from '../../../functions/adapters/dynamodb/conversation-log.js';
import { type EmbeddedDynamo, startDynalite } from '../../../functions/adapters/local/dynalite.js';
import { TABLES } from '../../../functions/shared/tables.js';

let server: EmbeddedDynamo;
let clients: DynamoClients;

beforeAll(async () => {
  server = await startDynalite();
  clients = createDynamoClients({ region: 'ap-southeast-1', endpoint: server.endpoint });
});
afterAll(async () => {
  clients?.raw.destroy();
  await server?.close();
});

it('reads gap turns through byDay when the table has no byGap index', async () => {
  const before = {
    ...TABLES.conversations,
    globalSecondaryIndexes: TABLES.conversations.globalSecondaryIndexes.filter(
      (index) => index.indexName !== 'byGap',
    ),
  };
  await clients.raw.send(new CreateTableCommand(createTableInput(before, 'old-conversations')));
  const log = new DynamoConversationLog(clients.doc, 'old-conversations', { now: () => new Date() }, 30);
  const turn = (turnId: string, path: string) => ({
    turnId,
    channel: 'zalo' as const,
    chatHash: 'chat',
    at: '2026-11-22T03:00:00.000Z',
    question: 'q',
    answer: 'a',
    intent: path,
    path,
    citations: [],
    latencyMs: 1,
  });
  await log.append(turn('t1', 'fallback'));
  await log.append(turn('t2', 'faq'));
  await log.append(turn('t3', 'faq'));
  await log.recordFeedback('chat', 't3', 'down');
  expect((await log.gapTurns('2026-11-22')).map((t) => t.turnId).sort()).toEqual(['t1', 't3']);
});
