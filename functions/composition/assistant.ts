/**
 * Composition root of the core: builds the dialogue dependencies (skills and their ports)
 * from real adapters. Shared by the Lambda worker, `npm start` and the CLIs, so every
 * entry point answers the same way.
 *
 * Each capability registers its skill here:
 *   - calculators (functions/core/policy) — contribution, household BHYT, pension
 *   - card lookup (functions/core/cards)
 *   - knowledge engine (functions/core/knowledge) — the fallback skill: FAQ, then documents
 */
import { DynamoCardStore } from '../adapters/dynamodb/card-store.js';
import type { DynamoClients } from '../adapters/dynamodb/client.js';
import { DynamoRateCounter } from '../adapters/dynamodb/rate-counter.js';
import type { Assistant } from '../app/turn.js';
import { CardLookupSkill } from '../core/cards/skill.js';
import { IntentRouting } from '../core/dialogue/router.js';
import { readMessage, type Skill } from '../core/dialogue/skill.js';
import { createKnowledgeSkill } from '../core/knowledge/answer.js';
import { type LlmAnswering, withModelWording } from '../core/llm/generate.js';
import { createPolicySkills } from '../core/policy/skills.js';
import type { Clock, Hasher } from '../core/ports.js';
import type { Config } from '../shared/config.js';
import { createSessionSealer } from '../shared/seal.js';
import { createKnowledgeDeps } from './knowledge.js';

export interface AssistantContext {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly clock: Clock;
  readonly hash: Hasher;
  /** The optional language model (functions/composition/llm.ts); absent: answers as without it. */
  readonly llm?: LlmAnswering;
}

export async function createAssistant(context: AssistantContext): Promise<Assistant> {
  const skills: Skill[] = [];
  // With LLM_INTENTS including `calculators`, the model rewords their computed replies (checked).
  const llm = context.llm;
  const reworded = llm?.settings.intents.includes('calculators');
  skills.push(
    ...createPolicySkills().map((skill) => (llm && reworded ? withModelWording(skill, llm) : skill)),
  );
  skills.push(
    new CardLookupSkill({
      cards: new DynamoCardStore(context.clients.doc, context.config.tables.cards),
      counter: new DynamoRateCounter(context.clients.doc, context.config.tables.state, context.clock),
      hash: context.hash,
      // The code awaiting its date of birth is kept sealed with a key derived from the hash key.
      sealer: createSessionSealer(context.hash),
    }),
  );
  // The knowledge engine answers whatever no other skill claims: FAQ first, then documents.
  // Not spread into a new object: `index` is a getter over the live index.
  const knowledge = await createKnowledgeDeps(context);
  const fallbackSkill: Skill | undefined = createKnowledgeSkill(knowledge);
  // The router learns from the labelled examples and every FAQ variant in effect.
  const routing = new IntentRouting(knowledge.faqs, (text) => readMessage(text).folded);
  return {
    dialogue: (asOf) => ({
      clock: context.clock,
      skills,
      routing,
      ...(fallbackSkill ? { fallbackSkill } : {}),
      ...(asOf ? { asOf } : {}),
    }),
  };
}
