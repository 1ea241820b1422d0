import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_IDS, TABLES } from '../../functions/shared/tables.js';
import { type BuiltApp, buildApp } from '../../infra/app.js';

// Skip esbuild bundling: these tests check the template, not the bundle (synth does both).
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

describe('CDK app', () => {
  let built: BuiltApp;
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    built = buildApp({ context: NO_BUNDLING });
    stateful = Template.fromStack(built.stateful);
    stateless = Template.fromStack(built.stateless);
  });

  it('synthesizes with no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(() => built.app.synth()).not.toThrow();
  });

  it('creates the four tables from the shared definitions', () => {
    stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', TABLE_IDS.length);
    for (const id of TABLE_IDS) {
      const definition = TABLES[id];
      const keySchema = [
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
      ];
      stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: keySchema,
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
        ],
        ...(definition.timeToLiveAttribute
          ? { TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true } }
          : {}),
        ...(definition.globalSecondaryIndexes.length > 0
          ? {
              GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) =>
                Match.objectLike({ IndexName: index.indexName }),
              ),
            }
          : {}),
      });
    }
  });

  it('puts TTL on conversations and state only', () => {
    const tables = stateful.findResources('AWS::DynamoDB::GlobalTable');
    const withTtl = Object.values(tables).filter((table) => table.Properties.TimeToLiveSpecification);
    expect(withTtl).toHaveLength(2);
  });

  it('runs functions on arm64, Node 22+, with tracing, source maps and log retention', () => {
    const all = Object.entries(stateless.findResources('AWS::Lambda::Function'));
    // aws-cdk-lib's BucketDeployment provider (Python, runs during deploy): the only other one.
    const deploymentProviders = all.filter(([id]) => id.startsWith('CustomCDKBucketDeployment'));
    expect(deploymentProviders).toHaveLength(1);
    expect(deploymentProviders[0]?.[1].Properties).toMatchObject({
      Architectures: ['arm64'],
      LoggingConfig: { LogGroup: expect.anything() },
    });
    const functions = Object.fromEntries(all.filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')));
    expect(Object.keys(functions).length).toBeGreaterThan(0);
    for (const fn of Object.values(functions)) {
      const props = fn.Properties;
      expect(props.Architectures).toEqual(['arm64']);
      expect(Number(/nodejs(\d+)\.x/.exec(props.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.Environment.Variables.NODE_OPTIONS).toContain('--enable-source-maps');
      expect(props.LoggingConfig.LogGroup).toBeDefined();
    }
    stateless.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('serves GET /health from the health function, which may only describe tables', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health' });
    const policies = stateless.findResources('AWS::IAM::Policy');
    const healthPolicy = Object.entries(policies).find(([id]) => id.startsWith('HealthRole'));
    expect(healthPolicy).toBeDefined();
    const statements = (healthPolicy?.[1].Properties.PolicyDocument.Statement ?? []) as Array<{
      Action: string | string[];
    }>;
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:DescribeTable']);
  });

  it('ships the sample knowledge base and its prebuilt index with the worker and the console API', () => {
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function'));
    const readers = functions.filter((fn) => fn.Properties.Environment?.Variables?.KNOWLEDGE_DIR);
    // The worker answers with it; the console's test bench answers as the worker does.
    expect(readers.map((fn) => fn.Properties.Description).sort()).toEqual([
      expect.stringMatching(/^ANY \/api/),
      expect.stringMatching(/^Queue worker/),
    ]);
    for (const reader of readers)
      expect(reader.Properties.Environment.Variables).toMatchObject({
        KNOWLEDGE_DIR: '/var/task/data/knowledge',
        KNOWLEDGE_INDEX_FILE: '/var/task/data/index/knowledge.json',
        DATA_DIR: expect.stringMatching(/^\/tmp\//),
      });
  });

  it('passes no secret values in function environments', () => {
    const functions = stateless.findResources('AWS::Lambda::Function');
    for (const fn of Object.values(functions)) {
      const names = Object.keys(fn.Properties.Environment?.Variables ?? {});
      expect(names.filter((name) => /TOKEN$|SECRET$|SECRET_KEY$|^HASH_KEY$/.test(name))).toEqual([]);
    }
  });
});

describe('cdk-nag gate', () => {
  it('fails synthesis on an unacknowledged finding', () => {
    const app = new App({ context: NO_BUNDLING });
    const stack = new Stack(app, 'Bad');
    // A queue with no dead-letter queue and no TLS-only policy: AwsSolutions-SQS3 and SQS4.
    new Queue(stack, 'Queue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions/);
  });
});
