/**
 * Wiring of the optional language model from configuration: the OpenAI-compatible adapter,
 * the prompt files, the gate's allow-list (the hotline, official sites) and the price table.
 * Undefined when LLM_MODEL is not set: the bot then answers exactly as without this file.
 */
import { randomBytes } from 'node:crypto';
import contact from '../../data/contact.json' with { type: 'json' };
import { type LlmEvent, OpenAiChat } from '../adapters/openai/chat.js';
import { OpenAiEmbeddings } from '../adapters/openai/embeddings.js';
import { loadPrompts } from '../adapters/openai/prompt-files.js';
import { resolveSecret, type SecretReader } from '../adapters/secrets.js';
import type { LlmAnswering } from '../core/llm/generate.js';
import { callCost, PRICE_TABLE } from '../core/llm/prices.js';
import type { EmbeddingPort } from '../core/ports.js';
import { type Config, ConfigError, type LlmConfig } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';

/** Sites a model's reply may link to (and their subdomains). */
export const OFFICIAL_HOSTS = ['baohiemxahoi.gov.vn', 'dichvucong.gov.vn', 'vssid.vn'] as const;

export async function llmFromConfig(
  config: Config,
  logger: Logger,
  secrets?: SecretReader,
): Promise<LlmAnswering | undefined> {
  if (!config.llm) return undefined;
  const apiKey = await resolveSecret(secrets, config.llm.apiKey, config.llm.apiKeySecretArn);
  if (!apiKey) throw ConfigError.missing('OPENAI_API_KEY', 'required when LLM_MODEL is set');
  return createLlmAnswering(config.llm, apiKey, logger);
}

/**
 * The embedding model alone, for what publishes the index (the document Lambda, the console,
 * `npm start`): undefined unless LLM_EMBEDDING_MODEL is set.
 */
export async function embeddingsFromConfig(
  config: Config,
  secrets?: SecretReader,
): Promise<EmbeddingPort | undefined> {
  if (!config.llm?.embedding) return undefined;
  const apiKey = await resolveSecret(secrets, config.llm.apiKey, config.llm.apiKeySecretArn);
  if (!apiKey) throw ConfigError.missing('OPENAI_API_KEY', 'required when LLM_EMBEDDING_MODEL is set');
  return createEmbeddings(config.llm, apiKey);
}

export function createEmbeddings(llm: LlmConfig, apiKey: string): EmbeddingPort | undefined {
  if (!llm.embedding) return undefined;
  return new OpenAiEmbeddings({
    model: llm.embedding.model,
    ...(llm.embedding.dimensions ? { dimensions: llm.embedding.dimensions } : {}),
    apiKey,
    ...(llm.baseURL ? { baseURL: llm.baseURL } : {}),
    timeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
  });
}

export function createLlmAnswering(
  llm: LlmConfig,
  apiKey: string,
  logger: Logger,
  now: () => number = Date.now,
): LlmAnswering {
  const port = new OpenAiChat(
    {
      model: llm.model,
      apiKey,
      ...(llm.baseURL ? { baseURL: llm.baseURL } : {}),
      timeoutMs: llm.timeoutMs,
      maxRetries: llm.maxRetries,
      tokenLimitField: llm.tokenLimitField,
      responseFormat: llm.responseFormat,
      ...(llm.reasoningEffort ? { reasoningEffort: llm.reasoningEffort } : {}),
      ...(llm.temperature !== undefined ? { temperature: llm.temperature } : {}),
      breakerFailures: llm.breakerFailures,
      breakerCooldownMs: llm.breakerCooldownSeconds * 1000,
    },
    now,
    (event) => logEvent(logger, event),
  );
  const embeddings = createEmbeddings(llm, apiKey);
  return {
    port,
    model: llm.model,
    settings: {
      maxOutputTokens: llm.maxOutputTokens,
      passages: llm.passages,
      passageChars: llm.passageChars,
      historyTurns: llm.historyTurns,
      rewrite: llm.rewrite,
      intents: llm.intents,
    },
    prompts: loadPrompts(llm.promptsDir),
    allow: { phones: [contact.hotline.replace(/\D/g, '')], hosts: [...OFFICIAL_HOSTS] },
    nonce: () => randomBytes(6).toString('hex'),
    deadline: () => AbortSignal.timeout(llm.deadlineMs),
    cost: (model, usage) => callCost(PRICE_TABLE, model, usage),
    ...(embeddings ? { embeddings } : {}),
  };
}

/** `llm.circuit_open` and `llm.auth_failed` are what the alarms count (infra/constructs/message-pipeline.ts). */
function logEvent(logger: Logger, event: LlmEvent): void {
  if (event.kind === 'call') {
    logger.info('llm.call', { purpose: event.purpose, ok: event.ok, reason: event.reason, ms: event.ms });
  } else if (event.kind === 'circuit_open') {
    logger.error('llm.circuit_open');
  } else {
    logger.error('llm.auth_failed');
  }
}
