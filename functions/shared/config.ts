import * as z from 'zod';
import { localTableName, TABLE_IDS, TABLES, type TableId, type TableNames } from './tables.js';

/**
 * The one place that reads process.env. Everything else receives a typed Config.
 * Validation fails fast and names every missing or bad variable, so a misconfigured
 * Lambda dies at cold start with a clear message instead of misbehaving later.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const schema = z.object({
  RUNTIME: z.enum(['lambda', 'local']),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  AWS_REGION: z.string().default('ap-southeast-1'),
  DATA_DIR: z.string().default('./.data'),
  /** Sample knowledge base to index when no index artifact exists (bundled with the worker in AWS). */
  KNOWLEDGE_DIR: optionalString,
  /** A prebuilt index artifact (the worker's, built at synth): loaded as it is, nothing is built. */
  KNOWLEDGE_INDEX_FILE: optionalString,
  /**
   * How long the worker keeps the published FAQ items before reading them again. The console
   * promises a published change reaches citizens within 60 s: the worst case is this plus one
   * message's way through the pipeline (`npm run bench:publish`), so it stays well below 60.
   */
  FAQ_CACHE_SECONDS: z.coerce.number().min(0).max(55).default(50),
  /** The bucket of policy documents and index artifacts (AWS); locally DATA_DIR/documents. */
  DOCUMENTS_BUCKET: optionalString,
  /** How often, at most, the worker reads the published index version (a new one is loaded without a restart). */
  INDEX_CHECK_SECONDS: z.coerce.number().min(0).max(30).default(30),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DYNAMODB_ENDPOINT: optionalString,
  TABLE_CONTENT: optionalString,
  TABLE_CARDS: optionalString,
  TABLE_CONVERSATIONS: optionalString,
  TABLE_STATE: optionalString,
  /** Secret key for hashing chat ids and identifiers in logs (HMAC-SHA-256). */
  HASH_KEY: optionalString,
  CONVERSATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Overrides "today" for rule schedules (YYYY-MM-DD); used by tests and `ask --date`. */
  AS_OF_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .optional(),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_API_ROOT: optionalString,
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  /** In Lambda the bot token and webhook secret come from Secrets Manager (read at cold start). */
  TELEGRAM_BOT_TOKEN_SECRET_ARN: optionalString,
  TELEGRAM_WEBHOOK_SECRET_SECRET_ARN: optionalString,
  HASH_KEY_SECRET_ARN: optionalString,
  /** SQS FIFO queue between the webhooks and the worker, and its dead-letter queue. */
  QUEUE_URL: optionalString,
  DEAD_LETTER_QUEUE_URL: optionalString,
  /** For `npm run dlq -- replay --remote` (StartMessageMoveTask takes ARNs, not URLs). */
  DEAD_LETTER_QUEUE_ARN: optionalString,
  QUEUE_ARN: optionalString,
  /** `npm start`'s queue: `disk` (DATA_DIR/queue, survives crashes) or `memory` (lost on exit). */
  LOCAL_QUEUE: z.enum(['disk', 'memory']).default('disk'),
  /** Multiplies the local queue's retry waits; tests and `bench:faults` shrink the 35-minute schedule. */
  LOCAL_QUEUE_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  ZALO_APP_ID: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_API_BASE: z.string().url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: z.string().url().default('https://oauth.zaloapp.com'),
  /**
   * In Lambda the Zalo secrets and the seed token pair come from Secrets Manager (read at cold
   * start). Each `*_SECRET_ARN` is a reference: the ARN, or `<arn>#<key>` for one field of a
   * JSON secret (the App Secret and the seed pair share the `OAuth` secret).
   */
  ZALO_OA_SECRET_KEY_SECRET_ARN: optionalString,
  ZALO_APP_SECRET_SECRET_ARN: optionalString,
  ZALO_ACCESS_TOKEN_SECRET_ARN: optionalString,
  ZALO_REFRESH_TOKEN_SECRET_ARN: optionalString,
  SEED_DEMO_DATA: booleanFlag,
  /** The staff console in AWS: Cognito user pool and app client whose access tokens the API accepts. */
  COGNITO_USER_POOL_ID: optionalString,
  COGNITO_CLIENT_ID: optionalString,
  /**
   * Tests and local experiments only: send the console's Cognito calls to this endpoint (a
   * fake user pool on loopback, tests/support/fake-cognito.ts) with fixed dummy credentials.
   * Never set in AWS.
   */
  COGNITO_ENDPOINT: optionalString,
  /**
   * Origins (comma-separated) allowed to call the console API's mutating routes besides the
   * request's own: the CloudFront domain in front of API Gateway.
   */
  CONSOLE_ORIGIN: optionalString,
  /** `npm start` on a non-loopback address keeps local console sign-in only with this set. */
  LOCAL_AUTH_ALLOW_REMOTE: booleanFlag,
  /** The optional language model: off unless LLM_MODEL is set (README, "Optional LLM answers"). */
  LLM_MODEL: optionalString,
  OPENAI_API_KEY: optionalString,
  /** In Lambda the API key comes from Secrets Manager (read at cold start). */
  OPENAI_API_KEY_SECRET_ARN: optionalString,
  OPENAI_BASE_URL: z
    .string()
    .trim()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),
  LLM_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(12_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(2).default(0),
  LLM_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(50).max(4_000).default(500),
  LLM_TOKEN_LIMIT_FIELD: z.enum(['max_completion_tokens', 'max_tokens']).default('max_completion_tokens'),
  LLM_REASONING_EFFORT: z.enum(['none', 'minimal', 'low', 'medium', 'high']).optional(),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).optional(),
  LLM_RESPONSE_FORMAT: z.enum(['json_schema', 'json_object']).default('json_schema'),
  LLM_INTENTS: z
    .string()
    .default('documents')
    .transform((value) =>
      value
        .split(',')
        .map((intent) => intent.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['documents', 'calculators', 'card'])).min(1)),
  LLM_REWRITE: z.enum(['on', 'off']).default('on'),
  LLM_PASSAGES: z.coerce.number().int().min(1).max(8).default(3),
  LLM_PASSAGE_CHARS: z.coerce.number().int().min(200).max(4_000).default(1_200),
  LLM_HISTORY_TURNS: z.coerce.number().int().min(0).max(10).default(4),
  LLM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LLM_BREAKER_COOLDOWN_S: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Where the prompt files are (bundled with the worker in AWS). */
  LLM_PROMPTS_DIR: z.string().default('prompts'),
  /** Dense retrieval beside the words: off unless set (needs LLM_MODEL's server and key). */
  LLM_EMBEDDING_MODEL: optionalString,
  LLM_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(16).max(8_192).optional(),
});

