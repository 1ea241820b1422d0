/**
 * The optional language model for core tests: the real prompt files, the real gate and a port
 * that answers from a script and records every request (the wire format is tested against
 * tests/support/fake-openai.ts through the real SDK).
 */
import { fileURLToPath } from 'node:url';
import { loadPrompts } from '../../functions/adapters/openai/prompt-files.js';
import { KnowledgeIndex } from '../../functions/core/knowledge/index.js';
import { ingestDocument } from '../../functions/core/knowledge/ingest.js';
import type { LlmAnswering, LlmSettings } from '../../functions/core/llm/generate.js';
import type { LlmRequest, LlmResult } from '../../functions/core/ports.js';
import { defaultAnalyzer } from '../../functions/core/text/analyze.js';

export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts', import.meta.url));

export const TEST_LLM_SETTINGS: LlmSettings = {
  maxOutputTokens: 500,
  passages: 3,
  passageChars: 1200,
  historyTurns: 4,
  rewrite: true,
  intents: ['documents', 'calculators'],
};

export const TEST_ALLOW = { phones: ['19009068'], hosts: ['baohiemxahoi.gov.vn', 'dichvucong.gov.vn'] };

/** A chat completion whose content is this JSON. */
export function answered(body: unknown, usage = { input: 2000, output: 150, cached: 0 }): LlmResult {
  return {
    ok: true,
    text: typeof body === 'string' ? body : JSON.stringify(body),
    model: 'test-model',
    usage,
    ms: 5,
  };
}

export interface ScriptedLlm extends LlmAnswering {
  readonly requests: LlmRequest[];
}

export function scriptedLlm(
  script: (request: LlmRequest) => LlmResult,
  settings: Partial<LlmSettings> = {},
): ScriptedLlm {
  const requests: LlmRequest[] = [];
  let nonces = 0;
  return {
    requests,
    model: 'test-model',
    settings: { ...TEST_LLM_SETTINGS, ...settings },
    prompts: loadPrompts(PROMPTS_DIR),
    allow: TEST_ALLOW,
    port: {
      complete: async (request) => {
        requests.push(request);
        return script(request);
      },
    },
    nonce: () => `n0nce${++nonces}`,
    deadline: () => new AbortController().signal,
    cost: (_model, usage) => (usage.input * 0.1 + usage.output * 0.5) / 1_000_000,
  };
}

/** Our own sample guidance, written for these tests. */
const GUIDE = `# Hướng dẫn tham gia BHXH tự nguyện

## Mức đóng

Người tham gia BHXH tự nguyện đóng hằng tháng bằng 22% mức thu nhập do mình chọn. Mức thu nhập thấp nhất để tính đóng là 1.500.000 đồng mỗi tháng.

## Phương thức đóng

Người tham gia được chọn phương thức đóng hằng tháng, 3 tháng, 6 tháng hoặc 12 tháng một lần, hoặc đóng một lần cho nhiều năm về sau. Tiền đóng nộp tại đại lý thu ở xã, phường hoặc qua ứng dụng VssID.
`;

export function guideIndex(): KnowledgeIndex {
  return KnowledgeIndex.build(
    [
      ingestDocument({
        file: 'huong-dan.md',
        text: GUIDE,
        meta: { title: 'Hướng dẫn tham gia BHXH tự nguyện', issuer: 'BHXH tỉnh Mẫu', date: '2026-02-01' },
      }),
    ],
    defaultAnalyzer(),
  );
}

/** A question the guide answers from a passage (no FAQ item fits it). */
export const ASKED = 'phương thức đóng bhxh tự nguyện thế nào, đóng mấy tháng một lần';

/** A reply the gate lets through for ASKED. */
export const GROUNDED = {
  status: 'answer',
  text: 'Bạn có thể đóng hằng tháng, 3 tháng, 6 tháng hoặc 12 tháng một lần [P1], tại đại lý thu ở xã hoặc qua VssID [P1].',
  cites: ['P1'],
};
