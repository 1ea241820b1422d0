/**
 * The `openai` SDK loaded on the first call, with one client per adapter: a worker without a
 * model configured never loads it. A failed load is retried on the next call, not cached.
 */
import type OpenAI from 'openai';

export type Sdk = typeof import('openai');

export interface OpenAiClientSettings {
  readonly apiKey: string;
  /** Undefined: the SDK's default (or its OPENAI_BASE_URL). */
  readonly baseURL?: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

export function lazyClient(
  settings: OpenAiClientSettings,
): () => Promise<{ readonly module: Sdk; readonly client: OpenAI }> {
  let loading: Promise<{ module: Sdk; client: OpenAI }> | undefined;
  return () => {
    loading ??= import('openai').then((module) => ({
      module,
      client: new module.default({
        apiKey: settings.apiKey,
        ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
        maxRetries: settings.maxRetries,
        timeout: settings.timeoutMs,
        // Debug logging would write request and response bodies (citizens' text) to the log.
        logLevel: 'off',
      }),
    }));
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}
