/** The message pipeline in the stateless stack (infra/constructs/message-pipeline.ts). */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECEIVE_COUNT } from '../../functions/app/retry-schedule.js';
import { buildApp } from '../../infra/app.js';
import { WORKER_TIMEOUT_SECONDS } from '../../infra/constructs/message-pipeline.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

describe('message pipeline (CDK)', () => {
  let stateless: Template;

  beforeAll(() => {
    stateless = Template.fromStack(buildApp({ context: NO_BUNDLING }).stateless);
  });

  type Resource = { Properties: Record<string, unknown> };
  const functionByHandlerEntry = (description: RegExp): Resource => {
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')) as Resource[];
    const found = functions.find((fn) => description.test(String(fn.Properties.Description)));
    if (!found) throw new Error(`no function matching ${description}`);
    return found;
  };
  const environment = (fn: Resource) =>
    (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

  it('has a FIFO queue, encrypted and TLS-only, that dead-letters to a FIFO queue after MAX_RECEIVE_COUNT receives', () => {
    stateless.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: false,
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * WORKER_TIMEOUT_SECONDS,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    stateless.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('alarms as soon as a message reaches the dead-letter queue', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('feeds the worker from the queue with partial batch responses', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    const worker = functionByHandlerEntry(/^Queue worker/);
    expect(worker.Properties.Timeout).toBe(WORKER_TIMEOUT_SECONDS);
    expect(Object.keys(environment(worker))).toEqual(
      expect.arrayContaining([
        'QUEUE_URL',
        'DEAD_LETTER_QUEUE_URL',
        'TELEGRAM_BOT_TOKEN_SECRET_ARN',
        'HASH_KEY_SECRET_ARN',
      ]),
    );
  });

  it('routes POST /telegram/webhook to a small function that gets secret ARNs, never values or the bot token', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /telegram/webhook' });
    const webhook = functionByHandlerEntry(/^POST \/telegram\/webhook/);
    const names = Object.keys(environment(webhook));
    expect(names).toEqual(
      expect.arrayContaining(['QUEUE_URL', 'TELEGRAM_WEBHOOK_SECRET_SECRET_ARN', 'HASH_KEY_SECRET_ARN']),
    );
    expect(names.filter((name) => name.startsWith('TELEGRAM_BOT_TOKEN'))).toEqual([]);
    expect(names.filter((name) => /^TABLE_/.test(name))).toEqual(['TABLE_STATE']);
  });

  it('keeps the Telegram secrets in Secrets Manager; the webhook secret is generated alphanumeric', () => {
    stateless.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        PasswordLength: 64,
        ExcludePunctuation: true,
        IncludeSpace: false,
      }),
    });
  });
});
