/**
 * The LLM adapter through the real `openai` SDK against a fake OpenAI-compatible server on
 * loopback: what is sent (model, token field, response format, no identifier) and how every
 * failure becomes a reason at once, without the SDK's retries or waits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LlmEvent,
  OpenAiChat,
  type OpenAiChatSettings,
} from '../../../functions/adapters/openai/chat.js';
import type { LlmRequest } from '../../../functions/core/ports.js';
import { containsIdentifier } from '../../../functions/core/privacy/redact.js';
import { type FakeOpenAi, outcomes, startFakeOpenAi } from '../../support/fake-openai.js';

let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.fallback = outcomes.status(500);
});

const REQUEST: LlmRequest = {
  purpose: 'answer',
  messages: [
    { role: 'system', content: 'Quy tắc.' },
    { role: 'user', content: '<<Q abc>>\nMã số [mã số BHXH] đóng bao nhiêu?\n<</Q abc>>' },
  ],
  maxOutputTokens: 500,
  jsonSchema: { name: 'grounded_answer', schema: { type: 'object' } },
  safetyIdentifier: 'a1b2c3d4e5f6',
};

function adapter(overrides: Partial<OpenAiChatSettings> = {}, events: LlmEvent[] = [], now = Date.now) {
  return new OpenAiChat(
    {
      model: 'gpt-6-luna',
      apiKey: 'test-key',
      baseURL: fake.baseURL,
      timeoutMs: 2_000,
      maxRetries: 0,
      tokenLimitField: 'max_completion_tokens',
      responseFormat: 'json_schema',
      breakerFailures: 5,
      breakerCooldownMs: 60_000,
      ...overrides,
    },
    now,
    (event) => events.push(event),
  );
}

const signal = () => ({ signal: new AbortController().signal });

describe('OpenAI-compatible adapter over the real SDK', () => {
  it('returns the content, the model and the token usage, and sends the request we mean', async () => {
    fake.script(outcomes.json({ status: 'answer', text: 'x [P1]', cites: ['P1'] }));
    const result = await adapter().complete(REQUEST, signal());
    expect(result).toMatchObject({
      ok: true,
      model: 'gpt-6-luna',
      text: '{"status":"answer","text":"x [P1]","cites":["P1"]}',
      usage: { input: 2400, output: 180, cached: 0 },
    });
    const [sent] = fake.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer test-key');
    expect(sent?.body).toEqual({
      model: 'gpt-6-luna',
      messages: REQUEST.messages,
      max_completion_tokens: 500,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'grounded_answer', schema: { type: 'object' }, strict: true },
      },
      store: false,
      safety_identifier: 'a1b2c3d4e5f6',
    });
    expect(sent?.body).not.toHaveProperty('stream');
    expect(containsIdentifier(sent?.raw ?? '')).toBe(false);
  });

  it('uses max_tokens, json_object, reasoning effort and temperature only when configured', async () => {
    fake.script(outcomes.json({ status: 'answer', text: 'x', cites: [] }));
    await adapter({
      tokenLimitField: 'max_tokens',
      responseFormat: 'json_object',
      reasoningEffort: 'none',
      temperature: 0.2,
    }).complete(REQUEST, signal());
    const body = fake.requests[0]?.body ?? {};
    expect(body).toMatchObject({
      max_tokens: 500,
      response_format: { type: 'json_object' },
      reasoning_effort: 'none',
      temperature: 0.2,
    });
    expect(body).not.toHaveProperty('max_completion_tokens');
  });

  it.each([
    ['429 with retry-after', outcomes.status(429, { 'retry-after': '30' }), 'rate_limited'],
    ['500', outcomes.status(500), 'server_error'],
    [
      '400 context length',
      outcomes.status(400, {}, { error: { code: 'context_length_exceeded', message: 'too long' } }),
      'bad_request',
    ],
    ['401', outcomes.status(401), 'auth'],
    ['a body that is not JSON', outcomes.raw('<html>gateway</html>'), 'malformed'],
    ['no choices', outcomes.emptyChoices(), 'malformed'],
    ['truncation', outcomes.finishReason('length', '{"status":"ans'), 'truncated'],
    ['the content filter', outcomes.finishReason('content_filter'), 'content_filter'],
  ])('fails at once on %s, with one request (%s)', async (_name, outcome, reason) => {
    fake.script(outcome);
    const started = Date.now();
    const result = await adapter().complete(REQUEST, signal());
    expect(result).toMatchObject({ ok: false, reason });
    expect(fake.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('raises the auth alarm event on 401', async () => {
    const events: LlmEvent[] = [];
    fake.script(outcomes.status(401));
    await adapter({}, events).complete(REQUEST, signal());
    expect(events.map((event) => event.kind)).toContain('auth_failed');
  });

  it('gives up on a hanging server after the per-attempt timeout, and on the turn deadline', async () => {
    fake.script(outcomes.hang(), outcomes.hang());
    let started = Date.now();
    expect(await adapter({ timeoutMs: 300 }).complete(REQUEST, signal())).toMatchObject({
      ok: false,
      reason: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    started = Date.now();
    const deadline = { signal: AbortSignal.timeout(200) };
    expect(await adapter({ timeoutMs: 5_000 }).complete(REQUEST, deadline)).toMatchObject({
      ok: false,
      reason: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('opens the circuit after consecutive failures and sends nothing while it is open', async () => {
    const events: LlmEvent[] = [];
    let now = 1_000_000;
    const chat = adapter({ breakerFailures: 2 }, events, () => now);
    fake.script(outcomes.status(500), outcomes.status(503));
    await chat.complete(REQUEST, signal());
    await chat.complete(REQUEST, signal());
    expect(events.filter((event) => event.kind === 'circuit_open')).toHaveLength(1);
    expect(await chat.complete(REQUEST, signal())).toMatchObject({ ok: false, reason: 'circuit_open' });
    expect(fake.requests).toHaveLength(2);
    // After the cool-down one call tries again.
    now += 60_001;
    fake.script(outcomes.json({ status: 'answer', text: 'x', cites: [] }));
    expect(await chat.complete(REQUEST, signal())).toMatchObject({ ok: true });
    expect(fake.requests).toHaveLength(3);
  });
});
