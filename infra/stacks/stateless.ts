/**
 * Stateless stack: functions, the HTTP API, queues, channel secrets, the staff console
 * (static files, CloudFront, its API) and alarms. It receives the tables, the hash key and
 * the console's user pool from the stateful stack and grants each function only what it
 * needs (docs/design/operations.md, "Roles and alarms"); every alarm notifies one SNS topic.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Alerts } from '../constructs/alerts.js';
import { AppFunction } from '../constructs/app-function.js';
import { CONSOLE_API_PATH, Console, type ConsoleUsers } from '../constructs/console.js';
import { DocumentIngest } from '../constructs/documents.js';
import {
  type LlmDeployment,
  MessagePipeline,
  PIPELINE_METRIC_NAMESPACE,
} from '../constructs/message-pipeline.js';
import { ThrottlingAlarms } from '../constructs/throttling-alarms.js';
import { ZaloChannel } from '../constructs/zalo-channel.js';
import type { AppTables } from './stateful.js';

export interface StatelessStackProps extends StackProps {
  readonly tables: AppTables;
  /** HMAC key for chat ids and identifiers; it lives in the stateful stack with the data. */
  readonly hashKey: ISecret;
  /** The console's Cognito user pool and app client (stateful stack). */
  readonly consoleUsers: ConsoleUsers;
  /** The stateful stack's bucket of policy documents and index artifacts, by name. */
  readonly documentsBucketName: string;
  readonly conversationRetentionDays?: number;
  /** E-mail subscribed to the alarm topic (context value `alarmEmail`). */
  readonly alarmEmail?: string;
}

export interface RouteThrottle {
  /** Steady requests per second. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the steady rate. */
  readonly burstLimit: number;
}

/**
 * Stage default: applies to any route without its own limit (today none; a new route gets
 * it until it is given one here).
 */
export const DEFAULT_ROUTE_THROTTLE: RouteThrottle = { rateLimit: 50, burstLimit: 100 };

/**
 * Each route has its own token bucket, so a flood on one webhook (forged or not) cannot use
 * up the other channel's share. 25 requests/s is far above either channel's expected
 * traffic; both channels redeliver after a 429 (docs/design/operations.md, "Throttling").
 */
