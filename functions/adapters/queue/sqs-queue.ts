/**
 * SQS FIFO behind the MessageQueue port: MessageGroupId = chat (one person's messages in
 * order), MessageDeduplicationId = channel message id (a second guard behind the dedupe
 * table: the same id within 5 minutes is dropped by SQS). Also the dead-letter writer used
 * when the worker knows a message can never succeed.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { EnqueueError, type EnqueueRequest, type MessageQueue } from '../../app/ports.js';

export class SqsMessageQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(request: EnqueueRequest): Promise<void> {
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(request.item),
          MessageGroupId: request.groupId,
          MessageDeduplicationId: request.deduplicationId,
        }),
      );
    } catch (error) {
      throw new EnqueueError('could not send the message to SQS', { cause: error });
    }
  }
}

export interface DeadLetterWriter {
  write(body: string, groupId: string, deduplicationId: string, reason: string): Promise<void>;
}

/** Writes straight to the (FIFO) dead-letter queue, keeping group and dedup ids for redrive. */
export class SqsDeadLetterWriter implements DeadLetterWriter {
  constructor(
    private readonly client: SQSClient,
    private readonly deadLetterQueueUrl: string,
  ) {}

  async write(body: string, groupId: string, deduplicationId: string, reason: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.deadLetterQueueUrl,
        MessageBody: body,
        MessageGroupId: groupId,
        MessageDeduplicationId: deduplicationId,
        MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 256) } },
      }),
    );
  }
}
