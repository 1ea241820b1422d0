/**
 * Alarms on throttling anywhere on the path of a message, and on the API answering 5xx:
 * - Lambda `Throttles` of every function (concurrency limit of the account, or reserved);
 * - DynamoDB `ReadThrottleEvents` + `WriteThrottleEvents` of every table (on-demand tables
 *   still throttle above twice their previous peak or on a hot partition);
 * - API Gateway 429s (route limits, counted from the access log: HTTP APIs have no
 *   throttle metric of their own);
 * - API Gateway 5xx (a webhook that could not accept a message, so the channel redelivers).
 * One alarm per kind, summing its metrics, so the count stays small.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { AppFunction } from './app-function.js';

export interface ThrottlingAlarmsProps {
  readonly functions: readonly AppFunction[];
  readonly tables: readonly ITableV2[];
  /** Count of 429 answers of the API (from its access log). */
  readonly apiThrottled: Metric;
  /** The API's `5xx` metric. */
  readonly apiServerErrors: Metric;
}

const PERIOD = Duration.minutes(5);

export class ThrottlingAlarms extends Construct {
  readonly lambdaThrottles: Alarm;
  readonly dynamoThrottles: Alarm;
  readonly apiThrottled: Alarm;
  readonly apiServerErrors: Alarm;

  constructor(scope: Construct, id: string, props: ThrottlingAlarmsProps) {
    super(scope, id);
    this.lambdaThrottles = atLeast(this, 'LambdaThrottles', {
      description:
        'A function was throttled (not run) in the last 5 min. Find which one: Lambda > Throttles by ' +
        'function. Webhooks then answer 429/5xx and the channel redelivers; the worker leaves messages ' +
        'in the queue. Cause: the account concurrency limit (new accounts: 10) or a reserved limit; ask ' +
        'for a higher limit (Service Quotas) or look for a runaway caller.',
      metric: sum(
        'Lambda throttles',
        props.functions.map((fn) => fn.function.metricThrottles({ period: PERIOD, statistic: 'Sum' })),
      ),
      threshold: 1,
    });
    this.dynamoThrottles = atLeast(this, 'DynamoThrottles', {
      description:
        'DynamoDB throttled reads or writes on a table in the last 5 min. Find the table and operation ' +
        '(DynamoDB > ReadThrottleEvents / WriteThrottleEvents, ThrottledRequests). The SDK retries; ' +
        'persistent throttling fails webhooks (5xx, channel redelivers) and worker steps (queue retries). ' +
        'Look for a hot key (a flood on one chat or card code) or a bulk job (cards import) at peak time.',
      metric: sum(
        'DynamoDB throttle events',
        props.tables.flatMap((table) => [
          table.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
          table.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
        ]),
      ),
      threshold: 1,
    });
    this.apiThrottled = atLeast(this, 'ApiThrottled', {
      description:
        'The API answered 429 (route throttle) 10+ times in 5 min. Read the API access log by routeKey: ' +
        'a flood on one webhook (forged calls are also counted in its route limit) or real traffic above ' +
        'the limit (raise ROUTE_THROTTLES in infra/stacks/stateless.ts). Telegram and Zalo redeliver after a 429; ' +
        'the staff console (ANY /api/{proxy+}) shows an error and the user retries.',
      metric: props.apiThrottled,
      threshold: 10,
    });
    this.apiServerErrors = atLeast(this, 'ApiServerErrors', {
      description:
        'The API answered 5xx 5+ times in 5 min: a webhook could not accept messages (DynamoDB or SQS ' +
        'failing, a secret unreadable at cold start, a throttled function). Channels redeliver for a while ' +
        '(Telegram up to 24 h); read the webhook log groups (inbound.enqueue_failed, webhook.failed, init_failed). ' +
        'Only /api routes in the access log: the console API (its log group, console.init_failed).',
      metric: props.apiServerErrors,
      threshold: 5,
    });
  }
}

function sum(label: string, metrics: readonly IMetric[]): MathExpression {
  if (metrics.length === 0 || metrics.length > 10) {
    throw new Error(`${label}: an alarm can sum 1 to 10 metrics, got ${metrics.length}`);
  }
  const usingMetrics: Record<string, IMetric> = {};
  metrics.forEach((metric, index) => {
    usingMetrics[`m${index}`] = metric;
  });
  // SUM over the metrics with data; a period where none has data is missing (not breaching).
  return new MathExpression({ expression: 'SUM(METRICS())', usingMetrics, label, period: PERIOD });
}

function atLeast(
  scope: Construct,
  id: string,
  options: { description: string; metric: IMetric; threshold: number },
): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: options.description,
    metric: options.metric,
    threshold: options.threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
