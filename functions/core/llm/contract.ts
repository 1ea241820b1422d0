/**
 * The JSON the model must return, as a zod schema (what we accept) and as a JSON Schema (what
 * the server is asked to produce: strict `json_schema` where supported, `json_object` elsewhere).
 *
 *   answer:  {"status": "answer" | "insufficient" | "out_of_scope", "text": "… [P1] …", "cites": ["P1"]}
 *   rewrite: {"query": "one standalone question"}
 */
import * as z from 'zod';
import type { ModelAnswer } from './gate.js';

const STATUSES = ['answer', 'insufficient', 'out_of_scope'] as const;

const modelAnswerSchema = z.object({
  status: z.enum(STATUSES),
  text: z.string(),
  cites: z.array(z.string().max(8)).max(20),
});

const rewriteSchema = z.object({ query: z.string() });

export const ANSWER_JSON_SCHEMA = {
  name: 'grounded_answer',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['status', 'text', 'cites'],
    properties: {
      status: { type: 'string', enum: [...STATUSES] },
      text: { type: 'string' },
      cites: { type: 'array', items: { type: 'string' } },
    },
  },
} as const;

export const REWRITE_JSON_SCHEMA = {
  name: 'standalone_question',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['query'],
    properties: { query: { type: 'string' } },
  },
} as const;

export function parseModelAnswer(text: string): ModelAnswer | undefined {
  const parsed = modelAnswerSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

export function parseRewrite(text: string): string | undefined {
  const parsed = rewriteSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data.query : undefined;
}

/** JSON, also when a server without strict schemas wraps it in a ``` fence. */
function parseJson(text: string): unknown {
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    return undefined;
  }
}
