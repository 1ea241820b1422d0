/**
 * `npm run faq:seed -- [--remote] [FILE]` — write the FAQ items of a JSON file (default: the
 * sample knowledge base) into the content table, skipping items that have not changed.
 * Without `--remote` it seeds the embedded database under DATA_DIR; with `--remote` it seeds
 * the deployed table named by TABLE_CONTENT, using the ambient AWS credentials and region.
 */
import { createDynamoClients } from '../../adapters/dynamodb/client.js';
import { DynamoFaqStore } from '../../adapters/dynamodb/faq-store.js';
import { readFaqDrafts, SAMPLE_FAQ_FILE, seedFaqs } from '../../adapters/knowledge/files.js';
import { loadConfig } from '../../shared/config.js';
import { openLocalData } from '../local/stack.js';
import { parseArgs } from './args.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), []);
  const file = args.positionals[0] ?? SAMPLE_FAQ_FILE;
  const drafts = await readFaqDrafts(file);
  if (args.flags.has('remote')) {
    const config = loadConfig({ ...process.env, RUNTIME: 'local' });
    if (!process.env.TABLE_CONTENT)
      throw new Error('--remote needs TABLE_CONTENT (the deployed content table name)');
    const clients = createDynamoClients({ region: config.region, endpoint: config.dynamoEndpoint });
    const written = await seedFaqs(
      new DynamoFaqStore(clients.doc, config.tables.content),
      drafts,
      'faq-seed',
    );
    console.log(`${drafts.length} FAQ items read, ${written} written to ${config.tables.content}`);
    clients.raw.destroy();
    return;
  }
  const data = await openLocalData({ seed: false });
  try {
    const store = new DynamoFaqStore(data.clients.doc, data.config.tables.content);
    const written = await seedFaqs(store, drafts, 'faq-seed');
    console.log(`${drafts.length} FAQ items read, ${written} written`);
  } finally {
    await data.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
