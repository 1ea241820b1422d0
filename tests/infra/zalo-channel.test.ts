/**
 * The Zalo channel construct: webhook route function, scheduled token refresh, secrets as
 * ARNs only, least-privilege grants, and the alarms — in a stack of its own with the
 * pipeline's queue, worker and tables, under the same cdk-nag gate as the app.
 */
import { App, type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZALO_METRIC_NAMESPACE } from '../../functions/adapters/zalo/metrics.js';
import { buildApp, FEATURE_FLAGS } from '../../infra/app.js';
import { AppFunction } from '../../infra/constructs/app-function.js';
import { ZALO_OAUTH_KEYS, ZaloChannel } from '../../infra/constructs/zalo-channel.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

function build(appId?: string) {
  const app = new App({ context: { ...FEATURE_FLAGS, ...NO_BUNDLING } });
  const stack = new Stack(app, 'ZaloTest', { env: { region: 'ap-southeast-1' } });
  const stateTable = new TableV2(stack, 'State', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const deadLetters = new Queue(stack, 'Dlq', {
    fifo: true,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const queue = new Queue(stack, 'Queue', {
    fifo: true,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
  });
  const hashKey = new Secret(stack, 'HashKey');
  Validations.of(hashKey).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'test stack' });
  Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'it is the DLQ' });
  const worker = new AppFunction(stack, 'Worker', {
    entry: 'functions/composition/lambda/worker.ts',
    description: 'worker',
  });
  const zalo = new ZaloChannel(stack, 'Zalo', {
    stateTable,
    queue,
    hashKey,
    worker,
    ...(appId ? { appId } : {}),
    refreshEvery: Duration.hours(6),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, zalo, worker, template: Template.fromStack(stack) };
}

describe('ZaloChannel construct', () => {
  let built: ReturnType<typeof build>;
  beforeAll(() => {
    built = build('4300000000000000001');
  });

  it('synthesizes under the cdk-nag gate', () => {
    expect(() => built.app.synth()).not.toThrow();
  });

  it('creates the two secrets with placeholders, never a value in the template', () => {
    built.template.resourcePropertiesCountIs(
      'AWS::SecretsManager::Secret',
      { GenerateSecretString: Match.objectLike({ GenerateStringKey: 'unused' }) },
      2,
    );
    built.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { SecretStringTemplate: '{"value":"-"}', GenerateStringKey: 'unused' },
    });
    built.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify(Object.fromEntries(ZALO_OAUTH_KEYS.map((key) => [key, '-']))),
        GenerateStringKey: 'unused',
      },
    });
  });

  it('gives the webhook only the OA secret key, the hash key, the state table and the queue', () => {
    const webhook = envOf(built, built.zalo.webhook);
    expect(Object.keys(webhook).sort()).toEqual(
      [
        'HASH_KEY_SECRET_ARN',
        'NODE_OPTIONS',
        'QUEUE_URL',
        'RUNTIME',
        'TABLE_STATE',
        'ZALO_APP_ID',
        'ZALO_OA_SECRET_KEY_SECRET_ARN',
      ].sort(),
    );
  });

  it('gives the worker and the refresh function the sending secrets (one field each of the OAuth secret) and the App ID', () => {
    const oauthArn = {
      Ref: built.stack.getLogicalId(built.zalo.secrets.oauth.node.defaultChild as CfnElement),
    };
    for (const fn of [built.zalo.tokenRefresh, built.worker]) {
      const env = envOf(built, fn);
      expect(env.ZALO_APP_ID).toBeDefined();
      expect(env.ZALO_OA_SECRET_KEY_SECRET_ARN).toBeDefined();
      expect(env.ZALO_APP_SECRET_SECRET_ARN).toEqual({ 'Fn::Join': ['', [oauthArn, '#appSecret']] });
      expect(env.ZALO_REFRESH_TOKEN_SECRET_ARN).toEqual({ 'Fn::Join': ['', [oauthArn, '#refreshToken']] });
      expect(env.ZALO_ACCESS_TOKEN_SECRET_ARN).toEqual({ 'Fn::Join': ['', [oauthArn, '#accessToken']] });
    }
  });

  it('runs the token refresh on a schedule', () => {
    built.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(6 hours)',
      State: 'ENABLED',
    });
  });

  it('alarms on refresh failures (custom metric and function errors) and on rejected webhooks', () => {
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: ZALO_METRIC_NAMESPACE,
      MetricName: 'TokenRefreshFailures',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
    });
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: ZALO_METRIC_NAMESPACE,
      MetricName: 'WebhookRejected',
    });
  });

  it('leaves ZALO_APP_ID unset (channel off) without the context value', () => {
    const off = build();
    const functions = off.template.findResources('AWS::Lambda::Function');
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Environment.Variables.ZALO_APP_ID).toBeUndefined();
    }
    off.template.hasResourceProperties('AWS::Events::Rule', Match.objectLike({ State: 'ENABLED' }));
  });
});

/** Environment variables of one function in the synthesized template. */
function envOf(built: ReturnType<typeof build>, fn: AppFunction): Record<string, unknown> {
  const logicalId = built.stack.getLogicalId(fn.function.node.defaultChild as CfnFunction);
  const resource = built.template.findResources('AWS::Lambda::Function')[logicalId];
  return (resource?.Properties.Environment.Variables ?? {}) as Record<string, unknown>;
}

describe('Zalo in the app', () => {
  it('routes POST /zalo/webhook to the Zalo webhook function and configures the worker', () => {
    const built = buildApp({ context: { ...NO_BUNDLING, zaloAppId: '4300000000000000001' } });
    const template = Template.fromStack(built.stateless);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /zalo/webhook' });
    const worker = built.stateless.pipeline.worker.function.node.defaultChild as CfnFunction;
    const env = template.findResources('AWS::Lambda::Function')[built.stateless.getLogicalId(worker)]
      ?.Properties.Environment.Variables as Record<string, unknown>;
    expect(env.ZALO_APP_ID).toBe('4300000000000000001');
    expect(env.ZALO_APP_SECRET_SECRET_ARN).toBeDefined();
    expect(env.TELEGRAM_BOT_TOKEN_SECRET_ARN).toBeDefined();
    expect(() => built.app.synth()).not.toThrow();
  });
});
