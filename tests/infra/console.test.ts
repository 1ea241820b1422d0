/**
 * The staff console in AWS (infra/constructs/console.ts): the Cognito user pool in the
 * stateful stack; the bucket, CloudFront and the console API in the stateless one. The IAM
 * grants of the console API are checked with every other role in roles.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp } from '../../infra/app.js';
import {
  CONSOLE_API_PATH,
  CONSOLE_CSP,
  consoleSource,
  SPA_REWRITE_SOURCE,
} from '../../infra/constructs/console.js';
import { ROUTE_THROTTLES } from '../../infra/stacks/stateless.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

type Resource = {
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Behavior = Record<string, unknown> & { TargetOriginId: string };
type Origin = Record<string, unknown> & { Id: string; DomainName: unknown };

describe('staff console (CDK)', () => {
  let built: BuiltApp;
  let stateful: Template;
  let stateless: Template;
  const outdir = mkdtempSync(join(tmpdir(), 'bhxh-console-infra-'));

  beforeAll(() => {
    built = buildApp({ context: NO_BUNDLING, outdir });
    stateful = Template.fromStack(built.stateful);
    stateless = Template.fromStack(built.stateless);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const only = (template: Template, type: string): [string, Resource] => {
    const found = Object.entries(template.findResources(type)) as Array<[string, Resource]>;
    expect(found).toHaveLength(1);
    return found[0] as [string, Resource];
  };
  const logicalId = (element: { node: { defaultChild?: unknown } }, stack: Stack) =>
    stack.getLogicalId(element.node.defaultChild as CfnElement);
  const distributionConfig = () =>
    only(stateless, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as {
      DefaultCacheBehavior: Behavior;
      CacheBehaviors: Behavior[];
      Origins: Origin[];
    } & Record<string, unknown>;

  it('synthesizes with no unacknowledged cdk-nag finding and no dependency cycle', () => {
    // Synthesis runs the AwsSolutions checks (infra/app.ts) and fails on a cycle between the
    // distribution (origin: the API), the console function (env: the distribution) and the stage.
    expect(() => built.app.synth()).not.toThrow();
  });

  describe('user pool (stateful stack)', () => {
    it('is invitation-only, signs in by e-mail, requires TOTP and a strong password, on the Lite plan', () => {
      stateful.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        UsernameAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
          },
        },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        UserPoolTier: 'LITE',
        DeletionProtection: 'ACTIVE',
      });
      const [, pool] = only(stateful, 'AWS::Cognito::UserPool');
      expect(pool.DeletionPolicy).toBe('Retain');
      expect(pool.UpdateReplacePolicy).toBe('Retain');
      // No Lambda triggers, no SMS.
      expect(pool.Properties.LambdaConfig).toBeUndefined();
      expect(pool.Properties.SmsConfiguration).toBeUndefined();
      stateless.resourceCountIs('AWS::Cognito::UserPool', 0);
    });

    it('has the three role groups, admin first, kept with the pool', () => {
      const poolId = logicalId(built.stateful.consoleUsers.userPool, built.stateful);
      const groups = Object.values(stateful.findResources('AWS::Cognito::UserPoolGroup')) as Resource[];
      expect(groups.map((group) => [group.Properties.GroupName, group.Properties.Precedence]).sort()).toEqual(
        [
          ['admin', 1],
          ['analyst', 3],
          ['editor', 2],
        ],
      );
      for (const group of groups) {
        expect(group.Properties.UserPoolId).toEqual({ Ref: poolId });
        expect(group.DeletionPolicy).toBe('Retain');
      }
    });

    it('has one app client: no secret, password and SRP sign-in, no OAuth, 1 h access and 12 h refresh tokens', () => {
      const [, client] = only(stateful, 'AWS::Cognito::UserPoolClient');
      expect(client.Properties).toMatchObject({
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlowsUserPoolClient: false,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        RefreshTokenValidity: 720,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      });
      expect(client.Properties.CallbackURLs).toBeUndefined();
      expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    });

    it('prints the pool and client ids from both stacks', () => {
      const poolId = logicalId(built.stateful.consoleUsers.userPool, built.stateful);
      stateful.hasOutput('UserPoolId', { Value: { Ref: poolId } });
      stateful.hasOutput('UserPoolClientId', { Value: { Ref: Match.stringLikeRegexp('ConsoleClient') } });
      stateless.hasOutput('UserPoolId', {
        Value: { 'Fn::ImportValue': Match.stringLikeRegexp(poolId) },
      });
      stateless.hasOutput('UserPoolClientId', {
        Value: { 'Fn::ImportValue': Match.stringLikeRegexp('ConsoleClient') },
      });
    });

    it('follows the tables in a disposable stage', () => {
      const staging = Template.fromStack(
        buildApp({ context: { ...NO_BUNDLING, stage: 'staging' } }).stateful,
      );
      staging.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Delete',
        Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
      });
    });
  });

  describe('static files', () => {
    it('live in a private, versioned, encrypted, TLS-only bucket that outlives the stack', () => {
      const [, bucket] = only(stateless, 'AWS::S3::Bucket');
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
      expect(bucket.DeletionPolicy).toBe('Retain');
      // No autoDeleteObjects: no custom resource emptying the bucket, no Lambda for it.
      expect(Object.keys(stateless.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);
    });

    it('are readable by CloudFront only, through origin access control, for this distribution only', () => {
      const distributionId = logicalId(built.stateless.console.distribution, built.stateless);
      const bucketId = logicalId(built.stateless.console.bucket, built.stateless);
      const [, policy] = only(stateless, 'AWS::S3::BucketPolicy');
      expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
      const statements = (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> })
        .Statement;
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allows).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':cloudfront::',
                    { Ref: 'AWS::AccountId' },
                    ':distribution/',
                    { Ref: distributionId },
                  ],
                ],
              },
            },
          },
        },
      ]);
      // The rest denies: plain HTTP.
      expect(statements.filter((statement) => statement.Effect !== 'Allow')).toEqual([
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]);
      const [oacId, oac] = only(stateless, 'AWS::CloudFront::OriginAccessControl');
      expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      const s3Origin = distributionConfig().Origins.find((origin) => 'S3OriginConfig' in origin);
      expect(s3Origin).toMatchObject({
        DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      });
    });

    it('are deployed from web/dist: hashed assets first and cached a year, then the shell, revalidated and invalidated', () => {
      const distributionId = logicalId(built.stateless.console.distribution, built.stateless);
      const bucketId = logicalId(built.stateless.console.bucket, built.stateless);
      const deployments = Object.entries(stateless.findResources('Custom::CDKBucketDeployment')) as Array<
        [string, Resource]
      >;
      expect(deployments).toHaveLength(2);
      const [assetsId, assets] = deployments.find(([, d]) => !d.Properties.DistributionId) ?? [];
      const [, shell] = deployments.find(([, d]) => d.Properties.DistributionId) ?? [];
      expect(assets?.Properties).toMatchObject({
        DestinationBucketName: { Ref: bucketId },
        Prune: true,
        Exclude: ['*.html', 'favicon.svg'],
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      });
      expect(shell?.Properties).toMatchObject({
        DestinationBucketName: { Ref: bucketId },
        Prune: true,
        Exclude: ['*'],
        Include: ['*.html', 'favicon.svg'],
        SystemMetadata: { 'cache-control': 'no-cache' },
        DistributionId: { Ref: distributionId },
        DistributionPaths: ['/index.html'],
      });
      expect(shell?.DependsOn).toContain(assetsId);
      // Both from the same built folder.
      expect(shell?.Properties.SourceObjectKeys).toEqual(assets?.Properties.SourceObjectKeys);
    });

    it('falls back to a placeholder page only when assets are not built (tests, cost:idle)', () => {
      const missing = join(outdir, 'no-such-dist');
      const skipping = new Stack(new App({ context: NO_BUNDLING }), 'Skip');
      expect(() => consoleSource(skipping, missing)).not.toThrow();
      const deploying = new Stack(new App(), 'Deploy');
      expect(() => consoleSource(deploying, missing)).toThrow(/npm run build:web/);
    });
  });

  describe('CloudFront distribution', () => {
    it('serves the bucket by default: shell as root object, HTTPS, HTTP/2 and 3, price class 200, no error-page rewriting', () => {
      const config = distributionConfig();
      expect(config).toMatchObject({
        DefaultRootObject: 'index.html',
        HttpVersion: 'http2and3',
        PriceClass: 'PriceClass_200',
        Enabled: true,
      });
      // Distribution-wide error responses would also turn the API's 403/404 into the HTML shell.
      expect(config.CustomErrorResponses).toBeUndefined();
      const s3Origin = config.Origins.find((origin) => 'S3OriginConfig' in origin);
      expect(config.DefaultCacheBehavior).toMatchObject({
        TargetOriginId: s3Origin?.Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        ResponseHeadersPolicyId: {
          Ref: logicalId(built.stateless.console.securityHeaders, built.stateless),
        },
        FunctionAssociations: [
          {
            EventType: 'viewer-request',
            FunctionARN: {
              'Fn::GetAtt': [logicalId(built.stateless.console.spaRewrite, built.stateless), 'FunctionARN'],
            },
          },
        ],
      });
    });

    it('sends /api/* to the HTTP API, uncached, every method, every viewer header but Host, HTTPS only', () => {
      const config = distributionConfig();
      expect(config.CacheBehaviors).toHaveLength(1);
      const api = config.CacheBehaviors[0] as Behavior;
      expect(api).toMatchObject({
        PathPattern: '/api/*',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'https-only',
      });
      // The SPA rewrite never touches API paths: a 404 from the API stays a 404.
      expect(api.FunctionAssociations).toBeUndefined();
      expect(api.ResponseHeadersPolicyId).toBeUndefined();
      const origin = config.Origins.find((candidate) => candidate.Id === api.TargetOriginId);
      const apiId = logicalId(built.stateless.api, built.stateless);
      expect(origin).toMatchObject({
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        DomainName: {
          'Fn::Join': ['', [{ Ref: apiId }, '.execute-api.ap-southeast-1.', { Ref: 'AWS::URLSuffix' }]],
        },
      });
    });

    it('breaks the cycle: the API origin names the API only, the function names the distribution', () => {
      const stageId = logicalId(built.stateless.stage, built.stateless);
      const distribution = JSON.stringify(only(stateless, 'AWS::CloudFront::Distribution')[1]);
      // The stage depends on every route, the console route on the function: naming the stage
      // here while the function names the distribution would be a cycle.
      expect(distribution).not.toContain(stageId);
      const functionId = logicalId(built.stateless.console.apiFunction.function, built.stateless);
      expect(distribution).not.toContain(functionId);
      const fn = stateless.findResources('AWS::Lambda::Function')[functionId] as Resource;
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.CONSOLE_ORIGIN).toEqual({
        'Fn::Join': [
          '',
          [
            'https://',
            {
              'Fn::GetAtt': [logicalId(built.stateless.console.distribution, built.stateless), 'DomainName'],
            },
          ],
        ],
      });
      stateless.hasOutput('ConsoleUrl', { Value: variables.CONSOLE_ORIGIN });
    });

    it('sets the security headers on the static files, CSP exactly as designed', () => {
      const [, policy] = only(stateless, 'AWS::CloudFront::ResponseHeadersPolicy');
      const config = policy.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>;
      expect(config.SecurityHeadersConfig).toEqual({
        ContentSecurityPolicy: {
          ContentSecurityPolicy:
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; " +
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
          Override: true,
        },
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: 2 * 365 * 86_400,
          IncludeSubdomains: true,
          Override: true,
        },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'same-origin', Override: true },
      });
      expect(CONSOLE_CSP).toBe(
        (config.SecurityHeadersConfig as { ContentSecurityPolicy: { ContentSecurityPolicy: string } })
          .ContentSecurityPolicy.ContentSecurityPolicy,
      );
      expect(CONSOLE_CSP).not.toMatch(/unsafe-(inline|eval)/);
    });

    it('rewrites application paths to the shell and leaves files alone (the CloudFront Function)', () => {
      const [, fn] = only(stateless, 'AWS::CloudFront::Function');
      expect(fn.Properties.FunctionCode).toBe(SPA_REWRITE_SOURCE);
      expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
      // The same source, run here as CloudFront runs it (one handler(event) → request).
      const handler = new Function(`${SPA_REWRITE_SOURCE}\nreturn handler;`)() as (event: {
        request: { uri: string };
      }) => { uri: string };
      const rewrite = (uri: string) => handler({ request: { uri } }).uri;
      for (const path of ['/', '/faq', '/faq/bhxh-tu-nguyen-01', '/users/', '/dashboards/2026-11']) {
        expect(rewrite(path)).toBe('/index.html');
      }
      for (const file of ['/index.html', '/app-1a2b3c4d5e.js', '/app-1a2b3c4d5e.css', '/icons/9f.svg']) {
        expect(rewrite(file)).toBe(file);
      }
    });
  });

  describe('console API', () => {
    it('is one function of 1 GB and 30 s with the index, the pool, client, queue and origin in its environment', () => {
      const fn = built.stateless.console.apiFunction.function;
      const resource = stateless.findResources('AWS::Lambda::Function')[
        logicalId(fn, built.stateless)
      ] as Resource;
      expect(resource.Properties).toMatchObject({ MemorySize: 1024, Timeout: 30 });
      const variables = (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const poolId = logicalId(built.stateful.consoleUsers.userPool, built.stateful);
      expect(JSON.stringify(variables.COGNITO_USER_POOL_ID)).toMatch(new RegExp(`ImportValue.*${poolId}`));
      expect(JSON.stringify(variables.COGNITO_CLIENT_ID)).toMatch(/ImportValue.*ConsoleClient/);
      expect(variables.QUEUE_URL).toEqual({
        Ref: logicalId(built.stateless.pipeline.queue, built.stateless),
      });
      expect(Object.keys(variables).sort()).toEqual(
        [
          'COGNITO_CLIENT_ID',
          'COGNITO_USER_POOL_ID',
          'CONSOLE_ORIGIN',
          'DATA_DIR',
          'DOCUMENTS_BUCKET',
          'HASH_KEY_SECRET_ARN',
          'KNOWLEDGE_DIR',
          'KNOWLEDGE_INDEX_FILE',
          'NODE_OPTIONS',
          'QUEUE_URL',
          'RUNTIME',
          'TABLE_CONTENT',
          'TABLE_CONVERSATIONS',
          'TABLE_STATE',
        ].sort(),
      );
    });

    it('answers ANY /api/{proxy+} with its own throttle, and no API Gateway authorizer', () => {
      const routeKey = `ANY ${CONSOLE_API_PATH}`;
      expect(routeKey).toBe('ANY /api/{proxy+}');
      expect(ROUTE_THROTTLES[routeKey]).toEqual({ rateLimit: 10, burstLimit: 20 });
      const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
      const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey);
      expect(route?.Properties.AuthorizationType).toBe('NONE');
      const integrationId = JSON.stringify(route?.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const integration = stateless.findResources('AWS::ApiGatewayV2::Integration')[
        integrationId
      ] as Resource;
      const functionId = logicalId(built.stateless.console.apiFunction.function, built.stateless);
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
      });
      stateless.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
      const [, stage] = only(stateless, 'AWS::ApiGatewayV2::Stage');
      expect((stage.Properties.RouteSettings as Record<string, unknown>)[routeKey]).toEqual({
        ThrottlingRateLimit: 10,
        ThrottlingBurstLimit: 20,
      });
    });
  });
});
