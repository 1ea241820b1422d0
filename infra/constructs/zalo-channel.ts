/**
 * The Zalo OA channel in AWS: the webhook function behind `POST /zalo/webhook`, the
 * scheduled token refresh, the secrets the channel reads, and the alarms. The worker is
 * the shared pipeline's; this construct only gives it the Zalo configuration.
 *
 * Two secrets, one per set of readers (docs/design/operations.md, "Secrets and idle cost"):
 * - `OaSecretKey` (`{"value": …}`): the webhook, the worker and the refresh function;
 * - `OAuth` (`{"appSecret", "refreshToken", "accessToken"}`): the worker and the refresh
 *   function only. The webhook, open to the internet, can read none of it.
 * Both are created with placeholders (`-`): until an operator puts the real values in (see
 * README / docs/design/zalo.md), the functions see the channel as off — the route
 * answers 404 and nothing is sent. The App ID is not a secret: it comes from the `zaloAppId`
 * context value; without it the channel is off too.
 */
import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ZALO_TOKEN_LEASE_PK,
  ZALO_TOKEN_PAIR_PK,
} from '../../functions/adapters/dynamodb/zalo-token-store.js';
import { ZALO_METRIC_NAMESPACE } from '../../functions/adapters/zalo/metrics.js';
import { AppFunction } from './app-function.js';
import { webhookStateAccess } from './message-pipeline.js';

/** The fields of the `OAuth` secret (README, "Deploy"). */
export const ZALO_OAUTH_KEYS = ['appSecret', 'refreshToken', 'accessToken'] as const;

export interface ZaloChannelProps {
  readonly stateTable: ITableV2;
  /** The pipeline's FIFO queue the webhook enqueues to. */
  readonly queue: IQueue;
  readonly hashKey: ISecret;
  /** The pipeline's worker: it sends Zalo replies, so it gets the channel's configuration. */
  readonly worker: AppFunction;
  /** Zalo App ID (not secret); absent → channel off. */
  readonly appId?: string;
  /** How often the token refresh runs; it refreshes when less than 8 h of validity remain. */
  readonly refreshEvery?: Duration;
}

