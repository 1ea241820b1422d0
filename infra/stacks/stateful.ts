/**
 * Stateful stack: the data, apart from the code, so a code deploy never touches a table.
 * Tables come from the shared definitions in functions/shared/tables.ts (the local
 * bootstrap reads the same list). The hash key lives here too: every chat hash stored in
 * the tables was made with it, so it must live exactly as long as they do
 * (docs/design/operations.md, "Hash key"). So do the console's users (Cognito user pool, role groups).
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_IDS, TABLES, type TableDefinition, type TableId } from '../../functions/shared/tables.js';
import { ConsoleUsers } from '../constructs/console.js';
import { DocumentsBucket } from '../constructs/documents.js';

export type AppTables = Readonly<Record<TableId, TableV2>>;

export interface StatefulStackProps extends StackProps {
  /** RETAIN in production; DESTROY for throwaway stages. */
  readonly removalPolicy?: RemovalPolicy;
  /** documentsBucketName(stage) (infra/constructs/documents.ts). */
  readonly documentsBucketName: string;
}

export class StatefulStack extends Stack {
  readonly tables: AppTables;
  /** HMAC key for chat ids and identifiers in keys, logs and analytics; never rotated in place. */
  readonly hashKey: Secret;
  /** Staff console users: they must survive a redeploy of the code (infra/constructs/console.ts). */
  readonly consoleUsers: ConsoleUsers;
  /** Uploaded policy documents, their chunks and the index artifacts (infra/constructs/documents.ts). */
  readonly documents: DocumentsBucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const tables = {} as Record<TableId, TableV2>;
    for (const tableId of TABLE_IDS) {
      tables[tableId] = this.createTable(TABLES[tableId], removalPolicy);
    }
    this.tables = tables;

    // Generated once, never in the template. Same removal policy as the tables: a new key
    // would orphan every hashed key in them (a Zalo user_withdraw would miss old turns).
    this.hashKey = new Secret(this, 'HashKey', {
      description: 'HMAC key for hashing chat ids and citizen identifiers in keys, logs and analytics',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.hashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not a credential: rotating a hashing key orphans every stored chat hash (conversation turns, ' +
        'sessions, follower marks); the compromise procedure is in docs/design/operations.md, "Hash key".',
    });
    new CfnOutput(this, 'HashKeySecretArn', { value: this.hashKey.secretArn });

    this.consoleUsers = new ConsoleUsers(this, 'ConsoleUsers', { removalPolicy });
    new CfnOutput(this, 'UserPoolId', { value: this.consoleUsers.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.consoleUsers.client.userPoolClientId });

    const consoleOrigin = this.node.tryGetContext('consoleOrigin') as string | undefined;
    this.documents = new DocumentsBucket(this, 'Documents', {
      bucketName: props.documentsBucketName,
      removalPolicy,
      ...(consoleOrigin ? { allowedOrigins: [String(consoleOrigin)] } : {}),
    });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.documents.bucket.bucketName });
  }

  private createTable(definition: TableDefinition, removalPolicy: RemovalPolicy): TableV2 {
    const attributeType = (type: 'S' | 'N') => (type === 'S' ? AttributeType.STRING : AttributeType.NUMBER);
    return new TableV2(this, `${capitalise(definition.id)}Table`, {
      partitionKey: { name: definition.partitionKey.name, type: attributeType(definition.partitionKey.type) },
      ...(definition.sortKey
        ? { sortKey: { name: definition.sortKey.name, type: attributeType(definition.sortKey.type) } }
        : {}),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
      globalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
        ...(index.sortKey
          ? { sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) } }
          : {}),
      })),
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });
  }
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
