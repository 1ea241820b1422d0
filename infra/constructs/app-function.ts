/**
 * The one Lambda construct. It fixes the defaults every function shares (runtime, arm64,
 * esbuild bundling as ESM with source maps, log retention, tracing) and binds a table by
 * setting its environment variable and granting least privilege in one call.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLES, type TableId } from '../../functions/shared/tables.js';

export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export interface AppFunctionProps {
  /** Handler file, relative to the repository root, e.g. `functions/composition/lambda/health.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly logRetention?: RetentionDays;
  readonly reservedConcurrentExecutions?: number;
  /** Repository folders copied into the bundle (read at run time from `/var/task/<folder>`). */
  readonly bundledFolders?: readonly string[];
  /** Shell commands run after bundling (e.g. build a data artifact into `outputDir`). */
  readonly afterBundling?: (inputDir: string, outputDir: string) => readonly string[];
  /**
   * npm packages left out of the bundle beyond the AWS SDK: code this function never runs
   * (a dynamic import on a path it does not take). Importing one there fails at run time.
   */
  readonly excludedModules?: readonly string[];
  /**
   * Bundle the AWS SDK's helper packages (e.g. `@aws-sdk/s3-presigned-post`) and take only
   * its clients and libraries (`client-*`, `lib-*`) from the Lambda runtime, which is not
   * documented to ship every helper.
   */
  readonly bundleSdkHelpers?: boolean;
}

/** Where a bundled folder lives inside the Lambda package at run time. */
export function bundledPath(folder: string): string {
  return `/var/task/${folder}`;
}

/** Item reads the application makes (GetItem with ConsistentRead, Query on a key). */
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
/** Single-item calls: each names its partition key, so `dynamodb:LeadingKeys` always applies. */
export const SINGLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/**
 * What a function may do with a table:
 * - `describe`: `DescribeTable` on the table only (status for /health; no item access);
 * - `read` / `readWrite`: item reads (and writes) on the table and its named indexes;
 * - an explicit grant: exactly these actions on the table, limited to items whose partition
 *   key matches one of `leadingKeys` (IAM `StringLike` patterns such as `DEDUPE#telegram#*`).
 *   `ForAllValues` is true for a request that carries no key at all (Scan), so a grant with
 *   `leadingKeys` may hold only actions that always name their key (SINGLE_ITEM_ACTIONS).
 */
export type TableAccess =
  | 'describe'
  | 'read'
  | 'readWrite'
  | {
      readonly actions: readonly (typeof SINGLE_ITEM_ACTIONS)[number][];
      readonly leadingKeys: readonly string[];
    };

export class AppFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: logs only to this function's group.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      role: this.role,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        RUNTIME: 'lambda',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        sourceMap: true,
        minify: true,
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(); give the ESM bundle one.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        externalModules: [
          ...(props.bundleSdkHelpers ? ['@aws-sdk/client-*', '@aws-sdk/lib-*'] : ['@aws-sdk/*']),
          ...(props.excludedModules ?? []),
        ],
        ...(props.bundledFolders?.length || props.afterBundling
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  ...(props.bundledFolders ?? []).map(
                    (folder) =>
                      `mkdir -p "${outputDir}/${folder}" && cp -R "${inputDir}/${folder}/." "${outputDir}/${folder}/"`,
                  ),
                  ...(props.afterBundling?.(inputDir, outputDir) ?? []),
                ],
              },
            }
          : {}),
      },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
    });
  }

  /** Set the table's environment variable and grant exactly the access asked for. */
  bindTable(id: TableId, table: ITableV2, access: TableAccess): this {
    const definition = TABLES[id];
    this.function.addEnvironment(definition.envVar, table.tableName);
    if (access === 'describe') {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }),
      );
      return this;
    }
    if (typeof access === 'object') {
      if (access.leadingKeys.length === 0) throw new Error(`bindTable(${id}): leadingKeys must not be empty`);
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [...access.actions],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...access.leadingKeys] } },
        }),
      );
      return this;
    }
    // Explicit ARNs (table + each named index) instead of grantReadData's `index/*` wildcard.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access === 'read' ? [...READ_ACTIONS] : [...READ_ACTIONS, ...WRITE_ACTIONS],
        resources: [
          table.tableArn,
          ...definition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
        ],
      }),
    );
    return this;
  }

  /**
   * Pass a secret by reference (never its value) as `<name>_SECRET_ARN` and allow reading
   * it: the ARN, or `<arn>#<jsonKey>` for one field of a JSON secret
   * (functions/adapters/secrets.ts). IAM cannot narrow a read to one field: whoever may read
   * one key of a secret may read all of them, so one secret holds only values read by the
   * same functions (docs/design/operations.md, "Secrets and idle cost").
   */
  bindSecret(name: string, secret: ISecret, jsonKey?: string): this {
    this.function.addEnvironment(
      `${name}_SECRET_ARN`,
      jsonKey === undefined ? secret.secretArn : `${secret.secretArn}#${jsonKey}`,
    );
    secret.grantRead(this.function);
    return this;
  }
}
