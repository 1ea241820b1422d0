/**
 * Policy documents in AWS (CONSOLE.md §1.5):
 * - `DocumentsBucket` (stateful stack): uploads, per-document chunks and index artifacts.
 *   Versioned, encrypted, private, TLS only; the browser POSTs to it with a presigned POST
 *   (CORS: POST from the console's origin only); every object event goes to EventBridge.
 * - `DocumentIngest` (stateless stack): an EventBridge rule for `Object Created` under
 *   `uploads/` → the ingest function, one at a time (reserved concurrency 1), which reads the
 *   upload, writes chunks and a new index artifact, and moves `INDEX/CURRENT` in the content
 *   table. The worker reads the pointer and artifacts; the console API signs uploads, reads
 *   chunks and publishes on withdraw and reindex. Each gets exactly those prefixes.
 *
 * EventBridge rather than a bucket notification: a notification on a stateful-stack bucket
 * naming a stateless-stack function would make the two stacks depend on each other.
 */
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type CfnPolicy, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { rules } from 'cdk-nag';
import { Construct } from 'constructs';
import { AppFunction } from './app-function.js';
import { type LlmDeployment, llmEnvironment } from './message-pipeline.js';

/** Where each kind of object lives in the bucket (functions/app/documents/library.ts). */
export const DOCUMENT_PREFIXES = { uploads: 'uploads/', chunks: 'docs/', index: 'index/' } as const;

/**
 * Origins allowed to POST an upload: the console's CloudFront domain is only known to the
 * stateless stack, so by default any `*.cloudfront.net` origin (the presigned policy still
 * fixes key, size and type); `-c consoleOrigin=https://…` pins the one origin.
 */
export const DEFAULT_UPLOAD_ORIGINS = ['https://*.cloudfront.net'];

/**
 * The bucket's name, the same in both stacks (account and region resolve in each): the
 * stateless stack names it instead of importing it, so no export ties the stacks and the
 * grants read the same at synth and in cdk-nag's report.
 */
export function documentsBucketName(stage: string): string {
  return `bhxh-${stage.toLowerCase()}-documents-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

export class DocumentsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly bucketName: string;
      readonly removalPolicy: RemovalPolicy;
      readonly allowedOrigins?: readonly string[];
    },
  ) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // What staff uploaded is their record of the published text: kept with the tables.
      removalPolicy:
        props.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      cors: [
        {
          allowedMethods: [HttpMethods.POST],
          allowedOrigins: [...(props.allowedOrigins ?? DEFAULT_UPLOAD_ORIGINS)],
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // Every object event to EventBridge, set on the bucket itself: `eventBridgeEnabled` would add
    // a custom-resource function (with a managed policy) only to make this one call.
    (this.bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Three roles reach the objects (the ingest function, the worker, the console API, each on its own ' +
        'prefixes) and uploads are presigned by the console API, which audits them; versioning keeps 90 days ' +
        'of every object. Server access logs would add a second bucket for nothing those do not record.',
    });
  }
}

export interface DocumentIngestProps {
  /** documentsBucketName(stage): the bucket of the stateful stack. */
  readonly bucketName: string;
  readonly content: ITableV2;
  /** Reads the pointer and the artifacts it names. */
  readonly worker: AppFunction;
  /** Signs uploads, shows passages, publishes on withdraw and reindex. */
  readonly consoleApi: AppFunction;
  /** Dense retrieval on: the ingest embeds passages with this model and key. */
  readonly llm?: LlmDeployment;
  readonly llmApiKey?: ISecret;
}

export class DocumentIngest extends Construct {
  readonly function: AppFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: DocumentIngestProps) {
    super(scope, id);
    const bucket = Bucket.fromBucketName(this, 'Bucket', props.bucketName);
    const objects = (prefix: string) => bucket.arnForObjects(`${prefix}*`);
    this.function = new AppFunction(this, 'Function', {
      entry: 'functions/composition/lambda/document-ingest.ts',
      description: 'Uploaded policy document → chunks → new index version (one at a time)',
      memorySize: 1536,
      timeout: Duration.minutes(2),
      // One build at a time: two would race for the pointer (the loser retries, but wastes a build).
      reservedConcurrentExecutions: 1,
      environment: {
        DOCUMENTS_BUCKET: bucket.bucketName,
        ...(props.llm?.embedding ? llmEnvironment(props.llm) : {}),
      },
    });
    if (props.llm?.embedding && props.llmApiKey) this.function.bindSecret('OPENAI_API_KEY', props.llmApiKey);
    // Records and the pointer by key; the document list through the byKind index.
    this.function.bindTable('content', props.content, {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      leadingKeys: ['DOC#*', 'INDEX'],
    });
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.content.tableArn}/index/byKind`],
      }),
    );
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [objects(DOCUMENT_PREFIXES.uploads), objects(DOCUMENT_PREFIXES.chunks)],
      }),
    );
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [objects(DOCUMENT_PREFIXES.chunks), objects(DOCUMENT_PREFIXES.index)],
      }),
    );

    this.rule = new Rule(this, 'Uploaded', {
      description: 'A document uploaded to the documents bucket: ingest it',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: [{ prefix: DOCUMENT_PREFIXES.uploads }] },
        },
      },
      targets: [
        new LambdaFunction(this.function.function, { retryAttempts: 8, maxEventAge: Duration.hours(6) }),
      ],
    });

    // The worker: the pointer (content table, read already) and the artifacts it names.
    props.worker.function.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName);
    props.worker.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(DOCUMENT_PREFIXES.index)] }),
    );
    // The console API: presigned POSTs are signed with its role, so it needs PutObject on uploads/.
    props.consoleApi.function.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName);
    props.consoleApi.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [objects(DOCUMENT_PREFIXES.uploads), objects(DOCUMENT_PREFIXES.chunks)],
      }),
    );
    props.consoleApi.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [objects(DOCUMENT_PREFIXES.uploads), objects(DOCUMENT_PREFIXES.index)],
      }),
    );
    for (const fn of [this.function, props.worker, props.consoleApi]) acknowledgePrefixGrants(fn.role);
  }
}

/**
 * The documents bucket's prefix grants (`…/uploads/*`, `…/docs/*`, `…/index/*`), acknowledged one
 * finding at a time: object keys carry a document id and a content hash, unknown until written.
 * Any other wildcard on the role stays a cdk-nag error.
 */
function acknowledgePrefixGrants(role: Role): void {
  const policy = role.node.findChild('DefaultPolicy').node.defaultChild as CfnPolicy;
  const findings = rules.iam.IAMNoWildcardPermissions(policy);
  for (const finding of Array.isArray(findings) ? findings : []) {
    if (
      !/^Resource::arn:<AWS::Partition>:s3:::bhxh-[^/]+-documents-[^/]+\/(uploads|docs|index)\/\*$/.test(
        finding,
      )
    )
      continue;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason: 'Documents bucket objects by prefix: keys carry the document id and a content hash.',
    });
  }
}
