/**
 * The queue worker (Lambda, SQS FIFO event source with ReportBatchItemFailures). Thin: the
 * per-message logic is functions/app/pipeline-worker.ts, the batch handling
 * functions/adapters/queue/sqs-consumer.ts. Channel senders come from
 * functions/composition/senders.ts, with secrets read once per container.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createSqsBatchHandler } from '../../adapters/queue/sqs-consumer.js';
import { SqsDeadLetterWriter } from '../../adapters/queue/sqs-queue.js';
import { processQueued } from '../../app/pipeline-worker.js';
import { openLambdaPipeline } from '../context.js';
import { llmFromConfig } from '../llm.js';
import { createChannelSenders } from '../senders.js';
import { createWorkerDeps } from '../worker-runtime.js';
import { lazyInit } from './init.js';

type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

async function build(): Promise<BatchHandler> {
  const { context, secrets } = await openLambdaPipeline('worker');
  const { config } = context;
  // The API key of the optional model comes from Secrets Manager, read once per container.
  const llm = await llmFromConfig(config, context.logger, secrets);
  const worker = await createWorkerDeps(
    context,
    await createChannelSenders(config, secrets, context),
    llm ? { llm } : {},
  );
  const sqs = new SQSClient({ region: config.region });
  return createSqsBatchHandler({
    process: (item) => processQueued(item, worker),
    deadLetters: config.queue.deadLetterUrl
      ? new SqsDeadLetterWriter(sqs, config.queue.deadLetterUrl)
      : undefined,
    logger: context.logger,
    ...(config.queue.url ? { visibility: { client: sqs, queueUrl: config.queue.url } } : {}),
  });
}

const init = lazyInit('worker', build);

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  let batch: BatchHandler;
  try {
    batch = await init();
  } catch {
    // Initialisation failed: every record goes back to the queue and is retried.
    return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
  }
  return batch(event);
}
