/**
 * The message pipeline in AWS (docs/design/pipeline.md, "Message pipeline"): the SQS FIFO queue
 * between the channel webhooks and the worker, its dead-letter queue with an alarm on depth,
 * the worker function (SQS event source with partial batch responses) with alarms on its
 * errors and on channels throttling it, and the Telegram webhook function with its two
 * secrets. Other channels (Zalo) enqueue to `queue` and add their sender's secrets to `worker`.
 */
import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dedupeKey } from '../../functions/adapters/dynamodb/dedupe-store.js';
import { MAX_RECEIVE_COUNT } from '../../functions/app/retry-schedule.js';
import type { AppTables } from '../stacks/stateful.js';
import { AppFunction, bundledPath, SINGLE_ITEM_ACTIONS } from './app-function.js';

/** Worker budget: the core, a few sends, and up to 3 in-place waits of ≤ 10 s on a 429. */
export const WORKER_TIMEOUT_SECONDS = 60;

/** The worker's prebuilt knowledge index, inside its package. */
export const KNOWLEDGE_INDEX_FILE = 'data/index/knowledge.json';
/** Build time written into that index: fixed, so the same sources give the same bytes. */
const KNOWLEDGE_INDEX_BUILT_AT = '2000-01-01T00:00:00Z';

/** Custom metrics the stack derives from the functions' JSON log lines. */
export const PIPELINE_METRIC_NAMESPACE = 'BhxhChatbot/Pipeline';

/**
 * A channel webhook's grant on the state table: its own dedupe items and nothing else
 * (claim = conditional put, then get, confirm = update, release = delete). Not the Zalo
 * token pair, the sessions, the rate counters or the other channel's dedupe items.
 */
export function webhookStateAccess(channel: 'telegram' | 'zalo') {
  return { actions: SINGLE_ITEM_ACTIONS, leadingKeys: [dedupeKey(channel, '*')] };
}

/** The optional language model as deployed: `-c llmModel=… [-c llmBaseUrl=…] [-c llmEmbeddingModel=… [-c llmEmbeddingDimensions=N]]`. */
export interface LlmDeployment {
  readonly model: string;
  readonly baseUrl?: string;
  /** Dense retrieval: passages embedded at publish, questions at answer time. */
  readonly embedding?: { readonly model: string; readonly dimensions?: number };
}

/** The model's settings as environment variables (the API key is bound separately, by ARN). */
export function llmEnvironment(llm: LlmDeployment): Record<string, string> {
  return {
    LLM_MODEL: llm.model,
    ...(llm.baseUrl ? { OPENAI_BASE_URL: llm.baseUrl } : {}),
    ...(llm.embedding ? { LLM_EMBEDDING_MODEL: llm.embedding.model } : {}),
    ...(llm.embedding?.dimensions ? { LLM_EMBEDDING_DIMENSIONS: String(llm.embedding.dimensions) } : {}),
  };
}

export interface MessagePipelineProps {
  readonly tables: AppTables;
  readonly hashKey: ISecret;
  readonly conversationRetentionDays?: number;
  /** The optional language model (`cdk deploy -c llmModel=<model> [-c llmBaseUrl=<url>]`); off when absent. */
  readonly llm?: LlmDeployment;
}

/** The whole model stage of one message (rewrite and answer), LLM_DEADLINE_MS in the worker. */
export const LLM_DEADLINE_SECONDS = 12;
/** What a message may take besides the model: the core, the sends and up to 3 in-place waits of ≤ 10 s. */
const MESSAGE_BUDGET_SECONDS = 18;
/**
 * Messages per worker invocation. With a model each may wait LLM_DEADLINE_SECONDS for it, so a
 * batch is small enough that the function timeout covers all of it at its worst.
 */
