/**
 * The LLM port over the `openai` SDK: Chat Completions without streaming, so any
 * OpenAI-compatible server works through its base URL (vLLM, Ollama, Azure, Bedrock's
 * compatible endpoint). The SDK's own retries are off (the extractive reply replaces them), each
 * attempt has a timeout and the turn's deadline aborts the request. Every failure becomes a
 * reason and nothing is thrown into the core. The SDK is loaded on the first call, so a worker
 * without a model configured never loads it.
 */
import type OpenAI from 'openai';
import type { LlmFailure, LlmPort, LlmRequest, LlmResult } from '../../core/ports.js';
import { CircuitBreaker } from './breaker.js';
import { lazyClient, type Sdk } from './client.js';

export interface OpenAiChatSettings {
  readonly model: string;
  readonly apiKey: string;
  /** Undefined: the SDK's default (or its OPENAI_BASE_URL). */
  readonly baseURL?: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly tokenLimitField: 'max_completion_tokens' | 'max_tokens';
  readonly responseFormat: 'json_schema' | 'json_object';
  readonly reasoningEffort?: 'none' | 'minimal' | 'low' | 'medium' | 'high';
  readonly temperature?: number;
  readonly breakerFailures: number;
  readonly breakerCooldownMs: number;
}

/** What operators must see: an alarm reads these from the log. */
export type LlmEvent =
  | {
      readonly kind: 'call';
      readonly purpose: LlmRequest['purpose'];
      readonly ok: boolean;
      readonly reason?: LlmFailure;
      readonly ms: number;
    }
  | { readonly kind: 'circuit_open' }
  | { readonly kind: 'auth_failed' };

/** Failures that say the service is unwell (not that one reply was bad). */
const SERVICE_FAILURES: ReadonlySet<LlmFailure> = new Set([
  'timeout',
  'rate_limited',
  'server_error',
  'auth',
]);

export class OpenAiChat implements LlmPort {
  private readonly load: ReturnType<typeof lazyClient>;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly settings: OpenAiChatSettings,
    private readonly now: () => number = Date.now,
    private readonly onEvent: (event: LlmEvent) => void = () => {},
  ) {
    this.breaker = new CircuitBreaker(settings.breakerFailures, settings.breakerCooldownMs, now);
    this.load = lazyClient(settings);
  }

  async complete(request: LlmRequest, deadline: { readonly signal: AbortSignal }): Promise<LlmResult> {
    const started = this.now();
    if (!this.breaker.allows()) return this.report(request, { ok: false, reason: 'circuit_open', ms: 0 });
    let module: Sdk | undefined;
    try {
      const loaded = await this.load();
      module = loaded.module;
      const completion = await loaded.client.chat.completions.create(this.body(request), {
        signal: deadline.signal,
        timeout: this.settings.timeoutMs,
        maxRetries: this.settings.maxRetries,
      });
      const ms = this.now() - started;
      const usage = completion.usage
        ? {
            input: completion.usage.prompt_tokens,
            output: completion.usage.completion_tokens,
            cached: completion.usage.prompt_tokens_details?.cached_tokens ?? 0,
          }
        : undefined;
      const withUsage = usage ? { usage } : {};
      const choice = completion.choices[0];
      // The service answered: whatever the reply, it is healthy.
      this.breaker.succeeded();
      if (!choice) return this.report(request, { ok: false, reason: 'malformed', ms, ...withUsage });
      if (choice.finish_reason === 'length')
        return this.report(request, { ok: false, reason: 'truncated', ms, ...withUsage });
      if (choice.finish_reason === 'content_filter' || choice.message.refusal)
        return this.report(request, { ok: false, reason: 'content_filter', ms, ...withUsage });
      const text = choice.message.content;
      if (!text) return this.report(request, { ok: false, reason: 'malformed', ms, ...withUsage });
      return this.report(request, {
        ok: true,
        text,
        model: completion.model || this.settings.model,
        ms,
        ...withUsage,
      });
    } catch (error) {
      const reason = module ? failureOf(error, module) : 'server_error';
      if (SERVICE_FAILURES.has(reason) && this.breaker.failed()) this.onEvent({ kind: 'circuit_open' });
      if (reason === 'auth') this.onEvent({ kind: 'auth_failed' });
      return this.report(request, { ok: false, reason, ms: this.now() - started });
    }
  }

  private report(request: LlmRequest, result: LlmResult): LlmResult {
    this.onEvent({
      kind: 'call',
      purpose: request.purpose,
      ok: result.ok,
      ...(result.ok ? {} : { reason: result.reason }),
      ms: result.ms,
    });
    return result;
  }

  private body(request: LlmRequest): OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming {
    const { settings } = this;
    return {
      model: settings.model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      [settings.tokenLimitField]: request.maxOutputTokens,
      response_format:
        settings.responseFormat === 'json_schema'
          ? {
              type: 'json_schema',
              json_schema: {
                name: request.jsonSchema.name,
                schema: { ...request.jsonSchema.schema },
                strict: true,
              },
            }
          : { type: 'json_object' },
      // Nothing kept on the provider's side for distillation or evals.
      store: false,
      ...(request.safetyIdentifier ? { safety_identifier: request.safetyIdentifier } : {}),
      ...(settings.reasoningEffort ? { reasoning_effort: settings.reasoningEffort } : {}),
      ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    };
  }
}

/** The SDK's error classes, most specific first (a connection timeout is also a connection error). */
export function failureOf(error: unknown, sdk: Sdk): LlmFailure {
  if (error instanceof sdk.APIUserAbortError || error instanceof sdk.APIConnectionTimeoutError)
    return 'timeout';
  if (error instanceof sdk.RateLimitError) return 'rate_limited';
  if (error instanceof sdk.AuthenticationError || error instanceof sdk.PermissionDeniedError) return 'auth';
  if (error instanceof sdk.InternalServerError || error instanceof sdk.APIConnectionError)
    return 'server_error';
  if (error instanceof sdk.APIError)
    return error.status !== undefined && error.status < 500 ? 'bad_request' : 'server_error';
  // The SDK parsed a body that was not JSON, or anything else unexpected.
  if (error instanceof SyntaxError) return 'malformed';
  if (error instanceof Error && error.name === 'AbortError') return 'timeout';
  return 'server_error';
}
