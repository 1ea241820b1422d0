/**
 * `npm run cost:idle [-- --cdk-out DIR] [--baseline DIR | --baseline-ref REF | --no-baseline]`
 *
 * What the deployed app costs per month before any message is sent, read from the
 * synthesized CloudFormation templates: every resource of every stack is walked and either
 * priced (one line per billable kind: count × unit price = monthly) or named as free while
 * idle. A resource type this script does not know is printed as such and makes it exit 1,
 * so a new kind of resource cannot slip past the bill.
 *
 * The same bill is computed in the same run for a baseline: by default the templates of the
 * git ref `main`, synthesized into a temporary directory (`--baseline-ref REF` for another
 * ref, `--baseline DIR` for a cloud assembly already on disk, e.g. an older `cdk.out`).
 * Without `--cdk-out` this tree is synthesized too (no bundling: templates only).
 *
 * Prices are list prices for ap-southeast-1, kept in PRICES below with the page each comes
 * from; they are not fetched at run time. Re-check those pages before quoting a figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../functions/composition/cli/args.js';

/** A price with the AWS page it comes from. */
interface Price {
  readonly usd: number;
  readonly source: string;
}

const SM = 'AWS Secrets Manager pricing';
const CW = 'Amazon CloudWatch pricing';
const KMS = 'AWS Key Management Service pricing';
const LAMBDA = 'AWS Lambda pricing';
const SQS = 'Amazon SQS pricing';
const XRAY = 'AWS X-Ray pricing';
const DDB = 'Amazon DynamoDB pricing (on-demand / provisioned)';
const EVENTS = 'Amazon EventBridge pricing';
const COGNITO = 'Amazon Cognito pricing';
const S3 = 'Amazon S3 pricing';
const CLOUDFRONT = 'Amazon CloudFront pricing';

/** List prices, ap-southeast-1 (Singapore), USD. Written down 2026-12-01 from the pages named. */
export const PRICES = {
  region: 'ap-southeast-1',
  writtenDown: '2026-12-01',
  hoursPerMonth: 730,
  secretMonth: { usd: 0.4, source: SM },
  secretApiCallsPer10k: { usd: 0.05, source: SM },
  /** Per alarm metric: a metric-math alarm is billed for every metric it reads. */
  alarmMetricStandardMonth: { usd: 0.1, source: `${CW} (Alarms, standard resolution)` },
  alarmMetricHighResolutionMonth: { usd: 0.3, source: `${CW} (Alarms, high resolution)` },
  /** Always free, per account (all regions): the first 10 alarm metrics. */
  freeAlarmMetrics: { usd: 10, source: `${CW} (Free tier)` },
  kmsKeyMonth: { usd: 1, source: KMS },
  /** With automatic rotation the first and second rotation each add $1/month (capped at $3). */
  kmsRotatedKeyCapMonth: { usd: 3, source: `${KMS} (Key rotation)` },
  lambdaRequestsPerMillion: { usd: 0.2, source: LAMBDA },
  lambdaArmGbSecond: { usd: 0.0000133334, source: `${LAMBDA} (Arm)` },
  lambdaX86GbSecond: { usd: 0.0000166667, source: `${LAMBDA} (x86)` },
  xrayTracesPerMillion: { usd: 5, source: XRAY },
  sqsFifoRequestsPerMillion: { usd: 0.5, source: `${SQS} (FIFO requests)` },
  sqsStandardRequestsPerMillion: { usd: 0.4, source: `${SQS} (standard requests)` },
  /** Always free, per account: 1 million SQS requests a month. */
  freeSqsRequests: { usd: 1_000_000, source: `${SQS} (Free tier)` },
  logsIngestedGb: { usd: 0.7, source: `${CW} (Logs, collect)` },
  logsStoredGbMonth: { usd: 0.033, source: `${CW} (Logs, store)` },
  dynamoReadRequestsPerMillion: { usd: 0.1425, source: `${DDB}, read request units` },
  dynamoWriteRequestsPerMillion: { usd: 0.7125, source: `${DDB}, write request units` },
  dynamoStorageGbMonth: { usd: 0.285, source: `${DDB}, storage (first 25 GB free)` },
  dynamoPitrGbMonth: { usd: 0.228, source: `${DDB}, continuous backups (PITR)` },
  dynamoRcuHour: { usd: 0.000148, source: `${DDB}, provisioned read capacity unit-hour` },
  dynamoWcuHour: { usd: 0.00074, source: `${DDB}, provisioned write capacity unit-hour` },
  scheduledRuleEvent: { usd: 0, source: `${EVENTS} (scheduled rules on the default bus: no charge)` },
  /** Per monthly active user (signed in, refreshed a token or was changed by an admin that month). */
  cognitoLiteMau: { usd: 0.0055, source: `${COGNITO} (user pools, Lite)` },
  cognitoEssentialsMau: { usd: 0.015, source: `${COGNITO} (user pools, Essentials)` },
  cognitoPlusMau: { usd: 0.02, source: `${COGNITO} (user pools, Plus: no free tier)` },
  /** Always free, per account, on Lite and Essentials: 10,000 monthly active users. */
  freeCognitoMau: { usd: 10_000, source: `${COGNITO} (Free tier)` },
  s3StandardGbMonth: { usd: 0.025, source: `${S3} (S3 Standard storage, first 50 TB)` },
  /** Always free, per account: CloudFront requests, data out and Functions invocations a month. */
  freeCloudFrontRequests: { usd: 10_000_000, source: `${CLOUDFRONT} (Free tier)` },
  freeCloudFrontDataOutGb: { usd: 1_000, source: `${CLOUDFRONT} (Free tier)` },
  freeCloudFrontFunctionInvocations: { usd: 2_000_000, source: `${CLOUDFRONT} (Free tier)` },
} as const satisfies Record<string, Price | string | number>;

