/** The optional language model in the stateless stack: off by default, and what it adds when on. */

import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import {
  LLM_DEADLINE_SECONDS,
  openAiModuleCommands,
  WORKER_TIMEOUT_SECONDS,
  workerBatchSize,
} from '../../infra/constructs/message-pipeline.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };
type Resource = { Properties: Record<string, unknown> };

function worker(template: Template): Resource {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
  const found = functions.find((fn) => /^Queue worker/.test(String(fn.Properties.Description)));
  if (!found) throw new Error('no worker');
  return found;
}
const environment = (fn: Resource) =>
  (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('optional LLM (CDK)', () => {
  let off: Template;
  let on: Template;

  beforeAll(() => {
    off = Template.fromStack(buildApp({ context: NO_BUNDLING }).stateless);
    on = Template.fromStack(
      buildApp({
        context: { ...NO_BUNDLING, llmModel: 'gpt-6-luna', llmBaseUrl: 'https://llm.example.org/v1' },
      }).stateless,
    );
  });

  it('adds nothing without llmModel', () => {
    expect(Object.keys(environment(worker(off))).filter((name) => /LLM|OPENAI/.test(name))).toEqual([]);
    off.resourcePropertiesCountIs(
      'AWS::Logs::MetricFilter',
      { MetricName: Match.stringLikeRegexp('^Llm') },
      0,
    );
    off.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
  });

  it('gives the worker the model, the prompts and the API key by ARN, never the key itself', () => {
    const variables = environment(worker(on));
    expect(variables).toMatchObject({
      LLM_MODEL: 'gpt-6-luna',
      LLM_PROMPTS_DIR: '/var/task/prompts',
      LLM_DEADLINE_MS: String(LLM_DEADLINE_SECONDS * 1000),
      OPENAI_BASE_URL: 'https://llm.example.org/v1',
      OPENAI_API_KEY_SECRET_ARN: expect.anything(),
    });
    expect(variables).not.toHaveProperty('OPENAI_API_KEY');
    on.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('OpenAI-compatible model server'),
    });
  });

  it('sizes the batch so the worker timeout covers every message waiting for the model, and keeps visibility ≥ 6× the timeout', () => {
    on.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: workerBatchSize(true) });
    expect(workerBatchSize(true) * LLM_DEADLINE_SECONDS).toBeLessThan(WORKER_TIMEOUT_SECONDS);
    expect(worker(on).Properties.Timeout).toBe(WORKER_TIMEOUT_SECONDS);
    on.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      VisibilityTimeout: 6 * WORKER_TIMEOUT_SECONDS,
    });
  });

  it('alarms when the circuit opens and when the provider refuses the key', () => {
    for (const [metric, event] of [
      ['LlmCircuitOpen', 'llm.circuit_open'],
      ['LlmAuthFailed', 'llm.auth_failed'],
    ] as const) {
      on.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: `{ $.event = "${event}" }`,
        MetricTransformations: [Match.objectLike({ MetricName: metric, MetricValue: '1' })],
      });
      on.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Threshold: 1,
        AlarmActions: Match.anyValue(),
      });
    }
  });

  it('ships the SDK beside the bundle as one module the worker can import, built offline', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const out = await mkdtemp(join(tmpdir(), 'bhxh-openai-module-'));
    try {
      for (const command of openAiModuleCommands(root, out)) await promisify(execFile)('sh', ['-c', command]);
      const { size } = await stat(join(out, 'node_modules/openai/index.mjs'));
      expect(size).toBeLessThan(300 * 1024);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const m = await import('openai'); console.log(typeof m.default, typeof m.RateLimitError)",
        ],
        { cwd: out },
      );
      expect(stdout.trim()).toBe('function function');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('optional dense retrieval (CDK)', () => {
  const ingestOf = (template: Template): Resource => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    const found = functions.find((fn) => /^Uploaded policy document/.test(String(fn.Properties.Description)));
    if (!found) throw new Error('no ingest function');
    return found;
  };
  const context = { ...NO_BUNDLING, llmModel: 'gpt-6-luna' };

  it('embeds nothing without llmEmbeddingModel: neither the worker nor the ingest gets it', () => {
    const template = Template.fromStack(buildApp({ context }).stateless);
    expect(environment(worker(template)).LLM_EMBEDDING_MODEL).toBeUndefined();
    expect(Object.keys(environment(ingestOf(template))).filter((name) => /LLM|OPENAI/.test(name))).toEqual(
      [],
    );
  });

  it('gives the worker and the ingest the embedding model, and the ingest the key by ARN', () => {
    const template = Template.fromStack(
      buildApp({
        context: { ...context, llmEmbeddingModel: 'text-embedding-3-small', llmEmbeddingDimensions: '512' },
      }).stateless,
    );
    const expected = { LLM_EMBEDDING_MODEL: 'text-embedding-3-small', LLM_EMBEDDING_DIMENSIONS: '512' };
    expect(environment(worker(template))).toMatchObject(expected);
    const ingest = environment(ingestOf(template));
    expect(ingest).toMatchObject({ ...expected, LLM_MODEL: 'gpt-6-luna' });
    expect(ingest.OPENAI_API_KEY_SECRET_ARN).toBeDefined();
    expect(ingest.OPENAI_API_KEY).toBeUndefined();
    // The ingest role may read that secret (and only through its ARN).
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const reads = policies.filter((policy) =>
      JSON.stringify(policy.Properties).includes('secretsmanager:GetSecretValue'),
    );
    expect(
      reads.some((policy) => JSON.stringify(policy.Properties.Roles).includes('DocumentsFunction')),
    ).toBe(true);
  });
});
