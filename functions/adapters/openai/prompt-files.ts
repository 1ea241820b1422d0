/**
 * The prompt files (prompts/*.vi.md) read once at start: a missing or malformed file stops
 * the process at cold start, like a bad configuration, instead of failing every turn.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LlmPrompts } from '../../core/llm/generate.js';
import { parsePromptFile } from '../../core/llm/prompt.js';

export const PROMPT_FILES = {
  answerSystem: 'answer.system.vi.md',
  answerUser: 'answer.user.vi.md',
  rewriteSystem: 'rewrite.system.vi.md',
  rewriteUser: 'rewrite.user.vi.md',
} as const satisfies Record<keyof LlmPrompts, string>;

export function loadPrompts(dir: string): LlmPrompts {
  const read = (file: string) => parsePromptFile(readFileSync(join(dir, file), 'utf8'), file);
  return {
    answerSystem: read(PROMPT_FILES.answerSystem),
    answerUser: read(PROMPT_FILES.answerUser),
    rewriteSystem: read(PROMPT_FILES.rewriteSystem),
    rewriteUser: read(PROMPT_FILES.rewriteUser),
  };
}
