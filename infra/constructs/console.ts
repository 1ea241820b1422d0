/**
 * The staff console in AWS (design: CONSOLE.md §1.2 "Auth", §1.3 "Serving", §3 risk 15).
 *
 * Two constructs, because the users must outlive the code:
 * - `ConsoleUsers` (stateful stack): the Cognito user pool, its three role groups and the app
 *   client the console API signs in through. A stateless redeploy never touches them.
 * - `Console` (stateless stack): the console API function, the private bucket holding the
 *   static console (web/dist), and one CloudFront distribution serving both on one origin:
 *   `/*` from the bucket (origin access control), `/api/*` from the HTTP API, uncached.
 *
 * Roles are checked in the handler: it verifies Cognito access tokens with aws-jwt-verify
 * and reads `cognito:groups` as the array it is. The HTTP API's JWT authorizer is not used
 * for roles: it hands array claims to the function flattened into a string ("[a b]").
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { type CfnPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { rules } from 'cdk-nag';
import { Construct } from 'constructs';
import { dedupeKey } from '../../functions/adapters/dynamodb/dedupe-store.js';
import { progressKey } from '../../functions/adapters/dynamodb/progress-store.js';
import { CONSOLE_CSP } from '../../functions/shared/console-csp.js';
import type { AppTables } from '../stacks/stateful.js';
import { AppFunction, SINGLE_ITEM_ACTIONS } from './app-function.js';
import { KNOWLEDGE_INDEX_ENVIRONMENT, WITH_KNOWLEDGE_INDEX } from './message-pipeline.js';

/** Console roles as Cognito groups; the lowest precedence wins when a user is in several. */
export const CONSOLE_GROUPS = [
  {
    name: 'admin',
    precedence: 1,
    description: 'Users and roles, settings, audit log; everything editors do',
  },
  {
    name: 'editor',
    precedence: 2,
    description: 'Edit, publish and import FAQs; documents; everything analysts do',
  },
  {
    name: 'analyst',
    precedence: 3,
    description: 'Read content and conversations, dashboards, gap clusters; drafts only',
  },
] as const;

/** The route the console API answers on the HTTP API (CloudFront sends `/api/*` there). */
export const CONSOLE_API_PATH = '/api/{proxy+}';

/** The only page of the single-page console: every application path is served this file. */
export const CONSOLE_SHELL = '/index.html';

/** Content-Security-Policy of every file of the static console: the one `npm start` sends too. */
export { CONSOLE_CSP };

/**
 * What the console API may do on the user pool (the admin's Users screen): list users and
 * their groups, invite a user, change their group. Sign-in (InitiateAuth,
 * RespondToAuthChallenge, AssociateSoftwareToken, VerifySoftwareToken) and sign-out
 * (RevokeToken) are public Cognito calls made with the user's own session: no IAM needed.
 */
export const CONSOLE_USER_ADMIN_ACTIONS = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:ListUsers',
] as const;

/**
 * The console API's items in the state table, and nothing else there (not the sessions,
 * the citizens' rate counters, the other channels' dedupe and progress items, or the Zalo
 * token pair): its sign-in attempt counters (`RATE#console-login:…`,
 * functions/adapters/dynamodb/rate-counter.ts), and the web chat's dedupe claims, the
 * worker's progress records it reads, and the replies the worker files
 * (functions/adapters/dynamodb/web-reply-store.ts). All are single-item calls, so the
 * `dynamodb:LeadingKeys` condition always applies.
 */
/** Items of the conversations table the console API writes: turn notes and daily roll-ups. */
export const CONSOLE_CONVERSATION_KEYS = ['CHAT#*', 'STATS#*'];

export const CONSOLE_STATE_KEYS = [
  'RATE#console-login:*',
  dedupeKey('web', '*'),
  progressKey('web', '*'),
  'WEBREPLY#*',
] as const;

/**
 * CloudFront Function (viewer request, default behaviour only): an application path (no
 * dot in its last segment, e.g. `/faq/abc`) gets the shell; a file (`/app-1a2b.js`) is
 * fetched as it is, and a missing file stays an error. This replaces distribution-level
 * custom error responses, which would also turn the API's own 403/404 JSON answers into
 * the HTML shell with status 200. The cache key is the rewritten URI, so every path shares
 * the one cached copy of the shell that a deploy invalidates.
 */
