/**
 * One conversation turn, the same for every entry point: load the session, run the core,
 * save the session. Channel workers add sending and logging around it.
 */
import { type DialogueDeps, handleMessage } from '../core/dialogue/handle.js';
import type { InboundMessage, Reply } from '../core/messages.js';
import type { Clock, Hasher, Session, SessionStore } from '../core/ports.js';

/** The skills, routing and knowledge a turn is answered with (built once per process). */
export interface Assistant {
  /** Dialogue dependencies for a turn answered as of `asOf` (default: today in Vietnam). */
  dialogue(asOf?: string): DialogueDeps;
}

export interface TurnDeps {
  readonly assistant: Assistant;
  readonly sessions: SessionStore;
  readonly clock: Clock;
  readonly hash: Hasher;
  readonly asOf?: string;
}

export interface TurnResult {
  readonly reply: Reply | undefined;
  readonly session: Session;
  readonly chatHash: string;
}

export function sessionKeyFor(message: Pick<InboundMessage, 'channel' | 'chatId'>, hash: Hasher): string {
  return `${message.channel}:${hash(message.chatId)}`;
}

export async function runTurn(message: InboundMessage, deps: TurnDeps): Promise<TurnResult> {
  const chatHash = deps.hash(message.chatId);
  const key = `${message.channel}:${chatHash}`;
  const session = (await deps.sessions.get(key)) ?? { key, updatedAt: deps.clock.now().toISOString() };
  const result = await handleMessage(message, session, deps.assistant.dialogue(deps.asOf));
  await deps.sessions.put(result.session);
  return { reply: result.reply, session: result.session, chatHash };
}
