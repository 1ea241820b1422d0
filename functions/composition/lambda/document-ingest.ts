/**
 * The ingest function: S3 `ObjectCreated` events of the documents bucket (prefix `uploads/`)
 * → the same ingest and publish as `npm start`'s local upload (functions/app/documents/
 * library.ts). Reserved concurrency 1 (infra/constructs/documents.ts): one build at a time.
 * Events come at least once and out of order; the library reads each object as it is now and
 * keys its work on (document, ETag), so a repeat is a no-op. A failure the library could not
 * record throws, and Lambda retries the event.
 */
import type { S3Event } from 'aws-lambda';
import { createDynamoClients } from '../../adapters/dynamodb/client.js';
import type { DocumentLibrary, IngestOutcome } from '../../app/documents/library.js';
import { systemClock } from '../../shared/clock.js';
import { ConfigError, loadConfig } from '../../shared/config.js';
import { createLogger, type Logger } from '../../shared/logger.js';
import { createDocuments } from '../documents.js';
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
  return { library: createDocuments({ config, clients, clock: systemClock, logger }), logger };
}

const init = lazyInit('document-ingest', build);

/** An S3 event's key is URL-encoded, spaces as `+`. */
export function objectKeyOf(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

export async function handleS3Event(event: S3Event, ingest: Ingest): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const record of event.Records) {
    const outcome = await ingest.library.ingestObject(objectKeyOf(record.s3.object.key));
    ingest.logger.info('documents.ingest', {
      outcome: outcome.outcome,
      ...(outcome.id ? { document: outcome.id } : {}),
      ...(outcome.outcome === 'indexed' ? { version: outcome.version } : {}),
    });
    outcomes.push(outcome);
  }
  return outcomes;
}

export async function handler(event: S3Event): Promise<void> {
  await handleS3Event(event, await init());
}
