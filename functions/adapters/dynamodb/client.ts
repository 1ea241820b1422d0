import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  /** Local endpoint (dynalite); absent in AWS. */
  readonly endpoint?: string | undefined;
}

export interface DynamoClients {
  /** Low-level client: table management (describe/create). */
  readonly raw: DynamoDBClient;
  /** Document client used by every repository. */
  readonly doc: DynamoDBDocumentClient;
}

export function createDynamoClients(options: DynamoClientOptions): DynamoClients {
  const raw = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          // dynalite accepts any credentials; fixed ones keep the SDK from searching for real ones.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { raw, doc };
}