export const ROUTE_THROTTLES: Readonly<Record<string, RouteThrottle>> = {
  'POST /telegram/webhook': { rateLimit: 25, burstLimit: 50 },
  'POST /zalo/webhook': { rateLimit: 25, burstLimit: 50 },
  // Four DescribeTable calls each: for probes and people, not for load.
  'GET /health': { rateLimit: 2, burstLimit: 5 },
  // The staff console: a few dozen people; a page load makes a handful of calls at once.
  [`ANY ${CONSOLE_API_PATH}`]: { rateLimit: 10, burstLimit: 20 },
};

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly hashKey: ISecret;
  readonly health: AppFunction;
  /** Webhooks → SQS FIFO → worker, and the Telegram channel on it (docs/design/pipeline.md, "Message pipeline"). */
  readonly pipeline: MessagePipeline;
  /** Zalo OA channel on the same pipeline (docs/design/zalo.md, "Zalo channel"). */
  readonly zalo: ZaloChannel;
  /** The staff console: static files and API behind one CloudFront distribution. */
  readonly console: Console;
  /** Uploaded documents → ingest → a new index version the worker swaps to. */
  readonly documents: DocumentIngest;
  /** The SNS topic every alarm of this stack notifies. */
  readonly alerts: Alerts;
  private readonly routes: HttpRoute[] = [];
  private readonly routeKeys = new Set<string>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { tables } = props;
    this.hashKey = props.hashKey;

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Webhooks (Telegram, Zalo), staff console API and health of the BHXH/BHYT assistant',
      createDefaultStage: false,
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Callers are Telegram and Zalo servers, which cannot use IAM or JWT authorizers; each webhook ' +
        'verifies its secret token or signature in constant time before parsing. /health is public by design. ' +
        'The console API verifies Cognito access tokens in the handler (aws-jwt-verify): a JWT authorizer ' +
        'would hand it cognito:groups flattened into a string, and sign-in itself must be reachable.',
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: DEFAULT_ROUTE_THROTTLE,
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

    // Throttled requests are answered by API Gateway itself: the access log is where they show.
    const apiThrottled = new MetricFilter(this, 'ApiThrottledFilter', {
      logGroup: accessLogs,
      filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: PIPELINE_METRIC_NAMESPACE,
      metricName: 'ApiThrottled',
      metricValue: '1',
    });

    // Public: it reports table status (DescribeTable) and can read no item.
    this.health = new AppFunction(this, 'Health', {
      entry: 'functions/composition/lambda/health.ts',
      description: 'GET /health: version and table status',
      memorySize: 256,
    });
    for (const [tableId, table] of Object.entries(tables) as [
      keyof AppTables,
      AppTables[keyof AppTables],
    ][]) {
      this.health.bindTable(tableId, table, 'describe');
    }
    this.addRoute('/health', HttpMethod.GET, this.health);

    // The optional language model: off unless `cdk deploy -c llmModel=<model>` (README, "Optional LLM answers").
    const llmModel = this.node.tryGetContext('llmModel') as string | undefined;
    const llmBaseUrl = this.node.tryGetContext('llmBaseUrl') as string | undefined;
    const llmEmbeddingModel = this.node.tryGetContext('llmEmbeddingModel') as string | undefined;
    const llmEmbeddingDimensions = this.node.tryGetContext('llmEmbeddingDimensions') as string | undefined;
    const llm: LlmDeployment | undefined = llmModel
      ? {
          model: String(llmModel),
          ...(llmBaseUrl ? { baseUrl: String(llmBaseUrl) } : {}),
          ...(llmEmbeddingModel
            ? {
                embedding: {
                  model: String(llmEmbeddingModel),
                  ...(llmEmbeddingDimensions ? { dimensions: Number(llmEmbeddingDimensions) } : {}),
                },
              }
            : {}),
        }
      : undefined;
    this.pipeline = new MessagePipeline(this, 'Pipeline', {
      tables,
      hashKey: this.hashKey,
      ...(llm ? { llm } : {}),
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

    this.console = new Console(this, 'Console', {
      users: props.consoleUsers,
      tables,
      queue: this.pipeline.queue,
      hashKey: this.hashKey,
      api: this.api,
    });
    this.addRoute(CONSOLE_API_PATH, HttpMethod.ANY, this.console.apiFunction);
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    new CfnOutput(this, 'UserPoolId', { value: props.consoleUsers.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: props.consoleUsers.client.userPoolClientId });

    this.documents = new DocumentIngest(this, 'Documents', {
      bucketName: props.documentsBucketName,
      content: tables.content,
      worker: this.pipeline.worker,
      consoleApi: this.console.apiFunction,
      // With dense retrieval on, each publish embeds the passages with the worker's model key.
      ...(llm?.embedding && this.pipeline.llmApiKey ? { llm, llmApiKey: this.pipeline.llmApiKey } : {}),
    });

    this.applyRouteThrottles();

    new ThrottlingAlarms(this, 'Throttling', {
      functions: [
        this.health,
        this.pipeline.telegramWebhook,
        this.pipeline.worker,
        this.zalo.webhook,
        this.zalo.tokenRefresh,
        this.console.apiFunction,
        this.documents.function,
      ],
      tables: Object.values(tables),
      apiThrottled: apiThrottled.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
      apiServerErrors: this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    });

    // Last, so that every alarm above (and in the constructs) is wired to the topic.
    this.alerts = new Alerts(this, 'Alerts', props.alarmEmail ? { email: props.alarmEmail } : {});
    this.alerts.notifyOnEveryAlarm(this);
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alerts.topic.topicArn });
  }

  /** Per-route limits on the stage; the stage waits for the routes it names. */
  private applyRouteThrottles(): void {
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const [routeKey, limit] of Object.entries(ROUTE_THROTTLES)) {
      if (!this.routeKeys.has(routeKey))
        throw new Error(`ROUTE_THROTTLES names ${routeKey}, which is not a route`);
      routeSettings[routeKey] = {
        ThrottlingRateLimit: limit.rateLimit,
        ThrottlingBurstLimit: limit.burstLimit,
      };
    }
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    for (const route of this.routes) this.stage.node.addDependency(route);
  }

  /** Add a route with its Lambda integration; webhooks authenticate in the handler. */
  addRoute(path: string, method: HttpMethod, target: AppFunction): void {
    this.routeKeys.add(`${method} ${path}`);
    this.routes.push(
      ...this.api.addRoutes({
        path,
        methods: [method],
        integration: new HttpLambdaIntegration(`${target.node.id}Integration`, target.function),
      }),
    );
  }
}