/**
 * What one scheduled run of a function is assumed to do (the Zalo token refresh): a cold
 * start every time (runs are hours apart), one read of each secret it is given, one
 * consistent GetItem, and about one refresh in four checks (lease put, pair put, lease delete).
 */
export const SCHEDULED_RUN = {
  durationSeconds: 1.5,
  logBytes: 2_000,
  dynamoReads: 1,
  dynamoWrites: 0.75,
} as const;

/**
 * An SQS event source long-polls the queue even when it is empty: assumed 5 pollers, each a
 * 20 s ReceiveMessage (AWS does not publish the idle poller count; the queue's
 * NumberOfEmptyReceives metric shows the real figure).
 */
export const SQS_EVENT_SOURCE_IDLE = { pollers: 5, waitSeconds: 20 } as const;

/**
 * A bucket a BucketDeployment fills (the staff console) holds about this much: web/dist is a
 * couple of hundred KB (Preact, Pico, uPlot and the console's own code), plus the previous
 * versions the bucket keeps for 30 days.
 */
export const STATIC_SITE_BYTES = 400_000;

/** For the notes of the Cognito line only: a month of a few dozen staff signing in. */
export const EXAMPLE_STAFF_MAU = 30;

/** Feature plan of a user pool without `UserPoolTier`: AWS's default for new pools. */
const DEFAULT_COGNITO_PLAN = 'ESSENTIALS';

/** Types that cost nothing while no message is sent, with why. */
const FREE_WHILE_IDLE: Readonly<Record<string, string>> = {
  'AWS::ApiGatewayV2::Api': 'HTTP API: per request',
  'AWS::ApiGatewayV2::Stage': 'HTTP API: per request',
  'AWS::ApiGatewayV2::Route': 'HTTP API: per request',
  'AWS::ApiGatewayV2::Integration': 'HTTP API: per request',
  'AWS::Lambda::Function': 'per request and GB-second (scheduled runs are priced on their own line)',
  'AWS::Lambda::Permission': 'configuration',
  'AWS::IAM::Role': 'configuration',
  'AWS::IAM::Policy': 'configuration',
  'AWS::Logs::LogGroup': 'per GB ingested and stored',
  'AWS::Logs::MetricFilter': 'no charge of its own; the metric it publishes is billed once data arrives',
  'AWS::SQS::Queue': 'per request (the event source polling it is priced on its own line)',
  'AWS::SQS::QueuePolicy': 'configuration',
  'AWS::SNS::Topic': 'per publish and delivery',
  'AWS::SNS::TopicPolicy': 'configuration',
  'AWS::SNS::Subscription': 'per delivery',
  'AWS::CDK::Metadata': 'CDK bookkeeping',
  'AWS::Cognito::UserPoolClient': 'configuration',
  'AWS::Cognito::UserPoolGroup': 'configuration',
  'AWS::S3::BucketPolicy': 'configuration',
  'AWS::CloudFront::OriginAccessControl': 'configuration',
  'AWS::CloudFront::ResponseHeadersPolicy': 'configuration',
  'AWS::CloudFront::Function': 'per invocation (the first 2 million a month are free)',
  'Custom::CDKBucketDeployment': 'runs during cdk deploy only',
  'AWS::Lambda::LayerVersion': 'no charge (counts toward the Lambda code storage quota)',
};

