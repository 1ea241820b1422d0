/**
 * Stateless stack: functions, the HTTP API, queues, secrets and alarms. It receives the
 * tables from the stateful stack and grants each function only what it needs.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { AppFunction } from '../constructs/app-function.js';
import { MessagePipeline } from '../constructs/message-pipeline.js';
import { ZaloChannel } from '../constructs/zalo-channel.js';
import type { AppTables } from './stateful.js';

export interface StatelessStackProps extends StackProps {
  readonly tables: AppTables;
  readonly conversationRetentionDays?: number;
}

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly hashKey: Secret;
  /** Webhooks → SQS FIFO → worker, and the Telegram channel on it (docs/DESIGN.md, "Message pipeline"). */
  readonly pipeline: MessagePipeline;
  /** Zalo OA channel on the same pipeline (docs/DESIGN.md, "Zalo channel"). */
  readonly zalo: ZaloChannel;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { tables } = props;

    // Key for hashing chat ids and identifiers in logs; generated once, never in the template.
    this.hashKey = new Secret(this, 'HashKey', {
      description: 'HMAC key for hashing chat ids and citizen identifiers in logs and analytics',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.hashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A hashing key cannot be rotated without breaking correlation of past hashed ids; it is not a credential.',
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Webhooks (Telegram, Zalo) and health of the BHXH/BHYT assistant',
      createDefaultStage: false,
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Callers are Telegram and Zalo servers, which cannot use IAM or JWT authorizers; each webhook ' +
        'verifies its secret token or signature in constant time before parsing. /health is public by design.',
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Request metadata only: no bodies, no query strings (they could carry identifiers).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            time: '$context.requestTime',
          }),
        ),
      },
    });

    const health = new AppFunction(this, 'Health', {
      entry: 'functions/handlers/health.ts',
      description: 'GET /health: version and table status',
      memorySize: 256,
    });
    for (const [tableId, table] of Object.entries(tables) as [
      keyof AppTables,
      AppTables[keyof AppTables],
    ][]) {
      health.bindTable(tableId, table, 'read');
    }
    this.addRoute('/health', HttpMethod.GET, health);

    this.pipeline = new MessagePipeline(this, 'Pipeline', {
      tables,
      hashKey: this.hashKey,
      ...(props.conversationRetentionDays
        ? { conversationRetentionDays: props.conversationRetentionDays }
        : {}),
    });
    this.addRoute('/telegram/webhook', HttpMethod.POST, this.pipeline.telegramWebhook);
    new CfnOutput(this, 'TelegramWebhookUrl', { value: `${this.api.apiEndpoint}/telegram/webhook` });

    // Off until its secrets are filled in and the App ID is given (`cdk deploy -c zaloAppId=…`).
    const zaloAppId = this.node.tryGetContext('zaloAppId') as string | undefined;
    this.zalo = new ZaloChannel(this, 'Zalo', {
      stateTable: tables.state,
      queue: this.pipeline.queue,
      hashKey: this.hashKey,
      worker: this.pipeline.worker,
      ...(zaloAppId ? { appId: String(zaloAppId) } : {}),
    });
    this.addRoute('/zalo/webhook', HttpMethod.POST, this.zalo.webhook);
    new CfnOutput(this, 'ZaloWebhookUrl', { value: `${this.api.apiEndpoint}/zalo/webhook` });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }

  /** Add a route with its Lambda integration; webhooks authenticate in the handler. */
  addRoute(path: string, method: HttpMethod, target: AppFunction): void {
    this.api.addRoutes({
      path,
      methods: [method],
      integration: new HttpLambdaIntegration(`${target.node.id}Integration`, target.function),
    });
  }
}
