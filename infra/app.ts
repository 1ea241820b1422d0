/** Builds the CDK app: used by `cdk synth` (infra/bin/app.ts) and by the infra tests. */
import { App, type AppProps, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { documentsBucketName as bucketNameFor } from './constructs/documents.js';
import { StatefulStack } from './stacks/stateful.js';
import { StatelessStack } from './stacks/stateless.js';

export interface BuiltApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Feature flags set in code so `cdk synth` and the infra tests build the same app. */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/core:target-partitions': ['aws'],
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  // The stateless stack reads table names/ARNs from the stateful one; keep producers protected.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export function buildApp(props: AppProps = {}): BuiltApp {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const stage = (app.node.tryGetContext('stage') as string | undefined) ?? 'prod';
  // Where the alarm topic sends e-mail (`cdk deploy -c alarmEmail=ops@example.org`); optional.
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(alarmEmail))) {
    throw new Error(`context value alarmEmail is not an e-mail address: ${String(alarmEmail)}`);
  }
  const env = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1',
  };
  const documentsBucketName = bucketNameFor(stage);
  const stateful = new StatefulStack(app, `Bhxh-${stage}-Stateful`, {
    env,
    documentsBucketName,
    description: 'BHXH/BHYT assistant: tables and the hash key',
    removalPolicy: stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const stateless = new StatelessStack(app, `Bhxh-${stage}-Stateless`, {
    env,
    description: 'BHXH/BHYT assistant: functions, API, queues, alarms',
    tables: stateful.tables,
    hashKey: stateful.hashKey,
    consoleUsers: stateful.consoleUsers,
    documentsBucketName,
    ...(alarmEmail ? { alarmEmail: String(alarmEmail) } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}
