/**
 * `npm run cost:idle` reads the synthesized templates: it must find every secret, alarm
 * metric, key and schedule the app declares (counted here from the construct tree, not from
 * the templates), price every resource type it meets, and add its lines up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Alarm, MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { type CfnRule, Rule } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp } from '../../infra/app.js';
import {
  alarmMetrics,
  type CfnTemplate,
  EXAMPLE_STAFF_MAU,
  type IdleBill,
  idleBill,
  PRICES,
  readAssembly,
  runsPerMonth,
  STATIC_SITE_BYTES,
  usd,
} from '../../scripts/idle-cost.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

function all<T>(built: BuiltApp, type: abstract new (...args: never[]) => T): T[] {
  return [built.stateful, built.stateless].flatMap((stack) =>
    stack.node.findAll().filter((child: IConstruct): child is IConstruct & T => child instanceof type),
  );
}

describe('idle bill of the synthesized app', () => {
  let built: BuiltApp;
  let bill: IdleBill;
  const outdir = mkdtempSync(join(tmpdir(), 'bhxh-idle-cost-'));

  beforeAll(() => {
    built = buildApp({ context: NO_BUNDLING, outdir });
    bill = idleBill(readAssembly(built.app.synth().directory));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const line = (kind: string) => bill.lines.find((candidate) => candidate.kind === kind);

  it('prices or names every resource type of both stacks', () => {
    expect(bill.unknown).toEqual({});
    expect(Object.keys(bill.freeWhileIdle).length).toBeGreaterThan(0);
  });

  it('counts every secret of both stacks', () => {
    const secrets = all(built, Secret);
    expect(secrets.length).toBeGreaterThan(0);
    expect(line('secrets')?.count).toBe(secrets.length);
    expect(line('secrets')?.monthly).toBeCloseTo(secrets.length * PRICES.secretMonth.usd, 10);
  });

  it('counts every metric every alarm reads (a metric-math alarm is billed per metric)', () => {
    const alarms = all(built, Alarm);
    const metrics = alarms.reduce(
      (sum, alarm) =>
        sum + (alarm.metric instanceof MathExpression ? Object.keys(alarm.metric.usingMetrics).length : 1),
      0,
    );
    expect(metrics).toBeGreaterThan(alarms.length);
    const alarmLine = line('alarms:standard');
    expect(alarmLine?.detail).toContain(`${alarms.length} alarms reading ${metrics} metrics`);
    expect(alarmLine?.monthly).toBeCloseTo(metrics * PRICES.alarmMetricStandardMonth.usd, 10);
    expect(alarmLine?.monthlyAfterFreeTier).toBeCloseTo(
      Math.max(0, metrics - PRICES.freeAlarmMetrics.usd) * PRICES.alarmMetricStandardMonth.usd,
      10,
    );
  });

  it('prices the alarm topic key and each schedule by its runs', () => {
    expect(line('kms')?.count).toBe(all(built, Key).length);
    // Scheduled rules only: a rule on events (an upload) costs nothing while idle.
    for (const rule of all(built, Rule).filter(
      (rule) => (rule.node.defaultChild as CfnRule).scheduleExpression,
    )) {
      const cfn = rule.node.defaultChild as CfnRule;
      const id = rule.stack.getLogicalId(cfn as CfnElement);
      const expected = runsPerMonth(String(cfn.scheduleExpression));
      expect(expected).toBeGreaterThan(0);
      expect(line(`schedule:${id}`)?.count).toBe(Math.round(expected ?? 0));
      expect(line(`schedule:${id}`)?.monthly).toBeGreaterThan(0);
    }
  });

  it('lists what the staff console adds: the user pool (Lite, per active user), CloudFront (no fee), its files', () => {
    const cognito = line('cognito:LITE');
    expect(cognito).toMatchObject({ count: 1, monthly: 0, monthlyAfterFreeTier: 0 });
    expect(cognito?.notes.join('\n')).toContain('first 10,000 MAU free');
    expect(cognito?.notes.join('\n')).toContain(
      `${EXAMPLE_STAFF_MAU} staff signing in in a month: ${usd(EXAMPLE_STAFF_MAU * PRICES.cognitoLiteMau.usd)} list, $0`,
    );
    expect(line('cloudfront')).toMatchObject({ count: 1, monthly: 0 });
    const bucketId = built.stateless.getLogicalId(
      built.stateless.console.bucket.node.defaultChild as CfnElement,
    );
    const site = line(`s3-static:${bucketId}`);
    expect(site?.monthly).toBeCloseTo((STATIC_SITE_BYTES / 1e9) * PRICES.s3StandardGbMonth.usd, 12);
    expect(site?.monthly).toBeLessThan(0.001);
    expect(bill.freeWhileIdle).toMatchObject({
      'Custom::CDKBucketDeployment': 2,
      'AWS::CloudFront::Function': 1,
      'AWS::Cognito::UserPoolGroup': 3,
    });
  });

  it('adds its lines up', () => {
    expect(bill.total).toBeCloseTo(
      bill.lines.reduce((sum, entry) => sum + entry.monthly, 0),
      10,
    );
    expect(bill.totalAfterFreeTier).toBeLessThanOrEqual(bill.total);
  });
});

describe('idle bill parsing', () => {
  const template = (resources: CfnTemplate['Resources']): Record<string, CfnTemplate> => ({
    Stack: { Resources: resources ?? {} },
  });

  it('bills each metric of a math alarm and high-resolution alarms at their own price', () => {
    const math = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [
          { Id: 'e', Expression: 'SUM(METRICS())', ReturnData: true },
          { Id: 'm0', MetricStat: { Period: 300 } },
          { Id: 'm1', MetricStat: { Period: 300 } },
          { Id: 'm2', MetricStat: { Period: 300 } },
        ],
      },
    };
    expect(alarmMetrics(math)).toEqual({ metrics: 3, resolution: 'standard' });
    const fast = { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } };
    const bill = idleBill(template({ A: math, B: fast }));
    expect(bill.lines.map((entry) => [entry.kind, entry.count])).toEqual([
      ['alarms:standard', 3],
      ['alarms:high', 1],
    ]);
    expect(bill.total).toBeCloseTo(
      3 * PRICES.alarmMetricStandardMonth.usd + PRICES.alarmMetricHighResolutionMonth.usd,
      10,
    );
  });

  it('reports a type it cannot price, and prices provisioned capacity', () => {
    const bill = idleBill(
      template({
        N: { Type: 'AWS::EC2::NatGateway' },
        T: {
          Type: 'AWS::DynamoDB::Table',
          Properties: { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } },
        },
        O: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
      }),
    );
    expect(bill.unknown).toEqual({ 'AWS::EC2::NatGateway': 1 });
    expect(bill.lines.map((entry) => entry.kind)).toEqual(['dynamo-provisioned:T']);
    expect(bill.lines[0]?.monthly).toBeCloseTo(
      PRICES.hoursPerMonth * 5 * (PRICES.dynamoRcuHour.usd + PRICES.dynamoWcuHour.usd),
      10,
    );
    expect(bill.freeWhileIdle).toEqual({ 'AWS::DynamoDB::Table (on-demand)': 1 });
  });

  it('prices user pools by plan (Essentials when unset, Plus without free tier) and only deployed buckets as sites', () => {
    const bill = idleBill(
      template({
        P: { Type: 'AWS::Cognito::UserPool' },
        Q: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTier: 'PLUS' } },
        Site: { Type: 'AWS::S3::Bucket' },
        Logs: { Type: 'AWS::S3::Bucket' },
        D: { Type: 'Custom::CDKBucketDeployment', Properties: { DestinationBucketName: { Ref: 'Site' } } },
      }),
    );
    expect(bill.lines.map((entry) => entry.kind)).toEqual([
      'cognito:ESSENTIALS',
      'cognito:PLUS',
      's3-static:Site',
    ]);
    expect(bill.lines[0]?.notes.join('\n')).toContain(usd(PRICES.cognitoEssentialsMau.usd));
    expect(bill.lines[1]?.notes.join('\n')).toContain('no free tier');
    expect(bill.lines[1]?.notes.join('\n')).toContain(
      `${usd(EXAMPLE_STAFF_MAU * PRICES.cognitoPlusMau.usd)} after the free tier`,
    );
    expect(bill.freeWhileIdle).toEqual({
      'AWS::S3::Bucket (empty at idle)': 1,
      'Custom::CDKBucketDeployment': 1,
    });
    expect(bill.unknown).toEqual({});
  });

  it('counts one secret read for several JSON keys of the same secret', () => {
    const fn = (variables: Record<string, unknown>) => ({
      Type: 'AWS::Lambda::Function',
      Properties: { MemorySize: 1024, Architectures: ['arm64'], Environment: { Variables: variables } },
    });
    const rule = (target: string) => ({
      Type: 'AWS::Events::Rule',
      Properties: {
        ScheduleExpression: 'rate(1 hour)',
        Targets: [{ Arn: { 'Fn::GetAtt': [target, 'Arn'] } }],
      },
    });
    const joined = (key: string) => ({ 'Fn::Join': ['', [{ Ref: 'S' }, `#${key}`]] });
    const bill = idleBill(
      template({
        S: { Type: 'AWS::SecretsManager::Secret' },
        F: fn({ A_SECRET_ARN: joined('a'), B_SECRET_ARN: joined('b'), C_SECRET_ARN: { Ref: 'T' } }),
        R: rule('F'),
      }),
    );
    const scheduled = bill.lines.find((entry) => entry.kind === 'schedule:R');
    expect(scheduled?.count).toBe(PRICES.hoursPerMonth);
    expect(scheduled?.notes).toContain(
      `2 secret reads per cold start: ${usd((PRICES.hoursPerMonth * 2 * PRICES.secretApiCallsPer10k.usd) / 1e4)}`,
    );
  });
});