export function workerBatchSize(withModel: boolean): number {
  return withModel ? 2 : 10;
}
if (workerBatchSize(true) * (LLM_DEADLINE_SECONDS + MESSAGE_BUDGET_SECONDS) > 60) {
  throw new Error('the worker timeout does not cover a batch of messages that each wait for the model');
}

/**
 * The sample knowledge base ships with the code, and its search index is built at synth
 * (`npm run ingest`, fixed build time so the asset hash only follows the sources): a function
 * loads it as it is at cold start, so the document parsers stay out of its bundle. The worker
 * answers with it; the console's test bench answers as the worker does.
 */
export const WITH_KNOWLEDGE_INDEX = {
  bundledFolders: ['data/knowledge'],
  afterBundling: (inputDir: string, outputDir: string) => [
    `cd "${inputDir}" && npx tsx functions/composition/cli/ingest.ts --built-at ${KNOWLEDGE_INDEX_BUILT_AT} ` +
      `--out "${outputDir}/${KNOWLEDGE_INDEX_FILE}" data/knowledge > /dev/null`,
  ],
  excludedModules: ['unpdf', 'mammoth'],
} as const;

/**
 * The `openai` SDK as one minified ES module under the package's node_modules, where the
 * worker's `import('openai')` finds it: built offline from the installed package.
 */
export function openAiModuleCommands(inputDir: string, outputDir: string): string[] {
  const target = `${outputDir}/node_modules/openai`;
  return [
    `cd "${inputDir}" && npx esbuild node_modules/openai/index.mjs --bundle --platform=node --format=esm ` +
      `--target=node24 --minify --log-level=error --outfile="${target}/index.mjs"`,
    `printf '%s' '{"name":"openai","type":"module","main":"index.mjs"}' > "${target}/package.json"`,
  ];
}

export const KNOWLEDGE_INDEX_ENVIRONMENT = {
  KNOWLEDGE_DIR: bundledPath('data/knowledge'),
  KNOWLEDGE_INDEX_FILE: bundledPath(KNOWLEDGE_INDEX_FILE),
  DATA_DIR: '/tmp/bhxh',
} as const;