type RawConfig = z.infer<typeof schema>;

export interface Config {
  readonly runtime: 'lambda' | 'local';
  readonly logLevel: RawConfig['LOG_LEVEL'];
  readonly region: string;
  readonly dataDir: string;
  readonly knowledgeDir: string | undefined;
  readonly knowledgeIndexFile: string | undefined;
  readonly faqCacheSeconds: number;
  readonly documentsBucket: string | undefined;
  readonly indexCheckSeconds: number;
  readonly port: number;
  readonly dynamoEndpoint: string | undefined;
  readonly tables: TableNames;
  /** Undefined in Lambda until the secret is resolved; createHasher refuses to run without it. */
  readonly hashKey: string | undefined;
  readonly conversationRetentionDays: number;
  readonly asOfDate: string | undefined;
  readonly telegram: {
    readonly botToken: string | undefined;
    readonly webhookSecret: string | undefined;
    readonly apiRoot: string | undefined;
    readonly mode: 'webhook' | 'polling';
    readonly botTokenSecretArn: string | undefined;
    readonly webhookSecretSecretArn: string | undefined;
  };
  readonly hashKeySecretArn: string | undefined;
  readonly queue: {
    readonly url: string | undefined;
    readonly deadLetterUrl: string | undefined;
    readonly deadLetterArn: string | undefined;
    /** The queue itself (stack output QueueArn): where a remote replay moves dead letters back to. */
    readonly arn: string | undefined;
    /** `npm start` only. */
    readonly local: { readonly storage: 'disk' | 'memory'; readonly timeScale: number };
  };
  readonly zalo: {
    readonly appId: string | undefined;
    readonly oaSecretKey: string | undefined;
    readonly appSecret: string | undefined;
    readonly accessToken: string | undefined;
    readonly refreshToken: string | undefined;
    readonly apiBase: string;
    readonly oauthBase: string;
    readonly oaSecretKeySecretArn: string | undefined;
    readonly appSecretSecretArn: string | undefined;
    readonly accessTokenSecretArn: string | undefined;
    readonly refreshTokenSecretArn: string | undefined;
  };
  readonly console: {
    readonly cognitoUserPoolId: string | undefined;
    readonly cognitoClientId: string | undefined;
    /** Tests/local only (`COGNITO_ENDPOINT`). */
    readonly cognitoEndpoint: string | undefined;
    readonly origins: readonly string[];
    readonly localAuthAllowRemote: boolean;
  };
  /** Undefined when no model is configured: the bot answers without one. */
  readonly llm: LlmConfig | undefined;
}