export interface BillLine {
  /** Stable key, to put this tree's line beside the baseline's. */
  readonly kind: string;
  readonly label: string;
  /** Count × unit price, in words. */
  readonly detail: string;
  readonly count: number;
  readonly monthly: number;
  /** After the always-free tiers (per account: the whole account shares them). */
  readonly monthlyAfterFreeTier: number;
  readonly notes: readonly string[];
}

export interface IdleBill {
  readonly lines: readonly BillLine[];
  /** Resource type → count, for types that cost nothing while idle. */
  readonly freeWhileIdle: Readonly<Record<string, number>>;
  /** Resource types the script cannot price; non-empty means the bill is incomplete. */
  readonly unknown: Readonly<Record<string, number>>;
  readonly total: number;
  readonly totalAfterFreeTier: number;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

/** Every resource of the given stacks' templates, priced while no message is sent. */
export function idleBill(templates: Readonly<Record<string, CfnTemplate>>): IdleBill {
  const resources: Array<[string, CfnResource]> = [];
  for (const template of Object.values(templates))
    resources.push(...Object.entries(template.Resources ?? {}));
  const byId = new Map(resources);
  const lines: BillLine[] = [];
  const freeWhileIdle: Record<string, number> = {};
  const unknown: Record<string, number> = {};
  const countFree = (type: string) => {
    freeWhileIdle[type] = (freeWhileIdle[type] ?? 0) + 1;
  };

  const secrets = resources.filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
  if (secrets.length > 0) {
    const monthly = secrets.length * PRICES.secretMonth.usd;
    lines.push({
      kind: 'secrets',
      label: 'Secrets Manager secrets',
      detail: `${secrets.length} × ${usd(PRICES.secretMonth.usd)}`,
      count: secrets.length,
      monthly,
      monthlyAfterFreeTier: monthly,
      notes: [],
    });
  }

  const alarms = resources
    .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
    .map(([, r]) => alarmMetrics(r));
  for (const resolution of ['standard', 'high'] as const) {
    const these = alarms.filter((alarm) => alarm.resolution === resolution);
    if (these.length === 0) continue;
    const metrics = these.reduce((sum, alarm) => sum + alarm.metrics, 0);
    const unit =
      resolution === 'standard'
        ? PRICES.alarmMetricStandardMonth.usd
        : PRICES.alarmMetricHighResolutionMonth.usd;
    const monthly = metrics * unit;
    // The free alarm metrics are for standard resolution only.
    const billable = resolution === 'standard' ? Math.max(0, metrics - PRICES.freeAlarmMetrics.usd) : metrics;
    lines.push({
      kind: `alarms:${resolution}`,
      label: `CloudWatch alarms (${resolution} resolution)`,
      detail: `${these.length} alarms reading ${metrics} metrics × ${usd(unit)}`,
      count: metrics,
      monthly,
      monthlyAfterFreeTier: billable * unit,
      notes:
        resolution === 'standard'
          ? [`first ${PRICES.freeAlarmMetrics.usd} alarm metrics free per account: ${usd(billable * unit)}`]
          : [],
    });
  }

  const keys = resources.filter(([, r]) => r.Type === 'AWS::KMS::Key');
  if (keys.length > 0) {
    const rotated = keys.filter(([, r]) => r.Properties?.EnableKeyRotation === true).length;
    const monthly = keys.length * PRICES.kmsKeyMonth.usd;
    lines.push({
      kind: 'kms',
      label: 'KMS customer managed keys',
      detail: `${keys.length} × ${usd(PRICES.kmsKeyMonth.usd)}`,
      count: keys.length,
      monthly,
      monthlyAfterFreeTier: monthly,
      notes:
        rotated > 0
          ? [
              `${rotated} with yearly rotation: +$1 after the 1st and the 2nd rotation, ` +
                `${usd(rotated * PRICES.kmsRotatedKeyCapMonth.usd + (keys.length - rotated) * PRICES.kmsKeyMonth.usd)} from year 3`,
            ]
          : [],
    });
  }

  lines.push(...cognitoLines(resources), ...cloudFrontLines(resources));
  // Buckets a BucketDeployment fills hold the static site; any other bucket is empty at idle.
  const staticSites = new Set(
    resources
      .filter(([, r]) => r.Type === 'Custom::CDKBucketDeployment')
      .map(([, r]) => referencedId(r.Properties?.DestinationBucketName))
      .filter((ref): ref is string => ref !== undefined),
  );

  for (const [id, resource] of resources) {
    switch (resource.Type) {
      case 'AWS::SecretsManager::Secret':
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::KMS::Key':
      case 'AWS::Cognito::UserPool':
      case 'AWS::CloudFront::Distribution':
        break;
      case 'AWS::S3::Bucket':
        if (staticSites.has(id)) lines.push(staticSiteLine(id));
        else countFree(`${resource.Type} (empty at idle)`);
        break;
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable': {
        const provisioned = provisionedCapacity(resource);
        if (provisioned === undefined) countFree(`${resource.Type} (on-demand)`);
        else if (provisioned === 'unreadable') unknown[`${resource.Type} (provisioned)`] = 1;
        else lines.push(provisionedLine(id, provisioned));
        break;
      }
      case 'AWS::Events::Rule': {
        const line = scheduledRuleLine(id, resource, byId);
        if (line === undefined) countFree(`${resource.Type} (not scheduled)`);
        else if (line === 'unreadable') unknown[`${resource.Type} (schedule or target not understood)`] = 1;
        else lines.push(line);
        break;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const line = eventSourceLine(resource, byId);
        if (line === undefined) countFree(`${resource.Type} (not SQS)`);
        else lines.push(line);
        break;
      }
      default:
        if (resource.Type in FREE_WHILE_IDLE) countFree(resource.Type);
        else unknown[resource.Type] = (unknown[resource.Type] ?? 0) + 1;
    }
  }
  const total = lines.reduce((sum, line) => sum + line.monthly, 0);
  const totalAfterFreeTier = lines.reduce((sum, line) => sum + line.monthlyAfterFreeTier, 0);
  return { lines, freeWhileIdle, unknown, total, totalAfterFreeTier };
}

