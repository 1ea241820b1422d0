/**
 * The two Lambda entry points as deployed: secrets by ARN from (fake) Secrets Manager, the
 * webhook enqueueing to (fake) SQS FIFO, the worker consuming the SQS event with partial
 * batch responses, DynamoDB on dynalite, Telegram on the fake Bot API.
 */
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../functions/adapters/telegram/format.js';
import { greetingReply } from '../../../functions/core/dialogue/replies.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { startTestDynamo, type TestDynamo } from '../../support/dynamo.js';
import { type FakeTelegram, startFakeTelegram, updates } from '../../support/fake-telegram.js';
import { type FakeAws, startFakeAws } from './fake-aws.js';
import { apiGatewayEvent } from './harness.js';

const ARN = (name: string) => `arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:${name}-AbCdEf`;
// The SQS client sends to the host of the queue URL, so the URLs point at the fake.
let QUEUE_URL = '';
let DLQ_URL = '';
const WEBHOOK_SECRET = 'lambda_webhook_secret_0123456789';
const HASH_KEY = 'lambda-hash-key';
const CHAT = 31337;

let dynamo: TestDynamo;
let fake: FakeTelegram;
let aws: FakeAws;
let webhook: typeof import('../../../functions/composition/lambda/telegram-webhook.js').handler;
let worker: typeof import('../../../functions/composition/lambda/worker.js').handler;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamo = await startTestDynamo();
  fake = await startFakeTelegram();
  aws = await startFakeAws({
    [ARN('telegram-token')]: fake.token,
    [ARN('telegram-webhook')]: JSON.stringify({ value: WEBHOOK_SECRET }),
    [ARN('hash-key')]: HASH_KEY,
  });
  QUEUE_URL = `${aws.endpoint}/123456789012/messages.fifo`;
  DLQ_URL = `${aws.endpoint}/123456789012/messages-dlq.fifo`;
  Object.assign(process.env, {
    RUNTIME: 'lambda',
    LOG_LEVEL: 'error',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SQS: aws.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
    ...dynamo.env,
    HASH_KEY_SECRET_ARN: ARN('hash-key'),
    TELEGRAM_BOT_TOKEN_SECRET_ARN: ARN('telegram-token'),
    TELEGRAM_WEBHOOK_SECRET_SECRET_ARN: ARN('telegram-webhook'),
    TELEGRAM_API_ROOT: fake.apiRoot,
    QUEUE_URL,
    DEAD_LETTER_QUEUE_URL: DLQ_URL,
  });
  for (const name of ['HASH_KEY', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'AS_OF_DATE'])
    delete process.env[name];
  webhook = (await import('../../../functions/composition/lambda/telegram-webhook.js')).handler;
  worker = (await import('../../../functions/composition/lambda/worker.js')).handler;
});

afterAll(async () => {
  process.env = savedEnv;
  await aws.close();
  await fake.close();
  await dynamo.close();
});

function sqsEvent(fromIndex: number): SQSEvent {
  return {
    Records: aws.sent.slice(fromIndex).map((message, index) => ({
      messageId: message.messageId,
      receiptHandle: `rh-${fromIndex + index}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AIDA',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
        ...(message.groupId ? { MessageGroupId: message.groupId } : {}),
        ...(message.deduplicationId ? { MessageDeduplicationId: message.deduplicationId } : {}),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-1:123456789012:messages.fifo',
      awsRegion: 'ap-southeast-1',
    })),
  };
}

describe('Lambda handlers: telegram-webhook → SQS FIFO → worker', () => {
  it('enqueues a verified update once, grouped by hashed chat, and the worker answers it', async () => {
    const update = updates.text(4242, CHAT, '/start');
    expect((await webhook(apiGatewayEvent(JSON.stringify(update), WEBHOOK_SECRET))).statusCode).toBe(200);
    expect((await webhook(apiGatewayEvent(JSON.stringify(update), WEBHOOK_SECRET))).statusCode).toBe(200);
    expect(aws.sent).toHaveLength(1);
    const [message] = aws.sent;
    expect(message?.queueUrl).toBe(QUEUE_URL);
    expect(message?.groupId).toBe(`telegram-${createHasher(HASH_KEY)(String(CHAT))}`);
    expect(message?.deduplicationId).toBe('telegram-4242');

    expect(await worker(sqsEvent(0))).toEqual({ batchItemFailures: [] });
    expect(fake.deliveredTo(CHAT).map((delivered) => delivered.text)).toEqual([
      escapeHtml(greetingReply().text),
    ]);
    // SQS redelivers the same record: nothing is sent twice.
    expect(await worker(sqsEvent(0))).toEqual({ batchItemFailures: [] });
    expect(fake.deliveredTo(CHAT)).toHaveLength(1);
  });

  it('answers 401 to a wrong secret and 503 when SQS refuses, then accepts the redelivery', async () => {
    const before = aws.sent.length;
    const update = updates.text(4243, CHAT, '/help');
    expect((await webhook(apiGatewayEvent(JSON.stringify(update), 'wrong'))).statusCode).toBe(401);
    aws.failSends = 5; // more than the SDK's own retries
    expect((await webhook(apiGatewayEvent(JSON.stringify(update), WEBHOOK_SECRET))).statusCode).toBe(503);
    aws.failSends = 0;
    expect((await webhook(apiGatewayEvent(JSON.stringify(update), WEBHOOK_SECRET))).statusCode).toBe(200);
    expect(aws.sent.length - before).toBe(1);
  });

  it('dead-letters a reply Telegram refuses, and delays a rate-limited one by retry_after', async () => {
    const start = aws.sent.length;
    await webhook(apiGatewayEvent(JSON.stringify(updates.text(4244, CHAT + 1, '/help')), WEBHOOK_SECRET));
    fake.failNext('sendMessage', {
      kind: 'api-error',
      code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    expect(await worker(sqsEvent(start))).toEqual({ batchItemFailures: [] });
    const deadLetter = aws.sent.at(-1);
    expect(deadLetter?.queueUrl).toBe(DLQ_URL);
    expect(deadLetter?.deduplicationId).toBe('telegram-4244');

    const next = aws.sent.length;
    await webhook(apiGatewayEvent(JSON.stringify(updates.text(4245, CHAT + 2, '/help')), WEBHOOK_SECRET));
    fake.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 60 });
    const event = sqsEvent(next);
    const response = await worker(event);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    expect(aws.visibilityChanges.at(-1)).toEqual({
      receiptHandle: event.Records[0]?.receiptHandle,
      timeout: 60,
    });
  });

  it('reads each secret once per container, never from plain environment variables', () => {
    const count = (name: string) => aws.secretReads.filter((id) => id === ARN(name)).length;
    expect(count('telegram-webhook')).toBe(1);
    expect(count('telegram-token')).toBe(1);
    expect(count('hash-key')).toBe(2); // one per function
  });
});