export const SPA_REWRITE_SOURCE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) request.uri = '${CONSOLE_SHELL}';
  return request;
}`;

/**
 * Files of web/dist whose names stay the same from build to build: sent with
 * `Cache-Control: no-cache` (browsers revalidate each load) and deployed after the rest.
 * Everything else (`app-<hash>.js`, `app-<hash>.css`, `icons/<hash>.svg`: see
 * scripts/build-web.ts) has a content-hashed name and is cached for a year as immutable.
 */
export const CONSOLE_UNHASHED_FILES = ['*.html', 'favicon.svg'] as const;

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ConsoleUsersProps {
  /** RETAIN (with deletion protection) in production; DESTROY for throwaway stages. */
  readonly removalPolicy: RemovalPolicy;
}

/** The console's users: Cognito user pool, role groups, app client (stateful stack). */
export class ConsoleUsers extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly groups: readonly CfnUserPoolGroup[];

  constructor(scope: Construct, id: string, props: ConsoleUsersProps) {
    super(scope, id);
    const retain = props.removalPolicy === RemovalPolicy.RETAIN;
    this.userPool = new UserPool(this, 'UserPool', {
      // Admins invite (AdminCreateUser); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address only replaces the old one once its code is confirmed.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // TOTP for every console user. The design asks MFA for editors and admins, but Cognito
      // sets MFA per pool, not per group: requiring it of analysts too is the stricter choice,
      // and analysts read citizens' (redacted) conversations, which deserves a second factor
      // anyway. No SMS (cost, SIM swap); email codes would need the Essentials plan.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Lite has everything used here (password sign-in, TOTP, groups, admin APIs) and the
      // lowest price per user; the first 10,000 monthly active users are free (idle-cost).
      featurePlan: FeaturePlan.LITE,
      userInvitation: {
        emailSubject: 'Tài khoản bảng điều khiển trợ lý BHXH/BHYT',
        emailBody:
          'Tài khoản của bạn trên bảng điều khiển trợ lý BHXH/BHYT đã được tạo.<br>' +
          'Tên đăng nhập: {username}<br>Mật khẩu tạm thời (hiệu lực 3 ngày): {####}<br>' +
          'Lần đăng nhập đầu tiên, bạn sẽ đặt mật khẩu mới và cài ứng dụng xác thực (mã TOTP).',
      },
      userVerification: {
        emailSubject: 'Mã xác minh email — trợ lý BHXH/BHYT',
        emailBody: 'Mã xác minh địa chỉ email của bạn trên bảng điều khiển trợ lý BHXH/BHYT: {####}',
      },
      deletionProtection: retain,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus plan (threat protection: compromised credentials, adaptive authentication) costs $0.02 per ' +
        'monthly active user with no free tier, against $0 for a few dozen staff on Lite. Instead: TOTP MFA ' +
        'required for every user, no self sign-up, 12-character passwords, no user-existence errors, and the ' +
        'console API limits sign-in attempts per e-mail and per address with a lockout window (state table).',
    });

    // The console API signs in with InitiateAuth USER_PASSWORD_AUTH and answers the
    // NEW_PASSWORD_REQUIRED, MFA_SETUP and SOFTWARE_TOKEN_MFA challenges; SRP stays
    // available for a client that can do it. No OAuth (no hosted pages, no callback URLs).
    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Time to finish a sign-in, including setting up the authenticator app the first time.
      authSessionValidity: Duration.minutes(10),
    });

    // Group memberships are the users' roles: data, kept like the pool.
    this.groups = CONSOLE_GROUPS.map((group) => {
      const cfn = new CfnUserPoolGroup(this, `${capitalise(group.name)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group.name,
        precedence: group.precedence,
        description: group.description,
      });
      cfn.applyRemovalPolicy(props.removalPolicy);
      return cfn;
    });
  }
}

export interface ConsoleProps {
  readonly users: ConsoleUsers;
  readonly tables: AppTables;
  /** The pipeline's FIFO queue: the console's web chat messages go through it. */
  readonly queue: IQueue;
  /** Hash key: the web chat's chat id is the staff member's hashed e-mail. */
  readonly hashKey: ISecret;
  /** The HTTP API that serves `ANY /api/{proxy+}` (the stack adds the route). */
  readonly api: IHttpApi;
  /** The built console (`npm run build:web`), relative to the repository root. */
  readonly webDist?: string;
}

