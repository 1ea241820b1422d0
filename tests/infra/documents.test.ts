/**
 * Policy documents in AWS (infra/constructs/documents.ts): the bucket in the stateful stack,
 * the upload event and the ingest function in the stateless one. The IAM grants of every
 * function that touches the bucket are checked line by line in roles.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CfnElement, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp } from '../../infra/app.js';
import { DEFAULT_UPLOAD_ORIGINS } from '../../infra/constructs/documents.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

describe('policy documents (CDK)', () => {
  let built: BuiltApp;
  let stateful: Template;
  let stateless: Template;
  const outdir = mkdtempSync(join(tmpdir(), 'bhxh-documents-infra-'));

  beforeAll(() => {
    built = buildApp({ context: NO_BUNDLING, outdir });
    stateful = Template.fromStack(built.stateful);
    stateless = Template.fromStack(built.stateless);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const bucketName = {
    'Fn::Join': ['', ['bhxh-prod-documents-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]],
  };

  it('keeps the documents in a private, versioned, encrypted bucket of the stateful stack, retained in prod', () => {
    const buckets = stateful.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(1);
    const [bucket] = Object.values(buckets);
    expect(bucket?.DeletionPolicy).toBe('Retain');
    expect(bucket?.Properties).toMatchObject({
      BucketName: bucketName,
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    // No custom resource to switch EventBridge on (and no function with a managed policy for it).
    expect(Object.keys(stateful.findResources('AWS::Lambda::Function'))).toEqual([]);
  });

  it('accepts only TLS, and browser uploads only as POST from the console origin', () => {
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    const [bucket] = Object.values(stateful.findResources('AWS::S3::Bucket'));
    expect(bucket?.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['POST'],
          AllowedOrigins: DEFAULT_UPLOAD_ORIGINS,
          AllowedHeaders: ['*'],
          MaxAge: 3000,
        },
      ],
    });
    const pinned = buildApp({
      context: { ...NO_BUNDLING, consoleOrigin: 'https://console.example.org' },
      outdir: mkdtempSync(join(tmpdir(), 'bhxh-documents-origin-')),
    });
    const [pinnedBucket] = Object.values(
      Template.fromStack(pinned.stateful).findResources('AWS::S3::Bucket'),
    );
    expect(pinnedBucket?.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual([
      'https://console.example.org',
    ]);
  });

  it('can be thrown away with a disposable stage', () => {
    const staging = buildApp({
      context: { ...NO_BUNDLING, stage: 'staging' },
      outdir: mkdtempSync(join(tmpdir(), 'bhxh-documents-staging-')),
    });
    const [bucket] = Object.values(Template.fromStack(staging.stateful).findResources('AWS::S3::Bucket'));
    expect(bucket?.DeletionPolicy).toBe('Delete');
    expect(RemovalPolicy.DESTROY).toBe('destroy');
  });

  it('runs the ingest function on every object created under uploads/, one at a time', () => {
    const fn = built.stateless.documents.function;
    const fnId = built.stateless.getLogicalId(fn.function.node.defaultChild as CfnElement);
    const resource = stateless.findResources('AWS::Lambda::Function')[fnId];
    expect(resource?.Properties).toMatchObject({
      ReservedConcurrentExecutions: 1,
      Timeout: 120,
      Architectures: ['arm64'],
      Environment: {
        Variables: expect.objectContaining({ DOCUMENTS_BUCKET: bucketName, RUNTIME: 'lambda' }),
      },
    });
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix: 'uploads/' }] } },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
        }),
      ],
    });
    stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });

  it('tells the worker and the console API where the documents are', () => {
    for (const fn of [built.stateless.pipeline.worker, built.stateless.console.apiFunction]) {
      const id = built.stateless.getLogicalId(fn.function.node.defaultChild as CfnElement);
      const variables =
        stateless.findResources('AWS::Lambda::Function')[id]?.Properties.Environment.Variables;
      expect(variables.DOCUMENTS_BUCKET).toEqual(bucketName);
    }
  });
});
