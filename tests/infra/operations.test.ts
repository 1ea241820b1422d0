/**
 * What an operator relies on: every alarm notifies the topic and says what to do; the
 * thresholds; per-route API throttles; the hash key kept with the data; the queue's timing
 * against the retry schedule and the redrive outputs.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZALO_METRIC_NAMESPACE } from '../../functions/adapters/zalo/metrics.js';
import {
  MAX_RECEIVE_COUNT,
  MAX_RETRY_SECONDS,
  retrySpanSeconds,
} from '../../functions/app/retry-schedule.js';
import { type BuiltApp, buildApp } from '../../infra/app.js';
import {
  PIPELINE_METRIC_NAMESPACE,
  WORKER_TIMEOUT_SECONDS,
} from '../../infra/constructs/message-pipeline.js';
import { DEFAULT_ROUTE_THROTTLE, ROUTE_THROTTLES } from '../../infra/stacks/stateless.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

type Alarm = { Properties: Record<string, unknown> };

describe('alarms and their topic', () => {
  let built: BuiltApp;
  let template: Template;
  let topicRef: { Ref: string };

  beforeAll(() => {
    built = buildApp({ context: NO_BUNDLING });
    template = Template.fromStack(built.stateless);
    topicRef = {
      Ref: built.stateless.getLogicalId(built.stateless.alerts.topic.node.defaultChild as CfnElement),
    };
  });

  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
  const alarmOn = (namespace: string, metricName: string): Alarm => {
    const found = alarms().filter(
      (alarm) => alarm.Properties.Namespace === namespace && alarm.Properties.MetricName === metricName,
    );
    expect(found).toHaveLength(1);
    return found[0] as Alarm;
  };
  /** Metric-math alarms: the metric names they sum. */
  const summedMetrics = (alarm: Alarm) =>
    (alarm.Properties.Metrics as Array<{ MetricStat?: { Metric: { MetricName: string } } }>)
      .flatMap((entry) => (entry.MetricStat ? [entry.MetricStat.Metric.MetricName] : []))
      .sort();

  it('has one SNS topic, encrypted with a rotated customer key CloudWatch may use, TLS-only', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes the alarmEmail context value to the topic', () => {
    const app = buildApp({ context: { ...NO_BUNDLING, alarmEmail: 'ops@example.org' } });
    expect(() => app.app.synth()).not.toThrow(); // cdk-nag included
    const withEmail = Template.fromStack(app.stateless);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
    expect(() => buildApp({ context: { ...NO_BUNDLING, alarmEmail: 'ops' } })).toThrow(/alarmEmail/);
  });

  it('sends ALARM and OK of every alarm to the topic, each with a description of what to do', () => {
    expect(alarms().length).toBe(10);
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      expect(alarm.Properties.OKActions).toEqual([topicRef]);
      expect(String(alarm.Properties.AlarmDescription).length).toBeGreaterThan(80);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
      expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    }
  });

  it('alarms on the dead-letter queue, the worker, the Zalo token refresh and rejected Zalo calls', () => {
    expect(alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible').Properties).toMatchObject({
      Threshold: 1,
    });
    const lambdaErrors = alarms().filter((alarm) => alarm.Properties.MetricName === 'Errors');
    expect(lambdaErrors.map((alarm) => alarm.Properties.Threshold).sort()).toEqual([1, 3]);
    expect(alarmOn(ZALO_METRIC_NAMESPACE, 'TokenRefreshFailures').Properties).toMatchObject({ Threshold: 1 });
    expect(alarmOn(ZALO_METRIC_NAMESPACE, 'WebhookRejected').Properties).toMatchObject({ Threshold: 20 });
  });

  it('alarms on throttling: functions, tables, API routes and the channels', () => {
    const math = alarms().filter((alarm) => alarm.Properties.Metrics);
    expect(math.map(summedMetrics).sort()).toEqual([
      // Four tables × reads and writes.
      [...Array(4).fill('ReadThrottleEvents'), ...Array(4).fill('WriteThrottleEvents')],
      // Seven functions (the BucketDeployment provider runs only during deploys).
      Array(7).fill('Throttles'),
    ]);
    expect(alarmOn(PIPELINE_METRIC_NAMESPACE, 'ApiThrottled').Properties).toMatchObject({ Threshold: 10 });
    expect(alarmOn('AWS/ApiGateway', '5xx').Properties).toMatchObject({ Threshold: 5 });
    expect(alarmOn(PIPELINE_METRIC_NAMESPACE, 'ChannelRateLimited').Properties).toMatchObject({
      Threshold: 10,
      EvaluationPeriods: 3,
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricName: 'ApiThrottled' })],
      FilterPattern: '{ $.status = "429" }',
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricName: 'ChannelRateLimited' })],
      FilterPattern: Match.stringLikeRegexp('worker\\.rate_limited'),
    });
  });
});

