/**
 * "Nothing leaked": identifiers typed by citizens, in every shape people type them, go through
 * the real turn path (the worker, the dialogue core with the calculators, the card lookup and
 * the knowledge engine, the default log redaction) and must not appear in clear in anything
 * stored or logged: the conversation log (question and answer), every session written, every
 * progress record written, and every application log line.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryCardStore } from '../../../functions/adapters/memory/card-store.js';
import { MemoryConversationLog } from '../../../functions/adapters/memory/conversation-log.js';
import { MemoryProgressStore } from '../../../functions/adapters/memory/pipeline-stores.js';
import { MemoryRateCounter } from '../../../functions/adapters/memory/rate-counter.js';
import { MemorySessionStore } from '../../../functions/adapters/memory/session-store.js';
import { type LogRedaction, processQueued, type WorkerDeps } from '../../../functions/app/pipeline-worker.js';
import type {
  ChannelSender,
  MessageProgress,
  OutgoingMessage,
  SendOutcome,
} from '../../../functions/app/ports.js';
import { defaultLogRedaction } from '../../../functions/composition/worker-runtime.js';
import { CardLookupSkill } from '../../../functions/core/cards/skill.js';
import type { DialogueDeps } from '../../../functions/core/dialogue/handle.js';
import type { Session } from '../../../functions/core/ports.js';
import { createHasher } from '../../../functions/shared/hash.js';
import { createLogger } from '../../../functions/shared/logger.js';
import { createSessionSealer } from '../../../functions/shared/seal.js';
import { sampleCard } from '../../support/cards.js';
import { PROBE_CASES } from '../../support/identifier-probe.js';
import { type PlantedIdentifier, sentenceArb, survivors } from '../../support/identifiers.js';
import { PHRASING_CLOCK, phrasingDeps } from '../../support/phrasing.js';

class RecordingSessions extends MemorySessionStore {
  readonly written: Session[] = [];
  override async put(session: Session): Promise<void> {
    this.written.push(structuredClone(session));
    await super.put(session);
  }
}

class RecordingProgress extends MemoryProgressStore {
  readonly written: MessageProgress[] = [];
  override async put(progress: MessageProgress): Promise<void> {
    this.written.push(structuredClone(progress));
    await super.put(progress);
  }
}

class QuietSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  async send(_message: OutgoingMessage): Promise<SendOutcome> {
    return { status: 'sent', parts: 1 };
  }
}

let dialogue: DialogueDeps;

beforeAll(async () => {
  const base = await phrasingDeps();
  const hash = createHasher('leak-test-key');
  const cardSkill = new CardLookupSkill({
    cards: new MemoryCardStore([sampleCard('9900000001'), sampleCard('9900000009')]),
    counter: new MemoryRateCounter(PHRASING_CLOCK),
    hash,
    sealer: createSessionSealer(hash),
  });
  dialogue = { ...base, skills: [...base.skills, cardSkill] };
});

/** A fresh pipeline on in-memory stores: what it stored and logged, by place. */
function pipeline(redact: LogRedaction = defaultLogRedaction) {
  const lines: string[] = [];
  const sessions = new RecordingSessions();
  const progress = new RecordingProgress();
  const conversations = new MemoryConversationLog();
  let turn = 0;
  const deps: WorkerDeps = {
    turn: {
      assistant: { dialogue: () => dialogue },
      sessions,
      clock: PHRASING_CLOCK,
      hash: createHasher('k'),
    },
    senders: { telegram: new QuietSender() },
    progress,
    conversations,
    turnIds: { next: () => `T${++turn}` },
    redact,
    logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    clock: PHRASING_CLOCK,
  };
  let messageId = 0;
  return {
    async say(chatId: string, text: string): Promise<void> {
      messageId++;
      const at = PHRASING_CLOCK.now().toISOString();
      const message = {
        channel: 'telegram' as const,
        messageId: String(messageId),
        chatId,
        sentAt: at,
        kind: 'text' as const,
        text,
      };
      expect(await processQueued({ receivedAt: at, message }, deps)).toEqual({ status: 'done' });
    },
    places: (): Record<string, string> => ({
      'conversation log': JSON.stringify(conversations.turns()),
      sessions: JSON.stringify(sessions.written),
      progress: JSON.stringify(progress.written),
      'application log': lines.join('\n'),
    }),
  };
}

function leaks(places: Record<string, string>, identifiers: readonly PlantedIdentifier[]): string[] {
  return Object.entries(places).flatMap(([place, text]) =>
    survivors(text, identifiers).map((identifier) => `${identifier.kind} in ${place}`),
  );
}

describe('identifiers typed by citizens are never stored or logged in clear', () => {
  it.each(PROBE_CASES.map((probe) => [probe.label, probe] as const))('%s', async (_label, probe) => {
    const run = pipeline();
    for (const text of probe.messages) await run.say('probe', text);
    expect(leaks(run.places(), probe.identifiers)).toEqual([]);
  });

  it('the check itself finds identifiers left in clear (no redaction at all)', async () => {
    const run = pipeline({ question: (text) => text, answer: (text) => text });
    const probe = PROBE_CASES.find((entry) => entry.label === 'CCCD in groups of 4');
    for (const text of probe?.messages ?? []) await run.say('probe', text);
    expect(leaks(run.places(), probe?.identifiers ?? [])).toEqual(['cccd in conversation log']);
  });

  it('in any sentence, with or without diacritics, glued or spaced, after a card request or not (property)', async () => {
    await fc.assert(
      fc.asyncProperty(sentenceArb, fc.boolean(), async (sentence, afterCardRequest) => {
        const run = pipeline();
        if (afterCardRequest) await run.say('chat', 'kiểm tra thẻ bhyt');
        await run.say('chat', sentence.typed);
        expect(leaks(run.places(), [sentence.identifier])).toEqual([]);
      }),
      { numRuns: 120, seed: 20261204 },
    );
  }, 120_000);
});
