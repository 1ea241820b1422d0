/**
 * Idempotent seeding of the embedded default. Each step checks what is there and writes
 * only what is missing or changed, so a second `npm start` reuses the data as it is.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCardStore } from '../../adapters/dynamodb/card-store.js';
import type { DynamoClients } from '../../adapters/dynamodb/client.js';
import { importDemoCards } from '../../app/cards-import.js';
import { vietnamDate } from '../../core/dialogue/handle.js';
import type { Config } from '../../shared/config.js';
import { APP_VERSION } from '../../shared/version.js';
import { seedKnowledge } from '../knowledge.js';
import { seedDemoConversations } from './demo-conversations.js';

export interface SeedContext {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly log: (line: string) => void;
}

export type SeedStep = (context: SeedContext) => Promise<void>;

/** Records when the data directory was first seeded; later steps add the sample data. */
const recordSeedMarker: SeedStep = async ({ config, clients, log }) => {
  const key = { pk: 'META#seed', sk: 'META' };
  const existing = await clients.doc.send(new GetCommand({ TableName: config.tables.content, Key: key }));
  if (existing.Item) {
    log(`data directory seeded on ${String(existing.Item.seededAt)}; reusing it`);
    return;
  }
  await clients.doc.send(
    new PutCommand({
      TableName: config.tables.content,
      Item: { ...key, kind: 'meta', seededAt: new Date().toISOString(), appVersion: APP_VERSION },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  log('seeded a new data directory');
};

/** Synthetic demo cards (data/cards/demo-cards.csv), dates made relative to today; idempotent. */
const seedDemoCards: SeedStep = async ({ config, clients, log }) => {
  const now = new Date();
  const summary = await importDemoCards({
    store: new DynamoCardStore(clients.doc, config.tables.cards),
    clock: { now: () => now },
    today: config.asOfDate ?? vietnamDate(now),
  });
  if (summary.written > 0) log(`demo cards: ${summary.written} written, ${summary.unchanged} unchanged`);
};

export const SEED_STEPS: SeedStep[] = [recordSeedMarker, seedDemoCards, seedKnowledge, seedDemoConversations];

export async function seedAll(context: SeedContext, steps: readonly SeedStep[] = SEED_STEPS): Promise<void> {
  for (const step of steps) await step(context);
}
