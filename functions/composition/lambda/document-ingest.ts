/**
 * The ingest function: `Object Created` events of the documents bucket (prefix `uploads/`),
 * through EventBridge in the deployed stacks (infra/constructs/documents.ts) or as an S3
 * notification's records
 * → the same ingest and publish as `npm start`'s local upload (functions/app/documents/
 * library.ts). Reserved concurrency 1 (infra/constructs/documents.ts): one build at a time.
 * Events come at least once and out of order; the library reads each object as it is now and
 * keys its work on (document, ETag), so a repeat is a no-op. A failure the library could not
 * record throws, and Lambda retries the event.
 */
import type { EventBridgeEvent, S3Event } from 'aws-lambda';
import { createDynamoClients } from '../../adapters/dynamodb/client.js';
import { createSecretReader } from '../../adapters/secrets.js';
import type { DocumentLibrary, IngestOutcome } from '../../app/documents/library.js';
import { systemClock } from '../../shared/clock.js';
import { ConfigError, loadConfig } from '../../shared/config.js';
import { createLogger, type Logger } from '../../shared/logger.js';
import { createDocuments } from '../documents.js';
import { embeddingsFromConfig } from '../llm.js';
import { lazyInit } from './init.js';

interface Ingest {
  readonly library: DocumentLibrary;
  readonly logger: Logger;
}

async function build(): Promise<Ingest> {
  const config = loadConfig(process.env, { requiredTables: ['content'] });
  if (!config.documentsBucket)
    throw ConfigError.missing('DOCUMENTS_BUCKET', 'the ingest reads uploads from it');
  const logger = createLogger({ level: config.logLevel, base: { fn: 'document-ingest' } });
  const clients = createDynamoClients({ region: config.region, endpoint: config.dynamoEndpoint });
  // The embedding model's key (when LLM_EMBEDDING_MODEL is set) comes from Secrets Manager.
  const embeddings = await embeddingsFromConfig(config, createSecretReader({ region: config.region }));
  return {
    library: createDocuments({
      config,
      clients,
      clock: systemClock,
      logger,
      ...(embeddings ? { embeddings } : {}),
    }),
    logger,
  };
}

const init = lazyInit('document-ingest', build);

/** An S3 event's key is URL-encoded, spaces as `+`. */
export function objectKeyOf(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** EventBridge's `Object Created`: one object per event. */
export type ObjectCreatedEvent = EventBridgeEvent<
  'Object Created',
  { readonly object: { readonly key: string } }
>;

/** The object keys an event names, in order. */
export function objectKeysOf(event: S3Event | ObjectCreatedEvent): string[] {
  if ('Records' in event) return event.Records.map((record) => objectKeyOf(record.s3.object.key));
  return [objectKeyOf(event.detail.object.key)];
}

export async function handleObjectEvent(
  event: S3Event | ObjectCreatedEvent,
  ingest: Ingest,
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const key of objectKeysOf(event)) {
    const outcome = await ingest.library.ingestObject(key);
    ingest.logger.info('documents.ingest', {
      outcome: outcome.outcome,
      ...(outcome.id ? { document: outcome.id } : {}),
      ...(outcome.outcome === 'indexed' ? { version: outcome.version } : {}),
    });
    outcomes.push(outcome);
  }
  return outcomes;
}

export async function handler(event: S3Event | ObjectCreatedEvent): Promise<void> {
  await handleObjectEvent(event, await init());
}