describe('API throttles', () => {
  it('gives each route its own limit on the stage, created after the routes', () => {
    const built = buildApp({ context: NO_BUNDLING });
    const template = Template.fromStack(built.stateless);
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const stage = stages[0] as { Properties: Record<string, unknown>; DependsOn: string[] };
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: DEFAULT_ROUTE_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_ROUTE_THROTTLE.burstLimit,
    });
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey as string,
    );
    expect(Object.keys(stage.Properties.RouteSettings as object).sort()).toEqual([...routeKeys].sort());
    expect(routeKeys).toEqual(expect.arrayContaining(['POST /telegram/webhook', 'POST /zalo/webhook']));
    for (const [routeKey, limit] of Object.entries(ROUTE_THROTTLES)) {
      expect((stage.Properties.RouteSettings as Record<string, unknown>)[routeKey]).toEqual({
        ThrottlingRateLimit: limit.rateLimit,
        ThrottlingBurstLimit: limit.burstLimit,
      });
      // A route limit above the stage default would not be a separate share of it.
      expect(limit.rateLimit).toBeLessThanOrEqual(DEFAULT_ROUTE_THROTTLE.rateLimit);
    }
    const routeIds = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });
});

describe('hash key', () => {
  it('lives in the stateful stack, retained in prod, and reaches functions by ARN only', () => {
    const built = buildApp({ context: NO_BUNDLING });
    const stateful = Template.fromStack(built.stateful);
    const stateless = Template.fromStack(built.stateless);
    const hashKeyId = built.stateful.getLogicalId(built.stateful.hashKey.node.defaultChild as CfnElement);
    stateful.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) }),
    });
    expect(Object.keys(stateful.findResources('AWS::SecretsManager::Secret'))).toEqual([hashKeyId]);
    stateful.hasOutput('HashKeySecretArn', Match.anyValue());
    // Stateless: Telegram's two and Zalo's two (OA secret key; OAuth), no hash key of its own.
    stateless.resourceCountIs('AWS::SecretsManager::Secret', 4);
    const arns = Object.values(stateless.findResources('AWS::Lambda::Function'))
      .map((fn) => fn.Properties.Environment.Variables.HASH_KEY_SECRET_ARN)
      .filter((arn) => arn !== undefined);
    // Both webhooks, the worker, the token refresh and the console API (web chat ids); not /health.
    expect(arns).toHaveLength(5);
    for (const arn of arns) expect(JSON.stringify(arn)).toMatch(new RegExp(`Fn::ImportValue.*${hashKeyId}`));
  });

  it('follows the tables in a disposable stage', () => {
    const built = buildApp({ context: { ...NO_BUNDLING, stage: 'staging' } });
    Template.fromStack(built.stateful).hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Delete',
    });
  });
});

describe('queue timing and redrive', () => {
  it('keeps messages far longer than the retries take, and the dead letters longer still', () => {
    const template = Template.fromStack(buildApp({ context: NO_BUNDLING }).stateless);
    const queues = Object.values(template.findResources('AWS::SQS::Queue')).map(
      (queue) => queue.Properties as Record<string, unknown>,
    );
    const main = queues.find((queue) => queue.RedrivePolicy);
    const deadLetter = queues.find((queue) => !queue.RedrivePolicy);
    const visibility = Number(main?.VisibilityTimeout);
    // A failed record comes back after its backoff (≤ MAX_RETRY_SECONDS) set by the worker;
    // a crashed or timed-out batch after the visibility timeout, which must outlast a run.
    expect(visibility).toBeGreaterThanOrEqual(6 * WORKER_TIMEOUT_SECONDS);
    expect(visibility).toBeGreaterThan(MAX_RETRY_SECONDS);
    // Worst case every receive times out: MAX_RECEIVE_COUNT visibility timeouts.
    const worstCaseSeconds = Math.max(retrySpanSeconds(), MAX_RECEIVE_COUNT * visibility);
    expect(Number(main?.MessageRetentionPeriod)).toBe(4 * 86_400);
    expect(Number(main?.MessageRetentionPeriod)).toBeGreaterThan(10 * worstCaseSeconds);
    // FIFO dead-letter queues count retention from the move, not the first enqueue.
    expect(Number(deadLetter?.MessageRetentionPeriod)).toBe(14 * 86_400);
    // No redrive-allow policy means any source may redrive (start-message-move-task works).
    expect(deadLetter?.RedriveAllowPolicy).toBeUndefined();
    template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } });
    template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('PipelineQueue'), 'Arn'] } });
  });
});