/**
 * User pools, one line per feature plan: billed per monthly active user, so nothing while
 * nobody signs in; the notes say what a month of staff sign-ins costs on that plan.
 */
function cognitoLines(resources: ReadonlyArray<[string, CfnResource]>): BillLine[] {
  const byPlan = new Map<string, number>();
  for (const [, resource] of resources) {
    if (resource.Type !== 'AWS::Cognito::UserPool') continue;
    const plan = String(resource.Properties?.UserPoolTier ?? DEFAULT_COGNITO_PLAN);
    byPlan.set(plan, (byPlan.get(plan) ?? 0) + 1);
  }
  return [...byPlan].map(([plan, pools]) => {
    const perMau =
      plan === 'LITE'
        ? PRICES.cognitoLiteMau.usd
        : plan === 'PLUS'
          ? PRICES.cognitoPlusMau.usd
          : PRICES.cognitoEssentialsMau.usd;
    const free = plan === 'PLUS' ? 0 : PRICES.freeCognitoMau.usd;
    const example = EXAMPLE_STAFF_MAU * perMau;
    const exampleAfterFree = Math.max(0, EXAMPLE_STAFF_MAU - free) * perMau;
    return {
      kind: `cognito:${plan}`,
      label: `Cognito user pools (${plan})`,
      detail: `${pools} pool${pools === 1 ? '' : 's'}, 0 MAU × ${usd(perMau)}`,
      count: pools,
      monthly: 0,
      monthlyAfterFreeTier: 0,
      notes: [
        `billed per monthly active user (MAU: signed in or refreshed a token that month), ${usd(perMau)} each` +
          (free > 0
            ? `; first ${free.toLocaleString('en-US')} MAU free per account on Lite and Essentials`
            : '; no free tier on Plus'),
        `e.g. ${EXAMPLE_STAFF_MAU} staff signing in in a month: ${usd(example)} list, ${usd(exampleAfterFree)} after the free tier`,
      ],
    };
  });
}

