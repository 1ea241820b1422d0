/** `npm run eval:llm -- --questions FILE --json`, offline against the fake server. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('eval:llm', () => {
  it('reports gate, citations, refusals, fallbacks, latency and cost per 1,000 messages offline', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/eval-llm.ts', '--questions', 'tests/fixtures/eval/llm-questions.jsonl', '--json'],
      { cwd: ROOT, timeout: 90_000, env: { ...process.env, LLM_MODEL: '', OPENAI_API_KEY: '' } },
    );
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      mode: expect.stringContaining('offline'),
      model: 'gpt-6-luna',
      questions: 16,
    });
    // The fake quotes a real passage: everything that reaches the gate passes it.
    expect(report.modelCalled).toBeGreaterThan(0);
    expect(report.gatePassRate).toBe(1);
    expect(report.citationValidity).toBe(1);
    // Every off-topic question is declined (the honest fallback, without a model call).
    expect(report.refusalRecall).toBe(1);
    const per1000 = report.per1000Messages as { costUsd: number; inputTokens: number };
    expect(per1000.inputTokens).toBeGreaterThan(0);
    expect(per1000.costUsd).toBeGreaterThan(0);
    expect(report.modelLatencyMs).toMatchObject({ p50: expect.any(Number), p95: expect.any(Number) });
  });
});