export interface LlmConfig {
  readonly model: string;
  /** Undefined in Lambda until the secret is resolved. */
  readonly apiKey: string | undefined;
  readonly apiKeySecretArn: string | undefined;
  readonly baseURL: string | undefined;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly maxOutputTokens: number;
  readonly tokenLimitField: 'max_completion_tokens' | 'max_tokens';
  readonly reasoningEffort: RawConfig['LLM_REASONING_EFFORT'];
  readonly temperature: number | undefined;
  readonly responseFormat: 'json_schema' | 'json_object';
  readonly intents: readonly ('documents' | 'calculators' | 'card')[];
  readonly rewrite: boolean;
  readonly passages: number;
  readonly passageChars: number;
  readonly historyTurns: number;
  readonly breakerFailures: number;
  readonly breakerCooldownSeconds: number;
  readonly promptsDir: string;
  /** Embeddings for dense retrieval; undefined unless LLM_EMBEDDING_MODEL is set. */
  readonly embedding: { readonly model: string; readonly dimensions: number | undefined } | undefined;
}

/** Every configuration problem, each naming its environment variable. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** A variable this entry point needs and the environment does not set. */
  static missing(variable: string, why = 'required by this function'): ConfigError {
    return new ConfigError(`Invalid configuration: ${variable}: ${why}`, [`${variable}: ${why}`]);
  }
}

/** A fixed key is fine locally; in Lambda it must come from the environment (a secret). */
const LOCAL_HASH_KEY = 'local-development-hash-key-not-for-production';