/** Distributions: no monthly fee, billed per request and GB once used. */
function cloudFrontLines(resources: ReadonlyArray<[string, CfnResource]>): BillLine[] {
  const count = resources.filter(([, r]) => r.Type === 'AWS::CloudFront::Distribution').length;
  if (count === 0) return [];
  const million = (value: number) => `${value / 1e6} million`;
  return [
    {
      kind: 'cloudfront',
      label: 'CloudFront distributions',
      detail: `${count} × $0 (no monthly fee)`,
      count,
      monthly: 0,
      monthlyAfterFreeTier: 0,
      notes: [
        'billed per request and per GB out once used; always free per account each month: ' +
          `${PRICES.freeCloudFrontDataOutGb.usd.toLocaleString('en-US')} GB out, ` +
          `${million(PRICES.freeCloudFrontRequests.usd)} requests, ` +
          `${million(PRICES.freeCloudFrontFunctionInvocations.usd)} CloudFront Functions invocations`,
      ],
    },
  ];
}

/** A bucket holding a static site: its files (and their kept versions) are stored all month. */
function staticSiteLine(id: string): BillLine {
  const monthly = (STATIC_SITE_BYTES / 1e9) * PRICES.s3StandardGbMonth.usd;
  return {
    kind: `s3-static:${id}`,
    label: `S3 storage, static site (${readable(id)})`,
    detail: `≈ ${Math.round(STATIC_SITE_BYTES / 1000)} KB × ${rate(PRICES.s3StandardGbMonth.usd)}/GB-month`,
    count: 1,
    monthly,
    monthlyAfterFreeTier: monthly,
    notes: [
      `estimate: the built console and the versions kept 30 days (${Math.round(STATIC_SITE_BYTES / 1000)} KB); ` +
        'S3 has no always-free storage (its free tier lasts 12 months)',
    ],
  };
}

/** How many metrics an alarm reads (each is billed) and at which resolution. */
export function alarmMetrics(alarm: CfnResource): { metrics: number; resolution: 'standard' | 'high' } {
  const properties = alarm.Properties ?? {};
  const queries = properties.Metrics as Array<{ MetricStat?: { Period?: number } }> | undefined;
  if (queries) {
    const stats = queries.filter((query) => query.MetricStat !== undefined);
    const high = stats.some((query) => (query.MetricStat?.Period ?? 60) < 60);
    return { metrics: stats.length, resolution: high ? 'high' : 'standard' };
  }
  return { metrics: 1, resolution: Number(properties.Period ?? 60) < 60 ? 'high' : 'standard' };
}

/** Runs a month of a `rate(...)` schedule; undefined for anything else (cron). */
export function runsPerMonth(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const every = Number(match[1]);
  const unitHours = match[2]?.startsWith('minute') ? 1 / 60 : match[2]?.startsWith('hour') ? 1 : 24;
  return PRICES.hoursPerMonth / (every * unitHours);
}