export class MessagePipeline extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly worker: AppFunction;
  readonly telegramWebhook: AppFunction;
  readonly telegramBotToken: Secret;
  readonly telegramWebhookSecret: Secret;
  readonly deadLetterAlarm: Alarm;
  readonly workerErrorsAlarm: Alarm;
  readonly channelRateLimitedAlarm: Alarm;
  /** Present with the optional model: its API key, and alarms on its circuit and its authentication. */
  readonly llmApiKey?: Secret;
  readonly llmAlarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MessagePipelineProps) {
    super(scope, id);
    const { tables, hashKey } = props;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      // Dedup ids are the channels' message ids, set by the webhooks.
      contentBasedDeduplication: false,
      // AWS recommends ≥ 6× the consumer's timeout so a batch is never redelivered mid-run.
      visibilityTimeout: Duration.seconds(6 * WORKER_TIMEOUT_SECONDS),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        'Messages in the dead-letter queue: a citizen did not get an answer. Read the worker logs ' +
        '(worker.refused / worker.dead_lettered / worker.retry), fix the cause, then redrive with ' +
        '`aws sqs start-message-move-task --source-arn <DeadLetterQueueArn> --destination-arn <QueueArn>` ' +
        '(README, "Deploy"). Refused messages (bot blocked, bad request) will be refused again: delete them.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // Values are set by the operator (token from @BotFather) or generated (webhook secret:
    // letters and digits only, as setWebhook requires); functions get ARNs, never values.
    this.telegramBotToken = new Secret(this, 'TelegramBotToken', {
      description: 'Telegram bot token from @BotFather (put the real value after the first deploy)',
    });
    this.telegramWebhookSecret = new Secret(this, 'TelegramWebhookSecret', {
      description: 'secret_token given to Telegram setWebhook; checked on every webhook call',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    for (const secret of [this.telegramBotToken, this.telegramWebhookSecret]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotation needs a Telegram-side change (BotFather for the token, setWebhook for the secret); ' +
          'it is a manual runbook step (npm run telegram:webhook), not a Lambda rotation.',
      });
    }

    this.telegramWebhook = new AppFunction(this, 'TelegramWebhook', {
      entry: 'functions/composition/lambda/telegram-webhook.ts',
      description: 'POST /telegram/webhook: verify the secret token, dedupe, enqueue',
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: { QUEUE_URL: this.queue.queueUrl },
    });
    this.telegramWebhook.bindTable('state', tables.state, webhookStateAccess('telegram'));
    this.telegramWebhook.bindSecret('TELEGRAM_WEBHOOK_SECRET', this.telegramWebhookSecret);
    this.telegramWebhook.bindSecret('HASH_KEY', hashKey);
    this.queue.grantSendMessages(this.telegramWebhook.function);

    this.worker = new AppFunction(this, 'Worker', {
      entry: 'functions/composition/lambda/worker.ts',
      description: 'Queue worker: run the core, send the reply on its channel, log the turn',
      memorySize: 1024,
      timeout: Duration.seconds(WORKER_TIMEOUT_SECONDS),
      ...WITH_KNOWLEDGE_INDEX,
      // The prompt files are read at cold start when a model is configured.
      bundledFolders: [...WITH_KNOWLEDGE_INDEX.bundledFolders, ...(props.llm ? ['prompts'] : [])],
      // The SDK is imported only when a model is configured (a dynamic import on the first call):
      // it stays out of the worker's bundle, and ships beside it only when a model is.
      excludedModules: [...WITH_KNOWLEDGE_INDEX.excludedModules, 'openai'],
      afterBundling: (inputDir: string, outputDir: string) => [
        ...WITH_KNOWLEDGE_INDEX.afterBundling(inputDir, outputDir),
        ...(props.llm ? openAiModuleCommands(inputDir, outputDir) : []),
      ],
      environment: {
        ...KNOWLEDGE_INDEX_ENVIRONMENT,
        ...(props.llm
          ? {
              ...llmEnvironment(props.llm),
              LLM_PROMPTS_DIR: bundledPath('prompts'),
              LLM_DEADLINE_MS: String(LLM_DEADLINE_SECONDS * 1000),
            }
          : {}),
        QUEUE_URL: this.queue.queueUrl,
        DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
        CONVERSATION_RETENTION_DAYS: String(props.conversationRetentionDays ?? 180),
      },
    });
    this.worker.bindTable('content', tables.content, 'read');
    this.worker.bindTable('cards', tables.cards, 'read');
    this.worker.bindTable('conversations', tables.conversations, 'readWrite');
    this.worker.bindTable('state', tables.state, 'readWrite');
    this.worker.bindSecret('TELEGRAM_BOT_TOKEN', this.telegramBotToken);
    this.worker.bindSecret('HASH_KEY', hashKey);
    // Refused messages are written to the DLQ by the worker; 429s delay their own retry.
    this.deadLetterQueue.grantSendMessages(this.worker.function);
    this.queue.grant(this.worker.function, 'sqs:ChangeMessageVisibility');
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: workerBatchSize(props.llm !== undefined),
        reportBatchItemFailures: true,
      }),
    );
    if (props.llm) this.llmApiKey = this.addLanguageModel();

    // The worker catches what a message does wrong (retry or dead-letter), so its Errors are
    // the function itself failing: timeout, out of memory, or a cold start that cannot start.
    this.workerErrorsAlarm = new Alarm(this, 'WorkerErrorsAlarm', {
      alarmDescription:
        'The queue worker failed as a function (timeout, out of memory, init failure such as an unreadable ' +
        'secret) 3+ times in 5 min; each failure returns its whole batch to the queue. Read the worker log ' +
        'group (errors, "Task timed out", "init_failed"); if it persists, messages reach the dead-letter queue.',
      metric: this.worker.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 3,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // A channel answered 429 (Telegram) or -32 (Zalo) with a retry-after: the worker waits in
    // place (worker.rate_limited) or sends the message back to the queue with the delay
    // (worker.retry with retryAfterSeconds). Both channels, from the worker's log lines.
    const rateLimited = new MetricFilter(this, 'ChannelRateLimitedFilter', {
      logGroup: this.worker.logGroup,
      filterPattern: FilterPattern.any(
        FilterPattern.stringValue('$.event', '=', 'worker.rate_limited'),
        FilterPattern.all(
          FilterPattern.stringValue('$.event', '=', 'worker.retry'),
          FilterPattern.numberValue('$.retryAfterSeconds', '>=', 0),
        ),
      ),
      metricNamespace: PIPELINE_METRIC_NAMESPACE,
      metricName: 'ChannelRateLimited',
      metricValue: '1',
    });
    this.channelRateLimitedAlarm = new Alarm(this, 'ChannelRateLimitedAlarm', {
      alarmDescription:
        'Telegram or Zalo kept throttling our sends (10+ rate-limit answers in each of 3 periods of 5 min). ' +
        'Answers are delayed, not lost, until the retries run out (then the DLQ alarm fires). Check the ' +
        'worker log (worker.rate_limited, worker.retry with retryAfterSeconds, channel field) for a loop ' +
        'or a broadcast; for Zalo also the OA message quota.',
      metric: rateLimited.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 10,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    if (this.llmApiKey) new CfnOutput(this, 'LlmApiKeySecretArn', { value: this.llmApiKey.secretArn });
    new CfnOutput(this, 'TelegramBotTokenSecretArn', { value: this.telegramBotToken.secretArn });
    new CfnOutput(this, 'TelegramWebhookSecretArn', { value: this.telegramWebhookSecret.secretArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    // For the redrive: `aws sqs start-message-move-task --source-arn <DLQ> --destination-arn <queue>`.
    new CfnOutput(this, 'DeadLetterQueueArn', { value: this.deadLetterQueue.queueArn });
    new CfnOutput(this, 'QueueArn', { value: this.queue.queueArn });
  }

  /** The model's API key (Secrets Manager, by ARN) and alarms on its circuit opening and on authentication failures. */
  private addLanguageModel(): Secret {
    const apiKey = new Secret(this, 'LlmApiKey', {
      description:
        'API key of the OpenAI-compatible model server (put the real value after the first deploy)',
    });
    Validations.of(apiKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The key is issued by the model provider; rotating it is a provider-side runbook step.',
    });
    this.worker.bindSecret('OPENAI_API_KEY', apiKey);
    const alarmOn = (id: string, event: string, description: string) => {
      const filter = new MetricFilter(this, `${id}Filter`, {
        logGroup: this.worker.logGroup,
        filterPattern: FilterPattern.stringValue('$.event', '=', event),
        metricNamespace: PIPELINE_METRIC_NAMESPACE,
        metricName: id,
        metricValue: '1',
      });
      this.llmAlarms.push(
        new Alarm(this, `${id}Alarm`, {
          alarmDescription: description,
          metric: filter.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    };
    alarmOn(
      'LlmCircuitOpen',
      'llm.circuit_open',
      'The language model failed 5 times in a row in a worker container and is skipped for 60 s: citizens ' +
        'get the extractive answers (nothing is lost). Read the worker log (llm.call with reason) for timeouts, ' +
        '429s or 5xx from the provider; check its status page and quota.',
    );
    alarmOn(
      'LlmAuthFailed',
      'llm.auth_failed',
      'The model server refused the API key (401/403): every answer falls back to the extractive reply. Put a ' +
        'valid key into the LlmApiKey secret (output LlmApiKeySecretArn), then give the worker fresh containers.',
    );
    return apiKey;
  }
}