/** The console's API function, static files and CloudFront distribution (stateless stack). */
export class Console extends Construct {
  readonly apiFunction: AppFunction;
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly spaRewrite: CloudFrontFunction;
  readonly securityHeaders: ResponseHeadersPolicy;
  /**
   * The copy of web/dist into the bucket: hashed assets, then the unhashed files (the shell),
   * by aws-cdk-lib's provider function running with this role and logging to this group.
   */
  readonly deployment: {
    readonly assets: BucketDeployment;
    readonly shell: BucketDeployment;
    readonly role: Role;
    readonly logGroup: LogGroup;
  };
  /** `https://<distribution>.cloudfront.net` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // RETAIN, not DESTROY: a non-empty bucket cannot be deleted by CloudFormation, and
    // emptying it on delete (autoDeleteObjects) costs a custom-resource Lambda with
    // s3:DeleteObject* on the bucket. What it holds is rebuilt from git by
    // `npm run build:web`, so an orphaned copy after `cdk destroy` costs cents and can be
    // emptied and deleted by hand. Versioned: a bad deploy can be rolled back object by
    // object for 30 days (then old versions expire).
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only two principals can reach the objects: CloudFront, reading through origin access control (the ' +
        'bucket policy names this distribution only), and the deployment role writing during cdk deploy. ' +
        'Server access logs would record nothing else; versioning keeps 30 days of every object for forensics.',
    });

    this.spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Console: application paths get /index.html; files and /api/* are untouched',
      code: FunctionCode.fromInline(SPA_REWRITE_SOURCE),
      runtime: FunctionRuntime.JS_2_0,
    });

    this.securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Console static files: strict CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONSOLE_CSP, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
    });

    // The origin is the API's own domain, built from its id: not from the stage, which
    // depends on every route, whose integration depends on the function, whose environment
    // names this distribution (CONSOLE_ORIGIN below): that would be a cycle.
    const apiDomain = `${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'BHXH/BHYT assistant: staff console and its API',
      defaultRootObject: 'index.html',
      // Price class 200 includes the edges in Vietnam and the rest of Asia.
      priceClass: PriceClass.PRICE_CLASS_200,
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: this.securityHeaders,
        functionAssociations: [{ function: this.spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(apiDomain, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          // HTTPS only, no redirect: a redirected POST would have crossed the network in clear.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Cookies, query strings and headers reach the API; Host would make API Gateway
          // look for a custom domain and answer 403.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: staff work in Vietnam but travel (training, conferences, leave abroad) and must ' +
          'still reach the console; an attacker gets a Vietnamese address from any VPN. Access is gated by ' +
          'password + TOTP instead.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF: a web ACL costs $5/month plus $1 per rule and per million requests, more than the whole idle ' +
          'bill, for a console used by a few dozen staff. The API route has its own throttle (ROUTE_THROTTLES), ' +
          'the API limits and locks out sign-in attempts, and CloudFront includes Shield Standard.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'No CloudFront access log: standard logs record every query string, and /api/* query strings carry ' +
          "analysts' searches over citizens' messages; legacy logging cannot drop fields. Every /api request is " +
          'in the HTTP API access log (metadata only, by design), sign-ins and changes are in the audit log; ' +
          'static file requests carry nothing worth keeping.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate: CloudFront then fixes the security policy at TLSv1 and ' +
          'ignores a minimum. Browsers negotiate TLS 1.2/1.3 anyway; with a custom domain and an ACM ' +
          'certificate, set minimumProtocolVersion TLS_V1_2_2021.',
      },
    );
    this.url = `https://${this.distribution.distributionDomainName}`;

    this.deployment = this.deploy(props.webDist ?? 'web/dist');

    const { userPool, client } = props.users;
    this.apiFunction = new AppFunction(this, 'Api', {
      entry: 'functions/composition/lambda/console-api.ts',
      description: `ANY ${CONSOLE_API_PATH}: the staff console API (Cognito tokens verified in the handler)`,
      memorySize: 1024,
      timeout: Duration.seconds(30),
      // Signs document uploads with @aws-sdk/s3-presigned-post, bundled.
      bundleSdkHelpers: true,
      // The test bench answers as the worker does: the same prebuilt index, built at synth.
      ...WITH_KNOWLEDGE_INDEX,
      environment: {
        ...KNOWLEDGE_INDEX_ENVIRONMENT,
        COGNITO_USER_POOL_ID: userPool.userPoolId,
        COGNITO_CLIENT_ID: client.userPoolClientId,
        QUEUE_URL: props.queue.queueUrl,
        // Behind CloudFront the API sees Host = the execute-api domain (the viewer's Host is
        // not forwarded), so the CSRF Origin check needs the console's origin from here.
        CONSOLE_ORIGIN: this.url,
      },
    });
    // FAQ items, their versions and the audit log.
    this.apiFunction.bindTable('content', props.tables.content, 'readWrite');
    // Analyst views (turns by day, gap turns); writes only analysts' notes on turns (UpdateItem
    // on CHAT#…) and the daily roll-ups (STATS#…), never a turn's content.
    this.apiFunction.bindTable('conversations', props.tables.conversations, 'read');
    this.apiFunction.bindTable('conversations', props.tables.conversations, {
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      leadingKeys: CONSOLE_CONVERSATION_KEYS,
    });
    this.apiFunction.bindTable('state', props.tables.state, {
      actions: SINGLE_ITEM_ACTIONS,
      leadingKeys: CONSOLE_STATE_KEYS,
    });
    this.apiFunction.bindSecret('HASH_KEY', props.hashKey);
    props.queue.grantSendMessages(this.apiFunction.function);
    this.apiFunction.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...CONSOLE_USER_ADMIN_ACTIONS], resources: [userPool.userPoolArn] }),
    );
  }

  /**
   * The built console into the bucket: hashed assets first (cached a year), then the
   * unhashed files (revalidated each load), so a new shell never names a missing asset.
   * Both prune what the build no longer has, each within its own files.
   */
  private deploy(webDist: string): Console['deployment'] {
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const source = consoleSource(this, join(REPOSITORY_ROOT, webDist));
    const common = { sources: [source], destinationBucket: this.bucket, prune: true, role, logGroup };
    const assets = new BucketDeployment(this, 'DeployAssets', {
      ...common,
      exclude: [...CONSOLE_UNHASHED_FILES],
      cacheControl: [
        CacheControl.setPublic(),
        CacheControl.maxAge(Duration.days(365)),
        CacheControl.immutable(),
      ],
    });
    const shell = new BucketDeployment(this, 'DeployShell', {
      ...common,
      exclude: ['*'],
      include: [...CONSOLE_UNHASHED_FILES],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: [CONSOLE_SHELL],
    });
    shell.node.addDependency(assets);
    acknowledgeDeploymentGrants(role, this.bucket);
    // The provider: one per stack, shared by both deployments, created by aws-cdk-lib.
    for (const provider of Stack.of(this).node.children) {
      if (!provider.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "BucketDeployment's provider is a Python function whose runtime aws-cdk-lib chooses (it moves with " +
          'aws-cdk-lib upgrades); it runs only during cdk deploy.',
      });
    }
    return { assets, shell, role, logGroup };
  }
}