function scheduledRuleLine(
  id: string,
  rule: CfnResource,
  byId: ReadonlyMap<string, CfnResource>,
): BillLine | 'unreadable' | undefined {
  const expression = rule.Properties?.ScheduleExpression;
  if (typeof expression !== 'string') return undefined;
  const runs = runsPerMonth(expression);
  const targets = (rule.Properties?.Targets ?? []) as Array<{ Arn?: unknown }>;
  const functions = targets
    .map((target) => referencedId(target.Arn))
    .map((ref) => (ref ? byId.get(ref) : undefined));
  if (runs === undefined || functions.some((fn) => fn?.Type !== 'AWS::Lambda::Function')) return 'unreadable';
  const notes: string[] = [];
  let monthly = 0;
  let afterFree = 0;
  for (const fn of functions as CfnResource[]) {
    const properties = fn.Properties ?? {};
    const memoryGb = Number(properties.MemorySize ?? 128) / 1024;
    const arm = ((properties.Architectures as string[] | undefined) ?? []).includes('arm64');
    const gbSecond = arm ? PRICES.lambdaArmGbSecond.usd : PRICES.lambdaX86GbSecond.usd;
    const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {}) as Record<string, unknown>;
    const secretReads = new Set(
      Object.entries(variables)
        .filter(([name]) => name.endsWith('_SECRET_ARN'))
        .map(([, value]) => secretIdentity(value)),
    ).size;
    const traced = (properties.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active';
    const parts: Array<[string, number, boolean]> = [
      ['Lambda requests', (runs * PRICES.lambdaRequestsPerMillion.usd) / 1e6, true],
      [
        `Lambda ${SCHEDULED_RUN.durationSeconds} s × ${Math.round(memoryGb * 1024)} MB ${arm ? 'Arm' : 'x86'}`,
        runs * SCHEDULED_RUN.durationSeconds * memoryGb * gbSecond,
        true,
      ],
      [
        `${secretReads} secret reads per cold start`,
        (runs * secretReads * PRICES.secretApiCallsPer10k.usd) / 1e4,
        false,
      ],
      [
        'DynamoDB requests',
        (runs * SCHEDULED_RUN.dynamoReads * PRICES.dynamoReadRequestsPerMillion.usd) / 1e6 +
          (runs * SCHEDULED_RUN.dynamoWrites * PRICES.dynamoWriteRequestsPerMillion.usd) / 1e6,
        false,
      ],
      ['log lines', ((runs * SCHEDULED_RUN.logBytes) / 1e9) * PRICES.logsIngestedGb.usd, false],
      ...(traced
        ? [
            ['X-Ray traces', (runs * PRICES.xrayTracesPerMillion.usd) / 1e6, true] as [
              string,
              number,
              boolean,
            ],
          ]
        : []),
    ];
    for (const [what, cost, freeTier] of parts) {
      monthly += cost;
      if (!freeTier) afterFree += cost;
      notes.push(`${what}: ${usd(cost)}${freeTier ? ' (within the always-free tier)' : ''}`);
    }
  }
  return {
    kind: `schedule:${id}`,
    label: `${readable(id)}, ${expression}`,
    detail: `${Math.round(runs)} runs`,
    count: Math.round(runs),
    monthly,
    monthlyAfterFreeTier: afterFree,
    notes,
  };
}

function eventSourceLine(mapping: CfnResource, byId: ReadonlyMap<string, CfnResource>): BillLine | undefined {
  const queueId = referencedId(mapping.Properties?.EventSourceArn);
  const queue = queueId ? byId.get(queueId) : undefined;
  if (!queueId || queue?.Type !== 'AWS::SQS::Queue') return undefined;
  const fifo = queue.Properties?.FifoQueue === true;
  const perMillion = fifo ? PRICES.sqsFifoRequestsPerMillion.usd : PRICES.sqsStandardRequestsPerMillion.usd;
  const polls =
    (SQS_EVENT_SOURCE_IDLE.pollers * PRICES.hoursPerMonth * 3600) / SQS_EVENT_SOURCE_IDLE.waitSeconds;
  const monthly = (polls * perMillion) / 1e6;
  const billable = Math.max(0, polls - PRICES.freeSqsRequests.usd);
  return {
    kind: `sqs-polling:${queueId}`,
    label: `Empty receives on ${readable(queueId)} (event source)`,
    detail: `${Math.round(polls).toLocaleString('en-US')} × ${usd(perMillion)}/million`,
    count: Math.round(polls),
    monthly,
    monthlyAfterFreeTier: (billable * perMillion) / 1e6,
    notes: [
      `estimate: ${SQS_EVENT_SOURCE_IDLE.pollers} pollers × one ${SQS_EVENT_SOURCE_IDLE.waitSeconds} s long poll each; ` +
        `first ${(PRICES.freeSqsRequests.usd / 1e6).toFixed(0)} million SQS requests free per account: ` +
        usd((billable * perMillion) / 1e6),
    ],
  };
}

interface Capacity {
  readonly read: number;
  readonly write: number;
}