export class ZaloChannel extends Construct {
  readonly webhook: AppFunction;
  readonly tokenRefresh: AppFunction;
  readonly secrets: Readonly<Record<'oaSecretKey' | 'oauth', Secret>>;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ZaloChannelProps) {
    super(scope, id);
    const placeholder = (name: string, description: string, fields: readonly string[], rotation: string) => {
      const secret = new Secret(this, name, {
        description,
        // Only applied at creation: the operator's value survives later deploys.
        generateSecretString: {
          secretStringTemplate: JSON.stringify(Object.fromEntries(fields.map((field) => [field, '-']))),
          generateStringKey: 'unused',
        },
      });
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: rotation });
      return secret;
    };
    this.secrets = {
      oaSecretKey: placeholder(
        'OaSecretKey',
        'Zalo OA Secret Key (app > Webhook page): verifies X-ZEvent-Signature',
        ['value'],
        'Issued by Zalo; rotated by regenerating it in the Zalo developer console, then updating this secret.',
      ),
      oauth: placeholder(
        'OAuth',
        'Zalo OAuth v4: appSecret (App Secret Key, token refresh only), refreshToken and optional ' +
          'accessToken (the seed pair that (re)starts the token chain after an OA admin authorises the app; ' +
          '"-" when unused)',
        [...ZALO_OAUTH_KEYS],
        'The App Secret is issued by Zalo and rotated in the Zalo developer console, then updated here; ' +
          'the seed tokens are used once: the live token pair rotates itself every refresh (state table, versioned).',
      ),
    };
    const appIdEnv: Record<string, string> = props.appId ? { ZALO_APP_ID: props.appId } : {};

    this.webhook = new AppFunction(this, 'Webhook', {
      entry: 'functions/composition/lambda/zalo-webhook.ts',
      description: 'POST /zalo/webhook: verify signature, dedupe, enqueue (Zalo wants 200 within 2 s)',
      memorySize: 512,
      timeout: Duration.seconds(5),
      environment: { ...appIdEnv, QUEUE_URL: props.queue.queueUrl },
    });
    // Its own dedupe items only: never the live token pair (ZALO#TOKEN) in the same table.
    this.webhook.bindTable('state', props.stateTable, webhookStateAccess('zalo'));
    this.webhook.bindSecret('HASH_KEY', props.hashKey);
    this.webhook.bindSecret('ZALO_OA_SECRET_KEY', this.secrets.oaSecretKey);
    props.queue.grantSendMessages(this.webhook.function);

    this.tokenRefresh = new AppFunction(this, 'TokenRefresh', {
      entry: 'functions/composition/lambda/zalo-token-refresh.ts',
      description: 'Refreshes the Zalo OA access token well before it expires (single writer under a lease)',
      memorySize: 256,
      timeout: Duration.seconds(60),
      // One at a time: the lease already prevents double spending; this avoids pointless waiting.
      reservedConcurrentExecutions: 1,
      environment: appIdEnv,
    });
    // The token pair and its lease only (functions/adapters/dynamodb/zalo-token-store.ts).
    this.tokenRefresh.bindTable('state', props.stateTable, {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      leadingKeys: [ZALO_TOKEN_PAIR_PK, ZALO_TOKEN_LEASE_PK],
    });
    this.tokenRefresh.bindSecret('HASH_KEY', props.hashKey);
    // The worker already has the state table and the hash key (MessagePipeline).
    for (const target of [this.tokenRefresh, props.worker]) {
      target.bindSecret('ZALO_OA_SECRET_KEY', this.secrets.oaSecretKey);
      target.bindSecret('ZALO_APP_SECRET', this.secrets.oauth, 'appSecret');
      target.bindSecret('ZALO_REFRESH_TOKEN', this.secrets.oauth, 'refreshToken');
      target.bindSecret('ZALO_ACCESS_TOKEN', this.secrets.oauth, 'accessToken');
    }
    if (props.appId) props.worker.function.addEnvironment('ZALO_APP_ID', props.appId);

    new Rule(this, 'TokenRefreshSchedule', {
      description: 'Zalo access tokens live ~25 h: check every 6 h, refresh when < 8 h remain',
      schedule: Schedule.rate(props.refreshEvery ?? Duration.hours(6)),
      targets: [new LambdaFunction(this.tokenRefresh.function, { retryAttempts: 2 })],
    });

    const refreshFailures = new Metric({
      namespace: ZALO_METRIC_NAMESPACE,
      metricName: 'TokenRefreshFailures',
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    for (const [name, secret] of Object.entries(this.secrets)) {
      new CfnOutput(this, `${name}SecretArn`, { value: secret.secretArn });
    }
    this.alarms = [
      new Alarm(this, 'TokenRefreshFailed', {
        alarmDescription:
          'Zalo token refresh failed (OAuth refused or unreachable, or the new pair could not be stored). ' +
          'Read the refresh and worker logs (zalo.token_*). Unreachable: it retries every 6 h and on use. ' +
          'Refused (refresh token spent or expired): an OA admin must re-authorise the app (OAuth v4 PKCE) ' +
          'and put the new refresh token into the refreshToken field of the OAuth secret; Zalo replies stop until then.',
        metric: refreshFailures,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'TokenRefreshErrors', {
        alarmDescription:
          'The scheduled Zalo token refresh function failed (see TokenRefreshFailed for OAuth refusals). ' +
          'Read its log group: an unreadable secret, a missing grant or a timeout. Until it runs, workers ' +
          'refresh on use; fix before the access token (≈ 25 h) and the refresh token chain run out.',
        metric: this.tokenRefresh.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'WebhookRejections', {
        alarmDescription:
          'Many Zalo webhook calls with a bad signature (20+ in 5 min). Right after an OA Secret Key change: ' +
          'put the new key into the OaSecretKey secret (real events are being refused). Otherwise forged ' +
          'calls: they are rejected before any database access; watch the ApiThrottled alarm.',
        metric: new Metric({
          namespace: ZALO_METRIC_NAMESPACE,
          metricName: 'WebhookRejected',
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 20,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}
