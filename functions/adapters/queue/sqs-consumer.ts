/**
 * SQS event → worker, with partial batch responses (ReportBatchItemFailures): only the
 * failed records return to the queue. FIFO rule: once a record of a group fails, the later
 * records of that group in the batch are reported failed too, unprocessed, so nothing
 * overtakes it. Groups in one batch run in parallel.
 */
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ProcessResult } from '../../app/pipeline-worker.js';
import { type QueuedMessage, queuedMessageSchema } from '../../app/ports.js';
import { retryDelaySeconds } from '../../app/retry-schedule.js';
import { errorFields, type Logger } from '../../shared/logger.js';
import type { DeadLetterWriter } from './sqs-queue.js';

export interface SqsConsumerDeps {
  readonly process: (item: QueuedMessage) => Promise<ProcessResult>;
  readonly deadLetters: DeadLetterWriter | undefined;
  readonly logger: Logger;
  /** To set when a failed record is tried again (backoff, or the channel's retry_after). */
  readonly visibility?: { readonly client: SQSClient; readonly queueUrl: string };
}

export function createSqsBatchHandler(deps: SqsConsumerDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const groups = new Map<string, SQSRecord[]>();
    for (const record of event.Records) {
      const groupId = record.attributes.MessageGroupId ?? record.messageId;
      const list = groups.get(groupId) ?? [];
      list.push(record);
      groups.set(groupId, list);
    }
    const failed: string[] = [];
    await Promise.all(
      [...groups.values()].map(async (records) => {
        for (const [index, record] of records.entries()) {
          if (!(await handleRecord(record, deps))) {
            for (const rest of records.slice(index)) failed.push(rest.messageId);
            return;
          }
        }
      }),
    );
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** True when the record is finished (done or dead-lettered) and may be deleted. */
async function handleRecord(record: SQSRecord, deps: SqsConsumerDeps): Promise<boolean> {
  const log = deps.logger.child({
    sqsMessageId: record.messageId,
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
  });
  let result: ProcessResult;
  let item: QueuedMessage | undefined;
  try {
    item = queuedMessageSchema.parse(JSON.parse(record.body));
  } catch {
    result = { status: 'dead-letter', reason: 'malformed queue message' };
  }
  if (item) {
    try {
      result = await deps.process(item);
    } catch (error) {
      log.error('worker.threw', errorFields(error));
      result = { status: 'retry', reason: 'worker threw' };
    }
  }
  result ??= { status: 'retry', reason: 'no result' };
  if (result.status === 'done') return true;
  if (result.status === 'dead-letter') {
    if (!deps.deadLetters) return false; // The redrive policy dead-letters it after maxReceiveCount.
    try {
      await deps.deadLetters.write(
        record.body,
        record.attributes.MessageGroupId ?? 'unknown',
        record.attributes.MessageDeduplicationId ?? record.messageId,
        result.reason,
      );
      log.error('worker.dead_lettered', { reason: result.reason.slice(0, 200) });
      return true;
    } catch (error) {
      log.error('worker.dead_letter_failed', errorFields(error));
      return false;
    }
  }
  if (deps.visibility) {
    // Without this the retry waits the whole visibility timeout (minutes); a transient
    // failure deserves a quicker, growing retry, and a 429 exactly its retry_after.
    const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
    await deps.visibility.client
      .send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: deps.visibility.queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: retryDelaySeconds(receiveCount, result.retryAfterSeconds),
        }),
      )
      .catch((error: unknown) => log.warn('worker.visibility_failed', errorFields(error)));
  }
  return false;
}