function provisionedCapacity(table: CfnResource): Capacity | 'unreadable' | undefined {
  const properties = table.Properties ?? {};
  const mode = properties.BillingMode ?? (table.Type === 'AWS::DynamoDB::Table' ? 'PROVISIONED' : undefined);
  if (mode !== 'PROVISIONED') return undefined;
  const throughput = properties.ProvisionedThroughput as
    | { ReadCapacityUnits?: number; WriteCapacityUnits?: number }
    | undefined;
  if (throughput?.ReadCapacityUnits === undefined || throughput.WriteCapacityUnits === undefined)
    return 'unreadable';
  return { read: throughput.ReadCapacityUnits, write: throughput.WriteCapacityUnits };
}

function provisionedLine(id: string, capacity: Capacity): BillLine {
  const monthly =
    PRICES.hoursPerMonth *
    (capacity.read * PRICES.dynamoRcuHour.usd + capacity.write * PRICES.dynamoWcuHour.usd);
  return {
    kind: `dynamo-provisioned:${id}`,
    label: `DynamoDB provisioned capacity (${readable(id)})`,
    detail: `${capacity.read} RCU + ${capacity.write} WCU × ${PRICES.hoursPerMonth} h`,
    count: 1,
    monthly,
    monthlyAfterFreeTier: monthly,
    notes: [],
  };
}

/** The logical id a `Ref` / `Fn::GetAtt` points at. */
function referencedId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const object = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
    if (typeof object.Ref === 'string') return object.Ref;
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  }
  return undefined;
}

/** One secret, whatever JSON key (`<arn>#<key>`) the variable picks from it. */
function secretIdentity(value: unknown): string {
  if (typeof value === 'string') return value.split('#')[0] ?? value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (join) {
    const parts = join[1].filter((part) => !(typeof part === 'string' && part.startsWith('#')));
    return JSON.stringify(parts.length === 1 ? parts[0] : parts);
  }
  return JSON.stringify(value);
}

/** Dollars: cents when there are any, else two significant digits (`$0.00061`). */
export function usd(value: number): string {
  if (value === 0) return '$0';
  return Math.abs(value) >= 0.01 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;
}

/** A unit price as written down, at least to the cent (`$0.70`, `$0.033`). */
function rate(value: number): string {
  const decimals = (String(value).split('.')[1] ?? '').length;
  return `$${value.toFixed(Math.max(2, decimals))}`;
}

/** Items joined with commas, in lines of at most `width` characters, indented by two. */
function wrap(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const next = current ? `${current}, ${item}` : item;
    if (current && next.length + 2 > width) {
      lines.push(`  ${current},`);
      current = item;
    } else current = next;
  }
  if (current) lines.push(`  ${current}`);
  return lines;
}

