/** SQS batch handling (functions/adapters/queue/sqs-consumer.ts): partial batch responses, FIFO-safe. */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSqsBatchHandler } from '../../../functions/adapters/queue/sqs-consumer.js';
import type { DeadLetterWriter } from '../../../functions/adapters/queue/sqs-queue.js';
import type { ProcessResult } from '../../../functions/app/pipeline-worker.js';
import { retryDelaySeconds, retrySpanSeconds } from '../../../functions/app/retry-schedule.js';
import { silentLogger } from '../../../functions/shared/logger.js';
import { queuedText } from '../../support/queue.js';

function record(id: string, group: string, body?: string): SQSRecord {
  const item = queuedText(id, group);
  return {
    messageId: `sqs-${id}`,
    receiptHandle: `rh-${id}`,
    body: body ?? JSON.stringify(item),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: group,
      MessageDeduplicationId: `telegram-${id}`,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-1:123456789012:messages.fifo',
    awsRegion: 'ap-southeast-1',
  };
}

function setup(results: Record<string, ProcessResult>) {
  const processed: string[] = [];
  const dead: { body: string; group: string; reason: string }[] = [];
  const writer: DeadLetterWriter = {
    write: async (body, group, _dedup, reason) => {
      dead.push({ body, group, reason });
    },
  };
  const handler = createSqsBatchHandler({
    process: async (item) => {
      processed.push(item.message.messageId);
      return results[item.message.messageId] ?? { status: 'done' };
    },
    deadLetters: writer,
    logger: silentLogger,
  });
  return { handler, processed, dead };
}

describe('SQS batch handler', () => {
  it('reports a failed record and every later record of its group, and nothing of other groups', async () => {
    const { handler, processed } = setup({ a2: { status: 'retry', reason: 'network' } });
    const event: SQSEvent = {
      Records: [
        record('a1', 'A'),
        record('b1', 'B'),
        record('a2', 'A'),
        record('b2', 'B'),
        record('a3', 'A'),
      ],
    };
    const response = await handler(event);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'sqs-a2',
      'sqs-a3',
    ]);
    expect(processed).not.toContain('a3');
    expect(processed.filter((id) => id.startsWith('b'))).toEqual(['b1', 'b2']);
  });

  it('writes refused and malformed records to the dead-letter queue and deletes them', async () => {
    const { handler, dead } = setup({ a1: { status: 'dead-letter', reason: 'refused: blocked' } });
    const response = await handler({ Records: [record('a1', 'A'), record('x', 'X', '{"not":"a message"}')] });
    expect(response.batchItemFailures).toEqual([]);
    expect(dead.map((letter) => [letter.group, letter.reason]).sort()).toEqual([
      ['A', 'refused: blocked'],
      ['X', 'malformed queue message'],
    ]);
  });

  it('leaves a dead-letter on the queue when there is no dead-letter writer (the redrive policy takes it)', async () => {
    const handler = createSqsBatchHandler({
      process: async () => ({ status: 'dead-letter', reason: 'refused' }),
      deadLetters: undefined,
      logger: silentLogger,
    });
    expect((await handler({ Records: [record('a1', 'A')] })).batchItemFailures).toEqual([
      { itemIdentifier: 'sqs-a1' },
    ]);
  });
});

describe('retryDelaySeconds', () => {
  it("waits 5 s doubling per receive up to 5 minutes, or the channel's retry_after when longer", () => {
    expect(retryDelaySeconds(1, 30)).toBe(30);
    expect(retryDelaySeconds(3, 0.4)).toBe(20);
    // Steady throttling must not use up the 12 receives in minutes.
    expect(retryDelaySeconds(9, 15)).toBe(300);
    expect(retryDelaySeconds(2, 100_000)).toBe(43_200);
    expect(retrySpanSeconds()).toBe(1815);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((count) => retryDelaySeconds(count))).toEqual([
      5, 10, 20, 40, 80, 160, 300, 300,
    ]);
  });
});