export interface LoadConfigOptions {
  /**
   * Tables whose name must be set in Lambda (default: all). A function bound to fewer tables
   * (the webhooks and the token refresh use only `state`) lists them; the others keep their
   * local name, which that function never uses and has no IAM access to.
   */
  readonly requiredTables?: readonly TableId[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const runtime = env.RUNTIME ?? (env.AWS_LAMBDA_FUNCTION_NAME ? 'lambda' : 'local');
  const parsed = schema.safeParse({ ...env, RUNTIME: runtime });
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
  }
  const raw = parsed.success ? parsed.data : undefined;
  if (raw && raw.RUNTIME === 'lambda') {
    for (const id of options.requiredTables ?? TABLE_IDS) {
      const table = TABLES[id];
      if (!raw[table.envVar as keyof RawConfig]) problems.push(`${table.envVar}: required in Lambda`);
    }
  }
  if (raw?.LLM_MODEL) {
    if (!raw.OPENAI_API_KEY && !raw.OPENAI_API_KEY_SECRET_ARN)
      problems.push(
        'OPENAI_API_KEY: required when LLM_MODEL is set (any non-empty string for a local server)',
      );
    if (raw.LLM_TIMEOUT_MS > raw.LLM_DEADLINE_MS)
      problems.push('LLM_TIMEOUT_MS: must not exceed LLM_DEADLINE_MS');
  }
  if (raw?.LLM_EMBEDDING_MODEL && !raw.LLM_MODEL)
    problems.push('LLM_EMBEDDING_MODEL: needs LLM_MODEL (the same server and key)');
  if (raw?.LLM_EMBEDDING_DIMENSIONS !== undefined && !raw.LLM_EMBEDDING_MODEL)
    problems.push('LLM_EMBEDDING_DIMENSIONS: needs LLM_EMBEDDING_MODEL');
  if (!raw || problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`, problems);
  }
  const tableName = (id: keyof TableNames): string =>
    (raw[TABLES[id].envVar as keyof RawConfig] as string | undefined) ?? localTableName(id);
  return {
    runtime: raw.RUNTIME,
    logLevel: raw.LOG_LEVEL,
    region: raw.AWS_REGION,
    dataDir: raw.DATA_DIR,
    knowledgeDir: raw.KNOWLEDGE_DIR,
    knowledgeIndexFile: raw.KNOWLEDGE_INDEX_FILE,
    faqCacheSeconds: raw.FAQ_CACHE_SECONDS,
    documentsBucket: raw.DOCUMENTS_BUCKET,
    indexCheckSeconds: raw.INDEX_CHECK_SECONDS,
    port: raw.PORT,
    dynamoEndpoint: raw.DYNAMODB_ENDPOINT,
    tables: {
      content: tableName('content'),
      cards: tableName('cards'),
      conversations: tableName('conversations'),
      state: tableName('state'),
    },
    hashKey: raw.HASH_KEY ?? (raw.RUNTIME === 'local' ? LOCAL_HASH_KEY : undefined),
    conversationRetentionDays: raw.CONVERSATION_RETENTION_DAYS,
    asOfDate: raw.AS_OF_DATE,
    telegram: {
      botToken: raw.TELEGRAM_BOT_TOKEN,
      webhookSecret: raw.TELEGRAM_WEBHOOK_SECRET,
      apiRoot: raw.TELEGRAM_API_ROOT,
      mode: raw.TELEGRAM_MODE,
      botTokenSecretArn: raw.TELEGRAM_BOT_TOKEN_SECRET_ARN,
      webhookSecretSecretArn: raw.TELEGRAM_WEBHOOK_SECRET_SECRET_ARN,
    },
    hashKeySecretArn: raw.HASH_KEY_SECRET_ARN,
    queue: {
      url: raw.QUEUE_URL,
      deadLetterUrl: raw.DEAD_LETTER_QUEUE_URL,
      deadLetterArn: raw.DEAD_LETTER_QUEUE_ARN,
      arn: raw.QUEUE_ARN,
      local: { storage: raw.LOCAL_QUEUE, timeScale: raw.LOCAL_QUEUE_TIME_SCALE },
    },
    zalo: {
      appId: raw.ZALO_APP_ID,
      oaSecretKey: raw.ZALO_OA_SECRET_KEY,
      appSecret: raw.ZALO_APP_SECRET,
      accessToken: raw.ZALO_ACCESS_TOKEN,
      refreshToken: raw.ZALO_REFRESH_TOKEN,
      apiBase: raw.ZALO_API_BASE,
      oauthBase: raw.ZALO_OAUTH_BASE,
      oaSecretKeySecretArn: raw.ZALO_OA_SECRET_KEY_SECRET_ARN,
      appSecretSecretArn: raw.ZALO_APP_SECRET_SECRET_ARN,
      accessTokenSecretArn: raw.ZALO_ACCESS_TOKEN_SECRET_ARN,
      refreshTokenSecretArn: raw.ZALO_REFRESH_TOKEN_SECRET_ARN,
    },
    console: {
      cognitoUserPoolId: raw.COGNITO_USER_POOL_ID,
      cognitoClientId: raw.COGNITO_CLIENT_ID,
      cognitoEndpoint: raw.COGNITO_ENDPOINT,
      origins: (raw.CONSOLE_ORIGIN ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
      localAuthAllowRemote: raw.LOCAL_AUTH_ALLOW_REMOTE,
    },
    llm: raw.LLM_MODEL
      ? {
          model: raw.LLM_MODEL,
          apiKey: raw.OPENAI_API_KEY,
          apiKeySecretArn: raw.OPENAI_API_KEY_SECRET_ARN,
          baseURL: raw.OPENAI_BASE_URL,
          timeoutMs: raw.LLM_TIMEOUT_MS,
          deadlineMs: raw.LLM_DEADLINE_MS,
          maxRetries: raw.LLM_MAX_RETRIES,
          maxOutputTokens: raw.LLM_MAX_OUTPUT_TOKENS,
          tokenLimitField: raw.LLM_TOKEN_LIMIT_FIELD,
          reasoningEffort: raw.LLM_REASONING_EFFORT,
          temperature: raw.LLM_TEMPERATURE,
          responseFormat: raw.LLM_RESPONSE_FORMAT,
          intents: raw.LLM_INTENTS,
          rewrite: raw.LLM_REWRITE === 'on',
          passages: raw.LLM_PASSAGES,
          passageChars: raw.LLM_PASSAGE_CHARS,
          historyTurns: raw.LLM_HISTORY_TURNS,
          breakerFailures: raw.LLM_BREAKER_FAILURES,
          breakerCooldownSeconds: raw.LLM_BREAKER_COOLDOWN_S,
          promptsDir: raw.LLM_PROMPTS_DIR,
          embedding: raw.LLM_EMBEDDING_MODEL
            ? { model: raw.LLM_EMBEDDING_MODEL, dimensions: raw.LLM_EMBEDDING_DIMENSIONS }
            : undefined,
        }
      : undefined,
  };
}