/** A logical id without CDK's 8-character hash suffix. */
function readable(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

/** The stack templates of a cloud assembly directory (`cdk.out`). */
export function readAssembly(dir: string): Record<string, CfnTemplate> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const templates: Record<string, CfnTemplate> = {};
  for (const [name, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    templates[name] = JSON.parse(readFileSync(join(dir, artifact.properties.templateFile), 'utf8'));
  }
  if (Object.keys(templates).length === 0) throw new Error(`no stack templates in ${dir}/manifest.json`);
  return templates;
}

/**
 * Synthesize the CDK app of `root` into `outdir` without bundling (templates only), by
 * running its own `cdk.json` app command the way the CDK CLI does (CDK_OUTDIR, CDK_CONTEXT_JSON).
 */
export function synthesize(root: string, outdir: string): void {
  const app = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { app: string }).app;
  const result = spawnSync(app, {
    cwd: root,
    shell: true,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }),
    },
  });
  if (result.status !== 0) {
    throw new Error(`synth of ${root} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  }
}

/** A git ref's tree in a temporary directory, with this checkout's node_modules. */
function checkout(repoRoot: string, ref: string, into: string): string {
  const archive = spawnSync('sh', ['-c', `git -C "${repoRoot}" archive "${ref}" | tar -x -C "${into}"`], {
    encoding: 'utf8',
  });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
  symlinkSync(join(repoRoot, 'node_modules'), join(into, 'node_modules'));
  const sha = spawnSync('git', ['-C', repoRoot, 'rev-parse', '--short', ref], { encoding: 'utf8' });
  return sha.stdout.trim();
}

function render(current: IdleBill, baseline: IdleBill | undefined, titles: [string, string]): string {
  const kinds = [...new Set([...current.lines, ...(baseline?.lines ?? [])].map((line) => line.kind))];
  const cell = (bill: IdleBill | undefined, kind: string) => {
    if (!bill) return '';
    const line = bill.lines.find((candidate) => candidate.kind === kind);
    return line ? `${line.detail} = ${usd(line.monthly)}` : '—';
  };
  const label = (kind: string) =>
    (current.lines.find((line) => line.kind === kind) ?? baseline?.lines.find((line) => line.kind === kind))
      ?.label ?? kind;
  const rows: string[][] = [['', titles[0], baseline ? titles[1] : '']];
  for (const kind of kinds) rows.push([label(kind), cell(current, kind), cell(baseline, kind)]);
  rows.push(['Total, list price', usd(current.total), baseline ? usd(baseline.total) : '']);
  rows.push([
    'Total after the always-free tiers',
    usd(current.totalAfterFreeTier),
    baseline ? usd(baseline.totalAfterFreeTier) : '',
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const out: string[] = rows.map((row) =>
    row
      .map((text, column) => text.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  out.splice(1, 0, '-'.repeat(out[0]?.length ?? 0));
  out.splice(out.length - 2, 0, '-'.repeat(out[0]?.length ?? 0));
  out.push('', `Details, ${titles[0]}:`);
  for (const line of current.lines) {
    if (line.notes.length === 0) continue;
    out.push(`  ${line.label}:`, ...line.notes.map((note) => `    ${note}`));
  }
  out.push(
    '',
    '$0 while idle (billed per request, GB or delivery once messages flow):',
    ...wrap(
      Object.entries(current.freeWhileIdle).map(([type, count]) => `${count} ${type.replace(/^AWS::/, '')}`),
      100,
    ),
    '',
    'Grows with data, not counted above:',
    `  DynamoDB storage ${rate(PRICES.dynamoStorageGbMonth.usd)}/GB-month (first 25 GB free), ` +
      `PITR ${rate(PRICES.dynamoPitrGbMonth.usd)}/GB-month;`,
    `  logs ${rate(PRICES.logsIngestedGb.usd)}/GB ingested, ${rate(PRICES.logsStoredGbMonth.usd)}/GB-month stored;`,
    `  S3 ${rate(PRICES.s3StandardGbMonth.usd)}/GB-month stored.`,
  );
  if (Object.keys(current.unknown).length > 0) {
    out.push(
      '',
      `NOT PRICED (add to scripts/idle-cost.ts): ${Object.entries(current.unknown)
        .map(([type, count]) => `${count} ${type}`)
        .join(', ')}`,
    );
  }
  const pages = new Set(
    Object.values(PRICES).flatMap((price) =>
      typeof price === 'object' ? [price.source.split(/ \(|,/)[0]] : [],
    ),
  );
  out.push(
    '',
    `Prices: ${PRICES.region} list prices written down ${PRICES.writtenDown} (${PRICES.hoursPerMonth} h a month) from:`,
    ...[...pages].map((page) => `  ${page}`),
  );
  return out.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['cdk-out', 'baseline', 'baseline-ref']);
  const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const scratch = mkdtempSync(join(tmpdir(), 'bhxh-idle-cost-'));
  try {
    let currentDir = args.options['cdk-out'];
    if (!currentDir) {
      currentDir = join(scratch, 'current');
      synthesize(repoRoot, currentDir);
    }
    const current = idleBill(readAssembly(currentDir));
    let baseline: IdleBill | undefined;
    let baselineTitle = '';
    if (args.options.baseline) {
      baseline = idleBill(readAssembly(args.options.baseline));
      baselineTitle = `baseline (${args.options.baseline})`;
    } else if (!args.flags.has('no-baseline')) {
      const ref = args.options['baseline-ref'] ?? 'main';
      const tree = join(scratch, 'baseline-tree');
      mkdirSync(tree);
      const sha = checkout(repoRoot, ref, tree);
      const out = join(scratch, 'baseline');
      synthesize(tree, out);
      baseline = idleBill(readAssembly(out));
      baselineTitle = `baseline (${ref} @ ${sha})`;
    }
    const title = args.options['cdk-out'] ? `this tree (${args.options['cdk-out']})` : 'this tree';
    console.log(
      'Idle bill: what the deployed app costs per month before any message is sent\n\n' +
        render(current, baseline, [title, baselineTitle]),
    );
    return Object.keys(current.unknown).length > 0 ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
