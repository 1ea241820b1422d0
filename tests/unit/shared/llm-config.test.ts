import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../functions/shared/config.js';

describe('the optional model in the configuration', () => {
  it('is off without LLM_MODEL, whatever else is set', () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', LLM_TIMEOUT_MS: '5000' }).llm).toBeUndefined();
  });

  it('has the documented defaults', () => {
    expect(loadConfig({ LLM_MODEL: 'gpt-6-luna', OPENAI_API_KEY: 'sk-x' }).llm).toEqual({
      model: 'gpt-6-luna',
      apiKey: 'sk-x',
      apiKeySecretArn: undefined,
      baseURL: undefined,
      timeoutMs: 8000,
      deadlineMs: 12000,
      maxRetries: 0,
      maxOutputTokens: 500,
      tokenLimitField: 'max_completion_tokens',
      reasoningEffort: undefined,
      temperature: undefined,
      responseFormat: 'json_schema',
      intents: ['documents'],
      rewrite: true,
      passages: 3,
      passageChars: 1200,
      historyTurns: 4,
      breakerFailures: 5,
      breakerCooldownSeconds: 60,
      promptsDir: 'prompts',
    });
  });

  it('reads every setting', () => {
    const llm = loadConfig({
      LLM_MODEL: 'qwen3:8b',
      OPENAI_API_KEY: 'ollama',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_TOKEN_LIMIT_FIELD: 'max_tokens',
      LLM_RESPONSE_FORMAT: 'json_object',
      LLM_REASONING_EFFORT: 'none',
      LLM_TEMPERATURE: '0.2',
      LLM_INTENTS: 'documents, calculators',
      LLM_REWRITE: 'off',
    }).llm;
    expect(llm).toMatchObject({
      baseURL: 'http://127.0.0.1:11434/v1',
      tokenLimitField: 'max_tokens',
      responseFormat: 'json_object',
      reasoningEffort: 'none',
      temperature: 0.2,
      intents: ['documents', 'calculators'],
      rewrite: false,
    });
  });

  it('stops at start on a bad or missing setting, naming it', () => {
    expect(() => loadConfig({ LLM_MODEL: 'm' })).toThrow(/OPENAI_API_KEY: required when LLM_MODEL is set/);
    const base = { LLM_MODEL: 'm', OPENAI_API_KEY: 'k' };
    expect(() => loadConfig({ ...base, LLM_TIMEOUT_MS: 'soon' })).toThrow(/LLM_TIMEOUT_MS/);
    expect(() => loadConfig({ ...base, LLM_TIMEOUT_MS: '9000', LLM_DEADLINE_MS: '5000' })).toThrow(
      /LLM_TIMEOUT_MS: must not exceed LLM_DEADLINE_MS/,
    );
    expect(() => loadConfig({ ...base, LLM_TOKEN_LIMIT_FIELD: 'max_output' })).toThrow(
      /LLM_TOKEN_LIMIT_FIELD/,
    );
    expect(() => loadConfig({ ...base, LLM_INTENTS: 'documents,weather' })).toThrow(/LLM_INTENTS/);
    expect(() => loadConfig({ ...base, OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/);
    expect(() => loadConfig({ ...base, LLM_MAX_RETRIES: '5' })).toThrow(/LLM_MAX_RETRIES/);
  });

  it('reads the embedding model, off unless set, and refuses it without LLM_MODEL', () => {
    const base = { LLM_MODEL: 'm', OPENAI_API_KEY: 'k' };
    expect(loadConfig(base).llm?.embedding).toBeUndefined();
    expect(loadConfig({ ...base, LLM_EMBEDDING_MODEL: 'text-embedding-3-small' }).llm?.embedding).toEqual({
      model: 'text-embedding-3-small',
      dimensions: undefined,
    });
    expect(
      loadConfig({ ...base, LLM_EMBEDDING_MODEL: 'text-embedding-3-small', LLM_EMBEDDING_DIMENSIONS: '256' })
        .llm?.embedding,
    ).toEqual({ model: 'text-embedding-3-small', dimensions: 256 });
    expect(() => loadConfig({ OPENAI_API_KEY: 'k', LLM_EMBEDDING_MODEL: 'e' })).toThrow(
      /LLM_EMBEDDING_MODEL: needs LLM_MODEL/,
    );
    expect(() => loadConfig({ ...base, LLM_EMBEDDING_DIMENSIONS: '256' })).toThrow(
      /LLM_EMBEDDING_DIMENSIONS: needs LLM_EMBEDDING_MODEL/,
    );
    expect(() => loadConfig({ ...base, LLM_EMBEDDING_MODEL: 'e', LLM_EMBEDDING_DIMENSIONS: 'wide' })).toThrow(
      /LLM_EMBEDDING_DIMENSIONS/,
    );
  });

  it('accepts the API key as a secret reference in Lambda', () => {
    const llm = loadConfig({
      RUNTIME: 'lambda',
      TABLE_CONTENT: 'c',
      TABLE_CARDS: 'k',
      TABLE_CONVERSATIONS: 'v',
      TABLE_STATE: 's',
      LLM_MODEL: 'gpt-6-luna',
      OPENAI_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:OpenAi-abc',
    }).llm;
    expect(llm?.apiKey).toBeUndefined();
    expect(llm?.apiKeySecretArn).toContain(':secret:OpenAi');
  });
});