/**
 * The wildcards aws-cdk-lib's BucketDeployment grants its provider (`aws s3 sync` from the
 * asset bucket into the console bucket, then a CloudFront invalidation), acknowledged one
 * finding at a time. A wildcard this list does not describe stays a cdk-nag error.
 */
function acknowledgeDeploymentGrants(role: Role, bucket: Bucket): void {
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnBucket);
  const expected: ReadonlyArray<readonly [RegExp, string]> = [
    [
      /^Action::s3:(GetBucket|GetObject|List|Abort|DeleteObject)\*$/,
      'the S3 action groups aws-cdk-lib grants for `aws s3 sync --delete`',
    ],
    [
      /^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/,
      'objects of the CDK bootstrap asset bucket, where the zipped console is uploaded',
    ],
    [new RegExp(`^Resource::<${bucketId}\\.Arn>/\\*$`), 'objects of the console bucket only'],
    [
      /^Resource::\*$/,
      'cloudfront:CreateInvalidation/GetInvalidation, which aws-cdk-lib grants on * (the invalidation ' +
        'names this distribution)',
    ],
  ];
  const policy = role.node.findChild('DefaultPolicy').node.defaultChild as CfnPolicy;
  // `Resource::*` is acknowledged only while the invalidation is all that is granted on *.
  const document = Stack.of(role).resolve(policy.policyDocument) as {
    Statement: Array<{ Action: string | string[]; Resource: unknown }>;
  };
  const onAnything = document.Statement.filter((statement) => [statement.Resource].flat().includes('*'));
  const invalidationOnly = onAnything
    .flatMap((statement) => [statement.Action].flat())
    .every((action) => action === 'cloudfront:CreateInvalidation' || action === 'cloudfront:GetInvalidation');
  const findings = rules.iam.IAMNoWildcardPermissions(policy);
  for (const finding of Array.isArray(findings) ? findings : []) {
    const match = expected.find(([pattern]) => pattern.test(finding));
    if (!match || (finding === 'Resource::*' && !invalidationOnly)) continue;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason: `BucketDeployment (aws-cdk-lib) provider, run only during cdk deploy: ${match[1]}.`,
    });
  }
}

/**
 * web/dist as built by `npm run build:web`. Without it, a synth that builds no assets
 * (`aws:cdk:bundling-stacks: []`: the infra tests, `npm run cost:idle`) deploys a one-line
 * page instead; a real synth or deploy stops and says what to run.
 */
export function consoleSource(scope: Construct, dist: string): ISource {
  if (existsSync(join(dist, 'index.html'))) return Source.asset(dist);
  if (!Stack.of(scope).bundlingRequired) {
    return Source.data('index.html', '<!doctype html><title>console not built</title>');
  }
  throw new Error(
    `${dist}/index.html is missing: run \`npm run build:web\` before \`cdk synth\` or \`cdk deploy\``,
  );
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
