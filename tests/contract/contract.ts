/**
 * Contract tests: one suite per port, run against every implementation of it (the in-memory
 * fake the unit tests use and the DynamoDB adapter, on dynalite), so a fake can never behave
 * differently from the real store without a test failing.
 *
 *   describeContract('SessionStore', {
 *     memory: ({ clock }) => new MemorySessionStore(clock),
 *     dynamodb: async ({ clock, doc, table }) => new DynamoSessionStore(doc, await table('state'), clock),
 *   }, (subject) => { it('…', async () => { const { store, clock } = subject(); … }); });
 *
 * Each test gets a fresh store over fresh state (a new table for DynamoDB) and a manual clock
 * starting on a whole second; `again()` is a second instance over the same state, like a
 * second Lambda container (the memory fakes model one process, so it is the same object).
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { createTableInput } from '../../functions/adapters/dynamodb/bootstrap.js';
import { createDynamoClients, type DynamoClients } from '../../functions/adapters/dynamodb/client.js';
import { startDynalite } from '../../functions/adapters/local/dynalite.js';
import type { Clock } from '../../functions/core/ports.js';
import { TABLES, type TableId } from '../../functions/shared/tables.js';

export const CONTRACT_EPOCH = Date.parse('2026-11-23T00:00:00.000Z');

export class ManualClock implements Clock {
  private ms: number;
  constructor(start = CONTRACT_EPOCH) {
    this.ms = start;
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface ContractContext {
  readonly clock: ManualClock;
}

export interface DynamoContractContext extends ContractContext {
  readonly doc: DynamoDBDocumentClient;
  /** A new, empty table with the project's definition of `id`. */
  table(id: TableId): Promise<string>;
}

export interface Implementations<T> {
  readonly memory: (context: ContractContext) => T;
  readonly dynamodb: (context: DynamoContractContext) => T | Promise<T>;
}

export interface Subject<T> {
  readonly store: T;
  readonly clock: ManualClock;
  /** Another instance over the same state. */
  again(): Promise<T>;
}

export function describeContract<T>(
  port: string,
  implementations: Implementations<T>,
  contract: (subject: () => Subject<T>) => void,
): void {
  describe(`${port} contract`, () => {
    describe('memory', () => {
      let current: Subject<T> | undefined;
      beforeEach(() => {
        const clock = new ManualClock();
        const store = implementations.memory({ clock });
        current = { store, clock, again: async () => store };
      });
      contract(() => required(current));
    });

    describe('dynamodb', () => {
      let server: Awaited<ReturnType<typeof startDynalite>> | undefined;
      let clients: DynamoClients | undefined;
      let current: Subject<T> | undefined;
      beforeAll(async () => {
        server = await startDynalite();
        clients = createDynamoClients({ region: 'ap-southeast-1', endpoint: server.endpoint });
      });
      afterAll(async () => {
        clients?.raw.destroy();
        await server?.close();
      });
      beforeEach(async () => {
        const { raw, doc } = required(clients);
        const clock = new ManualClock();
        const tables = new Map<TableId, string>();
        const context: DynamoContractContext = {
          clock,
          doc,
          table: async (id) => {
            const existing = tables.get(id);
            if (existing) return existing;
            const name = `contract-${id}-${randomUUID().slice(0, 8)}`;
            await raw.send(new CreateTableCommand(createTableInput(TABLES[id], name)));
            await waitActive(() => raw.send(new DescribeTableCommand({ TableName: name })));
            tables.set(id, name);
            return name;
          },
        };
        const store = await implementations.dynamodb(context);
        current = { store, clock, again: async () => implementations.dynamodb(context) };
      });
      contract(() => required(current));
    });
  });
}

async function waitActive(describeTable: () => Promise<{ Table?: { TableStatus?: string } }>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await describeTable()).Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('contract table never became ACTIVE');
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('contract subject used outside a test');
  return value;
}
